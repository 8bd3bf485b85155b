"""Memos on the project, documents, categories and codings: one store, history, audit events."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.services.project import Project


def test_memos_on_every_target_with_history_and_trail(sample_project: Project) -> None:
    project = sample_project
    coding = project.coding.code("B01", "K2.1", turns=(3, 3), memo="Kaltakquise klar")
    on_doc = project.memos.add("document", "B01", "Routinierter Experte.", title="Eindruck")
    on_project = project.memos.add("project", None, "Bindung und Akquise trennen")
    on_category = project.memos.add("category", "K2.1", "Abgrenzung zu Messe schärfen")
    with pytest.raises(ConflictError, match="memo edit"):
        project.memos.add("coding", str(coding.id), "zweites Memo")
    with pytest.raises(NotFoundError):
        project.memos.add("document", "B99", "x")
    with pytest.raises(InvalidInputError, match="empty"):
        project.memos.add("project", None, "   ")
    listed = project.memos.list()
    assert [m.target for m in listed] == ["coding", "document", "project", "category"]
    assert listed[0].text == "Kaltakquise klar" and listed[0].author == "alice"
    assert listed[0].about.startswith("B01, Pos. 3, K2.1")
    assert on_doc.heading == "Eindruck" and on_project.about == "Projekt"
    assert on_category.about.startswith("K2.1 ")

    edited = project.memos.edit(on_doc.id, text="Routinierter, offener Experte.")
    edited = project.memos.edit(on_doc.id, title="Erster Eindruck")
    assert edited.text == "Routinierter, offener Experte." and edited.title == "Erster Eindruck"
    assert [(v.title, v.text) for v in edited.history] == [
        ("Eindruck", "Routinierter Experte."),
        ("Eindruck", "Routinierter, offener Experte."),
    ]
    assert [m.id for m in project.memos.list(search="MESSE")] == [on_category.id]
    assert [m.id for m in project.memos.list(target="document")] == [on_doc.id]
    assert [m.id for m in project.memos.list(search="B01")] == [listed[0].id, on_doc.id]

    removed = project.memos.remove(on_project.id)
    assert removed.text == "Bindung und Akquise trennen"
    with pytest.raises(NotFoundError):
        project.memos.get(on_project.id)
    actions = [(e.entity, e.action) for e in project.audit.log() if e.entity == "memo"]
    assert actions == [("memo", "create")] * 3 + [("memo", "edit")] * 2 + [("memo", "delete")]
    assert project.audit.verify().ok


def test_the_coding_memo_lives_in_the_store_and_goes_with_its_coding(
    sample_project: Project,
) -> None:
    project = sample_project
    coding = project.coding.code("B01", "K2.1", turns=(3, 3))
    assert project.memos.list() == []
    project.coding.set_memo(coding.id, "warum diese Kategorie")
    (memo,) = project.memos.list(target="coding")
    assert memo.target_id == coding.id and memo.text == "warum diese Kategorie"
    project.coding.set_memo(coding.id, "genauer: Telefon, kein Vorkontakt")
    (memo,) = project.memos.list(target="coding")
    assert [v.text for v in memo.history] == ["warum diese Kategorie"]
    assert project.coding.query(document="B01")[0].memo == "genauer: Telefon, kein Vorkontakt"
    # An edit through the memo store is what the coding shows.
    project.memos.edit(memo.id, text="per Memo-Befehl geändert")
    assert project.coding.query(document="B01")[0].memo == "per Memo-Befehl geändert"
    # Undo of the memo step, and removing the coding takes its memo along.
    project.coding.set_memo(coding.id, "")
    assert project.memos.list() == []
    project.history.undo()
    assert project.coding.query(document="B01")[0].memo == "per Memo-Befehl geändert"
    project.coding.remove(coding.id)
    assert project.memos.list() == []
    project.history.undo()  # the coding comes back with its memo
    assert project.coding.query(document="B01")[0].memo == "per Memo-Befehl geändert"


def test_the_memos_export_lists_each_memo_with_its_history(sample_project: Project) -> None:
    from qualcode.services.memos import memos_table

    memo = sample_project.memos.add("document", "B02", "Erste Fassung")
    sample_project.memos.edit(memo.id, text="Zweite Fassung")
    table = memos_table(sample_project.memos.list())
    row = table.frame.iloc[0]
    assert (row["Bezug"], row["Gegenstand"], row["Memo"]) == ("Dokument", "B02", "Zweite Fassung")
    assert "alice: Erste Fassung" in row["Frühere Fassungen"]
    assert "1 Memos; 1 davon überarbeitet" in table.notes[0]
