"""The plain-text/Markdown importer: labels, paragraphs, time marks, encodings."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.text import TextImporter

SIMPLE = """Fiktives Interview, nur ein Test.

I: Wie gewinnen Sie neue Kunden?

B: Vor allem über Messen.
Und über Empfehlungen, das ist der zweite Weg.

I: Danke.
"""


def parse(text: str | bytes, source: str = "t.txt", **kw: str) -> ParsedTranscript:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return TextImporter().parse(data, source=source, **kw)


def texts(parsed: ParsedTranscript) -> list[str]:
    return [parsed.turn_text(t) for t in parsed.turns]


def test_turns_positions_speakers_and_continuation_lines() -> None:
    parsed = parse(SIMPLE)
    assert [t.position for t in parsed.turns] == [1, 2, 3, 4]
    assert [t.speaker for t in parsed.turns] == [None, "I", "B", "I"]
    assert texts(parsed) == [
        "Fiktives Interview, nur ein Test.",
        "Wie gewinnen Sie neue Kunden?",
        "Vor allem über Messen. Und über Empfehlungen, das ist der zweite Weg.",
        "Danke.",
    ]
    # the normalised text is the turns joined by newlines; spans exclude the labels
    assert parsed.text == "\n".join(texts(parsed))
    assert "B:" not in parsed.text and parsed.warnings == ()


def test_f4_end_marks_give_end_times_and_the_next_turns_start() -> None:
    parsed = parse(
        "I: Erste Frage? #00:00:05-2#\n\nB: Antwort eins. #00:01:10-0#\n\nI: Weiter. #00:01:12-5#\n"
    )
    assert [(t.start, t.end) for t in parsed.turns] == [(0.0, 5.2), (5.2, 70.0), (70.0, 72.5)]
    assert texts(parsed) == ["Erste Frage?", "Antwort eins.", "Weiter."]


def test_start_marks_after_the_label_and_numbered_bold_and_named_speakers() -> None:
    parsed = parse(
        "**I:** [00:00:03] Hallo zusammen.\n"
        "**B1:** [00:00:09] Guten Tag.\n"
        "Frau Dr. Keller: (00:00:15) Ich ergänze.\n"
        "Frau Dr. Keller: Noch etwas.\n"
        "B2: Ich auch.\n",
        source="t.md",
    )
    assert [t.speaker for t in parsed.turns] == [
        "I",
        "B1",
        "Frau Dr. Keller",
        "Frau Dr. Keller",
        "B2",
    ]
    assert [t.start for t in parsed.turns][:3] == [3.0, 9.0, 15.0]
    assert parsed.turns[0].end == 9.0 and parsed.turns[1].end == 15.0
    assert texts(parsed)[0] == "Hallo zusammen."
    assert parsed.format == "markdown"


def test_a_colon_in_running_text_is_not_a_speaker() -> None:
    parsed = parse("I: Frage?\nB: Antwort, und dann:\nDas Ergebnis: gut.\n")
    assert [t.speaker for t in parsed.turns] == ["I", "B"]
    assert texts(parsed)[1] == "Antwort, und dann: Das Ergebnis: gut."


def test_yaml_front_matter_becomes_attributes() -> None:
    parsed = parse(
        "---\nBranche: Logistik\nJahre: 12\n---\nI: Frage?\n\nB: Antwort.\n", source="x.md"
    )
    assert parsed.attributes == {"Branche": "Logistik", "Jahre": "12"}
    assert [t.speaker for t in parsed.turns] == ["I", "B"]


def test_text_without_labels_imports_as_paragraphs_with_a_warning() -> None:
    parsed = parse("Erster Absatz.\n\nZweiter Absatz\nmit zwei Zeilen.\n")
    assert texts(parsed) == ["Erster Absatz.", "Zweiter Absatz mit zwei Zeilen."]
    assert all(t.speaker is None for t in parsed.turns)
    assert "no speaker labels" in parsed.warnings[0]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("I: Grüße aus Köln – „so“.\r\nB: Maß.\r\n".encode("utf-8-sig"), None),
        ("I: Grüße aus Köln – „so“.\r\nB: Maß.\r\n".encode("utf-16"), None),
        ("I: Grüße aus Köln – „so“.\rB: Maß.\r".encode("cp1252"), None),
        ("I: Grüße aus Köln – „so“.\nB: Maß.\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_and_line_ends(data: bytes, encoding: str | None) -> None:
    parsed = parse(data, encoding=encoding) if encoding else parse(data)
    assert texts(parsed) == ["Grüße aus Köln – „so“.", "Maß."]


def test_latin1_file_with_umlauts_only_is_read() -> None:
    data = (
        "I: Wie läuft die Kundenbindung über Jahre?\n\nB: Über Vertrauen und Nähe, "
        "über Gespräche und über Größe.\n"
    ).encode("latin-1")
    assert texts(parse(data))[1].startswith("Über Vertrauen und Nähe")


def test_empty_and_binary_files_are_refused_with_a_reason() -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        parse("  \n\n")
    with pytest.raises(InvalidInputError, match="PNG image"):
        parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InvalidInputError, match="not valid utf-8"):
        parse("Grüße".encode("cp1252"), encoding="utf-8")


def test_time_marks_that_run_backwards_name_the_line() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse("I: Eins. #00:01:00-0#\n\nB: Zwei. #00:00:30-0#\n")
    assert info.value.line == 3


def test_f4_marks_opening_a_turn_give_its_start_time() -> None:
    """Marks set at the start of a turn, before or after the label, as some transcribers do."""
    parsed = parse(
        "I: #00:00:05-1# Wie gewinnen Sie neue Kunden?\n"
        "#00:00:09-4# B: Vor allem über Empfehlungen.\n"
        "I: #00:00:31-0# Und Messen? #00:00:33-0#\n"
        "B: #00:00:34-7# Teuer, aber wichtig.\n"
    )
    assert [t.speaker for t in parsed.turns] == ["I", "B", "I", "B"]
    assert texts(parsed) == [
        "Wie gewinnen Sie neue Kunden?",
        "Vor allem über Empfehlungen.",
        "Und Messen?",
        "Teuer, aber wichtig.",
    ]
    assert [t.start for t in parsed.turns] == [5.1, 9.4, 31.0, 34.7]
    assert [t.end for t in parsed.turns][:3] == [9.4, 31.0, 33.0]


def test_an_opening_mark_later_than_the_turns_end_mark_is_not_its_start() -> None:
    parsed = parse("I: #00:02:00# #00:01:23-4#\nI: Ende.\n")
    assert texts(parsed)[-1] == "Ende."
    assert parsed.turns[0].end == 83.4 and parsed.turns[0].start == 0.0


def test_a_turn_that_is_only_a_time_mark_ends_there() -> None:
    parsed = parse("I: Frage #00:00:05-0#\nB: #00:00:09-0#\nI: weiter #00:00:12-0#\n")
    assert [(t.speaker, t.start, t.end) for t in parsed.turns] == [
        ("I", 0.0, 5.0),
        ("B", 5.0, 9.0),
        ("I", 9.0, 12.0),
    ]


def test_opening_marks_that_run_backwards_give_no_end_before_the_start() -> None:
    parsed = parse("#00:00:20-0# I: erstens\n#00:00:10-0# B: zweitens\n")
    assert [(t.start, t.end) for t in parsed.turns] == [(20.0, None), (10.0, None)]


def test_an_absurd_bracketed_time_stays_text() -> None:
    """Only one- or two-digit hours make a time mark; anything longer is the speaker's text."""
    data = b"I: [99999999999:00:00] Hallo.\nB: #99999999999:00:05-1# Ja.\n"
    parsed = TextImporter().parse(data, source="x.txt")
    assert parsed.text == "[99999999999:00:00] Hallo.\n#99999999999:00:05-1# Ja."
    assert all(t.start is None and t.end is None for t in parsed.turns)
