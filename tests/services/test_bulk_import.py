"""A large import into a SQLite project goes through the rollback journal when nobody else has
the project open, and the project is in WAL mode again afterwards; with the project open
elsewhere it stays in WAL mode, without waiting. Either way it stores the same rows."""

from __future__ import annotations

import sqlite3
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


def test_a_large_import_that_fails_leaves_nothing_and_the_wal(
    tmp_path: Path, journals: list[str]
) -> None:
    path = tmp_path / "failed.db"
    project = fresh(path)
    project.documents.import_files(SAMPLE_FILES[:1])
    before = dump(str(path))
    copy = tmp_path / "again.txt"
    copy.write_bytes(SAMPLE_FILES[0].read_bytes())
    with pytest.raises(ConflictError, match="imported already"):
        project.documents.import_files([*SAMPLE_FILES[1:], copy])  # written, then refused
    assert "delete" in journals
    assert dump(str(path)) == before
    assert journal_mode(path) == "wal"
    assert not path.with_name(path.name + "-journal").exists()
    project.close()
