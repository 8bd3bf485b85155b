"""Read-only queries in plain SQL, run by whichever driver is cheapest to load.

Listing documents or codings must answer at once, and importing SQLAlchemy costs a third of a
second here. So every read is written once with SQLAlchemy Core (statements.py) and compiled
ahead of time for each dialect, with ``:name`` parameters (storage/sql.py picks the strings by
the reader's ``dialect``); on a SQLite project the standard library's sqlite3 runs them, on
PostgreSQL (and inside a write transaction) SQLAlchemy does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any, Protocol

Row = Mapping[str, Any]


class Reader(Protocol):
    dialect: str  # "sqlite" or "postgresql": which compiled statements to run

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def rows_at_once(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any: ...


class SqliteReader:
    """Reads through the standard library, inside one read transaction (a consistent snapshot)."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        cursor = self.connection.execute(sql, dict(params or {}))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def rows_at_once(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """The rows of :meth:`rows`, handed over by SQLite as one JSON array in a single step.

        sqlite3 lets go of the interpreter lock for every row it steps to, and a thread reading
        while the main thread is busy (the workbench starting, or drawing) then waits up to
        Python's switch interval (5 ms) to get it back, row after row: listing 500 documents
        took 0.35 s beside Textual's import instead of 0.04 s alone. Packed, SQLite does the
        whole query on the other core in one go. For the reads the workbench waits on; a REAL
        keeps 15 significant digits (ample for times in seconds), and BLOBs are not allowed.
        """
        params = dict(params or {})
        try:
            names = [d[0] for d in self.connection.execute(_none_of(sql), params).description]
            if any(name.rpartition(":")[0] in names for name in names):
                return self.rows(sql, params)  # SQLite renamed a repeated column to "name:1"
            columns = ", ".join('"' + name.replace('"', '""') + '"' for name in names)
            packed = self.connection.execute(
                f"SELECT json_group_array(json_array({columns})) FROM ({sql})", params
            ).fetchone()[0]
            found = json.loads(packed)
        except (sqlite3.OperationalError, ValueError):  # SQL that will not nest, or an Inf
            return self.rows(sql, params)
        return [dict(zip(names, values, strict=True)) for values in found]

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.connection.execute(sql, dict(params or {})).fetchone()
        return None if row is None else row[0]


def _none_of(sql: str) -> str:
    """The query without its rows: how SQLite tells the column names without stepping."""
    return f"SELECT * FROM ({sql}) LIMIT 0"
