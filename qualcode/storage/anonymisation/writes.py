"""Storing the anonymisation table."""

from __future__ import annotations

from datetime import datetime

from qualcode.domain.anonymisation import Rule
from qualcode.storage.db import Transaction
from qualcode.storage.schema import anonymisation_rules as table


def put(tx: Transaction, rule: Rule, *, coder_id: int, now: datetime) -> bool:
    """Add ``rule``, or change the replacement of its term; True when the term was new."""
    values = {
        "replacement": rule.replacement,
        "regex": rule.regex,
        "ignore_case": rule.ignore_case,
        "added_by": coder_id,
        "added_at": now,
    }
    changed = tx.conn.execute(table.update().where(table.c.term == rule.term).values(**values))
    if changed.rowcount:
        return False
    tx.conn.execute(table.insert().values(term=rule.term, **values))
    return True


def remove(tx: Transaction, term: str) -> bool:
    """Remove the rule of ``term``; False when there was none."""
    return bool(tx.conn.execute(table.delete().where(table.c.term == term)).rowcount)
