"""Word documents: a heading per table, a real Word table, and the notes under it.

Thesis authors paste tables into Word; a real table (not tab-separated text) keeps its columns
when restyled. The header row is bold and repeats on every page a table runs over, numbers are
right-aligned, and the notes follow as a small paragraph starting with *Anmerkung.*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qualcode.exporters import Progress, Target
from qualcode.exporters.output import Destination, replacing
from qualcode.exporters.table import Table, cell_text

PROGRESS_EVERY = 1_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in Word's XML


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


A4_CM = (21.0, 29.7)
MARGIN_CM = 2.5


def a4(section: Any, *, landscape: bool = False) -> float:
    """Make ``section`` an A4 page (portrait or landscape) with 2.5 cm margins; returns the
    width in cm a table may take.

    python-docx's template is US Letter with 1-inch margins: a German thesis is A4, and a
    table sized for another page runs off its edge when Word or LibreOffice lays it out.
    """
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    short, long = A4_CM
    width, height = (long, short) if landscape else (short, long)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    return width - 2 * MARGIN_CM


CM_PER_CHARACTER = 0.23  # 10-11 pt text in a table cell (bold headers are wider)


def column_widths(table: Table, width_cm: float) -> list[float]:
    """Column widths in cm that follow the content.

    Word's equal columns break "Akquisitionsprozess" mid-word while a code column of "K12"
    takes a quarter of the page. Every column first gets room for its longest word (so no word
    is split); what is left of the page goes to the columns of running text, by their typical
    length. When the page cannot hold every word whole (:func:`_squeezed`), the columns wide
    only for a long header word ("Unternehmensberatung (N = 2)" over counts) give way first,
    then the widest of the rest, so a short code column ("K1.1") stays whole.
    """
    minimum, content, typical, volume = [], [], [], []
    rows = list(table.rows())
    for index, column in enumerate(table.columns):
        values = [cell_text(row[index]) for row in rows]
        # Header words are bold, about a fifth wider than the cells' text; a long header word
        # ("Nichtübereinstimmung") gets more room than a long word in a cell.
        words = min(max((len(w) for v in values for w in v.split()), default=3), 16)
        heading = min(max((round(len(w) * 1.2) for w in str(column).split()), default=0), 24)
        minimum.append(max(words, heading) * CM_PER_CHARACTER + 0.5)
        content.append(max(words, _HEADER_PIECE) * CM_PER_CHARACTER + 0.5)
        lengths = sorted(len(v) for v in values) or [0]
        if column in table.text_columns:  # running text: room for its longer entries
            typical.append(min(lengths[-1], 80))
            mean = sum(lengths) / len(lengths)
            volume.append(mean if mean > 3 * words else 0.0)  # a name keeps its words whole
        else:
            typical.append(lengths[len(lengths) // 2])
            volume.append(0.0)
    if sum(minimum) > width_cm:  # more columns than the page holds whole words of
        return _squeezed(minimum, content, width_cm, volume)
    spare = width_cm - sum(minimum)
    extra = [max(t - m / CM_PER_CHARACTER, 0.0) for t, m in zip(typical, minimum, strict=True)]
    total = sum(extra) or 1.0
    return [m + spare * e / total for m, e in zip(minimum, extra, strict=True)]


#: Characters of a header word that stay together when a column narrower than the word breaks it.
_HEADER_PIECE = 5


def _squeezed(
    minimum: list[float], content: list[float], width_cm: float, volume: list[float]
) -> list[float]:
    """Widths summing to ``width_cm`` for columns whose whole words need more.

    First the columns wider than their cells need (for a header word) are narrowed, widest first,
    down to what their cells need: their header breaks, no cell does. If that is not enough, some
    words must break anyway. With columns of running text (the guideline's definitions, anchor
    examples and rules) the other columns keep what their cells need (headers break) and each
    text column a short word's room; the rest goes to the text columns by how much text they
    hold (``volume``: their entries' mean length; 0 for short entries such as names, which stay
    whole), since the longest text sets a row's height: equal columns would give a long anchor
    example the width of a category's name, and the guideline half again as many pages.
    Otherwise the widest columns are narrowed, to one width, so long words break before short
    ones.
    """

    floors = [min(m, c) for m, c in zip(minimum, content, strict=True)]
    if sum(floors) <= width_cm:
        return _capped(minimum, floors, width_cm)
    short = _SHORT_WORD * CM_PER_CHARACTER + 0.5
    base = [min(m, short) if v else f for m, f, v in zip(minimum, floors, volume, strict=True)]
    if any(volume) and sum(base) <= width_cm:
        spare, total = width_cm - sum(base), sum(volume)
        return [b + spare * v / total for b, v in zip(base, volume, strict=True)]
    return _capped(minimum, [0.0] * len(minimum), width_cm)


#: Characters of a word every column of running text keeps room for on a crowded page.
_SHORT_WORD = 10


def _capped(widths: list[float], floors: list[float], target: float) -> list[float]:
    """``widths`` with the widest cut to one cap (never below their floor) so they sum to
    ``target``: found by halving, as the sum grows with the cap."""

    def total(cap: float) -> float:
        return sum(max(f, min(w, cap)) for w, f in zip(widths, floors, strict=True))

    low, high = 0.0, max(widths, default=0.0)
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if total(middle) < target else (low, middle)
    return [max(f, min(w, high)) for w, f in zip(widths, floors, strict=True)]


def _fit_columns(grid: Any, table: Table, *, width_cm: float) -> None:
    from docx.shared import Cm

    grid.autofit = False
    for column, width_cm_ in zip(grid.columns, column_widths(table, width_cm), strict=True):
        width = Cm(width_cm_)
        column.width = width
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the columns'
            cell.width = width


def write(tables: Sequence[Table], target: Target, *, progress: Progress | None = None) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    # The coding guideline has many columns: landscape, as in theses.
    page_width = a4(document.sections[0], landscape=any(len(t.columns) > 5 for t in tables))
    total = _total(tables)
    done = 0
    for table in tables:
        document.add_heading(_clean(table.title), level=2)
        numeric = table.numeric()
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        header = grid.rows[0]
        _repeat_header(header)
        for cell, column, is_number in zip(header.cells, table.columns, numeric, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(_clean(column)).bold = True
            if is_number:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for values in table.rows():
            cells = grid.add_row().cells
            for cell, value, is_number in zip(cells, values, numeric, strict=True):
                cell.text = _clean(cell_text(value))
                if is_number:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
        _fit_columns(grid, table, width_cm=page_width)
        if table.notes:
            note = document.add_paragraph()
            lead = note.add_run("Anmerkung. ")
            lead.italic = True
            lead.font.size = Pt(9)
            note.add_run(_clean(" ".join(table.notes))).font.size = Pt(9)
    if progress is not None and done % PROGRESS_EVERY:
        progress(done, total)
    if isinstance(target, Path | Destination):
        with replacing(target) as temp:
            document.save(str(temp))
    else:
        document.save(target)


def _total(tables: Sequence[Table]) -> int:
    """The rows to write, for progress; 0 when a streamed table's number is not known yet."""
    known = [t.known_length() for t in tables]
    return 0 if None in known else sum(n or 0 for n in known)
