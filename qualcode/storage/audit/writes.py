"""The append-only audit trail: who changed what, when, and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qualcode.storage.db import Transaction
from qualcode.storage.schema import audit_events


def write(tx: Transaction, rows: Sequence[dict[str, Any]]) -> None:
    """Append a unit of work's events in one executemany.

    Each row holds ``at``, ``coder_id``, ``action``, ``entity``, ``entity_id``, ``before``,
    ``after`` and ``reason``.
    """
    if rows:
        tx.conn.execute(audit_events.insert(), list(rows))
