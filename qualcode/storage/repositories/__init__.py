"""Writes through SQLAlchemy Core, one module per table family.

The services own the transaction and import these modules only in their write paths, so that
reading a project never pays SQLAlchemy's import (see storage/reader.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import CursorResult


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just made."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
