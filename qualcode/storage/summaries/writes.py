"""Storing summaries and the summarising technique's units."""

from __future__ import annotations

from datetime import datetime

from qualcode.storage.db import Transaction
from qualcode.storage.schema import case_summaries, summary_units


def add_version(
    tx: Transaction,
    document_id: int,
    category_id: int | None,
    text: str,
    *,
    coder_id: int,
    now: datetime,
) -> int:
    """Store a new version of a summary (the older ones stay as its history); returns its id."""
    result = tx.conn.execute(
        case_summaries.insert().values(
            document_id=document_id,
            category_id=category_id,
            text=text,
            written_by=coder_id,
            written_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def put_unit(
    tx: Transaction,
    coding_id: int,
    *,
    paraphrase: str,
    generalisation: str,
    reduction: str,
    coder_id: int,
    now: datetime,
) -> None:
    """Set the three columns of a passage's row (made on first write)."""
    values = {
        "paraphrase": paraphrase,
        "generalisation": generalisation,
        "reduction": reduction,
        "updated_by": coder_id,
        "updated_at": now,
    }
    changed = tx.conn.execute(
        summary_units.update().where(summary_units.c.coding_id == coding_id).values(**values)
    )
    if not changed.rowcount:
        tx.conn.execute(summary_units.insert().values(coding_id=coding_id, **values))


def mark_promoted(tx: Transaction, coding_ids: list[int], category_id: int) -> None:
    """The reduction of these passages became the category ``category_id``."""
    tx.conn.execute(
        summary_units.update()
        .where(summary_units.c.coding_id.in_(coding_ids))
        .values(promoted_to=category_id)
    )
