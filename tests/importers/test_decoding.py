"""Damaged text: control characters and invalid UTF-8 are repaired by a stated rule and named,
or the file is refused; nothing is stored silently."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.importers.attributes_csv import parse_attributes
from qualcode.importers.decoding import decode
from qualcode.importers.subtitles import SubtitleImporter
from qualcode.importers.text import TextImporter


def test_nul_bytes_are_removed_and_their_lines_named() -> None:
    data = "I: Hallo.\nB: Gr\x00üß\x00 Gott.\nI: Gut.\nB: \x00Ja.\n".encode()
    parsed = TextImporter().parse(data, source="b01.txt")
    assert "\x00" not in parsed.text
    assert parsed.text == "Hallo.\nGrüß Gott.\nGut.\nJa."
    assert parsed.warnings == (
        "b01.txt: 3 control characters (NUL and the like) removed on lines 2, 4",
    )


def test_escape_sequences_are_removed_too() -> None:
    text, _, warnings = decode(b"I: Das war \x1b[31mrot\x1b[0m, sagt sie.\n", source="x.txt")
    assert text == "I: Das war [31mrot[0m, sagt sie.\n"
    assert warnings == ("x.txt: 2 control characters (NUL and the like) removed on line 1",)


def test_tabs_and_line_ends_are_not_control_characters_here() -> None:
    assert decode(b"I:\tHallo.\r\n\x0cB: Ja.\x0b", source="x.txt").warnings == ()


def test_a_file_of_nuls_is_refused_as_binary() -> None:
    data = "I: Hallo, wie geht es?\nB: Gut.\n".encode("utf-16-le")  # no byte-order mark
    with pytest.raises(InvalidInputError) as info:
        TextImporter().parse(data, source="b02.txt")
    message = str(info.value)
    assert message.startswith("b02.txt: this is a binary file")
    assert "--encoding utf-16-le" in message and "\n" not in message


def test_a_stray_byte_in_utf8_is_replaced_and_its_line_named() -> None:
    data = "I: Grüß Gott.\nB: Schön, M\xe4rz.\nI: Danke.\n".encode().replace(b"\xc3\xa4", b"\xe4")
    parsed = TextImporter().parse(data, source="b03.txt")
    assert parsed.text == "Grüß Gott.\nSchön, M\ufffdrz.\nDanke."
    assert parsed.warnings == (
        "b03.txt: 1 byte sequence that are not UTF-8 replaced by \ufffd on line 2",
    )


def test_a_file_in_another_encoding_is_read_in_it_without_a_warning() -> None:
    data = (
        "I: Grüß Gott. Wie würden Sie die Zusammenarbeit beschreiben?\n"
        "B: Ehrlich gesagt „schön“, aber für uns wäre mehr Nähe zum Kunden möglich.\n"
    ).encode("cp1252")
    text, _, warnings = decode(data, source="x.txt")
    assert warnings == ()
    assert "„schön“" in text and "Grüß" in text


def test_a_named_encoding_stays_strict() -> None:
    with pytest.raises(InvalidInputError, match="not valid utf-8"):
        decode(b"I: Gr\xfc\xdf\n", source="x.txt", encoding="utf-8")


def test_subtitle_warnings_reach_the_transcript() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nI: Hal\x00lo.\n"
    parsed = SubtitleImporter().parse(data, source="x.vtt")
    assert parsed.text == "Hallo."
    assert parsed.warnings[0].endswith("removed on line 4")


def test_a_damaged_attributes_file_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="attributes file is damaged: .*line 2"):
        parse_attributes(b"document;age\nB01;4\x002\n", source="cases.csv")


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 8, b"a\x00\x00\x00\x00b" + b"\x00" * 8, b"%PDF-1.7\n..."]
)
def test_a_binary_attributes_file_is_called_what_it_is(data: bytes) -> None:
    """Not "not a text transcript" (and no --encoding hint): it is the attributes file."""
    with pytest.raises(InvalidInputError) as caught:
        parse_attributes(data, source="cases.csv")
    message = str(caught.value)
    assert message.startswith("cases.csv: this is ") and "transcript" not in message
    assert message.split(":")[1].endswith("not a CSV table of case attributes")
    assert "--encoding" not in message


def test_many_lines_are_summarised() -> None:
    data = b"".join(b"I: Zeile\x00 %d mit Text, lang genug.\n" % n for n in range(30))
    (warning,) = decode(data, source="x.txt").warnings
    assert warning.endswith("lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 20 more")


def test_utf8_umlauts_beside_a_pasted_windows_byte_stay_utf8_with_a_warning() -> None:
    data = "I: Köln ist schön.\n".encode() + "B: München.\n".encode("cp1252")
    decoded = decode(data, source="B01.txt")
    assert decoded.text.startswith("I: Köln ist schön.")
    assert "M\ufffdnchen" in decoded.text
    assert "on line 2" in decoded.warnings[0]


def test_a_windows_file_with_a_closing_quote_after_sz_stays_windows() -> None:
    """„Spaß“ in Windows-1252 holds DF 93, a valid UTF-8 pair (not a Western letter): the
    file is still read in its own encoding."""
    data = "I: Das macht „Spaß“, sagt er. Grüße aus Köln und Düsseldorf.\n".encode("cp1252")
    assert decode(data, source="B01.txt").text.startswith("I: Das macht „Spaß“")
