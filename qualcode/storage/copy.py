"""Copying a whole project from one database to another, table by table, in one transaction.

Generic over ``schema.py``: every table of the metadata is copied in dependency order (a table
after those it refers to), column by column as SQLAlchemy reads and writes them, so a table
added to the schema is copied without a change here. The source is read in one snapshot (a
SQLite read transaction, which never blocks the coders' writes in WAL mode; a REPEATABLE READ,
read-only transaction on PostgreSQL), so a copy of a project in use is consistent. Times are
moved as UTC, the way the application writes them, so the audit trail's hashes still match.

A new SQLite file is written beside its final name and renamed into place when complete; a
PostgreSQL database gets its schema and its rows in the same transaction. Either way a failed
copy leaves nothing behind. On PostgreSQL the texts' lines for the search (not in ``schema.py``)
are made in one statement after the rows, and their trigram index after them.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from qualcode.domain.errors import ProjectError
from qualcode.storage import schema
from qualcode.storage.db import (
    APPLICATION_ID,
    SQLITE_BUSY_TIMEOUT_MS,
    Database,
    alembic_config,
    harden_sqlite,
    make_engine,
)
from qualcode.storage.location import Location

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: Rows read and written at a time: enough for executemany to pay off, little memory.
BATCH = 5_000

#: (table, rows copied so far, rows in the table): called after every batch and once per table.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class TableCopied:
    name: str
    rows: int


def tables() -> list[sa.Table]:
    """Every table of a project, each after the tables it refers to."""
    return list(schema.metadata.sorted_tables)


def copy_database(source: Database, target: Location, progress: Progress) -> list[TableCopied]:
    """Copy every table of ``source`` into a new project at ``target`` (which must be new or an
    empty database); returns what was copied, table by table."""
    if target.is_sqlite:
        assert target.path is not None
        return _into_new_file(source, target.path, progress)
    return _into_server(source, target, progress)


def backup_sqlite_file(path: Path, target: Path) -> list[TableCopied]:
    """A consistent copy of an open SQLite project through SQLite's online backup, in one step:
    one read transaction, which WAL lets the coders write beside. Returns the copy's rows."""
    _refuse_existing(target)
    with (
        _new_file(target) as partial,
        closing(sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)) as src,
        closing(sqlite3.connect(partial, isolation_level=None)) as dest,
    ):
        harden_sqlite(src)
        harden_sqlite(dest)
        src.backup(dest)  # all pages in one step: one snapshot
        dest.execute("PRAGMA journal_mode=WAL")
        return [
            TableCopied(t.name, dest.execute(f'SELECT COUNT(*) FROM "{t.name}"').fetchone()[0])
            for t in tables()
        ]


# ----- the source: one snapshot -----------------------------------------------------------------


@contextmanager
def _snapshot(source: Database) -> Iterator[Connection]:
    """A connection reading the source in one consistent snapshot, without blocking writers."""
    location = source.location
    if location.is_sqlite:
        assert location.path is not None
        engine = sa.create_engine(
            sa.engine.URL.create("sqlite", database=str(location.path)),
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            poolclass=sa.pool.NullPool,
        )

        def connected(raw: sqlite3.Connection, _record: Any) -> None:
            raw.isolation_level = None
            harden_sqlite(raw)
            raw.execute("PRAGMA query_only=ON")

        def begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN")  # deferred: a reader, which WAL never makes wait

        sa.event.listen(engine, "connect", connected)
        sa.event.listen(engine, "begin", begin)
        try:
            with engine.connect() as conn, conn.begin():
                yield conn
        finally:
            engine.dispose()
        return
    with (
        source.engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        ) as conn,
        conn.begin(),
    ):
        yield conn


