"""Every time-mark style the README lists, before and after every label style it lists."""

from __future__ import annotations

import pytest

from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.text import TextImporter

# The README's time marks at the start of a turn, as (first mark, second mark, their seconds).
START_MARKS = {
    "brackets": ("[00:01:23]", "[00:02:05]", 83.0, 125.0),
    "parentheses": ("(00:01:23)", "(00:02:05)", 83.0, 125.0),
    "minutes": ("[01:23]", "[02:05]", 83.0, 125.0),
    "f4": ("#00:01:23-4#", "#00:02:05-0#", 83.4, 125.0),
}
# The README's label styles: (how the label is written, the speaker it gives, file suffix).
LABELS = {
    "abbreviation": ("I:", "I", ".txt"),
    "numbered": ("B1:", "B1", ".txt"),
    "interviewer": ("Interviewer:", "Interviewer", ".txt"),
    "name": ("Frau Dr. Keller:", "Frau Dr. Keller", ".txt"),
    "bold": ("**I:**", "I", ".md"),
    "bold name": ("**Frau Dr. Keller:**", "Frau Dr. Keller", ".md"),
    "bold, colon outside": ("**B1**:", "B1", ".md"),
}


def parse(text: str, suffix: str) -> ParsedTranscript:
    return TextImporter().parse(text.encode("utf-8"), source=f"grid{suffix}")


def texts(parsed: ParsedTranscript) -> list[str]:
    return [parsed.turn_text(t) for t in parsed.turns]


@pytest.mark.parametrize("place", ["before", "after"])
@pytest.mark.parametrize("label_style", list(LABELS))
@pytest.mark.parametrize("mark_style", list(START_MARKS))
def test_a_start_mark_before_or_after_a_label(
    mark_style: str, label_style: str, place: str
) -> None:
    first, second, first_s, second_s = START_MARKS[mark_style]
    label, speaker, suffix = LABELS[label_style]

    def line(mark: str, text: str) -> str:
        return f"{mark} {label} {text}" if place == "before" else f"{label} {mark} {text}"

    parsed = parse(
        line(first, "Wie sind Sie zum Vertrieb gekommen?")
        + "\n\n"
        + line(second, "Über die Logistik.")
        + "\n",
        suffix,
    )
    assert [t.speaker for t in parsed.turns] == [speaker, speaker]
    assert [t.start for t in parsed.turns] == [pytest.approx(first_s), pytest.approx(second_s)]
    assert texts(parsed) == ["Wie sind Sie zum Vertrieb gekommen?", "Über die Logistik."]
    assert parsed.turns[0].end == pytest.approx(second_s)
    assert not parsed.warnings


@pytest.mark.parametrize("label_style", list(LABELS))
def test_an_f4_mark_at_the_end_after_every_label(label_style: str) -> None:
    label, speaker, suffix = LABELS[label_style]
    parsed = parse(
        f"{label} Wie sind Sie zum Vertrieb gekommen? #00:01:23-4#\n\n"
        f"{label} Über die Logistik. #00:02:05-0#\n",
        suffix,
    )
    assert [t.speaker for t in parsed.turns] == [speaker, speaker]
    assert [(t.start, t.end) for t in parsed.turns] == [
        (0.0, pytest.approx(83.4)),
        (pytest.approx(83.4), pytest.approx(125.0)),
    ]
    assert texts(parsed) == ["Wie sind Sie zum Vertrieb gekommen?", "Über die Logistik."]


@pytest.mark.parametrize("mark", ["[00:01:23]", "(00:01:23)", "[01:23]"])
@pytest.mark.parametrize("speaker", ["I", "B1", "Frau Dr. Keller"])
def test_a_time_mark_inside_a_bold_label(mark: str, speaker: str) -> None:
    parsed = parse(
        f"**{speaker} {mark}** Wie sind Sie zum Vertrieb gekommen?\n\n"
        f"**{speaker}: {mark.replace('1:23', '2:05')}** Über die Logistik.\n",
        ".md",
    )
    assert [t.speaker for t in parsed.turns] == [speaker, speaker]
    assert [t.start for t in parsed.turns] == [83.0, 125.0]
    assert texts(parsed) == ["Wie sind Sie zum Vertrieb gekommen?", "Über die Logistik."]


def test_a_bracketed_mark_before_a_name_label_from_the_issue() -> None:
    parsed = parse(
        "[00:03:02] Frau Dr. Keller: Ich ergänze.\n[00:03:10] Frau Dr. Keller: Und noch etwas.\n",
        ".txt",
    )
    assert [(t.speaker, t.start) for t in parsed.turns] == [
        ("Frau Dr. Keller", 182.0),
        ("Frau Dr. Keller", 190.0),
    ]
