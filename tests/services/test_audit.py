"""The audit trail read back: filters by time, coder, category and coding."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from qualcode.domain.errors import NotFoundError
from qualcode.services.project import Project


def test_every_kind_of_change_is_in_the_log(sample_project: Project) -> None:
    alice = sample_project
    coding = alice.coding.code("B01", "K2.1", turns=(9, 9))
    alice.coding.set_memo(coding.id, "klar")
    alice.coding.reassign(coding.id, "K2.2", reason="eher Messe")
    alice.codebook.edit_category("K2.2", definition="Messen", reason="knapper")
    alice.coding.uncode(coding.id, reason="doch nicht")
    actions = [(e.entity, e.action) for e in alice.audit.log()]
    for expected in [
        ("document", "import"),
        ("category", "create"),
        ("coding", "create"),
        ("coding", "memo"),
        ("coding", "reassign"),
        ("category", "update"),
        ("coding", "delete"),
    ]:
        assert expected in actions
    history = alice.audit.log(coding=coding.id)
    assert [e.action for e in history] == ["create", "memo", "reassign", "delete"]
    assert history[2].before == {"category": "K2.1"} and history[2].reason == "eher Messe"
    assert history[2].describe() == f"coding {coding.id}: K2.1 → K2.2"
    update = next(e for e in alice.audit.log() if e.action == "update")
    assert update.describe() == "changed K2.2: definition"
    # A coding's entries name its Pos., by which a reader finds the passage.
    assert history[0].describe().startswith("coded B01 Pos. 9 as K2.1: “")
    assert history[-1].describe().startswith("removed the coding K2.2 in B01 Pos. 9: “")
    longer = alice.coding.code("B01", "K2.1", turns=(9, 10))
    made = alice.audit.log(coding=longer.id)[-1]
    assert made.describe().startswith("coded B01 Pos. 9–10 as K2.1")
    # Entries written before the Pos. was kept read as they did.
    old = {k: v for k, v in made.after.items() if not k.startswith("position")}
    assert replace(made, after=old).describe().startswith("coded B01 as K2.1: “")


def test_filters(sample_project: Project) -> None:
    alice, bob = sample_project, sample_project.as_coder("bob")
    first = alice.coding.code("B01", "K2.1", turns=(9, 9))
    bob.coding.code("B01", "K2.2", turns=(7, 7))
    bob.coding.code("B02", "K3.1", turns=(5, 5))
    by_bob = bob.audit.log(coder="bob")
    assert {e.coder for e in by_bob} == {"bob"} and len(by_bob) == 2
    k2 = alice.audit.log(category="K2")  # with its subcategories
    assert {e.after["category"] for e in k2 if e.entity == "coding"} == {"K2.1", "K2.2"}
    assert any(e.entity == "category" for e in k2)  # the categories' own creation
    assert alice.audit.log(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    recent = alice.audit.log(since=datetime.now(UTC) - timedelta(minutes=5))
    assert first.id in {e.entity_id for e in recent if e.entity == "coding"}
    with pytest.raises(NotFoundError, match="no coder 'carol'"):
        alice.audit.log(coder="carol")
    with pytest.raises(NotFoundError, match="no category 'K99'"):
        alice.audit.log(category="K99")


def test_the_log_cannot_be_edited(sample_project: Project) -> None:
    import sqlalchemy as sa

    sample_project.coding.code("B01", "K2.1", turns=(9, 9))
    engine = sample_project.database.engine
    with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET reason = 'forged'"))
    with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_events"))
