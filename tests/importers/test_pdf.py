"""The PDF importer, on minimal but valid PDFs built in the test (Helvetica, WinAnsi)."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.pdf import PdfImporter
from tests.importers.makers import PNG, RANDOM, pdf_bytes

PAGES = [
    [
        "Interview B14 – Kundenbindung",
        "I: Wie gewinnen Sie neue Kunden? #00:00:05-2#",
        "B: Vor allem über Messen und über",
        "Empfehlungen, das ist der zweite Weg.",
    ],
    [
        "Auch Kaltakquise machen wir noch. #00:01:10-0#",
        "I: Und online? #00:01:12-5#",
        "B: LinkedIn. #00:02:05-9#",
    ],
    ["I: Danke für das Gespräch. #00:02:10-0#"],
]


def parse(data: bytes, source: str = "interview.pdf") -> ParsedTranscript:
    return PdfImporter().parse(data, source=source)


def texts(parsed: ParsedTranscript) -> list[str]:
    return [parsed.turn_text(t) for t in parsed.turns]


@pytest.mark.parametrize("footer", ["Seite {page} von {pages}", "- {page} -", "{page}", None])
def test_lines_become_turns_across_pages_without_page_numbers(footer: str | None) -> None:
    parsed = parse(pdf_bytes(PAGES, footer=footer))
    assert parsed.format == "pdf"
    assert [t.speaker for t in parsed.turns] == [None, "I", "B", "I", "B", "I"]
    assert texts(parsed)[0] == "Interview B14 – Kundenbindung"
    # hard-wrapped lines and a page break stay inside the turn; the page number is gone
    assert texts(parsed)[2] == (
        "Vor allem über Messen und über Empfehlungen, das ist der zweite Weg. "
        "Auch Kaltakquise machen wir noch."
    )
    assert texts(parsed)[-1] == "Danke für das Gespräch."
    assert [(t.start, t.end) for t in parsed.turns[1:]] == [
        (0.0, 5.2),
        (5.2, 70.0),
        (70.0, 72.5),
        (72.5, 125.9),
        (125.9, 130.0),
    ]


def test_a_running_header_on_every_page_is_dropped() -> None:
    pages = [["Projekt Kundenbindung – Transkript B15", *lines] for lines in PAGES]
    parsed = parse(pdf_bytes(pages, footer="Seite {page}"))
    assert all("Projekt Kundenbindung" not in text for text in texts(parsed))
    assert len(parsed.turns) == 6


def test_a_scanned_pdf_asks_for_ocr() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse(pdf_bytes([[], []]))
    assert str(info.value) == "interview.pdf: this PDF holds no text (a scan?): run OCR first"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (PNG, "PNG image, not a PDF document"),
        (RANDOM, "not a PDF document"),
        (pdf_bytes(PAGES)[:600], "damaged or cut off"),
    ],
    ids=["empty", "png", "random bytes", "truncated"],
)
def test_bad_files_give_one_readable_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        parse(data)
    assert "\n" not in str(info.value)


def test_only_a_pdf_header_makes_a_pdf() -> None:
    importer = PdfImporter()
    assert importer.sniff(pdf_bytes(PAGES))
    assert importer.sniff(b"junk from a mail program\r\n" + pdf_bytes(PAGES))
    assert not importer.sniff(b"I: Ist das ein %PDF-1.4? B: Nein, ein Transkript.\n")
