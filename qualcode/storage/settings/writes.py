"""Storing project settings and renaming speakers."""

from __future__ import annotations

from typing import Any

from qualcode.storage.db import Transaction
from qualcode.storage.schema import settings, turns


def put(tx: Transaction, key: str, value: Any) -> None:
    tx.conn.execute(settings.delete().where(settings.c.key == key))
    tx.conn.execute(settings.insert().values(key=key, value=value))


def rename_speaker(tx: Transaction, old: str, new: str) -> int:
    """Every turn labelled ``old`` gets the speaker ``new``; returns how many turns changed."""
    result = tx.conn.execute(turns.update().where(turns.c.speaker == old).values(speaker=new))
    return int(result.rowcount or 0)
