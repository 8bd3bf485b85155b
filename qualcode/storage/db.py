"""Opening, creating and upgrading project databases.

A project is one SQLite file (the default) or a PostgreSQL database (team mode), reached by the
same code. Opening checks that the database really is a qualcode project and upgrades an older
one after a backup, in the manner of Taguette's ``connect()``.

SQLAlchemy is imported only when something is written, created or upgraded, or when the project
is on a server: reading a SQLite project goes through the standard library (see reader.py), so
light commands start fast. Engines come from :func:`make_engine`, never at import time.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectError, QualcodeError, ReadOnlyProjectError
from qualcode.storage import failures

# The triggers and views the migrations create (anything else in a file is refused), and the
# check for the audit trail's append-only triggers, reported missing on opening: kept with the
# audit trail, where the reads can run the check without SQLAlchemy.
from qualcode.storage.audit.triggers import (
    OWN_SQLITE_OBJECTS,
    missing_audit_triggers,
    missing_sqlite_triggers,
    squeeze,
)
from qualcode.storage.location import Location, parse_location
from qualcode.storage.reader import Reader, Row, SqliteReader

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, CursorResult, Engine, RootTransaction

APPLICATION_ID = 0x51434F44  # "QCOD": marks a SQLite file as a qualcode project
HEAD_REVISION = "0020"  # the newest migration; a test keeps it equal to Alembic's head
SQLITE_BUSY_TIMEOUT_MS = 10_000
# The PostgreSQL advisory lock every write transaction takes first ("QCOD"): writes to one
# project take turns, as SQLite's BEGIN IMMEDIATE makes them do on a file.
WRITE_LOCK = APPLICATION_ID
# How often a write that could not begin (a busy file, a lock timeout) is tried before the
# user is told; nothing was done in a try that failed, so trying again is safe.
BEGIN_ATTEMPTS = 4

# A project file may come from someone else. With these, a schema cannot run functions with
# side effects from a view, trigger, default or CHECK (trusted_schema), and a damaged page is
# reported instead of read past its end (cell_size_check). Set on every connection.
UNTRUSTED_FILE_PRAGMAS = ("PRAGMA trusted_schema=OFF", "PRAGMA cell_size_check=ON")


def harden_sqlite(connection: sqlite3.Connection) -> None:
    """Settings for a file that may come from someone else (every connection, before use)."""
    for pragma in UNTRUSTED_FILE_PRAGMAS:
        connection.execute(pragma)


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just made."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


class ConnectionReader:
    """Reads through an open SQLAlchemy connection (PostgreSQL, or within a write).

    It lives here, beside the engines, so that reader.py (what a SQLite read needs) never
    imports SQLAlchemy.
    """

    def __init__(self, connection: Any) -> None:
        from sqlalchemy import text

        self.connection = connection
        self.dialect: str = connection.dialect.name
        self._text = text

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        result = self.connection.execute(self._text(sql), dict(params or {}))
        return [dict(m) for m in result.mappings()]

    def rows_at_once(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """The same as :meth:`rows`: the server's driver fetches in batches already."""
        return self.rows(sql, params)

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.connection.execute(self._text(sql), dict(params or {})).scalar()


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """A hardened connection that cannot write, which also reads a write-protected project.

    Reading a WAL project needs its -shm file, which SQLite creates beside the project; in a
    folder the user may not write to (or on a full disk) it cannot. When no -wal holds changes
    not yet in the file, the file alone is the whole project and is read as immutable instead.
    """
    raw = _reading_connection(str(path), uri=False)
    try:
        raw.execute("PRAGMA schema_version").fetchone()  # the first read opens the WAL index
    except sqlite3.OperationalError as exc:
        raw.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code not in (failures.SQLITE_READONLY, failures.SQLITE_CANTOPEN, failures.SQLITE_IOERR):
            raise
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise ProjectError(
                f"cannot read {path}: its latest changes wait in {wal.name}, and reading them "
                "needs a folder qualcode may write to (open it once with write access, "
                "or copy the project with its -wal file elsewhere)"
            ) from exc
        raw = _reading_connection(f"{path.absolute().as_uri()}?immutable=1", uri=True)
    return raw


def _reading_connection(target: str, *, uri: bool) -> sqlite3.Connection:
    raw = sqlite3.connect(
        target, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=uri
    )
    harden_sqlite(raw)
    raw.execute("PRAGMA query_only=ON")
    return raw


