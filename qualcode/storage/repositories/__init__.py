"""Queries, one module per table family; each function takes an open connection.

The services own the transaction; these functions never commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import CursorResult


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just made."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
