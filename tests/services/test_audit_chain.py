"""The audit trail's hash chain on real databases: intact, tampered with by hand, upgraded,
and written by two writers at once; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import sqlalchemy as sa

from qualcode.domain.audit_chain import CUT, EDITED, LINK, TRIGGERS
from qualcode.services.project import Project, open_project
from qualcode.storage import db as storage_db
from qualcode.storage.location import parse_location
from qualcode.storage.schema import audit_events, coders
from tests.helpers import SAMPLE_FILES


def _tamper(project: Project, *statements: str, drop_triggers: bool = True) -> None:
    """What someone with the database in hand can do: drop the triggers, then change rows."""
    with project.database.engine.begin() as conn:
        if drop_triggers:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("DROP TRIGGER audit_events_append_only ON audit_events"))
            else:
                conn.execute(sa.text("DROP TRIGGER audit_events_no_update"))
                conn.execute(sa.text("DROP TRIGGER audit_events_no_delete"))
        for statement in statements:
            conn.execute(sa.text(statement))


def _seq_of(project: Project, n: int) -> int:
    """The id of the event at place n of the chain."""
    with project.database.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT id FROM audit_events WHERE seq = {n}")).scalar())


def test_a_clean_project_verifies_and_keeps_verifying(new_project: Project) -> None:
    first = new_project.audit.verify()
    assert first.ok and first.checked > 50 and first.head and len(first.head) == 64
    assert first.summary == f"Audit trail: intact ({first.checked} events)"
    new_project.documents.import_files(SAMPLE_FILES[:1])
    coding = new_project.coding.code("B01", "K2.1", turns=(3, 3))
    new_project.coding.set_memo(coding.id, "Umlaute: äöü ß „zitiert“")
    later = new_project.audit.verify()
    assert later.ok and later.checked > first.checked and later.head != first.head
    assert new_project.audit.verify(head=first.head).ok  # the pinned head is still in it
    events = new_project.audit.log()
    assert events[-1].hash == later.head and events[-1].seq == later.checked
    assert new_project.audit.quick_check().ok and new_project.trail_warning is None


def test_an_event_deleted_behind_dropped_triggers_is_named(new_project: Project) -> None:
    victim = _seq_of(new_project, 5)
    _tamper(new_project, f"DELETE FROM audit_events WHERE id = {victim}")
    check = new_project.audit.verify()
    assert not check.ok and check.problem == LINK and check.event_seq == 6
    assert check.event_id == _seq_of(new_project, 6)
    assert "1 event before it was deleted (no. 5 missing)" in check.summary
    assert check.summary.startswith(f"Audit trail: BROKEN at event {check.event_id} (no. 6, ")
    assert "\n" not in check.summary


def test_a_reason_changed_behind_dropped_triggers_is_named(new_project: Project) -> None:
    victim = _seq_of(new_project, 3)
    _tamper(new_project, f"UPDATE audit_events SET reason = 'anders' WHERE id = {victim}")
    check = new_project.audit.verify()
    assert check.problem == EDITED and check.event_id == victim
    assert "no longer matches its hash" in check.summary


def test_a_forged_event_with_an_old_date_is_caught(new_project: Project) -> None:
    head = new_project.audit.verify()
    values = {
        "at": datetime(2025, 1, 1, 9, tzinfo=UTC),
        "coder_id": 1,
        "action": "create",
        "entity": "coding",
        "entity_id": 999,
        "before": None,
        "after": {"category": "K1"},
        "reason": "",
        "seq": head.checked + 1,
        "prev_hash": head.head,
        "hash": "f" * 64,
    }
    # Through the table as another program would write it; no trigger stops an INSERT.
    with new_project.database.engine.begin() as conn:
        conn.execute(audit_events.insert().values(**values))
    check = new_project.audit.verify()
    assert check.problem == EDITED and check.event_seq == head.checked + 1
    assert check.event_at is not None and check.event_at.year == 2025


def test_a_forged_event_slipped_between_two_is_caught(new_project: Project) -> None:
    with new_project.database.engine.begin() as conn:
        conn.execute(
            audit_events.insert().values(
                at=datetime(2025, 1, 1, 9, tzinfo=UTC),
                coder_id=1,
                action="delete",
                entity="coding",
                reason="",
                seq=None,
                prev_hash=None,
                hash=None,
            )
        )
    check = new_project.audit.verify()
    assert not check.ok and check.problem == LINK


def test_two_events_swapped_are_caught(new_project: Project) -> None:
    a, b = _seq_of(new_project, 2), _seq_of(new_project, 3)
    # Swap their contents, keeping each row's place and hashes: the chain links still line up.
    _tamper(
        new_project,
        f"UPDATE audit_events SET entity_id = -1 WHERE id = {a}",
        f"UPDATE audit_events SET entity_id = (SELECT entity_id FROM audit_events WHERE id = {b})"
        f" WHERE id = {a}",
    )
    check = new_project.audit.verify()
    assert check.problem == EDITED and check.event_id == a


def test_the_newest_events_deleted_are_caught_at_the_end(new_project: Project) -> None:
    last = new_project.audit.verify().checked
    _tamper(new_project, f"DELETE FROM audit_events WHERE seq >= {last - 1}")
    check = new_project.audit.verify()
    assert check.problem == CUT and f"but the chain head records no. {last}" in check.summary
    assert not new_project.audit.quick_check().ok


def test_missing_triggers_are_noticed_on_opening(new_project: Project) -> None:
    _tamper(new_project)
    assert new_project.trail_warning is None  # it was opened before
    where = new_project.database.location
    again = open_project(str(where.path or where.url), "alice")
    try:
        assert again.database.missing_triggers
        warning = again.trail_warning
        assert warning is not None and "not protected" in warning and "\n" not in warning
        check = again.audit.verify()
        assert not check.ok and check.problem == TRIGGERS and check.checked > 0
        assert again.audit.log()  # reading still works, so the damage can be inspected
    finally:
        again.close()


def _old_project(location: str) -> None:
    """A project as schema 0006 left it: a coder and a few events, without any chain."""
    engine = storage_db.make_engine(parse_location(location))
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(storage_db.alembic_config(conn), "0006")
        json = "CAST({} AS json)" if conn.dialect.name == "postgresql" else "{}"
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={storage_db.APPLICATION_ID}")
        conn.execute(coders.insert().values(name="old", created_at=sa.func.now()))
        conn.execute(
            sa.text(
                "INSERT INTO audit_events (at, coder_id, action, entity, entity_id, before, "
                "after, reason) SELECT :at, id, 'memo', 'coding', :i, "
                f"{json.format(':b')}, {json.format(':a')}, '' FROM coders WHERE name = 'old'"
            ),
            [
                {
                    "at": f"2025-0{i}-01 10:00:00.25000{i}",
                    "i": i,
                    "b": '{"memo": ""}' if i > 1 else None,
                    "a": f'{{"memo": "Notiz {i} \\u2013 ü", "share": 0.30000000000000004}}',
                }
                for i in range(1, 6)
            ],
        )
    engine.dispose()


def test_an_upgraded_project_starts_with_a_chain_that_verifies(project_location: str) -> None:
    _old_project(project_location)
    project = open_project(project_location, "alice")
    try:
        assert project.upgraded_from is not None and project.upgraded_from[0] == "0006"
        check = project.audit.verify()
        assert check.ok and check.checked == 5, check.summary
        project.codebook.create_category(name="Neu", parent=None, definition="nach dem Upgrade")
        assert project.audit.verify().ok and project.trail_warning is None
    finally:
        project.close()


def test_an_upgrade_puts_back_triggers_that_were_dropped(project_location: str) -> None:
    _old_project(project_location)
    engine = storage_db.make_engine(parse_location(project_location))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP TRIGGER audit_events_append_only ON audit_events"))
        else:
            conn.execute(sa.text("DROP TRIGGER audit_events_no_delete"))
    engine.dispose()
    project = open_project(project_location, "alice")
    try:
        assert project.trail_warning is not None  # said on the opening that upgraded it
        assert project.audit.verify().ok  # chained at upgrade, with its triggers made again
    finally:
        project.close()
    again = open_project(project_location, "alice")
    assert again.trail_warning is None
    again.close()


def test_two_writers_at_once_keep_one_chain(new_project: Project) -> None:
    location = str(new_project.database.location.path or new_project.database.location.url)
    new_project.documents.import_files(SAMPLE_FILES[:1])
    codings = [new_project.coding.code("B01", "K2.1", turns=(n, n)).id for n in (3, 5)]
    before = new_project.audit.verify().checked
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(coding_id: int, coder: str) -> None:
        try:
            project = open_project(location, coder)
            try:
                start.wait()
                for i in range(20):  # each write reads the chain's head and moves it
                    project.coding.set_memo(coding_id, f"{coder} {i}")
            finally:
                project.close()
        except BaseException as exc:  # handed to the test's thread
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(coding_id, coder))
        for coding_id, coder in zip(codings, ("xaver", "yvonne"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = new_project.audit.verify()
    assert check.ok, check.summary
    assert check.checked == before + 40
    coders_in_order = [e.coder for e in new_project.audit.log()[before:]]
    assert set(coders_in_order) == {"xaver", "yvonne"}


def test_removing_a_document_with_force_records_every_coding(new_project: Project) -> None:
    new_project.documents.import_files(SAMPLE_FILES[:1])
    one = new_project.coding.code("B01", "K2.1", turns=(3, 3))
    two = new_project.coding.code("B01", "K3.1", turns=(5, 5))
    new_project.documents.remove("B01", force=True, reason="falsche Datei")
    removal = new_project.audit.log(coding=one.id)[-1]
    assert (removal.entity, removal.action) == ("coding", "delete")
    assert removal.before["text"] == one.text and removal.before["category"] == "K2.1"
    assert removal.reason == "removed with the document B01: falsche Datei"
    assert removal.describe().startswith("removed the coding K2.1 in B01")
    assert new_project.audit.log(coding=two.id)[-1].action == "delete"
    assert any(e.entity == "document" and e.action == "remove" for e in new_project.audit.log())
    assert new_project.audit.verify().ok
