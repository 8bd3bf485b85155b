"""Storing an import's documents through sqlite3, in plain SQL.

A fresh ``qualcode import`` into a SQLite project then never loads SQLAlchemy (a third of a
second). The rows are those of ``writes.insert`` and ``writes.set_attributes``: a test imports
the same files both ways and compares every row of every table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from qualcode.domain.transcript import TurnRow
from qualcode.storage.db import SqliteTransaction, sqlite_time

TURN_COLUMNS = (  # document_id, then TurnRow's order
    "document_id",
    "position",
    "speaker",
    "char_start",
    "char_end",
    "start_seconds",
    "end_seconds",
)
_INSERT_TURNS = (
    f"INSERT INTO turns ({', '.join(TURN_COLUMNS)}) VALUES ({', '.join('?' * len(TURN_COLUMNS))})"
)
_INSERT_DOCUMENT = (
    "INSERT INTO documents (name, source_name, format, sha256, text, word_count, turn_count,"
    " imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def insert(
    tx: SqliteTransaction,
    *,
    name: str,
    source_name: str,
    sha256: str,
    fmt: str,
    text: str,
    turns: Sequence[TurnRow],
    words: int,
    coder_id: int,
    now: datetime,
) -> int:
    """Store a transcript with its turns; returns its id (as ``writes.insert``)."""
    cursor = tx.execute(
        _INSERT_DOCUMENT,
        (name, source_name, fmt, sha256, text, words, len(turns), coder_id, sqlite_time(now)),
    )
    document_id = cursor.lastrowid
    assert document_id is not None
    if turns:
        tx.executemany(_INSERT_TURNS, [(document_id, *row) for row in turns])
    return document_id


def set_attributes(tx: SqliteTransaction, document_id: int, values: dict[str, str]) -> None:
    """Set (insert or overwrite) case attributes of one document."""
    if not values:
        return
    keys = list(values)
    tx.execute(
        f'DELETE FROM attributes WHERE document_id = ? AND "key" IN ({", ".join("?" * len(keys))})',
        (document_id, *keys),
    )
    tx.executemany(
        'INSERT INTO attributes (document_id, "key", value) VALUES (?, ?, ?)',
        [(document_id, k, v) for k, v in values.items()],
    )
