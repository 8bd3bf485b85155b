"""The append-only audit trail: who changed what, when, and why, chained by hashes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from qualcode.domain.audit_chain import GENESIS
from qualcode.storage.db import Transaction
from qualcode.storage.schema import audit_chain, audit_events


def lock_head(tx: Transaction) -> tuple[int, str]:
    """(seq, hash) of the newest event, locked until the transaction ends.

    SQLite: every write transaction begins IMMEDIATE, so this writer already holds the
    database's one write lock. PostgreSQL: ``FOR UPDATE`` on the head row makes a second
    writer wait here until this one commits, and then read the head this one wrote; so two
    writers can never chain onto the same event.
    """
    query = sa.select(audit_chain.c.seq, audit_chain.c.hash).where(audit_chain.c.id == 1)
    if tx.dialect == "postgresql":
        query = query.with_for_update()
    row = tx.conn.execute(query).first()
    if row is not None:
        return int(row.seq), str(row.hash)
    # The head row is gone (removed by hand): chain onto the newest event, and record the head
    # again. A check still reports what is missing between them.
    last = tx.conn.execute(
        sa.select(audit_events.c.seq, audit_events.c.hash)
        .where(audit_events.c.seq.is_not(None))
        .order_by(audit_events.c.seq.desc())
        .limit(1)
    ).first()
    seq, digest = (int(last.seq), str(last.hash)) if last is not None else (0, GENESIS)
    tx.conn.execute(audit_chain.insert().values(id=1, seq=seq, hash=digest))
    return seq, digest


def write(tx: Transaction, rows: Sequence[dict[str, Any]]) -> None:
    """Append a unit of work's events in one executemany, and move the chain's head.

    Each row holds ``at``, ``coder_id``, ``action``, ``entity``, ``entity_id``, ``before``,
    ``after``, ``reason``, ``seq``, ``prev_hash`` and ``hash``; the caller chained them onto
    :func:`lock_head` in the same transaction.
    """
    if not rows:
        return
    tx.conn.execute(audit_events.insert(), list(rows))
    last = rows[-1]
    tx.conn.execute(
        audit_chain.update().where(audit_chain.c.id == 1).values(seq=last["seq"], hash=last["hash"])
    )
