"""Project databases: creating, recognising, refusing, migrating (on a real SQLite file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from qualcode.domain.errors import ProjectError
from qualcode.services.project import init_project, open_project
from qualcode.storage import db as storage_db
from qualcode.storage.location import parse_location
from qualcode.storage.schema import POSTGRESQL_ONLY_TABLES, metadata
from tests.helpers import CODEBOOK, SAMPLE_FILES, dump


def test_a_new_sqlite_project_is_marked_and_hardened(sqlite_location: str) -> None:
    init_project(sqlite_location, "alice").close()
    raw = sqlite3.connect(sqlite_location)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == storage_db.APPLICATION_ID
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (
        raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        == storage_db.HEAD_REVISION
        == "0020"
    )
    raw.close()
    database = storage_db.open_database(sqlite_location)
    with database.transaction() as tx:
        assert tx.conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert tx.conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    database.close()


def test_head_revision_constant_matches_the_migrations(sqlite_location: str) -> None:
    database = init_project(sqlite_location, "alice").database
    with database.engine.connect() as conn:
        script = ScriptDirectory.from_config(storage_db.alembic_config(conn))
        assert script.get_current_head() == storage_db.HEAD_REVISION
    database.close()


def test_migrations_create_exactly_the_schema_the_code_uses(project_location: str) -> None:
    database = init_project(project_location, "alice").database
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _not_postgresql_only})
        diff = compare_metadata(context, metadata)
    database.close()
    assert diff == []


def _not_postgresql_only(item: object, name: str | None, kind: str, *_: object) -> bool:
    """The server's own search tables (0017) are no part of the shared schema."""
    table = getattr(item, "table", item)
    return getattr(table, "name", name) not in POSTGRESQL_ONLY_TABLES


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"I: Hallo\nB: Welt\n", "not an SQLite database"),
        (b"\x89PNG\r\n\x1a\nxxxxxxxxxxxxxxxx", "not an SQLite database"),
    ],
)
def test_files_that_are_not_projects_are_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        open_project(str(path), "alice")
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (x)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not a qualcode project"):
        open_project(str(path), "alice")
    assert path.read_bytes() == before
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA application_id=12345")
    raw.commit()
    raw.close()
    with pytest.raises(ProjectError, match="another program"):
        open_project(str(path), "alice")


def test_missing_project_and_existing_project_on_init(tmp_path: Path) -> None:
    location = str(tmp_path / "p.db")
    with pytest.raises(ProjectError, match="qualcode init"):
        open_project(location, "alice")
    assert not Path(location).exists()
    init_project(location, "alice").close()
    with pytest.raises(ProjectError, match="already exists"):
        init_project(location, "alice")
    with pytest.raises(ProjectError, match="folder"):
        open_project(str(tmp_path), "alice")


def _make_old_project(path: Path) -> None:
    """A project as the first schema (0001) left it, with a document in it."""
    engine = storage_db.make_engine(parse_location(str(path)))
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(storage_db.alembic_config(conn), "0001")
        conn.exec_driver_sql(f"PRAGMA application_id={storage_db.APPLICATION_ID}")
        conn.execute(
            sa.text("INSERT INTO coders (id, name, created_at) VALUES (1, 'old', '2025-01-01')")
        )
        conn.execute(
            sa.text(
                "INSERT INTO documents (id, name, source_name, format, sha256, text, word_count,"
                " turn_count, imported_by, imported_at) VALUES (1, 'B9', 'B9.txt', 'text', 'abc',"
                " 'Hallo', 1, 1, 1, '2025-01-01')"
            )
        )
    engine.dispose()


def test_an_older_project_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_old_project(path)
    project = open_project(str(path), "alice")
    assert project.upgraded_from is not None
    old, backup = project.upgraded_from
    assert old == "0001" and backup is not None and backup.exists()
    assert [d.name for d in project.documents.all()] == ["B9"]
    project.close()
    raw = sqlite3.connect(backup)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert raw.execute("SELECT name FROM documents").fetchall() == [("B9",)]
    raw.close()
    again = open_project(str(path), "alice")
    assert again.upgraded_from is None
    assert "settings" in dump(str(path))
    again.close()


def test_a_project_from_a_newer_qualcode_is_refused(sqlite_location: str) -> None:
    init_project(sqlite_location, "alice").close()
    raw = sqlite3.connect(sqlite_location)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    with pytest.raises(ProjectError, match="newer qualcode"):
        open_project(sqlite_location, "alice")


def test_the_audit_trail_is_append_only(project_location: str) -> None:
    project = init_project(project_location, "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:1])
    engine = project.database.engine
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar_one() > 1
    for statement in ("UPDATE audit_events SET reason = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(sa.text(statement))
    project.close()


def test_locations_from_paths_and_urls() -> None:
    server = parse_location("postgres://u:secret@db.example/qual")
    assert (
        server.kind == "postgresql"
        and server.url == "postgresql+psycopg://u:secret@db.example/qual"
    )
    assert "secret" not in server.describe()
    assert parse_location("sqlite:////tmp/x.db").path == Path("/tmp/x.db")  # SQLAlchemy style
    assert parse_location("sqlite:///x.db").path == Path("x.db")
    assert parse_location("~/p.db").path == Path("~/p.db").expanduser()
    with pytest.raises(ProjectError, match="SQLite files or PostgreSQL"):
        parse_location("mysql://x/y")


def test_reads_through_sqlite3_and_sqlalchemy_agree(sqlite_location: str) -> None:
    """Light commands read with the standard library; writes read through SQLAlchemy."""
    from qualcode.storage.codebook import reads as codebook
    from qualcode.storage.codings import reads as codings
    from qualcode.storage.documents import reads as documents

    project = init_project(sqlite_location, "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:2])
    project.coding.code("B01", "K2.1", turns=(5, 6), memo="m")
    fresh = storage_db.open_database(sqlite_location)
    with fresh.reading() as light, project.database.transaction() as tx:
        assert type(light).__name__ == "SqliteReader"
        assert documents.list_all(light) == documents.list_all(tx)
        assert documents.transcript(light, 1) == documents.transcript(tx, 1)
        assert codebook.load(light) == codebook.load(tx)
        assert codings.query(light) == codings.query(tx)
    project.close()
