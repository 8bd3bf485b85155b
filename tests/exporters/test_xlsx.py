"""XLSX reopened with openpyxl: one sheet per table, bold frozen header, numbers as numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from qualcode.exporters import write
from qualcode.exporters.output import Destination
from qualcode.exporters.table import Table
from qualcode.exporters.xlsx import sheet_name
from tests.exporters.samples import frequency_table, long_table, quote_table


def test_cells_styles_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "tables.xlsx"
    write([frequency_table(), quote_table()], Destination(path, mkdir=True), "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Häufigkeiten", "Zitate"]
    sheet = book["Häufigkeiten"]
    assert sheet["A1"].value == "Häufigkeit der Kategorien" and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == [
        "Code",
        "Kategorie",
        "Segmente (n)",
        "Fälle (n, N = 7)",
        "Anteil Fälle (%)",
    ]
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert [c.value for c in sheet[3]] == ["K1", "Übergabe Marketing–Vertrieb", 12, 5, 71.4]
    assert isinstance(sheet["C3"].value, int) and isinstance(sheet["E3"].value, float)
    assert sheet["E3"].number_format == "0.0"
    assert sheet["B5"].value == "Größe ≥1000 → „groß“ | ✓"
    assert sheet["A6"].value is None
    notes = [sheet.cell(row=r, column=1).value for r in range(7, sheet.max_row + 1)]
    assert notes[0].startswith("Zählbasis:") and notes[-1] == "Stand: 14.03.2026."
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    quotes = book["Zitate"]
    assert quotes["B4"].value == "„Erste Zeile\nzweite Zeile *betont*“"
    assert quotes["B4"].alignment.wrap_text
    assert quotes.column_dimensions["B"].width == 60


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Zitat": ["=SUMME(A1:A3)", "ok\x07"]})
    path = tmp_path / "f.xlsx"
    write([Table(title="T", frame=frame)], path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet["A3"].value == "=SUMME(A1:A3)" and sheet["A3"].data_type == "s"
    assert sheet["A4"].value == "ok"


def test_large_tables_stream_with_progress() -> None:
    seen: list[tuple[int, int]] = []
    stream = io.BytesIO()
    write([long_table(25_001)], stream, "xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(10_000, 25_001), (20_000, 25_001), (25_001, 25_001)]
    sheet = load_workbook(io.BytesIO(stream.getvalue()), read_only=True).active
    rows = [r for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2 + 25_001 + 2  # title, header, rows, empty row, note
    assert rows[-3] == (25_001, "Zeile 25001") and rows[-1] == ("N = viele.",)


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert sheet_name("Nach Branche/Größe: [alle]", used) == "Nach Branche-Größe- -alle-"
    assert sheet_name("Nach Branche/Größe: [alle]", used) == "Nach Branche-Größe- -alle- (2)"
    assert len(sheet_name("x" * 40, used)) == 31
