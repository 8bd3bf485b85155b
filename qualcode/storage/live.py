"""Noticing that someone else changed the project, cheaply, without reading it.

PostgreSQL: every unit of work that records events sends a NOTIFY on :data:`CHANNEL` as it
commits (the server delivers it only then, and not at all on a rollback); a watcher LISTENs on a
connection of its own and wakes when one arrives. SQLite: a file has no notifications, but
``PRAGMA data_version`` on a connection kept open changes whenever another connection commits, and
asking costs microseconds, so a watcher asks about once a second.

Either way a wake-up only says "look": what changed is read from the audit trail after the last
event seen (storage/audit/reads.py ``changes_since``).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from typing import TYPE_CHECKING, Any, Protocol

from qualcode.storage.db import connect_for_reading

if TYPE_CHECKING:
    from qualcode.storage.db import Database, Transaction

CHANNEL = "qualcode_changes"
POLL_SECONDS = 1.0


def notify(tx: Transaction, payload: dict[str, Any]) -> None:
    """Tell the listeners what this transaction changed (PostgreSQL: sent when it commits)."""
    if tx.dialect != "postgresql":
        return
    from sqlalchemy import text

    tx.conn.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANNEL, "payload": json.dumps(payload)[:7000]},  # the server's limit is 8000
    )


class Watcher(Protocol):
    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True when the project may have changed meanwhile."""

    def close(self) -> None: ...


class SqliteWatcher:
    """Polls ``PRAGMA data_version`` on a read connection of its own."""

    def __init__(self, database: Database, poll: float = POLL_SECONDS) -> None:
        assert database.location.path is not None
        self._path = database.location.path
        self._poll = poll
        self._raw: sqlite3.Connection | None = None
        self._seen: int | None = None
        self._next = 0.0  # when to ask next (time.monotonic)

    def _version(self) -> int:
        if self._raw is None:
            self._raw = connect_for_reading(self._path)
        return int(self._raw.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> bool:
        """Asks at most once per poll interval, however often it is called."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if now >= self._next:
                self._next = now + self._poll
                version: int | None
                try:
                    version = self._version()
                except sqlite3.Error:  # busy or briefly unreadable: ask again next time
                    version = self._seen
                if self._seen is None:
                    self._seen = version
                elif version != self._seen:
                    self._seen = version
                    return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(max(min(self._next - time.monotonic(), left), 0.0))

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


class PostgresWatcher:
    """LISTENs on a connection of its own, taken from the project's engine (its settings)."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._pooled: Any = None
        self._conn: Any = None

    def _connection(self) -> Any:
        if self._conn is None:
            self._pooled = self._database.engine.raw_connection()
            conn = self._pooled.driver_connection
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
            self._conn = conn
        return self._conn

    def wait(self, timeout: float) -> bool:
        """A lost connection (the server restarted, the network dropped) is opened again on
        the next call; meanwhile a notification may have been missed, so it says "look"."""
        try:
            conn = self._connection()
            got = False
            for _note in conn.notifies(timeout=timeout, stop_after=1):
                got = True
            if got:  # a burst of commits is one wake-up: take what else has arrived already
                for _note in conn.notifies(timeout=0.05):
                    pass
            return got
        except Exception:  # the driver's or the pool's: whatever it was, start again
            self.close()
            time.sleep(timeout)
            return True

    def close(self) -> None:
        pooled, self._pooled, self._conn = self._pooled, None, None
        if pooled is not None:
            with contextlib.suppress(Exception):  # gone already
                pooled.invalidate()  # a listening connection is not handed out again


def watcher(database: Database) -> Watcher:
    """The way to notice changes on this project's database."""
    if database.location.is_sqlite:
        return SqliteWatcher(database)
    return PostgresWatcher(database)
