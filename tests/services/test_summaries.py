"""Case summaries and the theme matrix: versions with author and date, each write recorded;
every cell holds exactly the codings of its case and category (read back from the database
independently), and the exports carry them (opened with openpyxl and python-docx)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services.exports import ExportRequest
from qualcode.services.project import Project
from qualcode.services.summaries import Choice
from qualcode.storage.db import make_engine
from qualcode.storage.location import parse_location

PASSAGES = [
    ("B01", "K2.1", (9, 9)),
    ("B01", "K2.2", (7, 7)),
    ("B01", "K3.1", (11, 11)),
    ("B02", "K2.1", (5, 5)),
    ("B02", "K4", (3, 3)),
    ("B03", "K2.1", (9, 9)),
]


@pytest.fixture
def coded(sample_project: Project) -> Project:
    for document, code, turns in PASSAGES:
        sample_project.coding.code(document, code, turns=turns)
    return sample_project


def _cells_from_database(location: str) -> dict[tuple[str, str], list[str]]:
    """(document, main category) -> the coded texts, read from the tables with plain SQL."""
    engine = make_engine(parse_location(location))
    try:
        with engine.connect() as conn:
            parents = dict(conn.execute(sa.text("SELECT id, parent_id FROM categories")).all())
            codes = dict(conn.execute(sa.text("SELECT id, code FROM categories")).all())
            rows = conn.execute(
                sa.text(
                    "SELECT d.name, k.category_id, k.text FROM codings k JOIN documents d "
                    "ON d.id = k.document_id ORDER BY k.char_start"
                )
            ).all()
    finally:
        engine.dispose()
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, category_id, text in rows:
        while parents[category_id] is not None:
            category_id = parents[category_id]
        found[(name, codes[category_id])].append(text)
    return dict(found)


def test_a_case_summary_keeps_its_versions_with_author_and_date(sample_project: Project) -> None:
    service = sample_project.summaries
    assert service.case_summary("B01") is None
    first = service.write("B01", "  Vertriebsleiter im Maschinenbau.  ")
    second = sample_project.as_coder("ben").summaries.write("B01", "Vertriebsleiter; Empfehlungen.")
    assert first.text == "Vertriebsleiter im Maschinenbau."
    current = service.case_summary("B01")
    assert current is not None and current.text == second.text and current.author == "ben"
    history = service.history("B01")
    assert [(s.text, s.author) for s in history] == [
        ("Vertriebsleiter im Maschinenbau.", "alice"),
        ("Vertriebsleiter; Empfehlungen.", "ben"),
    ]
    assert history[0].written <= history[1].written
    # The same text again is no new version and no event.
    events = len(sample_project.audit.log())
    assert service.write("B01", "Vertriebsleiter; Empfehlungen.").id == second.id
    assert len(sample_project.audit.log()) == events
    log = [e.describe() for e in sample_project.audit.log()]
    assert any("wrote the case summary of B01" in line for line in log)
    assert any("rewrote the case summary of B01" in line for line in log)


def test_summaries_refuse_unknown_documents_categories_and_empty_text(
    sample_project: Project,
) -> None:
    service = sample_project.summaries
    with pytest.raises(NotFoundError):
        service.write("B99", "x")
    with pytest.raises(NotFoundError):
        service.write("B01", "x", category="K99")
    with pytest.raises(InvalidInputError):
        service.write("B01", "   ")
    assert service.current() == []


def test_theme_matrix_cells_are_the_codings_of_their_case_and_category(
    coded: Project, project_location: str
) -> None:
    coded.summaries.write("B01", "Zu K2: Empfehlungen und Telefon.", category="K2.1")  # a sub
    coded.summaries.write("B01", "Kaltakquise am Telefon, Empfehlungen.", category="K2")
    view = coded.summaries.matrix()
    matrix = view.matrix
    expected = _cells_from_database(project_location)
    main = [c.code for c in coded.codebook.get().main_categories]
    assert [c.code for c in matrix.columns] == main
    assert list(matrix.cases) == [d.name for d in coded.documents.all()]
    for (case, code), cell in matrix.cells.items():
        assert [c.text for c in cell.codings] == expected.get((case, code), [])
    cell = matrix.cell("B01", "K2")
    assert cell.summary is not None and cell.summary.text.startswith("Kaltakquise")
    assert [c.position for c in cell.codings] == [7, 9]
    # Without roll-up a subcategory is its own column and takes its own summary.
    flat = coded.summaries.matrix(Choice(rollup=False, categories=("K2",)))
    assert [c.code for c in flat.matrix.columns][:2] == ["K2", "K2.1"]
    sub = flat.matrix.cell("B01", "K2.1")
    assert sub.summary is not None and sub.summary.text.startswith("Zu K2")
    assert [c.position for c in sub.codings] == [9]
    assert flat.matrix.cell("B02", "K2").codings == ()


def test_theme_matrix_exports_carry_summaries_and_passages(coded: Project, tmp_path: Path) -> None:
    coded.summaries.write("B01", "Fallzusammenfassung B01.")
    coded.summaries.write("B02", "Zellzusammenfassung B02 K2.", category="K2")
    request = ExportRequest(as_of=date(2026, 12, 1))
    xlsx = tmp_path / "m.xlsx"
    written = coded.exports.run("theme-matrix", "xlsx", request, xlsx)
    assert written.tables[0].rows == 7
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    assert header[:2] == ("Fall", "Fallzusammenfassung")
    k2 = header.index("K2 " + coded.codebook.get().get("K2").name)  # type: ignore[union-attr]
    by_case = {r[0]: r for r in rows[2:9]}
    assert by_case["B01"][1] == "Fallzusammenfassung B01."
    cell = by_case["B02"][k2]
    assert cell.startswith("Zusammenfassung: Zellzusammenfassung B02 K2.")
    assert "(B02, Pos. 5)" in cell
    b01 = by_case["B01"][k2]
    assert b01.index("(B01, Pos. 7)") < b01.index("(B01, Pos. 9)")
    assert by_case["B04"][k2] == "–"
    assert any("Stand: 01.12.2026." in str(r[0]) for r in rows[9:])

    docx = tmp_path / "m.docx"
    coded.exports.run("theme-matrix", "docx", request, docx)
    document = Document(str(docx))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert abs(section.page_width.cm - 29.7) < 0.1
    summaries, *parts = document.tables
    case, text = (c.text for c in summaries.rows[1].cells)
    assert case == "B01" and text.startswith("Fallzusammenfassung B01.\nalice, ")
    # Only the categories coded (or summarised) here are printed; the notes name the others.
    shown = [c.text.split()[0] for t in parts for c in t.rows[0].cells[1:]]
    assert shown == sorted({code.split(".")[0] for _, code, _ in PASSAGES})
    notes = document.paragraphs[-1].text
    assert "Nicht dargestellt" in notes and "K1 " in notes
    assert all(len(t.columns) <= 4 for t in parts)
    k2_table = next(t for t in parts if any(c.text.startswith("K2 ") for c in t.rows[0].cells))
    index = next(i for i, c in enumerate(k2_table.rows[0].cells) if c.text.startswith("K2 "))
    b02 = next(r for r in k2_table.rows if r.cells[0].text == "B02").cells[index].text
    assert b02.startswith("Zusammenfassung: Zellzusammenfassung B02 K2.")
    assert "(B02, Pos. 5)" in b02

    md = tmp_path / "m.md"
    coded.exports.run("theme-matrix", "md", request, md)
    text = md.read_text(encoding="utf-8")
    assert "Zusammenfassung: Zellzusammenfassung B02 K2." in text and "(B02, Pos. 5)" in text
