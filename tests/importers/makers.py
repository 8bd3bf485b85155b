"""Real files for the importer tests, made with the real libraries (or, for PDF, by hand).

Nothing here is mocked: a .docx is written by python-docx, an .odt by odfdo, and the PDF is a
minimal but valid PDF 1.4 file with a standard font, so pypdf reads it like any exported PDF.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

Run = tuple[str, bool]  # text, bold
# A paragraph (text, runs, or None for an empty one), ("heading", text), ("table", rows) or,
# for OpenDocument, ("list", items).
Block = str | list[Run] | tuple[str, Any] | None


def docx_bytes(blocks: Sequence[Block], *, title: str | None = None) -> bytes:
    """A Word document: ``blocks`` are paragraphs (a string, a list of runs, or None for an
    empty paragraph), ``("heading", text)`` or ``("table", rows)``. A ``"\\n"`` inside a run
    becomes a line break (``<w:br/>``)."""
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, 0)
    for block in blocks:
        if block is None:
            document.add_paragraph("")
        elif isinstance(block, str):
            _runs(document.add_paragraph(), [(block, False)])
        elif isinstance(block, tuple) and block[0] == "heading":
            document.add_heading(str(block[1]), 1)
        elif isinstance(block, tuple) and block[0] == "table":
            rows: list[list[str]] = list(block[1])
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    first, *more = value.split("\n\n")
                    cell.paragraphs[0].text = first
                    for extra in more:
                        cell.add_paragraph(extra)
        elif isinstance(block, list):
            _runs(document.add_paragraph(), block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _runs(paragraph: Any, runs: list[Run]) -> None:
    for text, bold in runs:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            run = paragraph.add_run(piece)
            run.bold = bold or None
            if index < len(pieces) - 1:
                run.add_break()


def odt_bytes(blocks: Sequence[Block], *, kind: str = "text", flat: bool = False) -> bytes:
    """An OpenDocument file: blocks as for :func:`docx_bytes` (no runs), plus ``("list", items)``.

    A ``"\\n"`` in a paragraph becomes ``<text:line-break/>``; ``flat`` writes a .fodt (XML).
    """
    from odfdo import Document, Header, LineBreak, List, ListItem, Paragraph, Table

    document = Document(kind)
    if kind != "text":
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    document.body.clear()
    for block in blocks:
        if block is None:
            document.body.append(Paragraph(""))
        elif isinstance(block, str):
            first, *more = block.split("\n")
            paragraph = Paragraph(first)
            for line in more:
                paragraph.append(LineBreak())
                paragraph.append(line)
            document.body.append(paragraph)
        elif isinstance(block, tuple) and block[0] == "heading":
            document.body.append(Header(1, str(block[1])))
        elif isinstance(block, tuple) and block[0] == "list":
            items = List()
            for item in block[1]:
                items.append(ListItem(item))
            document.body.append(items)
        elif isinstance(block, tuple) and block[0] == "table":
            rows = list(block[1])
            table = Table("Transkript", width=len(rows[0]), height=len(rows))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.set_value((c, r), value)
            document.body.append(table)
    out = io.BytesIO()
    document.save(out, packaging="xml" if flat else "zip")
    return out.getvalue()


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(pages: Sequence[Sequence[str]], *, footer: str | None = None) -> bytes:
    """A text PDF: each page's lines set in Helvetica (WinAnsi, so umlauts work), top down.

    ``footer`` (with ``{page}`` and ``{pages}``) is set at the bottom of every page, as Word's
    page numbers are. A page given as an empty list has no text at all, like a scan.
    """
    objects: list[bytes] = []
    page_ids = []
    font_id = 3
    next_id = 4
    bodies: list[tuple[int, int, bytes]] = []
    for number, lines in enumerate(pages, start=1):
        ops = []
        if lines:
            ops.append(b"BT /F1 11 Tf 14 TL 56 790 Td")
            for line in lines:
                ops.append(_pdf_string(line) + b" Tj T*")
            ops.append(b"ET")
        else:
            ops.append(b"0.5 g 56 56 480 700 re f")  # a grey box: an image-only page
        if footer and lines:
            text = footer.format(page=number, pages=len(pages))
            ops.append(b"BT /F1 9 Tf 280 30 Td " + _pdf_string(text) + b" Tj ET")
        stream = b"\n".join(ops)
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        page_ids.append(page_id)
        bodies.append((page_id, content_id, stream))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids)))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for page_id, content_id, stream in bodies:
        assert page_id == len(objects) + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, content_id)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (index, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
RANDOM = bytes((i * 7919 + 13) % 256 for i in range(2048))  # fixed "random" bytes

RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}}"
    "\n"
    r"{\*\generator Riched20 10.0.19041}\viewkind4\uc1\pard\f0\fs22 "
    r"Interview B09 \endash  Gespr\'e4ch \'fcber Kundenbindung\par"
    "\n\\par\n"
    r"I: Wie gewinnen Sie neue Kunden? #00:00:05-2#\par"
    "\n\\par\n"
    r"B: \'dcber Messen und \u252?ber Empfehlungen,\line das ist der zweite Weg. #00:01:10-0#\par"
    "\n"
    r"Und \u8222?Kaltakquise\u8220? kaum noch.\par"
    "\n\\par\n"
    r"I: Danke f\u252\'fcr das Gespr\'e4ch. #00:01:12-5#\par"
    "\n}\n"
)

VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.500
<v Interviewerin>Wie gewinnen Sie <i>neue</i> Kunden?</v>

2
00:00:05.000 --> 00:00:09.000
<v.loud Herr Braun>Über Messen &amp; Empfehlungen.

3
00:00:09.200 --> 00:00:12.000
<v Herr Braun>Kaltakquise kaum noch.

4
00:00:12.500 --> 00:01:03.250
<v Interviewerin>Danke.
"""

SRT = """1
00:00:01,000 --> 00:00:04,500
Anna Maier: Wie gewinnen Sie neue Kunden?

2
00:00:05,000 --> 00:00:09,000
Jonas Weber: Über Messen.

3
00:00:09,200 --> 00:00:12,000
<i>Und über Empfehlungen.</i>

4
00:00:12,500 --> 00:00:14,000
Anna Maier: Danke.
"""


# Hostile files, for tests/importers/test_archives.py and tests/cli/test_errors.py.

GIB = 2**30
# The XML declaration and DTD of a document part that declares an entity, as no office
# program writes one.
ENTITY_DOCUMENT = b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY firma "Firma Keller">]>\n'


def zeros_member(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of ``size`` zero bytes, streamed: memory stays at one MiB."""
    piece = bytes(2**20)
    with archive.open(name, "w", force_zip64=True) as member:
        for _ in range(size // len(piece)):
            member.write(piece)


def bomb(original: bytes, part: str, size: int = GIB) -> bytes:
    """``original`` (a real document) with ``part`` replaced by ``size`` zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename == part:
                zeros_member(target, part, size)
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()


def replace_part(original: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, content if info.filename == part else source.read(info))
    return out.getvalue()
