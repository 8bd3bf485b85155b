"""The audit trail as a hash chain: how an event's hash is made, and how a trail is checked.

Each stored event carries ``seq`` (its place in the chain, 1, 2, 3, ...), ``prev_hash`` (the
hash of the event before it; :data:`GENESIS` for the first) and ``hash``: SHA-256 over
:func:`canonical` of its content and ``prev_hash``. Changing, removing, inserting or reordering
an event breaks a link that :func:`check_chain` names. The format is documented in
docs/audit-trail.md, with a short script a reviewer can run without qualcode.

Pure functions only: the same code hashes when an event is written and when it is checked, on
the values as either database hands them back (see :func:`canonical_time`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from qualcode.domain.plurals import counted

GENESIS = "0" * 64  # the prev_hash of the first event
_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")
_PLAIN = (str, int, float, bool, type(None))  # values JSON hands back as they went in
MIN_PIN = 12  # the shortest prefix of a hash `log --verify --head` accepts

# What went wrong, as ChainCheck.problem names it.
EDITED = "edited"  # an event's content no longer matches its hash
LINK = "broken link"  # an event does not follow the one before it: deleted, inserted, reordered
CUT = "cut short"  # the last events are gone (the chain head records more)
TRIGGERS = "triggers"  # the database no longer refuses changes to the trail
PIN = "pinned head"  # a hash pinned earlier is no longer in the trail


def canonical_time(at: datetime | str) -> str:
    """A time as ISO 8601 in UTC with microseconds: ``2026-12-07T14:03:09.123456+00:00``.

    SQLite hands back the stored text without a zone (qualcode stores UTC), PostgreSQL an
    aware datetime in the session's zone; both become the same string.
    """
    if isinstance(at, str):
        if _CANONICAL_TIME.fullmatch(at):  # already canonical (a unit of work's events)
            return at
        at = datetime.fromisoformat(at)
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.isoformat(timespec="microseconds")


def plain_json(value: Any) -> Any:
    """A before/after value as it reads back from the database (JSON round trip: tuples become
    lists, number keys text). A dict of plain values, the usual payload, or of plain values and
    such dicts (an import's, with the case attributes) is one already."""
    if value is None or (type(value) is dict and all(_plain_item(k, v) for k, v in value.items())):
        return value
    return json.loads(json.dumps(value))


def _plain_item(key: object, value: object) -> bool:
    """A key and value that read back as they are: text key, a plain value or a flat dict."""
    if type(key) is not str:
        return False
    if type(value) is dict:
        return all(type(k) is str and type(v) in _PLAIN for k, v in value.items())
    return type(value) in _PLAIN


def canonical(
    *,
    seq: int,
    at: datetime | str,
    coder: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Any,
    after: Any,
    reason: str,
    prev_hash: str,
) -> bytes:
    """The bytes an event's hash is made of: its content as canonical JSON (sorted keys, no
    spaces, UTF-8 unescaped), with the previous event's hash."""
    content = {
        "seq": seq,
        "at": canonical_time(at),
        "coder": coder,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "reason": reason or "",
        "prev_hash": prev_hash,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def event_hash(**content: Any) -> str:
    """SHA-256 (hex) of :func:`canonical` of an event; keyword arguments as there."""
    return hashlib.sha256(canonical(**content)).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """One stored event with its chain columns, as read back for a check."""

    id: int
    seq: int | None
    at: datetime | str
    coder: str
    action: str
    entity: str
    entity_id: int | None
    before: Any
    after: Any
    reason: str
    prev_hash: str | None
    hash: str | None

    def expected_hash(self) -> str:
        """What the hash should be, from the content as stored now."""
        return event_hash(
            seq=self.seq,
            at=self.at,
            coder=self.coder,
            action=self.action,
            entity=self.entity,
            entity_id=self.entity_id,
            before=self.before,
            after=self.after,
            reason=self.reason,
            prev_hash=self.prev_hash or "",
        )


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """The outcome of checking the trail: intact, or where it first breaks and how."""

    ok: bool
    checked: int  # events read
    head: str | None  # the hash of the last event (pin it to prove the trail later)
    summary: str  # one line in English
    problem: str = ""  # EDITED, LINK, CUT, TRIGGERS or PIN; "" when ok
    event_id: int | None = None  # the first event that fails
    event_seq: int | None = None
    event_at: datetime | None = None
    missing_triggers: tuple[str, ...] = ()
    quick: bool = False  # True: only the ends of the chain and the triggers were checked


def _when(at: datetime | str) -> str:
    return canonical_time(at)[:19].replace("T", " ") + " UTC"


def _broken(
    problem: str, entry: ChainEntry, checked: int, head: str | None, why: str, **extra: Any
) -> ChainCheck:
    at = datetime.fromisoformat(canonical_time(entry.at))
    place = "no place in the chain" if entry.seq is None else f"no. {entry.seq}"
    return ChainCheck(
        ok=False,
        checked=checked,
        head=head,
        summary=f"Audit trail: BROKEN at event {entry.id} ({place}, {_when(entry.at)}): {why}",
        problem=problem,
        event_id=entry.id,
        event_seq=entry.seq,
        event_at=at,
        **extra,
    )


def check_chain(
    entries: Iterable[ChainEntry],
    *,
    recorded_head: tuple[int, str] | None,
    missing_triggers: Iterable[str] = (),
    pinned: str | None = None,
) -> ChainCheck:
    """Walk the trail in chain order and name the first broken link.

    ``recorded_head`` is (seq, hash) of the last event as the chain-head row keeps it, so that
    removing the newest events is noticed too; ``missing_triggers`` the append-only triggers
    the database lacks; ``pinned`` a head hash (or a prefix of one) noted down earlier, which
    the trail must still contain.
    """
    missing = tuple(missing_triggers)
    if recorded_head == (0, GENESIS):  # a new project's head, before its first event
        recorded_head = None
    expected_seq, prev, checked = 1, GENESIS, 0
    last: ChainEntry | None = None
    pin = pinned.strip().lower() if pinned else None
    pin_found: ChainEntry | None = None
    for entry in entries:
        checked += 1
        if entry.seq is None or entry.seq != expected_seq or entry.prev_hash != prev:
            if entry.seq is not None and isinstance(entry.seq, int) and entry.seq > expected_seq:
                gone = entry.seq - expected_seq
                why = (
                    f"{gone} event{'s' if gone > 1 else ''} before it "
                    f"{'were' if gone > 1 else 'was'} deleted (no. {expected_seq}"
                    f"{f'–{entry.seq - 1}' if gone > 1 else ''} missing)"
                )
            else:
                why = (
                    "it does not follow the event before it "
                    "(an event was deleted, inserted or moved here)"
                )
            return _broken(LINK, entry, checked, prev, why, missing_triggers=missing)
        if entry.hash != entry.expected_hash():
            why = (
                "its content no longer matches its hash "
                "(it was changed after it was recorded, or written outside qualcode)"
            )
            return _broken(EDITED, entry, checked, prev, why, missing_triggers=missing)
        if pin and pin_found is None and entry.hash and entry.hash.startswith(pin):
            pin_found = entry
        prev, expected_seq, last = entry.hash, expected_seq + 1, entry
    head = last.hash if last else None
    stored = (last.seq, last.hash) if last and last.seq is not None and last.hash else None
    if stored != recorded_head and not (stored is None and recorded_head is None):
        told = recorded_head[0] if recorded_head else 0
        now = last.seq if last and last.seq else 0
        why = (
            f"the trail ends at no. {now}, but the chain head records no. {told}: "
            "the newest events were deleted"
            if told > now
            else "the chain head does not match the last event (it was rewritten)"
        )
        return ChainCheck(
            ok=False,
            checked=checked,
            head=head,
            summary=f"Audit trail: BROKEN at its end: {why}",
            problem=CUT,
            event_id=last.id if last else None,
            event_seq=last.seq if last else None,
            missing_triggers=missing,
        )
    if missing:
        return ChainCheck(
            ok=False,
            checked=checked,
            head=head,
            summary=f"Audit trail: the chain of {checked} events holds, but the database no "
            f"longer refuses changes to it (missing: {', '.join(missing)})",
            problem=TRIGGERS,
            missing_triggers=missing,
        )
    if pin is not None:
        if len(pin) < MIN_PIN or pin_found is None:
            shown = pin[:16]
            why = (
                f"the pinned head {shown} is not in the trail: it was rewritten or cut short"
                if len(pin) >= MIN_PIN
                else f"give at least {MIN_PIN} characters of the pinned head hash"
            )
            return ChainCheck(
                ok=False,
                checked=checked,
                head=head,
                summary=f"Audit trail: BROKEN: {why}",
                problem=PIN,
            )
        later = checked - (pin_found.seq or 0)
        return ChainCheck(
            ok=True,
            checked=checked,
            head=head,
            summary=f"Audit trail: intact ({counted(checked, 'event')}); it still holds the "
            f"pinned head (no. {pin_found.seq}, {_when(pin_found.at)}) and "
            f"{counted(later, 'event')} after it",
        )
    return ChainCheck(
        ok=True,
        checked=checked,
        head=head,
        summary=f"Audit trail: intact ({counted(checked, 'event')})",
    )


def quick_check(
    last: ChainEntry | None,
    *,
    count: int,
    recorded_head: tuple[int, str] | None,
    missing_triggers: Iterable[str] = (),
) -> ChainCheck:
    """The cheap check (``qualcode status``): the newest event against its hash and the chain
    head, the number of events against its place, and the triggers. A full walk is
    :func:`check_chain`."""
    missing = tuple(missing_triggers)
    head = last.hash if last else None
    broken: str | None = None
    if last is not None and last.hash != last.expected_hash():
        broken = "the newest event no longer matches its hash"
    elif recorded_head != ((last.seq or 0, last.hash or "") if last else None) and not (
        last is None and recorded_head in (None, (0, GENESIS))
    ):
        broken = "the newest event is not the chain's recorded head (events were deleted)"
    elif last is not None and last.seq != count:
        broken = f"{count} events where the chain counts {last.seq}"
    if broken:
        return ChainCheck(
            ok=False,
            checked=count,
            head=head,
            summary=f"Audit trail: BROKEN: {broken}",
            problem=LINK,
            quick=True,
            missing_triggers=missing,
        )
    if missing:
        return ChainCheck(
            ok=False,
            checked=count,
            head=head,
            summary="Audit trail: NOT PROTECTED: the database no longer refuses changes to it "
            f"(missing: {', '.join(missing)})",
            problem=TRIGGERS,
            quick=True,
            missing_triggers=missing,
        )
    return ChainCheck(
        ok=True,
        checked=count,
        head=head,
        summary=f"Audit trail: intact at its end ({counted(count, 'event')})",
        quick=True,
    )
