"""Coders: the people whose work the audit trail records."""

from __future__ import annotations

from datetime import UTC, datetime

from qualcode.storage.coders import reads as coders_query
from qualcode.storage.db import Transaction, new_id
from qualcode.storage.schema import coders


def ensure(tx: Transaction, name: str) -> int:
    """The coder's id, creating the coder on first use."""
    found = coders_query.find(tx, name)
    if found is not None:
        return found
    return new_id(tx.conn.execute(coders.insert().values(name=name, created_at=datetime.now(UTC))))
