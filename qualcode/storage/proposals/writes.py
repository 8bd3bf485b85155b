"""Storing autocoding rules, proposals and the coder's decisions on them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from qualcode.domain.autocoding import Rule
from qualcode.storage.db import Transaction
from qualcode.storage.schema import autocode_rules, proposals


def replace_rules(tx: Transaction, category_id: int, rules: Sequence[Rule]) -> None:
    """A category's rules become ``rules`` (a codebook file loaded again replaces them)."""
    tx.conn.execute(autocode_rules.delete().where(autocode_rules.c.category_id == category_id))
    if rules:
        tx.conn.execute(
            autocode_rules.insert(),
            [
                {
                    "category_id": category_id,
                    "position": index,
                    "kind": rule.kind,
                    "pattern": rule.pattern,
                    "unit": rule.unit,
                    "speaker": rule.speaker,
                }
                for index, rule in enumerate(rules)
            ],
        )


def insert(
    tx: Transaction,
    rows: Sequence[dict[str, object]],
    *,
    coder_id: int,
    now: datetime,
    coding_pass: str | None = None,
) -> int:
    """Store new proposals (document_id, category_id, char_start, char_end, text, rule each),
    made by ``coder_id`` in ``coding_pass``."""
    if not rows:
        return 0
    made = {"status": "proposed", "created_by": coder_id, "created_at": now}
    tx.conn.execute(
        proposals.insert(), [{**row, **made, "coding_pass": coding_pass} for row in rows]
    )
    return len(rows)


def decide(
    tx: Transaction,
    proposal_id: int,
    status: str,
    *,
    coder_id: int,
    now: datetime,
    coding_id: int | None = None,
) -> bool:
    """Record the coder's decision on a proposal still waiting for one; False when it was
    decided meanwhile (another window or coder came first: nothing is changed)."""
    done = tx.conn.execute(
        proposals.update()
        .where(proposals.c.id == proposal_id, proposals.c.status == "proposed")
        .values(status=status, decided_by=coder_id, decided_at=now, coding_id=coding_id)
    )
    return bool(done.rowcount == 1)


def reopen(tx: Transaction, proposal_id: int) -> None:
    """A decided proposal waits for a decision again (its coding was undone)."""
    tx.conn.execute(
        proposals.update()
        .where(proposals.c.id == proposal_id)
        .values(status="proposed", decided_by=None, decided_at=None, coding_id=None)
    )


def insert_records(tx: Transaction, rows: Sequence[dict[str, object]]) -> list[int]:
    """Store proposals with their whole record (every column but the id, as another project
    made and decided them) and return their new ids, in the order of ``rows``."""
    if not rows:
        return []
    before = tx.conn.execute(sa.select(sa.func.max(proposals.c.id))).scalar() or 0
    tx.conn.execute(proposals.insert(), list(rows))
    found = tx.conn.execute(
        sa.select(proposals.c.id).where(proposals.c.id > before).order_by(proposals.c.id)
    )
    return [int(r[0]) for r in found]
