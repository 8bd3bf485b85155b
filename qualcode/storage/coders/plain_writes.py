"""Adding a coder through sqlite3 (a unit of work without SQLAlchemy, as an import's)."""

from __future__ import annotations

from datetime import UTC, datetime

from qualcode.storage.coders import reads as coders_query
from qualcode.storage.db import SqliteTransaction, sqlite_time


def ensure(tx: SqliteTransaction, name: str) -> int:
    """The coder's id, creating the coder on first use (as ``writes.ensure``)."""
    found = coders_query.find(tx, name)
    if found is not None:
        return found
    cursor = tx.execute(
        "INSERT INTO coders (name, created_at) VALUES (?, ?)",
        (name, sqlite_time(datetime.now(UTC))),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid
