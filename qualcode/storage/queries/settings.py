"""Reading project settings (JSON values by key)."""

from __future__ import annotations

import json
from typing import Any

from qualcode.storage.reader import Reader, Row


def get(reader: Reader, key: str) -> Any:
    # As text on every driver: psycopg would decode the JSON itself, sqlite3 does not.
    value = reader.scalar("SELECT CAST(value AS TEXT) FROM settings WHERE key = :key", {"key": key})
    return json.loads(value) if isinstance(value, str) else value


def speakers(reader: Reader) -> list[Row]:
    """Each speaker label in the turns, with its number of turns and documents."""
    return reader.rows(
        "SELECT speaker, count(*) AS turns, count(DISTINCT document_id) AS documents"
        " FROM turns WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY speaker"
    )
