"""The Word importer, on .docx files written by python-docx in the test."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.docx import DocxImporter
from tests.importers.makers import PNG, RANDOM, docx_bytes


def parse(data: bytes, source: str = "interview.docx") -> ParsedTranscript:
    return DocxImporter().parse(data, source=source)


def texts(parsed: ParsedTranscript) -> list[str]:
    return [parsed.turn_text(t) for t in parsed.turns]


def test_bold_and_plain_labels_headings_line_breaks_and_f4_times() -> None:
    data = docx_bytes(
        [
            None,
            [("I:", True), (" Wie gewinnen Sie neue Kunden? #00:00:05-2#", False)],
            None,
            [("B", True), (": Vor allem über Messen.\nUnd über Empfehlungen. #00:01:10-0#", False)],
            ("heading", "Teil 2: Kundenbindung"),
            "I: Und wie halten Sie die Kunden? #00:01:12-5#",
            [("B: ", True), ("Durch Nähe. #00:02:00-0#", False)],
            "Das ist das Wichtigste.",
        ],
        title="Interview B11",
    )
    parsed = parse(data)
    assert parsed.format == "docx"
    assert [t.speaker for t in parsed.turns] == [None, "I", "B", None, "I", "B", "B"]
    assert texts(parsed)[0] == "Interview B11"
    assert texts(parsed)[1] == "Wie gewinnen Sie neue Kunden?"
    # the line break stays inside the turn
    assert texts(parsed)[2] == "Vor allem über Messen. Und über Empfehlungen."
    assert texts(parsed)[3] == "Teil 2: Kundenbindung"
    assert texts(parsed)[-1] == "Das ist das Wichtigste."
    assert [(t.start, t.end) for t in parsed.turns[1:3]] == [(0.0, 5.2), (5.2, 70.0)]
    assert (parsed.turns[5].start, parsed.turns[5].end) == (72.5, 120.0)
    assert [t.position for t in parsed.turns] == list(range(1, 8))
    assert parsed.text == "\n".join(texts(parsed))


def test_a_bold_label_with_its_time_mark_and_no_colon() -> None:
    parsed = parse(
        docx_bytes(
            [
                [("I [00:00:03]", True), (" Hallo zusammen.", False)],
                [("B [00:00:09]", True), (" Guten Tag.", False)],
                [("I [00:00:15]", True), (" Los geht's.", False)],
            ]
        )
    )
    assert [t.speaker for t in parsed.turns] == ["I", "B", "I"]
    assert texts(parsed) == ["Hallo zusammen.", "Guten Tag.", "Los geht's."]
    assert [(t.start, t.end) for t in parsed.turns] == [(3.0, 9.0), (9.0, 15.0), (15.0, None)]


def test_a_speaker_table_with_a_header_row_between_paragraphs() -> None:
    data = docx_bytes(
        [
            "Transkript Interview B12",
            (
                "table",
                [
                    ["Sprecher", "Text"],
                    ["Interviewer", "Wie gewinnen Sie neue Kunden?"],
                    ["Frau Keller", "Über Messen.\n\nUnd über Empfehlungen."],
                    ["Interviewer", "Danke."],
                ],
            ),
            "Ende der Aufnahme.",
        ]
    )
    parsed = parse(data)
    assert [t.speaker for t in parsed.turns] == [
        None,
        "Interviewer",
        "Frau Keller",
        "Interviewer",
        "Interviewer",
    ]
    assert texts(parsed) == [
        "Transkript Interview B12",
        "Wie gewinnen Sie neue Kunden?",
        "Über Messen. Und über Empfehlungen.",
        "Danke.",
        "Ende der Aufnahme.",
    ]


def test_a_time_speaker_text_table_gives_start_and_end_times() -> None:
    data = docx_bytes(
        [
            (
                "table",
                [
                    ["Zeit", "Sprecher", "Transkript"],
                    ["00:00:01", "Speaker 1", "Hallo und willkommen."],
                    ["00:00:07", "Speaker 2", "Danke für die Einladung."],
                    ["00:01:02", "Speaker 1", "Erste Frage."],
                ],
            )
        ]
    )
    parsed = parse(data)
    assert len(parsed.turns) == 3
    assert [t.speaker for t in parsed.turns] == ["Speaker 1", "Speaker 2", "Speaker 1"]
    assert [(t.start, t.end) for t in parsed.turns] == [(1.0, 7.0), (7.0, 62.0), (62.0, None)]
    assert texts(parsed)[-1] == "Erste Frage."


def test_a_time_text_table_with_labels_in_the_text() -> None:
    data = docx_bytes(
        [
            (
                "table",
                [
                    ["00:00:00", "I: Erste Frage?"],
                    ["00:00:04", "B: Antwort."],
                    ["00:00:09", "Weiter."],
                ],
            )
        ]
    )
    parsed = parse(data)
    assert [t.speaker for t in parsed.turns] == ["I", "B", "B"]
    assert texts(parsed) == ["Erste Frage?", "Antwort.", "Weiter."]
    assert [(t.start, t.end) for t in parsed.turns] == [(0.0, 4.0), (4.0, 9.0), (9.0, None)]


def test_a_table_without_speakers_is_read_as_paragraphs() -> None:
    data = docx_bytes(
        [
            ("table", [["Datum", "12.03.2024"], ["Dauer", "45 Minuten"]]),
            "I: Erste Frage?",
            "B: Antwort.",
        ]
    )
    parsed = parse(data)
    assert texts(parsed)[:4] == ["Datum", "12.03.2024", "Dauer", "45 Minuten"]
    assert [t.speaker for t in parsed.turns] == [None, None, None, None, "I", "B"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (RANDOM, "not a Word document"),
        (PNG, "PNG image, not a Word document"),
        (docx_bytes(["I: Hallo.", "B: Hallo."])[:900], "damaged or cut off"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "old Word document \\(.doc\\)"),
    ],
    ids=["empty", "random bytes", "png", "truncated", "doc"],
)
def test_bad_files_give_one_readable_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        parse(data)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("interview.docx: ")


def test_a_zip_that_is_no_word_document() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "I: Hallo")
    with pytest.raises(InvalidInputError, match="not a Word document"):
        parse(out.getvalue())


def test_an_excel_workbook_named_docx() -> None:
    import io

    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(InvalidInputError, match="not a Word document \\(an Excel"):
        parse(out.getvalue())


def test_a_word_document_with_macros() -> None:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["I: Hallo."])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"officedocument.wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml",
                )
            archive.writestr(item, data)
    with pytest.raises(InvalidInputError, match="save it from Word as a plain .docx"):
        parse(out.getvalue(), source="makro.docm")
