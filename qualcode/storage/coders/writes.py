"""Coders: the people whose work the audit trail records, and their roles as members."""

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


def set_role(tx: Transaction, coder_id: int, role: str | None) -> None:
    """Make the coder a member with ``role``, or (None) no member."""
    tx.conn.execute(coders.update().where(coders.c.id == coder_id).values(role=role))
