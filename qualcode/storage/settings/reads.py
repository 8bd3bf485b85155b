"""Reading project settings (JSON values by key)."""

from __future__ import annotations

import json
from typing import Any

from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import sql


def get(reader: Reader, key: str) -> Any:
    # As text on every driver: psycopg would decode the JSON itself, sqlite3 does not.
    value = reader.scalar(sql(reader, "settings.get"), {"key": key})
    return json.loads(value) if isinstance(value, str) else value


def speakers(reader: Reader) -> list[Row]:
    """Each speaker label in the turns, with its number of turns and documents."""
    return reader.rows(sql(reader, "settings.speakers"))