class Transaction:
    """One unit of work: ``conn`` for SQLAlchemy writes, and reads through the same connection."""

    plain = False  # the writes take their SQLAlchemy form (see SqliteTransaction)

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._reader = ConnectionReader(conn)
        self.dialect = self._reader.dialect

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._reader.rows(sql, params)

    def rows_at_once(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._reader.rows(sql, params)

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._reader.scalar(sql, params)


class SqliteTransaction(SqliteReader):
    """One unit of work through the standard library's sqlite3, for the writes that have a
    plain-SQL form (an import's): a fresh ``qualcode import`` then never loads SQLAlchemy.

    Reads run through the same connection, inside the write transaction.
    """

    plain = True

    def __init__(self, connection: sqlite3.Connection, *, rollback_journal: bool = False) -> None:
        super().__init__(connection)
        #: Written through the rollback journal, with the project to itself (a bulk write).
        self.rollback_journal = rollback_journal

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.connection.executemany(sql, rows)


def sqlite_time(value: datetime) -> str:
    """A time as SQLAlchemy stores a DateTime in SQLite (its zone dropped: qualcode's are UTC),
    so the plain writes store the text the SQLAlchemy ones do."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN; turn it off and let the "begin" event
    # below start a real transaction, so every unit of work is one transaction.
    dbapi_connection.isolation_level = None
    _write_settings(dbapi_connection)


def _write_settings(connection: sqlite3.Connection) -> None:
    """Every writing connection's settings, through SQLAlchemy or not."""
    harden_sqlite(connection)
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _rollback_journal(connection: sqlite3.Connection) -> bool:
    """Switch a project nobody else has open to the rollback journal, for one large write.

    In WAL mode every page is written twice, to the -wal file and then, as the transaction
    commits, copied into the project (and synced both times); SQLite's own advice is the
    rollback journal for transactions this large. A new page needs no journal entry, so an
    import's pages are written once. The write stays one transaction, undone whole should it
    end half-way (the journal is synced first: ``synchronous=FULL``). Switching needs the file
    to itself: when another connection has it open (a workbench, its live watcher) the switch
    is refused at once and the write goes through the WAL as usual. True when switched.
    """
    connection.execute("PRAGMA busy_timeout=0")
    try:
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:  # "database is locked": another connection has it open
        mode = "wal"
    finally:
        connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    if str(mode).lower() != "delete":
        return False
    connection.execute("PRAGMA synchronous=FULL")
    return True


def _back_to_wal(connection: sqlite3.Connection) -> None:
    """The project back in WAL mode after :func:`_rollback_journal` (waiting out a reader that
    opened it meanwhile); should that fail, the next writing connection switches it back."""
    with suppress(sqlite3.Error):
        connection.execute("PRAGMA synchronous=NORMAL")  # first: the switch then syncs less
        connection.execute("PRAGMA journal_mode=WAL")


def _emit_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(location: Location) -> Engine:
    """An engine with qualcode's connection settings (SQLite: FKs, WAL, busy timeout)."""
    import sqlalchemy as sa

    if location.is_sqlite:
        assert location.path is not None
        url = sa.engine.URL.create("sqlite", database=str(location.path))
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        sa.event.listen(engine, "begin", _emit_begin)
        return engine
    assert location.url is not None
    try:
        return sa.create_engine(location.url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:  # the PostgreSQL driver is an optional extra
        raise ProjectError(
            "PostgreSQL support is not installed: pip install 'qualcode[postgres]'"
        ) from exc
    except sa.exc.ArgumentError as exc:
        raise ProjectError(f"{location.describe()} is not a database address I understand") from exc


class Database:
    """An open project database: hands out one transaction per unit of work."""

    def __init__(self, location: Location, engine: Engine | None = None) -> None:
        self.location = location
        self._engine = engine
        # Set when opening upgraded an older project: (old revision, backup file or None).
        self.upgraded_from: tuple[str, Path | None] | None = None
        # Set when a write found the project write-protected: reads then avoid the engine,
        # whose connections ask for the WAL journal (a write) as they open.
        self.read_only = False
        # The audit trail's append-only triggers found missing on opening (see
        # missing_audit_triggers): the project still opens, so the damage can be inspected.
        self.missing_triggers: tuple[str, ...] = ()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.location)
        return self._engine

    @property
    def dialect(self) -> str:
        return self.location.kind

    def describe(self) -> str:
        return self.location.describe()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One unit of work: committed when the block ends, rolled back on any error.

        Writes to one project take turns: SQLite's transactions begin IMMEDIATE (the file's
        one write lock), PostgreSQL's take an advisory lock first. So what a write reads
        (is this passage coded already? the audit chain's head, a category's version) is
        still true when it commits, under READ COMMITTED too; readers are never held up.
        """
        with self._failures(writing=True):
            conn, trans = self._begin_writing()
            with conn, trans:
                yield Transaction(conn)

    def _begin_writing(self) -> tuple[Connection, RootTransaction]:
        """A connection in a write transaction holding the project's write turn.

        A begin refused as busy (another writer held the file beyond the busy timeout, or a
        server lock) is tried again after a pause; nothing was written yet.
        """
        for attempt in range(1, BEGIN_ATTEMPTS + 1):
            conn = self.engine.connect()
            try:
                trans = conn.begin()
                if self.location.kind == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                return conn, trans
            except Exception as exc:
                conn.close()
                if attempt == BEGIN_ATTEMPTS or not failures.is_busy(exc):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def light_transaction(self, *, bulk: bool = False) -> Iterator[Transaction | SqliteTransaction]:
        """A unit of work for writes that have a plain-SQL form: on a SQLite project through
        sqlite3 (no SQLAlchemy to import), on a server the usual :meth:`transaction`.

        ``bulk``: a large write (an import of many files) that goes through SQLite's rollback
        journal when nobody else has the project open (see :func:`_rollback_journal`).
        """
        if not self.location.is_sqlite:
            with self.transaction() as tx:
                yield tx
            return
        assert self.location.path is not None
        with self._failures(writing=True):
            raw = sqlite3.connect(
                self.location.path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            rollback_journal = False
            try:
                _write_settings(raw)
                rollback_journal = bulk and _rollback_journal(raw)
                raw.execute("BEGIN IMMEDIATE")  # as every unit of work (see _emit_begin)
                try:
                    yield SqliteTransaction(raw, rollback_journal=rollback_journal)
                except BaseException:
                    raw.rollback()
                    raise
                raw.commit()
            finally:
                if rollback_journal:
                    _back_to_wal(raw)
                raw.close()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A read-only unit of work over one consistent snapshot."""
        if self.location.is_sqlite and (self._engine is None or self.read_only):
            assert self.location.path is not None
            with self._failures(writing=False):
                raw = connect_for_reading(self.location.path)
                try:
                    raw.execute("BEGIN")
                    yield SqliteReader(raw)
                finally:
                    raw.close()  # closing ends the read transaction
            return
        with self._failures(writing=False), self.engine.connect() as conn, conn.begin():
            yield ConnectionReader(conn)

    @contextmanager
    def _failures(self, *, writing: bool) -> Iterator[None]:
        """A write-protected, full or damaged project as one line (see failures.py)."""
        try:
            yield
        except QualcodeError:
            raise
        except Exception as exc:
            failure = failures.translate(exc, self.location, writing=writing)
            if failure is None and _lost_server(self.location, exc):
                failure = _connection_failure(self.location, exc)
            if failure is None:
                raise
            if isinstance(failure, ReadOnlyProjectError):
                self.read_only = True
            raise failure from exc

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def open_database(location_text: str, *, create: bool = False) -> Database:
    """Open (or, with ``create``, make) a project; upgrade an older one after a backup.

    Raises :class:`ProjectError` with a message a researcher can act on when the place holds no
    project, holds something else, or was made by a newer qualcode. A database that is not a
    qualcode project is never written to.
    """
    location = parse_location(location_text)
    if location.is_sqlite:
        return _open_sqlite(location, create=create)
    return _open_server(location, create=create)


