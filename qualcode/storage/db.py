"""Opening, creating and upgrading project databases.

A project is one SQLite file (the default) or a PostgreSQL database (team mode), reached by the
same code. Engines come from :func:`make_engine`, never at import time. Opening checks that the
database really is a qualcode project and upgrades older ones after a backup, in the manner of
Taguette's ``connect()``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.url import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from qualcode.domain.errors import ProjectError
from qualcode.storage.schema import metadata

APPLICATION_ID = 0x51434F44  # "QCOD": marks a SQLite file as a qualcode project
HEAD_REVISION = "0002"  # the newest migration; a test keeps it equal to Alembic's head
SQLITE_BUSY_TIMEOUT_MS = 10_000


def project_url(location: str) -> URL:
    """A database URL from what a user typed: a file path or a full URL."""
    if "://" in location:
        try:
            url = make_url(location)
        except ArgumentError as exc:
            raise ProjectError(f"{location!r} is not a database address I understand") from exc
        if url.drivername in ("postgres", "postgresql"):
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ProjectError(
                f"qualcode projects live in SQLite files or PostgreSQL, not {url.drivername!r}"
            )
        return url
    return URL.create("sqlite", database=str(Path(location).expanduser()))


def describe(url: URL) -> str:
    """How to name a project in messages: the file path, or the server URL without password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: URL) -> Engine:
    """An engine with qualcode's connection settings (SQLite: FKs, WAL, busy timeout)."""
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        # pysqlite's own transaction handling defers BEGIN; take it over so that every unit
        # of work is one real transaction (SQLAlchemy docs, "Serializable isolation").
        sa.event.listen(engine, "connect", _disable_pysqlite_begin)
        sa.event.listen(engine, "begin", _emit_begin)
        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:  # the PostgreSQL driver is an optional extra
        raise ProjectError(
            "PostgreSQL support is not installed: pip install 'qualcode[postgres]'"
        ) from exc


def _disable_pysqlite_begin(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _emit_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


class Database:
    """An open project database: hands out one transaction per unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Set when opening upgraded an older project: (old revision, backup file or None).
        self.upgraded_from: tuple[str, Path | None] | None = None

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only unit of work (still one consistent snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _read_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _has_tables(conn: Connection) -> bool:
    return bool(sa.inspect(conn).get_table_names())


def open_database(location: str, *, create: bool = False) -> Database:
    """Open (or, with ``create``, make) a project; upgrade an older one after a backup.

    Raises :class:`ProjectError` with a message a researcher can act on when the place holds no
    project, holds something else, or was made by a newer qualcode.
    """
    url = project_url(location)
    path = _sqlite_path(url)
    if path is not None:
        if path.is_dir():
            raise ProjectError(f"{path} is a folder, not a project file")
        if not path.exists():
            if not create:
                raise ProjectError(
                    f"there is no project at {path}: create one with 'qualcode init', "
                    "or name it with --project"
                )
            if not path.parent.exists():
                raise ProjectError(f"the folder {path.parent} does not exist")
        else:
            _check_sqlite_file(path)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            revision = _read_revision(conn)
            empty = revision is None and not _has_tables(conn)
    except OperationalError as exc:
        engine.dispose()
        raise ProjectError(f"cannot open the project at {describe(url)}: {_reason(exc)}") from exc
    except DatabaseError as exc:
        engine.dispose()
        raise ProjectError(f"{describe(url)} is not a qualcode project: {_reason(exc)}") from exc
    db = Database(engine)
    if empty:
        if not create:
            engine.dispose()
            raise ProjectError(
                f"{describe(url)} holds no qualcode project yet: create one with 'qualcode init'"
            )
        _create_schema(db)
        return db
    if create:
        engine.dispose()
        raise ProjectError(f"a project already exists at {describe(url)}")
    if revision is None:
        engine.dispose()
        raise ProjectError(f"{describe(url)} is a database, but not a qualcode project")
    if revision != HEAD_REVISION:
        _upgrade(db, revision, path)
    return db


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database, or one another program made."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ProjectError(f"cannot read {path}: {exc.strerror}") from exc
    if not header:
        raise ProjectError(f"{path} is an empty file, not a qualcode project")
    if not header.startswith(b"SQLite format 3\x00"):
        raise ProjectError(f"{path} is not a qualcode project (it is not an SQLite database)")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        raise ProjectError(
            f"{path} is an SQLite database of another program, not a qualcode project"
        )
    if application_id == 0:
        # Look without writing: opening it through the engine would switch it to WAL.
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
                names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{path} is not a qualcode project: {exc}") from exc
        if names and "alembic_version" not in names:
            raise ProjectError(f"{path} is a database, but not a qualcode project")


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "qualcode.storage:migrations")
    config.attributes["connection"] = conn
    return config


def _create_schema(db: Database) -> None:
    """A new project: create the tables as the migrations would, then stamp the revision."""
    from alembic import command

    with db.transaction() as conn:
        command.upgrade(_alembic_config(conn), "head")
        if db.dialect == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")


def _upgrade(db: Database, revision: str, path: Path | None) -> None:
    from alembic.script import ScriptDirectory

    with db.reading() as conn:
        known = {
            s.revision for s in ScriptDirectory.from_config(_alembic_config(conn)).walk_revisions()
        }
    if revision not in known:
        db.close()
        raise ProjectError(
            f"{describe(db.url)} was made by a newer qualcode (schema {revision}); "
            "please update qualcode"
        )
    backup = backup_sqlite(db, path, revision) if path is not None else None
    db.upgraded_from = (revision, backup)
    from alembic import command

    with db.transaction() as conn:
        command.upgrade(_alembic_config(conn), "head")


def backup_sqlite(db: Database, path: Path, revision: str) -> Path:
    """Copy the project file before an upgrade, through SQLite's online backup (WAL-safe)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as dest:
            source.backup(dest)
        dest.close()
    finally:
        raw.close()
    return target


def schema_tables() -> list[str]:
    """The tables a current project has (used by tests and the dump helper)."""
    return sorted(metadata.tables)


__all__ = [
    "APPLICATION_ID",
    "HEAD_REVISION",
    "Database",
    "describe",
    "make_engine",
    "open_database",
    "project_url",
]
