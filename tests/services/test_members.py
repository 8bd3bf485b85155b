"""Members and roles: who may edit the codebook, freeze it, settle, remove (both backends)."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import ConflictError, NotAllowedError, NotFoundError
from qualcode.domain.roles import Role
from qualcode.services.agreement import AgreementRequest
from qualcode.services.project import Project


def test_without_members_everyone_may_do_everything(sample_project: Project) -> None:
    assert sample_project.members.list() == []
    carol = sample_project.as_coder("carol")
    carol.codebook.edit_category("K2.1", name="Kaltakquise", reason="kürzer")
    carol.documents.remove("B07")
    assert carol.members.role() is None


def test_the_first_member_added_leaves_an_admin_and_says_so(new_project: Project) -> None:
    change = new_project.members.add("bob", "coder")
    assert change.made_admin == "alice"
    assert [(m.name, m.role) for m in new_project.members.list()] == [
        ("alice", Role.ADMIN),
        ("bob", Role.CODER),
    ]
    events = [(e.action, e.entity, e.after) for e in new_project.audit.log()][-2:]
    assert events == [
        ("add", "member", {"name": "alice", "role": "admin"}),
        ("add", "member", {"name": "bob", "role": "coder"}),
    ]
    assert new_project.audit.verify().ok


def test_adding_oneself_first_makes_one_admin(new_project: Project) -> None:
    change = new_project.members.add("alice", "reviewer")
    assert change.member is not None and change.member.role is Role.ADMIN
    assert change.made_admin == "alice"
    assert len([e for e in new_project.audit.log() if e.entity == "member"]) == 1


def test_roles_are_enforced_with_a_clear_message(sample_project: Project) -> None:
    sample_project.members.add("anna", "coder")
    sample_project.members.add("ben", "reviewer")
    anna, ben, eve = (sample_project.as_coder(n) for n in ("anna", "ben", "eve"))
    with pytest.raises(
        NotAllowedError,
        match="^anna is a coder in this project; editing the codebook needs the admin role$",
    ):
        anna.codebook.edit_category("K2.1", name="x", reason="y")
    with pytest.raises(NotAllowedError, match="freezing the codebook needs the admin role"):
        ben.versions.freeze()
    with pytest.raises(NotAllowedError, match="removing a document needs the admin role"):
        ben.documents.remove("B07")
    with pytest.raises(NotAllowedError, match="managing the members needs the admin role"):
        ben.members.add("eve", "coder")
    with pytest.raises(NotAllowedError, match="^eve is not a member of this project; coding"):
        eve.coding.code("B01", "K2.1", turns=(5, 5))
    with pytest.raises(NotAllowedError, match="anna is a coder.*creating|editing the codebook"):
        anna.codebook.create_category(name="Neu", parent="K2", definition="d")
    # What each role may do.
    anna.coding.code("B01", "K2.1", turns=(5, 5))
    ben.coding.code("B01", "K2.2", turns=(5, 5))
    request = AgreementRequest(("anna", "ben"))
    (view, *_) = ben.agreement.compare(request).disagreements
    with pytest.raises(NotAllowedError, match="settling a disagreement needs the reviewer role"):
        anna.disagreements.resolve(request.coders, view, "a", reason="klar")
    ben.disagreements.resolve(request.coders, view, "a", reason="klar")
    sample_project.codebook.edit_category("K2.1", name="Kaltakquise", reason="kürzer")
    sample_project.versions.freeze()
    sample_project.documents.remove("B07")
    assert sample_project.audit.verify().ok


def test_role_changes_are_recorded_and_take_effect_at_once(new_project: Project) -> None:
    new_project.members.add("anna", "coder")
    anna = new_project.as_coder("anna")
    with pytest.raises(NotAllowedError):
        anna.codebook.edit_category("K2.1", name="x", reason="y")
    change = new_project.members.set_role("anna", "admin")
    assert change.old_role is Role.CODER
    anna.codebook.edit_category("K2.1", name="x", reason="y")
    (event,) = [e for e in new_project.audit.log() if e.action == "role"]
    assert (event.before, event.after) == ({"role": "coder"}, {"name": "anna", "role": "admin"})
    assert event.describe() == "changed anna's role from coder to admin"


def test_the_last_admin_stays(new_project: Project) -> None:
    new_project.members.add("bob", "coder")
    with pytest.raises(ConflictError, match="alice is the only admin"):
        new_project.members.remove("alice")
    with pytest.raises(ConflictError, match="alice is the only admin"):
        new_project.members.set_role("alice", "coder")
    with pytest.raises(ConflictError, match="bob is a member already, as coder"):
        new_project.members.add("bob", "admin")
    with pytest.raises(NotFoundError, match="carol is not a member"):
        new_project.members.remove("carol")
    new_project.members.set_role("bob", "admin")
    new_project.members.remove("alice")
    assert [(m.name, m.role) for m in new_project.members.list()] == [("bob", Role.ADMIN)]
    removed = [e for e in new_project.audit.log() if e.action == "remove"][-1]
    assert removed.describe() == "removed alice (admin) from the members"


def test_a_project_from_before_roles_opens_open_to_all(project_location: str) -> None:
    """A 0008 project with a codebook: its categories start at version 1, nobody is a member."""
    import sqlalchemy as sa
    from alembic import command

    from qualcode.services.project import open_project
    from qualcode.storage import db as storage_db
    from qualcode.storage.location import parse_location

    location = parse_location(project_location)
    engine = storage_db.make_engine(location)
    with engine.begin() as conn:
        command.upgrade(storage_db.alembic_config(conn), "0008")
        if location.is_sqlite:
            conn.exec_driver_sql(f"PRAGMA application_id={storage_db.APPLICATION_ID}")
        conn.execute(
            sa.text("INSERT INTO coders (name, created_at) VALUES ('old', :t)"), {"t": "2026-01-01"}
        )
        conn.execute(
            sa.text(
                "INSERT INTO categories (position, code, name, definition, coding_rule, anchors,"
                " origin, reference, status, created_at, updated_at) VALUES (0, 'K1', 'Eins', '',"
                " '', '[]', 'deductive', '', 'active', :t, :t)"
            ),
            {"t": "2026-01-01"},
        )
    engine.dispose()
    with open_project(project_location, "anna") as project:
        assert project.upgraded_from is not None and project.upgraded_from[0] == "0008"
        assert project.members.list() == []
        category = project.codebook.resolve("K1")
        assert category.version == 1
        changed = project.codebook.edit_category(
            "K1", name="Erste", reason="klarer", expected_version=1
        )
        assert changed.name == "Erste"
        assert project.codebook.resolve("K1").version == 2
