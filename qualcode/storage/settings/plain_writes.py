"""Storing a project setting through sqlite3 (a unit of work without SQLAlchemy)."""

from __future__ import annotations

import json
from typing import Any

from qualcode.storage.db import SqliteTransaction


def put(tx: SqliteTransaction, key: str, value: Any) -> None:
    """As ``writes.put``: the value stored as the JSON text SQLAlchemy's JSON column writes."""
    tx.execute("DELETE FROM settings WHERE key = ?", (key,))
    tx.execute('INSERT INTO settings ("key", value) VALUES (?, ?)', (key, json.dumps(value)))
