"""Appending a unit of work's events through sqlite3 (a unit of work without SQLAlchemy).

The same rows as ``writes.py`` (times as SQLAlchemy's text, before/after as its JSON text), so
the hash chain reads and verifies the same whichever way the events were written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qualcode.domain.audit_chain import GENESIS
from qualcode.storage.db import SqliteTransaction, sqlite_time

_COLUMNS = (
    "at",
    "coder_id",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
    "reason",
    "seq",
    "prev_hash",
    "hash",
)


def lock_head(tx: SqliteTransaction) -> tuple[int, str]:
    """(seq, hash) of the newest event (the writer holds SQLite's one write lock already,
    every unit of work beginning IMMEDIATE); as ``writes.lock_head``."""
    row = tx.execute("SELECT seq, hash FROM audit_chain WHERE id = 1").fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    last = tx.execute(
        "SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, digest = (int(last[0]), str(last[1])) if last is not None else (0, GENESIS)
    tx.execute("INSERT INTO audit_chain (id, seq, hash) VALUES (1, ?, ?)", (seq, digest))
    return seq, digest


def write(tx: SqliteTransaction, rows: Sequence[dict[str, Any]]) -> None:
    """Append the events in one executemany and move the chain's head (as ``writes.write``)."""
    if not rows:
        return
    times: dict[Any, str] = {}  # a unit of work's events share its one time: formatted once
    tx.executemany(
        f"INSERT INTO audit_events ({', '.join(_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_COLUMNS))})",
        (
            (
                times.get(row["at"]) or times.setdefault(row["at"], sqlite_time(row["at"])),
                row["coder_id"],
                row["action"],
                row["entity"],
                row["entity_id"],
                json.dumps(row["before"]),
                json.dumps(row["after"]),
                row["reason"],
                row["seq"],
                row["prev_hash"],
                row["hash"],
            )
            for row in rows
        ),
    )
    last = rows[-1]
    tx.execute("UPDATE audit_chain SET seq = ?, hash = ? WHERE id = 1", (last["seq"], last["hash"]))
