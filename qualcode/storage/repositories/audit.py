"""The append-only audit trail: who changed what, when, and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from qualcode.storage.db import Transaction
from qualcode.storage.schema import audit_events


def record(
    tx: Transaction,
    *,
    coder_id: int,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> None:
    tx.conn.execute(
        audit_events.insert().values(
            at=datetime.now(UTC),
            coder_id=coder_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
            reason=reason,
        )
    )


def record_many(tx: Transaction, rows: list[dict[str, Any]]) -> None:
    """Bulk events (an import of hundreds of documents), one executemany."""
    if rows:
        now = datetime.now(UTC)
        tx.conn.execute(
            audit_events.insert(),
            [{"at": now, "before": None, "after": None, "reason": "", **row} for row in rows],
        )
