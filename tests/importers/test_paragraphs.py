"""The shared paragraph rules that every format module relies on (importers/paragraphs.py)."""

from __future__ import annotations

from qualcode.importers.paragraphs import RawParagraph, assemble_rows, label_of, time_of
from qualcode.importers.text import TextImporter


def test_a_bold_label_may_hold_its_time_mark_without_a_colon() -> None:
    assert label_of("**I [00:00:03]** Hallo.") == ("I", "[00:00:03] Hallo.")
    assert label_of("**B: [00:28:01]** Ja.") == ("B", "[00:28:01] Ja.")
    assert label_of("__Frau Keller (01:02)__ Gut.") == ("Frau Keller", "(01:02) Gut.")
    assert label_of("**Wichtig** ist das.") is None


def test_start_marks_in_minutes_and_seconds() -> None:
    parsed = assemble_rows(
        [RawParagraph("I: [00:01] Frage?"), RawParagraph("B: [01:16] Antwort.")],
        fmt="text",
        source="t.txt",
    ).transcript()
    assert [(t.start, t.end) for t in parsed.turns] == [(1.0, 76.0), (76.0, None)]
    assert time_of("[49:27]") == 2967.0 and time_of("1:02:03,5") == 3723.5
    assert time_of("12") is None and time_of("Zeit") is None


def test_markdown_timed_bold_labels_and_a_rule_between_header_and_turns() -> None:
    text = (
        "## Transkript\n\nI = Interviewer\nB = Befragte\n\n---\n"
        "**I [00:00:00]** Erste Frage?\n\n**B [00:00:05]** Antwort.\n\n**B: [00:00:09]** Mehr.\n"
    )
    parsed = TextImporter().parse(text.encode(), source="t.md")
    assert [t.speaker for t in parsed.turns] == [None, None, "I", "B", "B"]
    assert [parsed.turn_text(t) for t in parsed.turns][1:] == [
        "I = Interviewer B = Befragte",
        "Erste Frage?",
        "Antwort.",
        "Mehr.",
    ]
    assert [t.start for t in parsed.turns[2:]] == [0.0, 5.0, 9.0]


def test_rare_labels_are_not_inherited_by_the_paragraphs_after_them() -> None:
    paragraphs = [RawParagraph("MODERATOR: Bitte laut denken.")]
    paragraphs += [RawParagraph(f"Ich klicke auf {n}.") for n in range(10)]
    parsed = assemble_rows(paragraphs, fmt="odt", source="t.odt").transcript()
    assert [t.speaker for t in parsed.turns] == ["MODERATOR"] + [None] * 10
    # with labels on one paragraph in ten or more, an unlabelled paragraph keeps the speaker
    parsed = assemble_rows(paragraphs[:10], fmt="odt", source="t.odt").transcript()
    assert [t.speaker for t in parsed.turns] == ["MODERATOR"] * 10
