"""Word documents: a heading per table, a real Word table, and the notes under it.

Thesis authors paste tables into Word; a real table (not tab-separated text) keeps its columns
when restyled. The header row is bold and repeats on every page a table runs over, numbers are
right-aligned, and the notes follow as a small paragraph starting with *Anmerkung.*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from qualcode.exporters import Progress
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


def write(
    tables: Sequence[Table], target: Path | BinaryIO, *, progress: Progress | None = None
) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    total = sum(len(t) for t in tables)
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
        if table.notes:
            note = document.add_paragraph()
            lead = note.add_run("Anmerkung. ")
            lead.italic = True
            lead.font.size = Pt(9)
            note.add_run(_clean(" ".join(table.notes))).font.size = Pt(9)
    if progress is not None and total % PROGRESS_EVERY:
        progress(done, total)
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(target))
    else:
        document.save(target)
