"""What every service shares: the database, the acting coder, and the unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from qualcode.domain import limits

if TYPE_CHECKING:
    from qualcode.domain.audit import ChangeEvent
    from qualcode.storage.db import Database, Transaction


class UnitOfWork:
    """One write: a transaction, the acting coder, one clock, and the events it records.

    Every timestamp written in it is :attr:`now`; the events are appended to the audit trail
    in one statement when the block ends, inside the same transaction, so a change and its
    record are stored together or not at all.
    """

    def __init__(self, tx: Transaction, coder: str, now: datetime) -> None:
        self.tx = tx
        self.coder = coder
        self.now = now
        self._coder_id: int | None = None
        self._events: list[ChangeEvent] = []
        self.written: list[int] = []  # the chain places (seq) of the events it wrote

    @property
    def coder_id(self) -> int:
        """The acting coder's id (created on first use, then remembered)."""
        if self._coder_id is None:
            from qualcode.storage.coders import writes as coders

            self._coder_id = coders.ensure(self.tx, self.coder)
        return self._coder_id

    def record(self, event: ChangeEvent) -> None:
        """Keep an event for the audit trail (written when the unit of work ends).

        Every reason a user gives reaches the trail here, so its length is checked here.
        """
        limits.REASON.check(event.reason)
        self._events.append(event)

    def flush(self) -> None:
        """Write the recorded events, all with this unit's coder and time, chained by hashes.

        The chain's head is read (and locked) in this transaction, so a concurrent writer
        chains onto these events, never onto the same predecessor.
        """
        if not self._events:
            return
        from qualcode.domain.audit_chain import canonical_time, event_hash, plain_json
        from qualcode.storage.audit import writes as audit

        at = self.now.astimezone(UTC)  # stored and hashed as UTC on both back-ends
        at_text = canonical_time(at)
        coder_id = self.coder_id
        seq, prev = audit.lock_head(self.tx)
        rows: list[dict[str, Any]] = []
        for event in self._events:
            before, after = (plain_json(side) for side in event.payload())
            seq += 1
            digest = event_hash(
                seq=seq,
                at=at_text,
                coder=self.coder,
                action=event.action,
                entity=event.entity,
                entity_id=event.entity_id,
                before=before,
                after=after,
                reason=event.reason,
                prev_hash=prev,
            )
            rows.append(
                {
                    "at": at,
                    "coder_id": coder_id,
                    "action": event.action,
                    "entity": event.entity,
                    "entity_id": event.entity_id,
                    "before": before,
                    "after": after,
                    "reason": event.reason,
                    "seq": seq,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        audit.write(self.tx, rows)
        self.written += [row["seq"] for row in rows]
        from qualcode.storage import live

        live.notify(  # PostgreSQL: the live workbenches hear of it when this commits
            self.tx,
            {"seq": seq, "coder": self.coder, "entities": sorted({r["entity"] for r in rows})},
        )
        self._events.clear()


#: The unit of work a service write joins instead of opening its own: set while one step of
#: the history is undone or redone, so that the inverse changes and the record of the undo are
#: one transaction (see services/history.py).
_JOINED: ContextVar[UnitOfWork | None] = ContextVar("joined_unit_of_work", default=None)

#: The events this process wrote, per open database, kept only while a live workbench watches
#: it (services/live.py): its own changes are on screen already and are not read again.
_OWN_WRITES: WeakKeyDictionary[Database, set[int]] = WeakKeyDictionary()


def own_writes(database: Database) -> set[int]:
    """Start keeping the chain places of the events written through ``database`` here."""
    return _OWN_WRITES.setdefault(database, set())


@contextmanager
def joined(uow: UnitOfWork) -> Iterator[UnitOfWork]:
    """Every service write inside this block (on this thread) is part of ``uow``."""
    token = _JOINED.set(uow)
    try:
        yield uow
    finally:
        _JOINED.reset(token)


class Service:
    def __init__(self, database: Database, coder: str) -> None:
        limits.CODER_NAME.check(coder)  # where the --coder option and QUALCODE_CODER arrive
        self.database = database
        self.coder = coder

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One service write: committed with its audit events, or rolled back whole."""
        outer = _JOINED.get()
        if outer is not None and outer.coder == self.coder:
            yield outer  # part of a larger write (an undo): it commits and flushes
            return
        kept = _OWN_WRITES.get(self.database)
        written: list[int] = []
        try:
            with self.database.transaction() as tx:
                uow = UnitOfWork(tx, self.coder, self.now())
                written = uow.written
                yield uow
                uow.flush()
                if kept is not None:  # before the commit, so a watcher never takes it for
                    kept.update(written)  # someone else's
        except BaseException:
            if kept is not None:
                kept.difference_update(written)  # rolled back: those places go to others
            raise
