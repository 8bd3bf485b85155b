"""Excel workbooks: one sheet per table, numbers as numbers, header frozen.

Each sheet holds the table's title (row 1), the bold header (row 2, frozen with the title so
both stay visible while scrolling), the rows, and the notes below an empty row. Columns are as
wide as their content (within limits); running-text columns are wide and wrapped. The workbook is
streamed (openpyxl's write-only mode), so 100,000 quotes take seconds and little memory, and
zipped at the fastest deflate level: compressing the sheet took a third of the time at the default
level, for a file a sixth smaller.

Every piece of text (title, header, rows, notes) is stored as a typed string, so no cell is ever
a formula, whatever its text starts with (:mod:`qualcode.exporters.formulas`); text that a
spreadsheet would read as a formula also carries Excel's quote prefix, without an apostrophe
in the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from qualcode.exporters import Progress, Target
from qualcode.exporters.formulas import looks_like_formula
from qualcode.exporters.output import Destination, replacing
from qualcode.exporters.table import Table

MAX_CELL = 32_767  # Excel's limit for the text of one cell
MIN_WIDTH, MAX_WIDTH, TEXT_WIDTH = 6, 50, 60
PROGRESS_EVERY = 10_000
ZIP_LEVEL = 1  # zlib's fastest: about 3x faster than its default, the file ~15 % larger
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# What XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, without importing it per cell).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = _SHEET_FORBIDDEN.sub("-", name).strip("'") or "Tabelle"
    base = base[:31]
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def _widths(table: Table, sample: int = 2000) -> list[float]:
    widths: list[float] = []
    head = table.head(sample)
    for index, column in enumerate(table.columns):
        if column in table.text_columns:
            widths.append(TEXT_WIDTH)
            continue
        values = [row[index] for row in head]
        longest = max((len(str(v)) for v in values if v is not None), default=0)
        widths.append(min(max(longest, len(column), MIN_WIDTH) + 2, MAX_WIDTH))
    return widths


def write(tables: Sequence[Table], target: Target, *, progress: Progress | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # Text openpyxl would store as a formula or an error value unless told it is text.
    errors = frozenset(ERROR_CODES)
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    total = _total(tables)
    done = 0
    wrapped = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = workbook.create_sheet(title=sheet_name(table.name, used))
        for index, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A3"
        sheet.append([_text_cell(sheet, table.title, font=Font(bold=True, size=12))])
        sheet.append(
            [_text_cell(sheet, c, font=Font(bold=True), alignment=wrapped) for c in table.header()]
        )
        # A write-only sheet serialises each row as it is appended, so one styled cell per
        # column can carry every row's value: styling 100,000 new cells would take seconds.
        styled: list[Any] = []
        wraps = [c in table.text_columns for c in table.columns]
        for column, fraction in zip(table.columns, table.decimals(), strict=True):
            if column in table.text_columns:
                cell = WriteOnlyCell(sheet)
                cell.alignment = wrapped
            elif fraction:
                cell = WriteOnlyCell(sheet)
                cell.number_format = "0.0"
            else:
                cell = None
            styled.append(cell)
        for row in table.rows():
            values: list[Any] = []
            for value, cell, wrap in zip(row, styled, wraps, strict=True):
                if isinstance(value, str):
                    value = _text(value)
                    if looks_like_formula(value) or value in errors:
                        alignment = wrapped if wrap else None
                        values.append(_text_cell(sheet, value, alignment=alignment))
                        continue
                if cell is None:
                    values.append(value)
                    continue
                cell.value = value
                values.append(cell)
            sheet.append(values)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
        if table.notes:
            sheet.append([])
            for note in table.notes:
                sheet.append([_text_cell(sheet, note, font=Font(italic=True))])
    if not tables:
        workbook.create_sheet(title="Tabelle")
    if progress is not None and done % PROGRESS_EVERY:
        progress(done, total)
    if isinstance(target, Path | Destination):
        with replacing(target) as temp:
            _save(workbook, temp)
    else:
        _save(workbook, target)


def _save(workbook: Any, target: Path | BinaryIO) -> None:
    """``workbook.save(target)`` (openpyxl's ``save_workbook``) at :data:`ZIP_LEVEL`."""
    from datetime import UTC, datetime
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=ZIP_LEVEL)
    with archive:
        workbook.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
        ExcelWriter(workbook, archive).save()


def _text_cell(sheet: Any, text: str, *, font: Any = None, alignment: Any = None) -> Any:
    """A cell that holds ``text`` as a string, never a formula, whatever it starts with.

    openpyxl makes text that starts with ``=`` a formula, so the type is set after the value.
    Text a spreadsheet would read as a formula also gets Excel's quote prefix: the apostrophe
    is not shown, and the cell stays text when someone edits it and presses Enter.
    """
    from openpyxl.cell import WriteOnlyCell

    text = _text(text)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _text(value: str) -> str:
    """Text Excel accepts: no control characters, at most 32,767 characters."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 4] + " […]"
    return value


def _total(tables: Sequence[Table]) -> int:
    """The rows to write, for progress; 0 when a streamed table's number is not known yet."""
    known = [t.known_length() for t in tables]
    return 0 if None in known else sum(n or 0 for n in known)
