"""Checks that an exported CSV or XLSX file holds no formula, shared by exporter and CLI tests."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Collection

from openpyxl import load_workbook

from qualcode.exporters.formulas import FORMULA_STARTS

HOSTILE = (
    '=HYPERLINK("http://x","click")',
    "=1+1",
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-5",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",
)
"""Text a spreadsheet would run or read as a formula, one per dangerous first character."""

_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def csv_cells(data: bytes, sep: str) -> list[list[str]]:
    """The cells of a CSV export as the csv module reads them."""
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def assert_csv_has_no_formula(data: bytes, sep: str, numbers: Collection[str] = ()) -> None:
    """No cell starts with a formula character unless it is guarded by an apostrophe.

    ``numbers`` are cells qualcode wrote as numbers (a negative share), which stay as they are.
    """
    for row in csv_cells(data, sep):
        for cell in row:
            if cell and cell[0] in FORMULA_STARTS:
                assert cell in numbers, f"unguarded cell {cell!r}"


def assert_xlsx_has_no_formula(data: bytes) -> None:
    """No cell of any sheet is a formula, read back by openpyxl and in the sheets' XML."""
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith("'"), cell.value
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not _FORMULA_ELEMENT.search(archive.read(name)), name
