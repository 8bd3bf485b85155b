"""Memos, undo of a removal, inductive categories and guideline edits (both backends)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from qualcode.domain.codebook import Anchor
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services.project import Project


def audit_rows(project: Project, entity: str) -> list[tuple[str, str]]:
    with project.database.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT action, reason FROM audit_events WHERE entity = :e ORDER BY id"),
            {"e": entity},
        ).all()
    return [(r[0], r[1]) for r in rows]


def test_memo_and_restore(sample_project: Project) -> None:
    coding = sample_project.coding.code("B01", "K2.1", turns=(9, 9), coding_pass="pilot")
    with_memo = sample_project.coding.set_memo(coding.id, "  typischer Fall  ")
    assert with_memo.memo == "typischer Fall"
    removed = sample_project.coding.uncode(coding.id)
    again = sample_project.coding.restore(removed)
    assert (again.start, again.end, again.memo, again.coding_pass, again.category) == (
        coding.start,
        coding.end,
        "typischer Fall",
        "pilot",
        "K2.1",
    )
    assert sample_project.coding.counts() == {"K2.1": 1}
    assert [a for a, _ in audit_rows(sample_project, "coding")] == [
        "create",
        "memo",
        "delete",
        "create",
    ]


def test_new_inductive_category_gets_the_next_code_and_its_origin(sample_project: Project) -> None:
    anchor = Anchor("Nachhaltigkeit ist inzwischen ein Ausschlusskriterium.", "B04", 39)
    created = sample_project.codebook.create_category(
        name="Lieferketten-Transparenz",
        parent="K12",
        definition="Aussagen zur Transparenz der Lieferkette.",
        anchors=(anchor,),
    )
    assert created.code == "K12.4" and created.origin == "inductive"
    assert "induktiv am Material gebildet (B04, Pos. 39)" in created.reference
    assert "alice" in created.reference
    assert sample_project.codebook.get().children("K12")[-1].code == "K12.4"
    main = sample_project.codebook.create_category(name="Sonstiges", parent=None, definition="x")
    assert main.code == "K13"
    with pytest.raises(InvalidInputError, match="named"):
        sample_project.codebook.create_category(name="Sonstiges", parent=None, definition="y")
    with pytest.raises(NotFoundError):
        sample_project.codebook.create_category(name="X", parent="K99", definition="y")


def test_editing_a_category_needs_a_reason_and_is_audited(sample_project: Project) -> None:
    with pytest.raises(InvalidInputError, match="why"):
        sample_project.codebook.edit_category("K2.1", reason=" ", definition="neu")
    edited = sample_project.codebook.edit_category(
        "K2.1", reason="Abgrenzung zu K2.2 geschärft", coding_rule="Nur ohne jeden Vorkontakt."
    )
    assert edited.coding_rule == "Nur ohne jeden Vorkontakt."
    assert sample_project.codebook.resolve("K2.1").coding_rule == "Nur ohne jeden Vorkontakt."
    assert ("update", "Abgrenzung zu K2.2 geschärft") in audit_rows(sample_project, "category")
