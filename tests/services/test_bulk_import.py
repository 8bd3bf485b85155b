"""A large import into a SQLite project goes through the rollback journal when nobody else has
the project open, and the project is in WAL mode again afterwards; with the project open
elsewhere it stays in WAL mode, without waiting. Either way it stores the same rows."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from qualcode.domain.errors import ConflictError
from qualcode.services import documents
from qualcode.services.project import Project, init_project, open_project
from qualcode.storage.db import SQLITE_BUSY_TIMEOUT_MS, SqliteTransaction, connect_for_reading
from qualcode.storage.documents import plain_writes
from tests.helpers import CODEBOOK, SAMPLE_FILES, dump
from tests.services.test_import_writes import rows_with_types


def fresh(path: Path) -> Project:
    """A new project, opened as a command opens it (the creation's connections closed)."""
    init_project(str(path), "alice", CODEBOOK).close()
    return open_project(str(path), "alice")


def journal_mode(path: Path) -> str:
    with closing(sqlite3.connect(path)) as raw:
        return str(raw.execute("PRAGMA journal_mode").fetchone()[0])


def schema(path: Path) -> list[tuple[str, ...]]:
    """The project's tables and indexes as SQLite keeps them (their CREATE statements)."""
    with closing(sqlite3.connect(path)) as raw:
        return raw.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records whether the turns' reading index was there as each document was written."""
    seen: list[bool] = []
    insert = plain_writes.insert

    def observed(tx: SqliteTransaction, **kwargs: Any) -> int:
        found = tx.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = ?", (plain_writes.TURNS_INDEX,)
        ).fetchone()[0]
        seen.append(bool(found))
        return insert(tx, **kwargs)

    monkeypatch.setattr(plain_writes, "insert", observed)
    return seen


@pytest.fixture
def journals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every import counts as large; records the journal each document was written through."""
    seen: list[str] = []
    insert = plain_writes.insert

    def observed(tx: SqliteTransaction, **kwargs: Any) -> int:
        seen.append(str(tx.connection.execute("PRAGMA journal_mode").fetchone()[0]))
        return insert(tx, **kwargs)

    monkeypatch.setattr(documents, "BULK_IMPORT_BYTES", 0)
    monkeypatch.setattr(plain_writes, "insert", observed)
    return seen


def test_a_large_import_writes_through_the_rollback_journal(
    tmp_path: Path, journals: list[str]
) -> None:
    path = tmp_path / "bulk.db"
    project = fresh(path)
    report = project.documents.import_files(SAMPLE_FILES, attributes={"Welle": "1"})
    assert len(report.imported) == len(SAMPLE_FILES)
    assert set(journals) == {"delete"}
    assert journal_mode(path) == "wal"
    assert not path.with_name(path.name + "-journal").exists()
    assert project.audit.verify().ok
    project.close()

    # The same rows as an import through the WAL (the hashes and times aside).
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(documents, "BULK_IMPORT_BYTES", 2**60)
        other = tmp_path / "wal.db"
        project = fresh(other)
        project.documents.import_files(SAMPLE_FILES, attributes={"Welle": "1"})
        project.close()
    assert journals.count("wal") == len(SAMPLE_FILES)
    assert rows_with_types(path) == rows_with_types(other)


def test_with_the_project_open_elsewhere_the_import_keeps_the_wal(
    tmp_path: Path, journals: list[str]
) -> None:
    """A workbench's live watcher keeps a connection open: the import neither waits for it
    nor switches the journal under it, and the watcher hears of the change."""
    path = tmp_path / "open.db"
    project = fresh(path)
    with closing(connect_for_reading(path)) as watcher:

        def version() -> int:
            return int(watcher.execute("PRAGMA data_version").fetchone()[0])

        before = version()
        started = time.monotonic()
        project.documents.import_files(SAMPLE_FILES)
        assert time.monotonic() - started < SQLITE_BUSY_TIMEOUT_MS / 1000 / 2
        assert set(journals) == {"wal"}
        assert version() != before
        assert watcher.execute("SELECT count(*) FROM documents").fetchone()[0] == len(SAMPLE_FILES)
    assert journal_mode(path) == "wal"
    project.close()


def test_a_large_import_builds_the_turns_index_after_its_rows(
    tmp_path: Path, journals: list[str], indexed: list[bool]
) -> None:
    """Into a new project the index is dropped for the inserts and built after the last row,
    in the same transaction: the project ends with the same schema and rows as through WAL."""
    path = tmp_path / "bulk.db"
    project = fresh(path)
    before = schema(path)
    project.documents.import_files(SAMPLE_FILES)
    project.close()
    assert set(journals) == {"delete"}
    assert indexed == [False] * len(SAMPLE_FILES)
    assert schema(path) == before

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(documents, "BULK_IMPORT_BYTES", 2**60)
        other = tmp_path / "wal.db"
        project = fresh(other)
        project.documents.import_files(SAMPLE_FILES)
        project.close()
    assert indexed[len(SAMPLE_FILES) :] == [True] * len(SAMPLE_FILES)
    assert rows_with_types(path) == rows_with_types(other)


def test_an_import_smaller_than_the_project_keeps_the_turns_index(
    tmp_path: Path, journals: list[str], indexed: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the index again covers every turn the project holds: for an import that adds
    fewer than it holds, keeping the index up to date costs less."""
    monkeypatch.setattr(plain_writes, "BYTES_PER_TURN", 2**40)
    path = tmp_path / "grown.db"
    project = fresh(path)
    project.documents.import_files(SAMPLE_FILES[:1])
    project.documents.import_files(SAMPLE_FILES[1:])
    project.close()
    assert set(journals) == {"delete"}
    assert indexed == [False] + [True] * (len(SAMPLE_FILES) - 1)  # the first into no turns


