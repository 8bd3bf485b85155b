"""Writes to one project take turns, on a SQLite file and on PostgreSQL; a busy begin is
tried again, and a project held too long says so in one line."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.services.project import init_project, open_project
from qualcode.storage import db as storage_db
from qualcode.storage import failures
from qualcode.storage.location import parse_location
from tests.conftest import _fresh_pg_database


def _hold_sqlite(path: Path, seconds: float, ready: threading.Event) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    ready.set()
    time.sleep(seconds)
    raw.execute("ROLLBACK")
    raw.close()


def test_a_busy_begin_is_tried_again(sqlite_location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    init_project(sqlite_location, "alice").close()
    # A short busy timeout, so that the begin is refused as busy rather than waiting.
    monkeypatch.setattr(storage_db, "SQLITE_BUSY_TIMEOUT_MS", 50)
    project = open_project(sqlite_location, "alice")
    ready = threading.Event()
    holder = threading.Thread(target=_hold_sqlite, args=(Path(sqlite_location), 0.3, ready))
    holder.start()
    ready.wait()
    project.coding.set_pass("main")  # refused as busy at first, then done
    holder.join()
    assert project.coding.current_pass() == "main"
    assert project.audit.verify().ok
    ready.clear()
    holder = threading.Thread(target=_hold_sqlite, args=(Path(sqlite_location), 2.5, ready))
    holder.start()
    ready.wait()
    with pytest.raises(ProjectError, match="is busy: another change held it too long"):
        project.coding.set_pass("pilot")
    holder.join()
    project.close()


def test_a_locked_file_is_busy_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as refused:
        other.execute("BEGIN IMMEDIATE")
    holder.close()
    other.close()
    assert failures.is_busy(refused.value)
    assert not failures.is_busy(sqlite3.OperationalError("no such table: x"))
    location = parse_location(str(path))
    said = failures.translate(refused.value, location)
    assert said is not None and str(said) == (
        f"the project {path} is busy: another change held it too long, so nothing was saved. "
        "Try again"
    )


@pytest.mark.postgres
def test_on_postgresql_a_write_waits_for_the_one_before(postgres_server: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    project_location = _fresh_pg_database(postgres_server)
    project = init_project(project_location, "alice")
    conninfo = (
        make_url(project_location)
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    done = threading.Event()

    def write() -> None:
        project.coding.set_pass("main")
        done.set()

    with psycopg.connect(conninfo) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", (storage_db.WRITE_LOCK,))
        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(0.5)  # held up by the other writer's turn...
        assert project.coding.current_pass() == "pilot"  # ...while reading goes on
        other.rollback()
    writer.join(timeout=30)
    assert done.is_set() and project.coding.current_pass() == "main"
    project.close()
