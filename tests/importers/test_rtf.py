"""The RTF importer, on RTF written by hand with the escapes WordPad and Word write."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.rtf import RtfImporter
from tests.importers.makers import PNG, RTF


def parse(data: bytes | str, source: str = "interview.rtf", **kw: str) -> ParsedTranscript:
    raw = data.encode("ascii") if isinstance(data, str) else data
    return RtfImporter().parse(raw, source=source, **kw)


def texts(parsed: ParsedTranscript) -> list[str]:
    return [parsed.turn_text(t) for t in parsed.turns]


def test_escapes_paragraphs_line_breaks_labels_and_f4_times() -> None:
    parsed = parse(RTF)
    assert parsed.format == "rtf"
    assert [t.speaker for t in parsed.turns] == [None, "I", "B", "B", "I"]
    assert texts(parsed) == [
        "Interview B09 – Gespräch über Kundenbindung",  # \'e4 \'fc in cp1252, \endash
        "Wie gewinnen Sie neue Kunden?",
        # \'dc, \u252? (the ? is the \uc1 fallback), and \line stays inside the turn
        "Über Messen und über Empfehlungen, das ist der zweite Weg.",
        "Und „Kaltakquise“ kaum noch.",  # \par without a blank line: a paragraph of its own
        "Danke für das Gespräch.",  # \u252 with the fallback \'fc, which is skipped
    ]
    assert [(t.start, t.end) for t in parsed.turns[1:3]] == [(0.0, 5.2), (5.2, 70.0)]
    assert (parsed.turns[-1].start, parsed.turns[-1].end) == (70.0, 72.5)


def test_code_page_from_ansicpg_and_uc0() -> None:
    # Windows-1250 (Polish, Czech): \'9c is "ś", \'b9 is "ą"; \uc0 means no fallback characters.
    rtf = (
        r"{\rtf1\ansi\ansicpg1250\uc0 I: Cze\'9c\'e6, jak si\'ea masz?\par "
        r"B: Dzi\u281 kuj\'ea, dobrze. Pi\u281\u263  z\'b9b.\par}"
    )
    parsed = parse(rtf)
    assert texts(parsed) == ["Cześć, jak się masz?", "Dziękuję, dobrze. Pięć ząb."]
    assert [t.speaker for t in parsed.turns] == ["I", "B"]


def test_default_code_page_and_an_explicit_encoding() -> None:
    rtf = r"{\rtf1\ansi I: Gr\'fc\'dfe aus K\'f6ln.\par B: Ma\'df.\par}"
    assert texts(parse(rtf)) == ["Grüße aus Köln.", "Maß."]
    # \ansicpg names the code page, and the user's --encoding wins over it
    assert texts(parse(r"{\rtf1\ansi\ansicpg1250 I: \'9c.\par}"))[0] == "ś."
    assert texts(parse(r"{\rtf1\ansi\ansicpg1250 I: \'9c.\par}", encoding="cp1252"))[0] == "œ."


def test_raw_eight_bit_text_in_the_code_page() -> None:
    data = "{\\rtf1\\ansi\\ansicpg1252 I: Grüße.\\par B: Tschüss.\\par}".encode("cp1252")
    assert texts(parse(data)) == ["Grüße.", "Tschüss."]
    assert texts(parse(b"\xef\xbb\xbf" + data)) == ["Grüße.", "Tschüss."]  # a stray BOM


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (PNG, "PNG image, not an RTF document"),
        (b"I: Hallo, kein RTF.", "does not start with"),
        (b"{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}}", "empty"),
    ],
    ids=["empty", "png", "plain text", "no text"],
)
def test_bad_files_give_one_readable_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        parse(data)
    assert "\n" not in str(info.value)