def test_a_large_import_that_fails_leaves_nothing_and_the_wal(
    tmp_path: Path, journals: list[str], indexed: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plain_writes, "BYTES_PER_TURN", 1)  # the index dropped even so
    path = tmp_path / "failed.db"
    project = fresh(path)
    project.documents.import_files(SAMPLE_FILES[:1])
    before, tables = dump(str(path)), schema(path)
    copy = tmp_path / "again.txt"
    copy.write_bytes(SAMPLE_FILES[0].read_bytes())
    with pytest.raises(ConflictError, match="imported already"):
        project.documents.import_files([*SAMPLE_FILES[1:], copy])  # written, then refused
    assert "delete" in journals
    assert indexed[-1] is False  # written without the index, which the rollback brings back
    assert dump(str(path)) == before
    assert schema(path) == tables
    assert journal_mode(path) == "wal"
    assert not path.with_name(path.name + "-journal").exists()
    project.close()


_KILLED_MIDWAY = """
import os, signal, sys
from pathlib import Path
from qualcode.services import documents
from qualcode.services.project import open_project
from qualcode.storage.documents import plain_writes

documents.BULK_IMPORT_BYTES = 0
plain_writes.BYTES_PER_TURN = 1  # the turns' index dropped as well
insert = plain_writes.insert
written = []

def then_killed(tx, **kwargs):
    written.append(insert(tx, **kwargs))
    if len(written) == 2:  # two documents and their turns in the file, the third not yet
        os.kill(os.getpid(), signal.SIGKILL)
    return written[-1]

plain_writes.insert = then_killed
project = open_project(sys.argv[1], "alice")
project.documents.import_files([Path(p) for p in sys.argv[2:]])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a Unix signal")
def test_a_large_import_killed_halfway_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    """Killed outright in the middle of writing through the rollback journal (no chance to
    roll back or switch back), the import leaves a journal that the next opening undoes: the
    project holds what it held before, its trail intact, and writes in WAL mode again."""
    path = tmp_path / "killed.db"
    project = fresh(path)
    project.documents.import_files(SAMPLE_FILES[:1])
    project.close()
    before, tables = dump(str(path)), schema(path)
    files = [str(p) for p in SAMPLE_FILES[1:]]
    assert len(files) >= 3
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_MIDWAY, str(path), *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert path.with_name(path.name + "-journal").exists()  # the transaction's undo, kept

    project = open_project(str(path), "alice")
    assert [d.name for d in project.documents.all()] == [SAMPLE_FILES[0].stem]
    assert project.audit.verify().ok
    assert dump(str(path)) == before
    assert schema(path) == tables
    report = project.documents.import_files(SAMPLE_FILES[1:])
    assert len(report.imported) == len(files)
    project.close()
    assert journal_mode(path) == "wal"
    assert not path.with_name(path.name + "-journal").exists()


def test_a_bulk_import_keeps_its_pages_in_memory_up_to_a_limit(tmp_path: Path) -> None:
    """Through the rollback journal an import whose pages fit in BULK_CACHE_BYTES gets a page
    cache a little larger than its files, so that no page is spilled before the commit; a
    larger one, or one through the WAL (the project open elsewhere), keeps SQLite's own."""
    project = fresh(tmp_path / "p.db")
    for bulk, size, expected in (
        (True, 10 * 2**20, -(10 * 2**20 * 5 // 4 + 2**21) // 1024),
        (True, plain_writes.BULK_CACHE_BYTES, None),
        (False, 10 * 2**20, None),
    ):
        with project.database.light_transaction(bulk=bulk) as tx:
            assert isinstance(tx, SqliteTransaction)
            before = tx.execute("PRAGMA cache_size").fetchone()[0]
            plain_writes.hold_pages(tx, size)
            after = tx.execute("PRAGMA cache_size").fetchone()[0]
            assert tx.rollback_journal is bulk
            assert after == (before if expected is None else expected)
    project.close()
