"""What every service shares: the database, the acting coder, and the unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast
from weakref import WeakKeyDictionary

from qualcode.domain import limits

if TYPE_CHECKING:
    from qualcode.domain.audit import ChangeEvent
    from qualcode.domain.audit_rows import EventRow
    from qualcode.domain.roles import Permission
    from qualcode.storage.db import Database, SqliteTransaction, Transaction


class _Recording:
    """What every unit of work shares: the acting coder, one clock, and the recorded events.

    Every timestamp written in it is :attr:`now`; the events are appended to the audit trail
    in one statement when the block ends, inside the same transaction, so a change and its
    record are stored together or not at all.
    """

    def __init__(self, tx: Transaction | SqliteTransaction, coder: str, now: datetime) -> None:
        self._tx = tx
        self.coder = coder
        self.now = now
        self._coder_id: int | None = None
        self._events: list[ChangeEvent | EventRow] = []
        self.written: list[int] = []  # the chain places (seq) of the events it wrote

    @property
    def coder_id(self) -> int:
        """The acting coder's id (created on first use, then remembered)."""
        if self._coder_id is None:
            tx = self._tx
            if tx.plain:
                from qualcode.storage.coders import plain_writes as plain_coders

                self._coder_id = plain_coders.ensure(cast("SqliteTransaction", tx), self.coder)
            else:
                from qualcode.storage.coders import writes as coders

                self._coder_id = coders.ensure(cast("Transaction", tx), self.coder)
        return self._coder_id

    def require(self, permission: Permission) -> None:
        """Refuse the write unless the acting coder's role allows it (domain/roles.py).

        Read inside the write transaction, so a role changed a moment ago already counts.
        """
        from qualcode.domain.roles import Role, check
        from qualcode.storage.coders import reads as coders_query

        role, has_members = coders_query.access(self._tx, self.coder)
        check(self.coder, Role(role) if role else None, permission, has_members=has_members)

    def record(self, event: ChangeEvent | EventRow) -> None:
        """Keep an event for the audit trail (written when the unit of work ends): one of
        the kinds in domain/audit.py, or an import's rows built without them (audit_rows.py).

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

        at = self.now.astimezone(UTC)  # stored and hashed as UTC on both back-ends
        at_text = canonical_time(at)
        coder_id = self.coder_id
        tx = self._tx
        if tx.plain:
            from qualcode.storage.audit import plain_writes as plain_audit

            seq, prev = plain_audit.lock_head(cast("SqliteTransaction", tx))
        else:
            from qualcode.storage.audit import writes as audit

            seq, prev = audit.lock_head(cast("Transaction", tx))
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
        if tx.plain:
            plain_audit.write(cast("SqliteTransaction", tx), rows)
        else:
            from qualcode.storage import live

            audit.write(cast("Transaction", tx), rows)
            live.notify(  # PostgreSQL: the live workbenches hear of it when this commits
                cast("Transaction", tx),
                {"seq": seq, "coder": self.coder, "entities": sorted({r["entity"] for r in rows})},
            )
        self.written += [row["seq"] for row in rows]
        self._events.clear()


class UnitOfWork(_Recording):
    """One write: a transaction (``tx``, SQLAlchemy's), the acting coder, one clock, and the
    events it records."""

    def __init__(self, tx: Transaction, coder: str, now: datetime) -> None:
        super().__init__(tx, coder, now)
        self.tx = tx


class LightUnitOfWork(_Recording):
    """A unit of work for writes that have a plain-SQL form (an import's): on a SQLite
    project ``tx`` is sqlite3's (:class:`SqliteTransaction`), so SQLAlchemy is never loaded;
    on a server it is the usual transaction. The events and their hash chain are the same."""

    def __init__(self, tx: Transaction | SqliteTransaction, coder: str, now: datetime) -> None:
        super().__init__(tx, coder, now)
        self.tx = tx


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
    def unit_of_work(self, needs: Permission | None = None) -> Iterator[UnitOfWork]:
        """One service write: committed with its audit events, or rolled back whole.

        ``needs``: what the acting coder's role must allow (checked first, in the write).
        Writes of one project take turns (see ``Database.transaction``), so what a write reads
        is still true when it commits, whoever else is writing.
        """
        outer = _JOINED.get()
        if outer is not None and outer.coder == self.coder:
            if needs is not None:
                outer.require(needs)
            yield outer  # part of a larger write (an undo): it commits and flushes
            return
        written: list[int] = []
        try:
            with self.database.transaction() as tx:
                uow = UnitOfWork(tx, self.coder, self.now())
                written = uow.written
                if needs is not None:
                    uow.require(needs)
                yield uow
                uow.flush()
                self._keep_as_own(written)
        except BaseException:
            self._forget_as_own(written)
            raise

    @contextmanager
    def light_unit_of_work(
        self, needs: Permission | None = None, *, bulk: bool = False
    ) -> Iterator[LightUnitOfWork]:
        """:meth:`unit_of_work` for writes with a plain-SQL form, through sqlite3 on SQLite
        (``bulk``: a large one, see ``Database.light_transaction``)."""
        written: list[int] = []
        try:
            with self.database.light_transaction(bulk=bulk) as tx:
                uow = LightUnitOfWork(tx, self.coder, self.now())
                written = uow.written
                if needs is not None:
                    uow.require(needs)
                yield uow
                uow.flush()
                self._keep_as_own(written)
        except BaseException:
            self._forget_as_own(written)
            raise

    def _keep_as_own(self, written: list[int]) -> None:
        """Note the events just written as this process's own, before the commit, so that a
        live watcher never takes them for someone else's."""
        kept = _OWN_WRITES.get(self.database)
        if kept is not None:
            kept.update(written)

    def _forget_as_own(self, written: list[int]) -> None:
        """A write rolled back: its chain places go to others."""
        kept = _OWN_WRITES.get(self.database)
        if kept is not None:
            kept.difference_update(written)
