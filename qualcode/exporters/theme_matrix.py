"""The theme matrix for print: Word, landscape A4, a few categories per table.

A matrix of seven cases by nine categories, each cell holding paragraphs of quotes, cannot be
read on one page: Word would squeeze every column to a word's width. So the cases' own
summaries come first, then the matrix in parts of :data:`PER_TABLE` categories, each part a
table with the cases as rows (the case column repeated), the header repeated on every page.
In a cell the researcher's summary comes first, in bold, then the passages with their Pos.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qualcode.domain.summaries import Column, ThemeMatrix, positions
from qualcode.exporters import Target
from qualcode.exporters.docx import a4
from qualcode.exporters.output import Destination, replacing

PER_TABLE = 3  # categories per table: about 7.5 cm each on landscape A4, readable at 9 pt
CASE_CM = 2.2
TEXT_PT = 9
QUOTE_PT = 8.5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in Word's XML


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def parts(columns: Sequence[Column], per_table: int = PER_TABLE) -> list[tuple[Column, ...]]:
    """The columns in groups of ``per_table``, the last group the rest."""
    return [tuple(columns[i : i + per_table]) for i in range(0, len(columns), per_table)]


def write_docx(
    matrix: ThemeMatrix,
    target: Target,
    *,
    notes: Sequence[str] = (),
    lines: Mapping[int, tuple[int, int]] | None = None,
) -> None:
    """Write ``matrix`` as a Word document for print (see the module docstring); ``lines``:
    each coding's lines in the transcript appendix, to cite by line."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    width = a4(document.sections[0], landscape=True)
    normal = document.styles["Normal"]
    normal.font.size = Pt(TEXT_PT + 1)
    document.add_heading("Themenmatrix (Fälle × Kategorien)", level=1)

    document.add_heading("Fallzusammenfassungen", level=2)
    written = [case for case in matrix.cases if case in matrix.case_summaries]
    if written:
        grid = _grid(document, ["Fall", "Fallzusammenfassung"], [CASE_CM, width - CASE_CM])
        for case in matrix.cases:
            cells = grid.add_row().cells
            _bold(cells[0], case)
            summary = matrix.case_summaries.get(case)
            if summary is None:
                _plain(cells[1], "–")
            else:
                _plain(cells[1], summary.text)
                _small(cells[1], f"{summary.author}, {summary.written:%d.%m.%Y}")
        _widths(grid, [CASE_CM, width - CASE_CM])
    else:
        document.add_paragraph("Noch keine Fallzusammenfassung geschrieben.")

    groups = parts(matrix.columns)
    for number, group in enumerate(groups, start=1):
        label = f"Teil {number} von {len(groups)}: " if len(groups) > 1 else ""
        span = group[0].code if len(group) == 1 else f"{group[0].code} bis {group[-1].code}"
        document.add_heading(f"{label}Kategorien {span}", level=2)
        each = (width - CASE_CM) / len(group)
        sizes = [CASE_CM, *([each] * len(group))]
        grid = _grid(document, ["Fall", *(f"{c.code} {c.name}" for c in group)], sizes)
        for case in matrix.cases:
            cells = grid.add_row().cells
            _bold(cells[0], case)
            for cell, column in zip(cells[1:], group, strict=True):
                _cell(cell, matrix, case, column.code, lines)
        _widths(grid, sizes)
    if notes:
        note = document.add_paragraph()
        lead = note.add_run("Anmerkung. ")
        lead.italic = True
        lead.font.size = Pt(TEXT_PT)
        note.add_run(_clean(" ".join(notes))).font.size = Pt(TEXT_PT)
    if isinstance(target, Path | Destination):
        with replacing(target) as temp:
            document.save(str(temp))
    else:
        document.save(target)


def _cell(
    cell: Any,
    matrix: ThemeMatrix,
    case: str,
    code: str,
    lines: Mapping[int, tuple[int, int]] | None = None,
) -> None:
    from docx.shared import Pt

    found = matrix.cell(case, code)
    first = cell.paragraphs[0]
    if found.empty:
        first.add_run("–").font.size = Pt(TEXT_PT)
        return
    paragraph = first
    if found.summary is not None and found.summary.text:
        lead = paragraph.add_run("Zusammenfassung: ")
        lead.bold = True
        lead.font.size = Pt(TEXT_PT)
        run = paragraph.add_run(_clean(found.summary.text))
        run.bold = True
        run.font.size = Pt(TEXT_PT)
        paragraph = None
    for coding in found.codings:
        if paragraph is None:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(3)
        text = " ".join(coding.text.split())
        paragraph.add_run(_clean(f"„{text}“")).font.size = Pt(QUOTE_PT)
        # The case in every citation: a row that runs onto the next page loses its first cell.
        where = positions(coding, lines)
        if where:
            cite = paragraph.add_run(f" ({coding.document}, {where})")
            cite.font.size = Pt(QUOTE_PT)
            cite.italic = True
        paragraph = None


def _grid(document: Any, header: list[str], sizes: list[float]) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    row = grid.rows[0]
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")  # the header repeats on every page the table runs over
    marker.set(qn("w:val"), "true")
    properties.append(marker)
    for cell, text in zip(row.cells, header, strict=True):
        run = cell.paragraphs[0].add_run(_clean(text))
        run.bold = True
        run.font.size = Pt(TEXT_PT + 0.5)
    return grid


def _widths(grid: Any, sizes: list[float]) -> None:
    from docx.shared import Cm

    grid.autofit = False
    for column, size in zip(grid.columns, sizes, strict=True):
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the columns'
            cell.width = Cm(size)
        column.width = Cm(size)


def _bold(cell: Any, text: str) -> None:
    from docx.shared import Pt

    run = cell.paragraphs[0].add_run(_clean(text))
    run.bold = True
    run.font.size = Pt(TEXT_PT)


def _plain(cell: Any, text: str) -> None:
    from docx.shared import Pt

    cell.paragraphs[0].add_run(_clean(text)).font.size = Pt(TEXT_PT)


def _small(cell: Any, text: str) -> None:
    from docx.shared import Pt

    run = cell.add_paragraph().add_run(_clean(text))
    run.italic = True
    run.font.size = Pt(QUOTE_PT - 1)