def _open_sqlite(location: Location, *, create: bool) -> Database:
    path = location.path
    assert path is not None
    try:
        path.stat()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a folder on the way the user may not enter, among others
        raise ProjectError(f"cannot read {path}: {_reason(exc)}") from exc
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file")
    if not path.exists():
        if not create:
            from qualcode.storage.profiles import is_profile_name

            profile = (
                " (nor a profile of that name: see 'qualcode profile list')"
                if is_profile_name(str(path))
                else ""
            )
            raise ProjectError(
                f"there is no project at {path}{profile}: create one with 'qualcode init', "
                "or name it with --project"
            )
        if not path.parent.exists():
            raise ProjectError(f"the folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK):
            raise ReadOnlyProjectError(
                f"cannot create {path}: the folder {path.parent} is write-protected"
            )
        database = Database(location)
        _create_schema(database)
        return database
    revision, has_tables, missing = _inspect_sqlite_file(path)
    if create:
        if revision is not None or has_tables:
            raise ProjectError(f"a project already exists at {path}")
        database = Database(location)
        _create_schema(database)
        return database
    if revision is None:
        if has_tables:
            raise ProjectError(f"{path} is a database, but not a qualcode project")
        raise ProjectError(f"{path} holds no qualcode project yet: create one with 'qualcode init'")
    database = Database(location)
    database.missing_triggers = missing
    if revision != HEAD_REVISION:
        _check_sqlite_file(path)
        why = failures.why_read_only(path)
        if why is not None:
            raise ReadOnlyProjectError(
                f"the project {path} was made by an older qualcode and must be upgraded, "
                f"but it is read-only ({why}): copy it to a folder you may write to"
            )
        _upgrade(database, revision)
    return database


def _reason(exc: OSError) -> str:
    """An operating system's reason in a sentence's words: 'permission denied'."""
    text = exc.strerror or type(exc).__name__
    return text[:1].lower() + text[1:]


def _check_sqlite_file(path: Path) -> None:
    """Before an upgrade rewrites tables: refuse a damaged file rather than build on it."""
    try:
        with closing(connect_for_reading(path)) as raw:
            problems = [r[0] for r in raw.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        raise ProjectError(
            f"{path} is damaged ({problems[0]}); it was not upgraded. "
            "Open a backup copy, or ask for help with this file"
        )


def _foreign_objects(raw: sqlite3.Connection) -> tuple[list[str], tuple[str, ...]]:
    """Triggers and views in the file that the migrations did not make (or made otherwise),
    and the audit trail's own triggers that are missing (the same one query)."""
    found = raw.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
    ).fetchall()
    foreign = [
        f"{kind} {name}"
        for kind, name, sql in found
        if squeeze(OWN_SQLITE_OBJECTS.get((kind, name), "")) != squeeze(sql or "")
    ]
    triggers = {name: sql for kind, name, sql in found if kind == "trigger"}
    return foreign, missing_sqlite_triggers(triggers)


def _inspect_sqlite_file(path: Path) -> tuple[str | None, bool, tuple[str, ...]]:
    """The schema revision, whether there are tables, and the audit triggers that are missing;
    refuses files that are not ours."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ProjectError(f"cannot read {path}: {_reason(exc)}") from exc
    if not header:
        raise ProjectError(f"{path} is an empty file, not a qualcode project")
    if not header.startswith(b"SQLite format 3\x00"):
        raise ProjectError(f"{path} is not a qualcode project (it is not an SQLite database)")
    try:
        # The application id is read through SQLite, not from the header bytes: in WAL mode
        # the newest page 1 may still sit in the -wal file.
        with closing(connect_for_reading(path)) as raw:
            application_id = raw.execute("PRAGMA application_id").fetchone()[0]
            names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            foreign: list[str] = []
            missing: tuple[str, ...] = ()
            if application_id == APPLICATION_ID and "alembic_version" in names:
                row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
                foreign, missing = _foreign_objects(raw)
    except sqlite3.DatabaseError as exc:
        failure = failures.translate(exc, Location(kind="sqlite", path=path), writing=False)
        if isinstance(failure, ProjectError):
            raise failure from exc
        raise ProjectError(f"{path} is not a qualcode project: {exc}") from exc
    if application_id not in (0, APPLICATION_ID) or (
        application_id == 0 and "alembic_version" in names
    ):
        raise ProjectError(
            f"{path} is an SQLite database of another program, not a qualcode project"
        )
    if foreign:
        raise ProjectError(
            f"{path} holds a {foreign[0]} that qualcode did not make; it was not opened, "
            "as such an addition can change data behind your back"
        )
    return revision, bool(names), missing


def _open_server(location: Location, *, create: bool) -> Database:
    import sqlalchemy as sa

    database = Database(location)
    try:
        with database.engine.connect() as conn:
            inspector = sa.inspect(conn)
            tables = inspector.get_table_names()
            revision = None
            missing: tuple[str, ...] = ()
            if "alembic_version" in tables:
                revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
                if "audit_events" in tables:
                    missing = missing_audit_triggers(ConnectionReader(conn))
    except sa.exc.DBAPIError as exc:
        database.close()
        raise _connection_failure(location, exc) from exc
    if create:
        if tables:
            database.close()
            raise ProjectError(f"the database {location.describe()} is not empty")
        _create_schema(database)
        return database
    if revision is None:
        database.close()
        if tables:
            raise ProjectError(f"{location.describe()} is a database, but not a qualcode project")
        raise ProjectError(
            f"{location.describe()} holds no qualcode project yet: create one with 'qualcode init'"
        )
    database.missing_triggers = missing
    if revision != HEAD_REVISION:
        _upgrade(database, revision)
    return database


# How a server says the user name or password is wrong, or the database is missing.
_BAD_LOGIN = ("28P01", "28000")
_NO_DATABASE = "3D000"
_LOGIN_WORDS = ("password authentication failed", "no password supplied", "role ")


def _lost_server(location: Location, exc: Exception) -> bool:
    """A server that could not be reached, or went away during the work (SQLSTATE 08...)."""
    if location.is_sqlite:
        return False
    cause = getattr(exc, "orig", None) or exc
    sqlstate = getattr(cause, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith(("08", "28", "3D", "57P"))
    return type(cause).__name__ == "OperationalError"


def _connection_failure(location: Location, exc: Exception) -> ProjectError:
    """One line for a server that cannot be reached or refuses us; never the password."""
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # libpq puts the server's own words after "FATAL:"; they are the useful part.
    fatal = next((line for line in lines if "FATAL:" in line), "")
    reason = (fatal.partition("FATAL:")[2] if fatal else (lines[0] if lines else "")).strip()
    reason = location.scrub(" ".join(reason.split()))
    where = location.describe()
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate in _BAD_LOGIN or any(word in reason for word in _LOGIN_WORDS):
        return ProjectError(
            f"the server of {where} refused the login ({reason}): check the user name and the "
            "password (in the address, PGPASSWORD or ~/.pgpass)"
        )
    if sqlstate == _NO_DATABASE or ("database" in reason and "does not exist" in reason):
        return ProjectError(f"cannot open {where}: {reason} on that server")
    if fatal or sqlstate:
        return ProjectError(f"cannot open the project at {where}: {reason}")
    return ProjectError(f"cannot reach the server of {where}: {reason}")


def alembic_config(conn: Connection) -> Any:
    """Alembic's configuration for migrations kept inside the package, on an open connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "qualcode.storage:migrations")
    config.attributes["connection"] = conn
    return config


def _create_schema(database: Database) -> None:
    """A new project: run every migration, then mark a SQLite file as a qualcode project."""
    from alembic import command

    with database.transaction() as tx:
        command.upgrade(alembic_config(tx.conn), "head")
        if database.location.is_sqlite:
            tx.conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")


def _upgrade(database: Database, revision: str) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    with database.engine.connect() as conn:
        script = ScriptDirectory.from_config(alembic_config(conn))
        known = {s.revision for s in script.walk_revisions()}
    if revision not in known:
        database.close()
        raise ProjectError(
            f"{database.describe()} was made by a newer qualcode (schema {revision}); "
            "please update qualcode"
        )
    backup = None
    if database.location.is_sqlite:
        assert database.location.path is not None
        backup = backup_sqlite(database.location.path, revision)
    with database.transaction() as tx:
        command.upgrade(alembic_config(tx.conn), "head")
    database.upgraded_from = (revision, backup)


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy the project file before an upgrade, through SQLite's online backup (WAL-safe)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as dest:
        harden_sqlite(source)
        source.backup(dest)
    return target


__all__ = [
    "APPLICATION_ID",
    "HEAD_REVISION",
    "OWN_SQLITE_OBJECTS",
    "ConnectionReader",
    "Database",
    "SqliteTransaction",
    "Transaction",
    "alembic_config",
    "make_engine",
    "missing_audit_triggers",
    "new_id",
    "open_database",
    "sqlite_time",
]
