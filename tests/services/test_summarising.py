"""Mayring's summarising technique: each edit one recorded transaction; the reduction table's
rows are its passages; promotion creates the categories, codes the passages and records it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services.exports import ExportRequest
from qualcode.services.project import Project


@pytest.fixture
def passages(sample_project: Project) -> tuple[Project, list[int]]:
    ids = [
        sample_project.coding.code("B01", "K2.1", turns=(9, 9)).id,
        sample_project.coding.code("B02", "K2.1", turns=(5, 5)).id,
        sample_project.coding.code("B03", "K2.1", turns=(9, 9)).id,
    ]
    return sample_project, ids


def test_an_edit_is_one_recorded_transaction(passages: tuple[Project, list[int]]) -> None:
    project, (first, *_) = passages
    before = len(project.audit.log())
    unit = project.summarising.edit(first, paraphrase=" Telefonakquise im Innendienst ")
    assert unit.paraphrase == "Telefonakquise im Innendienst" and unit.generalisation == ""
    unit = project.summarising.edit(first, generalisation="Kaltakquise per Telefon")
    assert unit.paraphrase == "Telefonakquise im Innendienst"  # the other columns stay
    log = project.audit.log()
    assert len(log) == before + 2
    assert log[-1].entity == "summary_unit" and log[-1].entity_id == first
    assert "generalisation" in log[-1].describe()
    project.summarising.edit(first, generalisation="Kaltakquise per Telefon")  # nothing new
    assert len(project.audit.log()) == before + 2
    with pytest.raises(NotFoundError):
        project.summarising.edit(999, paraphrase="x")
    # A refused edit changes nothing: the length limit is checked before the transaction.
    with pytest.raises(InvalidInputError):
        project.summarising.edit(first, reduction="x" * 20_001)
    assert project.summarising.units(written_only=True)[0].reduction == ""


def test_the_summary_table_rows_are_its_passages(
    passages: tuple[Project, list[int]], tmp_path: Path
) -> None:
    project, (a, b, c) = passages
    project.summarising.edit(a, paraphrase="Pa", generalisation="Ga", reduction="Telefon")
    project.summarising.edit(c, paraphrase="Pc", generalisation="Gc", reduction="")  # Z3
    units = {u.coding_id: u for u in project.summarising.units()}
    request = ExportRequest(as_of=date(2026, 12, 1))
    path = tmp_path / "t.xlsx"
    written = project.exports.run("summary-table", "xlsx", request, path)
    assert written.tables[0].rows == 2
    rows = list(load_workbook(path)["Reduktion"].iter_rows(values_only=True))
    assert rows[1] == ("Fall", "Pos.", "Paraphrase", "Generalisierung", "Reduktion")
    body = [r for r in rows[2:4]]
    expected = [
        (units[i].document, units[i].pos, units[i].paraphrase, units[i].generalisation)
        for i in (a, c)
    ]
    assert [tuple(r[:4]) for r in body] == expected
    assert [r[4] for r in body] == ["Telefon", None]
    assert any("1 kodierte Textstelle ohne Paraphrase" in str(r[0]) for r in rows[4:])
    docx = tmp_path / "t.docx"
    project.exports.run("summary-table", "docx", request, docx)
    table = Document(str(docx)).tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Fall",
        "Pos.",
        "Paraphrase",
        "Generalisierung",
        "Reduktion",
    ]
    assert [tuple(c.text for c in r.cells)[:3] for r in table.rows[1:]] == [
        ("B01", "9", "Pa"),
        ("B03", "9", "Pc"),
    ]
    machines = ExportRequest(attributes=(("Branche", "Maschinenbau"),))
    only = project.exports.run("summary-table", "md", machines, tmp_path / "m.md")
    assert only.tables[0].rows == 1 and "Branche = Maschinenbau" in (tmp_path / "m.md").read_text()
    one = project.exports.run(
        "summary-table", "md", ExportRequest(documents=("B03",)), tmp_path / "t.md"
    )
    assert one.tables[0].rows == 1


def test_an_empty_summary_table_is_refused_with_the_way_to_fill_it(
    passages: tuple[Project, list[int]], tmp_path: Path
) -> None:
    project, _ = passages
    with pytest.raises(InvalidInputError, match="reduce set"):
        project.exports.run("summary-table", "md", ExportRequest(), tmp_path / "t.md")
    assert not (tmp_path / "t.md").exists()


def test_promotion_creates_categories_codes_passages_and_records_it(
    passages: tuple[Project, list[int]],
) -> None:
    project, (a, b, c) = passages
    project.summarising.edit(a, paraphrase="Pa", reduction="Systematische Telefonakquise")
    project.summarising.edit(b, paraphrase="Pb", reduction=" systematische  telefonakquise")
    project.summarising.edit(c, paraphrase="Pc", reduction="Zielkundenliste")
    open_ = project.summarising.reductions()
    assert [(r.text, len(r.units)) for r in open_] == [
        ("Systematische Telefonakquise", 2),
        ("Zielkundenliste", 1),
    ]
    codings_before = len(project.coding.query())
    done = project.summarising.promote(under="K2")
    assert [(d.name, d.created, len(d.codings)) for d in done] == [
        ("Systematische Telefonakquise", True, 2),
        ("Zielkundenliste", True, 1),
    ]
    book = project.codebook.get()
    first = book.get(done[0].code)
    assert first is not None and first.parent == "K2" and first.origin == "inductive"
    assert first.definition.startswith("Systematische Telefonakquise")
    assert {a.document for a in first.anchors} == {"B01", "B02"}
    coded = project.coding.query(category=done[0].code)
    spans = {
        (u.document, u.start, u.end) for u in project.summarising.units() if u.coding_id in (a, b)
    }
    assert {(k.document, k.start, k.end) for k in coded} == spans
    assert len(project.coding.query()) == codings_before + 3
    # The link stays: each unit names the category its reduction became.
    promoted = {u.coding_id: u.promoted for u in project.summarising.units()}
    assert promoted[a] == promoted[b] == done[0].code and promoted[c] == done[1].code
    log = project.audit.log()
    kinds = [(e.entity, e.action) for e in log[-7:]]
    assert kinds.count(("category", "create")) == 2
    assert kinds.count(("coding", "create")) == 3
    assert kinds.count(("reduction", "promote")) == 2
    assert len({e.at for e in log[-7:]}) == 1  # one unit of work
    # Nothing is left to promote, and the step is not undone half.
    assert project.summarising.reductions() == []
    with pytest.raises(InvalidInputError):
        project.summarising.promote()
    steps = project.history.steps()
    assert steps.undo is not None and steps.undo.blocked


def test_promotion_reuses_a_category_of_the_same_name(
    passages: tuple[Project, list[int]],
) -> None:
    project, (a, *_) = passages
    name = project.codebook.get().get("K2.2").name  # type: ignore[union-attr]
    project.summarising.edit(a, reduction=name.upper())
    project.coding.code("B01", "K2.2", turns=(9, 9))  # the passage has that category already
    (done,) = project.summarising.promote(under="K2")
    assert done.code == "K2.2" and not done.created and done.codings == ()
    assert [u.promoted for u in project.summarising.units() if u.coding_id == a] == ["K2.2"]
