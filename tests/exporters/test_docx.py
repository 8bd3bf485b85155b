"""DOCX reopened with python-docx: a heading per table, a real table, header row, notes."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from qualcode.exporters import write
from tests.exporters.samples import frequency_table, quote_table


def test_headings_tables_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "tables.docx"
    write([frequency_table(), quote_table()], path, "docx")
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Häufigkeit der Kategorien", "Zitate nach Kategorien"]
    assert len(document.tables) == 2
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Code", "Kategorie", "Segmente (n)", "Fälle (n, N = 7)", "Anteil Fälle (%)"]
    assert rows[1] == ["K1", "Übergabe Marketing–Vertrieb", "12", "5", "71,4"]
    assert rows[3][1] == "Größe ≥1000 → „groß“ | ✓"
    header = table.rows[0]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.style.name == "Table Grid"
    notes = [p.text for p in document.paragraphs if p.text.startswith("Anmerkung.")]
    assert len(notes) == 2 and notes[0].endswith("Stand: 14.03.2026.")
    quote = document.tables[1].rows[2].cells[1]
    assert quote.text == "„Erste Zeile\nzweite Zeile *betont*“"


def test_progress_is_reported(tmp_path: Path) -> None:
    from tests.exporters.samples import long_table

    seen: list[tuple[int, int]] = []
    write(
        [long_table(1_500)], tmp_path / "l.docx", "docx", progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1_000, 1_500), (1_500, 1_500)]
