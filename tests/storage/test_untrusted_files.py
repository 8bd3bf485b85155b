"""Project files from someone else: hardened connections, foreign triggers and views refused,
a damaged file never upgraded. Each test crafts a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.services.project import init_project, open_project
from qualcode.storage import db as storage_db
from tests.helpers import CODEBOOK, SAMPLE_FILES
from tests.storage.test_db import _make_old_project


def _project(path: Path) -> Path:
    project = init_project(str(path), "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:1])
    project.close()
    return path


def _alter(path: Path, *statements: str) -> bytes:
    """Run statements on the file as another program would, and return its bytes after."""
    raw = sqlite3.connect(path)
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path.read_bytes()


def test_the_known_triggers_and_views_are_what_the_migrations_make(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db")
    raw = sqlite3.connect(path)
    made = raw.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
    ).fetchall()
    raw.close()
    assert {(kind, name): sql for kind, name, sql in made} == storage_db.OWN_SQLITE_OBJECTS


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (
            "CREATE TRIGGER tidy AFTER INSERT ON codings "
            "BEGIN DELETE FROM codings WHERE id = new.id; END",
            "trigger tidy",
        ),
        ("CREATE VIEW summary AS SELECT name FROM documents", "view summary"),
        (  # one of ours, rewritten to let the audit trail be changed
            "DROP TRIGGER audit_events_no_update",
            None,
        ),
    ],
)
def test_a_file_with_triggers_or_views_not_ours_is_refused_untouched(
    tmp_path: Path, statement: str, named: str | None
) -> None:
    path = _project(tmp_path / "p.db")
    if named is None:  # same name, other SQL
        before = _alter(
            path,
            statement,
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
            "BEGIN SELECT 1; END",
        )
        named = "trigger audit_events_no_update"
    else:
        before = _alter(path, statement)
    with pytest.raises(ProjectError, match=f"holds a {named} that qualcode did not make") as info:
        open_project(str(path), "alice")
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_a_foreign_trigger_in_an_old_project_is_refused_before_the_upgrade(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    _make_old_project(path)
    before = _alter(path, "CREATE TRIGGER t AFTER INSERT ON documents BEGIN SELECT 1; END")
    with pytest.raises(ProjectError, match="trigger t "):
        open_project(str(path), "alice")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("old.db.bak-*"))


def _damage_table(path: Path, table: str) -> bytes:
    """Overwrite the cell pointers of a table's first page, as a failing disk might."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=DELETE")  # the whole database in the one file
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    raw.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    assert data[start] == 0x0D  # a leaf page of a table
    data[start + 8 : start + 16] = b"\xff\xfe" * 4  # cell offsets beyond the page
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_project_is_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_old_project(path)
    before = _damage_table(path, "documents")
    with pytest.raises(ProjectError, match=r"is damaged \(.*\); it was not upgraded") as info:
        open_project(str(path), "alice")
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("old.db.bak-*"))


def test_every_connection_distrusts_the_schema(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db")
    database = storage_db.open_database(str(path))
    try:
        with database.reading() as reader:  # the standard library's reader
            assert reader.scalar("PRAGMA trusted_schema") == 0
            assert reader.scalar("PRAGMA cell_size_check") == 1
        with database.transaction() as tx:  # SQLAlchemy's connections
            assert tx.scalar("PRAGMA trusted_schema") == 0
            assert tx.scalar("PRAGMA cell_size_check") == 1
    finally:
        database.close()
