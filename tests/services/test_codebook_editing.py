"""Moving, merging and splitting categories, each with a reason (both backends)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from qualcode.domain.errors import InvalidInputError
from qualcode.services.project import Project


def test_move_recodes_the_category_and_its_codings_follow(sample_project: Project) -> None:
    coding = sample_project.coding.code("B01", "K2.1", turns=(9, 9))
    with pytest.raises(InvalidInputError, match="why"):
        sample_project.codebook.move("K2.1", "K3", reason="")
    moved = sample_project.codebook.move("K2.1", "K3", reason="Kaltakquise gehört zu online?")
    assert moved.code == "K3.8" and moved.parent == "K3" and moved.name == "Kaltakquise (Telefon)"
    book = sample_project.codebook.get()
    assert book.get("K2.1") is None and book.children("K3")[-1].code == "K3.8"
    (after,) = sample_project.coding.query()
    assert after.id == coding.id and after.category == "K3.8"
    with pytest.raises(InvalidInputError, match="under itself"):
        sample_project.codebook.move("K3", "K3.8", reason="x")


def test_merge_moves_codings_and_anchors_and_retires_the_source(sample_project: Project) -> None:
    sample_project.coding.code("B01", "K2.3", turns=(55, 55))
    sample_project.coding.code("B02", "K2.4", turns=(5, 5))
    source_anchors = sample_project.codebook.resolve("K2.3").anchors
    moved = sample_project.codebook.merge(
        "K2.3", "K2.4", reason="Empfehlung und Referenz fallen zusammen"
    )
    assert moved == 1
    book = sample_project.codebook.get()
    assert book.get("K2.3").status == "retired"  # type: ignore[union-attr]
    assert set(source_anchors) <= set(book.get("K2.4").anchors)  # type: ignore[union-attr]
    assert {c.category for c in sample_project.coding.query()} == {"K2.4"}
    with pytest.raises(InvalidInputError, match="subcategories"):
        sample_project.codebook.merge("K2", "K3", reason="x")
    with pytest.raises(InvalidInputError, match="retired"):
        sample_project.coding.code("B01", "K2.3", turns=(5, 5))


def test_split_then_reassign_passages(sample_project: Project) -> None:
    first = sample_project.coding.code("B01", "K10.1", turns=(33, 33))
    new = sample_project.codebook.split("K10.1", name="CRM-Datenqualität", reason="zu breit")
    assert new.parent == "K10" and new.definition.startswith("Abgespalten aus K10.1")
    moved = sample_project.coding.reassign(first.id, new.code, reason="gehört zur Datenqualität")
    assert moved.category == new.code
    with sample_project.database.engine.connect() as conn:
        actions = conn.execute(
            sa.text(
                "SELECT action, reason FROM audit_events WHERE action IN ('reassign','create')"
                " AND entity IN ('coding','category') ORDER BY id"
            )
        ).all()
    assert ("reassign", "gehört zur Datenqualität") in [tuple(r) for r in actions]


def test_withdraw_a_category_nothing_depends_on(sample_project: Project) -> None:
    from qualcode.domain.errors import ConflictError

    book = sample_project.codebook
    created = book.create_category(name="Versehen", parent="K2", definition="aus Versehen")
    with pytest.raises(ConflictError, match="subcategories"):
        book.withdraw_category("K2")
    coding = sample_project.coding.code("B01", created.code, turns=(5, 5))
    with pytest.raises(ConflictError, match="has 1 coding"):
        book.withdraw_category(created.code)
    sample_project.coding.uncode(coding.id)
    book.withdraw_category(created.code, reason="falsch angelegt")
    assert book.get().get(created.code) is None
    (event,) = [
        e for e in sample_project.audit.log() if e.action == "delete" and e.entity == "category"
    ]
    assert event.reason == "falsch angelegt" and event.before["name"] == "Versehen"
    assert event.describe() == f"took back {created.code} “Versehen”"