def _rows(conn: Connection, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    """The table's rows in batches, in primary-key order; a table that refers to itself gets
    every row after the row it refers to."""
    order = list(table.primary_key.columns) or list(table.columns)
    query = sa.select(table).order_by(*order)
    times = [c.name for c in table.columns if isinstance(c.type, sa.DateTime)]
    if _self_references(table):
        rows = _parents_first(table, [_utc(dict(r), times) for r in conn.execute(query).mappings()])
        for start in range(0, len(rows), BATCH):
            yield rows[start : start + BATCH]
        return
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    for part in result.mappings().partitions(BATCH):
        yield [_utc(dict(r), times) for r in part]


def _utc(row: dict[str, Any], times: list[str]) -> dict[str, Any]:
    """Times as the application writes them: UTC (SQLite keeps them without a zone)."""
    for name in times:
        value = row[name]
        if isinstance(value, datetime):
            row[name] = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return row


def _self_references(table: sa.Table) -> list[tuple[str, str]]:
    """(column, referred column) of the table's foreign keys to itself (a category's parent)."""
    return [
        (fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table
    ]


def _parents_first(table: sa.Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows ordered so that a row comes after the row it refers to in the same table."""
    links = _self_references(table)
    placed: set[tuple[str, Any]] = set()
    ordered: list[dict[str, Any]] = []
    waiting = rows
    while waiting:
        later = []
        for row in waiting:
            if all(row[c] is None or (ref, row[c]) in placed for c, ref in links):
                ordered.append(row)
                placed.update((ref, row[ref]) for _, ref in links)
            else:
                later.append(row)
        if len(later) == len(waiting):  # a loop or a dangling reference: let the database say
            ordered.extend(later)
            break
        waiting = later
    return ordered


# ----- the target -------------------------------------------------------------------------------


def _refuse_existing(path: Path) -> None:
    if path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise ProjectError(f"{path} already exists: copy into a new file, or remove it first")
    if not path.parent.is_dir():
        raise ProjectError(f"the folder {path.parent} does not exist")


@contextmanager
def _new_file(path: Path) -> Iterator[Path]:
    """A file written beside ``path`` under another name, renamed into place when the block
    ends without an error; removed otherwise."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(f"{path} appeared while copying: the copy is not written")
        os.replace(partial, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(partial) + suffix).unlink(missing_ok=True)


def _into_new_file(source: Database, path: Path, progress: Progress) -> list[TableCopied]:
    _refuse_existing(path)
    with _new_file(path) as partial:
        engine = make_engine(Location("sqlite", path=partial))
        try:
            copied = _fill(source, engine, progress)
        finally:
            engine.dispose()  # the last connection folds the WAL into the file
    return copied


def _into_server(source: Database, target: Location, progress: Progress) -> list[TableCopied]:
    engine = make_engine(target)
    try:
        try:
            with engine.connect() as conn:
                names = sa.inspect(conn).get_table_names()
        except sa.exc.DBAPIError as exc:
            reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
            raise ProjectError(f"cannot open {target.describe()}: {reason}") from exc
        if names:
            raise ProjectError(
                f"the database {target.describe()} is not empty: "
                "copy into a new, empty database (createdb NAME)"
            )
        return _fill(source, engine, progress)
    finally:
        engine.dispose()


def _fill(source: Database, engine: Engine, progress: Progress) -> list[TableCopied]:
    """Schema and rows in one transaction on the target, read from one snapshot of the source."""
    from alembic import command

    copied: list[TableCopied] = []
    with engine.begin() as out:
        command.upgrade(alembic_config(out), "head")
        if out.dialect.name == "sqlite":
            out.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        _clear_seeded(out)
        lines = None
        if out.dialect.name == "postgresql":
            from qualcode.storage.search.postgres import BulkLines

            lines = BulkLines(out)  # the texts' lines made once, after the documents
            lines.start(rebuild_index=True)
        with _snapshot(source) as into:
            for table in tables():
                total = into.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                progress(table.name, 0, total)
                done = 0
                for rows in _rows(into, table):
                    out.execute(table.insert(), rows)
                    done += len(rows)
                    progress(table.name, done, total)
                copied.append(TableCopied(table.name, done))
        if lines is not None:
            lines.finish()
            _advance_sequences(out, tables())
    return copied


def _clear_seeded(conn: Connection) -> None:
    """Rows the migrations put into a new project (the audit chain's empty head): the source's
    own take their place."""
    for table in reversed(tables()):
        if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            conn.execute(table.delete())


def _advance_sequences(conn: Connection, every: Iterable[sa.Table]) -> None:
    """PostgreSQL hands out ids from sequences, which rows inserted with their ids do not move:
    set each past the highest id copied, so the next coding does not collide with one."""
    for table in every:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer):
            continue
        column = keys[0].name
        sequence = conn.execute(
            sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column}
        ).scalar()
        if sequence is None:
            continue
        conn.execute(
            sa.text(
                f'SELECT setval(:s, COALESCE((SELECT MAX("{column}") FROM "{table.name}"), 0) + 1, '
                "false)"
            ),
            {"s": sequence},
        )
