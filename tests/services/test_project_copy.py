"""Moving a project between SQLite and PostgreSQL loses nothing, and a backup taken while
others write is a consistent project."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from qualcode.domain.errors import ProjectError
from qualcode.services.project import Project, init_project, open_project
from qualcode.services.project_copy import backup_project, copy_project, default_backup_path
from qualcode.storage import schema
from qualcode.storage.db import make_engine
from qualcode.storage.location import parse_location
from tests.conftest import _fresh_pg_database
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS
from tests.review_material import code_two_coders
from tests.services.test_review_comments import comments_file


@pytest.fixture
def full_project(tmp_path: Path) -> Iterator[Project]:
    """A SQLite project with something in every table: two coders, memos, a frozen pilot, a
    revised category, settled disagreements, a pass, pins and a reviewer's comments."""
    project = init_project(str(tmp_path / "thesis.db"), "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:4], attributes_file=TRANSCRIPTS / "cases.csv")
    code_two_coders(project)
    project.coding.set_pass("main")
    project.pins.set_pinned(["K2.1", "K1.1"])
    project.codebook.create_category(
        name="Neue Unterkategorie", parent="K2", definition="d", coding_rule="r", reason="neu"
    )
    project.review_comments.import_file(comments_file(tmp_path / "comments.json"))
    yield project
    project.close()


def typed_rows(location: str) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows as SQLAlchemy reads them, times in UTC, in primary-key order."""
    engine = make_engine(parse_location(location))
    result: dict[str, list[dict[str, Any]]] = {}
    try:
        with engine.connect() as conn:
            for table in schema.metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                rows = []
                for row in conn.execute(sa.select(table).order_by(*order)).mappings():
                    plain = dict(row)
                    for key, value in plain.items():
                        if isinstance(value, datetime):
                            plain[key] = (
                                value.replace(tzinfo=UTC)
                                if value.tzinfo is None
                                else value.astimezone(UTC)
                            )
                    rows.append(plain)
                result[table.name] = rows
    finally:
        engine.dispose()
    return result


def raw_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a SQLite file as stored, byte for byte, JSON compared as data."""
    with closing(sqlite3.connect(path)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        result = {}
        for name in sorted(names):
            rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            result[name] = [tuple(_as_data(v) for v in row) for row in rows]
        return result


def _as_data(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


@pytest.mark.postgres
def test_a_round_trip_through_postgresql_keeps_every_row(
    full_project: Project, tmp_path: Path, postgres_server: str
) -> None:
    source = full_project.location
    server = _fresh_pg_database(postgres_server)
    seen: list[tuple[str, int, int]] = []
    there = copy_project(source, server, lambda *step: seen.append(step))
    assert set(there.tables) == set(schema.metadata.tables)  # every table, none forgotten
    assert {name for name, _done, _total in seen} == set(schema.metadata.tables)
    assert all(rows > 0 for name, rows in there.tables.items() if name in FILLED)
    assert typed_rows(server) == typed_rows(source)

    back = tmp_path / "back.db"
    again = copy_project(server, str(back))
    assert again.tables == there.tables
    assert raw_rows(back) == raw_rows(Path(source))

    for place in (server, str(back)):
        with open_project(place, "carla") as copy:
            assert copy.audit.verify().ok  # qualcode log --verify passes on the copy
            # The copy goes on: new ids do not collide with the copied ones.
            made = copy.coding.code("B04", "K1.1", turns=(2, 2))
            assert made.id > max(c.id for c in full_project.coding.query())
            assert copy.audit.verify().ok


# Tables the full project fills (tables added later may be empty in it, but are still copied).
FILLED = {
    "coders",
    "documents",
    "turns",
    "attributes",
    "codebook_versions",
    "categories",
    "codings",
    "audit_events",
    "audit_chain",
    "review_comments",
    "settings",
}


def test_a_copy_between_files_keeps_every_row(full_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = copy_project(full_project.location, str(target))
    assert set(result.tables) == set(schema.metadata.tables)
    assert all(result.tables[name] > 0 for name in FILLED)
    assert raw_rows(target) == raw_rows(Path(full_project.location))
    with open_project(str(target), "alice") as copy:
        assert copy.audit.verify().ok


def test_an_existing_file_is_never_overwritten(full_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "taken.db"
    target.write_text("my notes")
    with pytest.raises(ProjectError, match="already exists"):
        copy_project(full_project.location, str(target))
    assert target.read_text() == "my notes"
    with pytest.raises(ProjectError, match="same project"):
        copy_project(full_project.location, full_project.location)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.postgres
def test_a_database_with_tables_is_never_overwritten(
    full_project: Project, postgres_server: str
) -> None:
    server = _fresh_pg_database(postgres_server)
    init_project(server, "bob").close()
    with pytest.raises(ProjectError, match="not empty"):
        copy_project(full_project.location, server)
    with open_project(server, "bob") as there:
        assert there.documents.all() == []


WRITER = """
import sys
from qualcode.services.project import open_project
with open_project(sys.argv[1], "bob") as project:
    print("ready", flush=True)
    n = 0
    while sys.stdin.readline().strip() != "stop":
        project.coding.code("B01", "K1.1", turns=(2 + n % 5, 2 + n % 5))
        n += 1
        print(n, flush=True)
"""


def test_a_backup_while_another_process_writes_is_consistent(
    full_project: Project, tmp_path: Path
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, full_project.location],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    try:
        assert writer.stdout.readline().strip() == "ready"
        for _ in range(5):  # the writer codes between the backups
            writer.stdin.write("go\n")
            writer.stdin.flush()
            writer.stdout.readline()
            target = tmp_path / f"backup-{_}.db"
            result = backup_project(full_project, str(target))
            with open_project(str(target), "alice") as copy:
                assert copy.audit.verify().ok
                codings = copy.coding.query()
                assert result.tables["codings"] == len(codings)
        writer.stdin.write("stop\n")
        writer.stdin.flush()
        assert writer.wait(timeout=30) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
    with pytest.raises(ProjectError, match="already exists"):
        backup_project(full_project, str(tmp_path / "backup-0.db"))


def test_a_backup_is_named_with_its_time_next_to_the_project(
    full_project: Project, tmp_path: Path
) -> None:
    moment = datetime(2026, 12, 7, 14, 30, 5, tzinfo=UTC)
    path = default_backup_path(parse_location(full_project.location), moment)
    assert path.parent == tmp_path
    assert path.name.startswith("thesis-backup-20261207-")
    result = backup_project(full_project, now=moment)
    assert Path(result.target) == path and path.exists()


@pytest.mark.postgres
def test_a_backup_of_a_server_project_is_a_sqlite_file(
    full_project: Project, tmp_path: Path, postgres_server: str
) -> None:
    server = _fresh_pg_database(postgres_server)
    copy_project(full_project.location, server)
    with open_project(server, "alice") as there:
        target = tmp_path / "server-backup.db"
        result = backup_project(there, str(target))
        assert set(result.tables) == set(schema.metadata.tables)
    assert raw_rows(target) == raw_rows(Path(full_project.location))
