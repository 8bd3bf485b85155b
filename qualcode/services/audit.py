"""The audit trail: every change, with who made it, when, and why."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualcode.domain.audit_chain import ChainCheck, check_chain, quick_check
from qualcode.domain.errors import NotFoundError
from qualcode.domain.transcript import positions_of
from qualcode.services._base import Service
from qualcode.storage.audit import reads as audit_query
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.coders import reads as coders_query
from qualcode.storage.documents import reads as documents_query

if TYPE_CHECKING:
    from qualcode.domain.audit import AuditEvent  # read only where events are listed
    from qualcode.storage.reader import Reader

# Up to this many events `status` checks every link of the trail: about 0.2 s (18 µs an event
# on the bench machine); beyond it, only the ends and the triggers, and says so.
FULL_CHECK_UP_TO = 10_000


def _values(data: Any, *keys: str) -> set[Any]:
    """The plain values under ``keys`` in an event's before/after record."""
    if not isinstance(data, dict):
        return set()
    return {v for k in keys if isinstance(v := data.get(k), str | int | float)}


def _coding_ids(event: AuditEvent) -> set[int]:
    """The codings a disagreement decision removed or created, or the one an accepted
    autocoding proposal became (part of that coding's history: which rule found it)."""
    found: set[int] = set()
    for data in (event.before, event.after):
        if isinstance(data, dict) and isinstance(data.get("codings"), list):
            found.update(i for i in data["codings"] if isinstance(i, int))
    if event.entity == "proposal" and isinstance(event.after, dict):
        coding_id = event.after.get("coding_id")
        if isinstance(coding_id, int):
            found.add(coding_id)
    return found


class AuditService(Service):
    def log(
        self,
        *,
        since: datetime | None = None,
        coder: str | None = None,
        category: str | None = None,
        coding: int | None = None,
    ) -> list[AuditEvent]:
        """Events oldest first, filtered.

        ``category``: the category (with its subcategories) and every coding that is or was
        in it: created, removed, moved to or from it, resolved. ``coding``: one coding's
        history, including disagreements it took part in.
        """
        with self.database.reading() as reader:
            coder_id = None
            if coder is not None:
                coder_id = coders_query.find(reader, coder)
                if coder_id is None:
                    raise NotFoundError(f"there is no coder {coder!r} in this project")
            found = audit_query.events(reader, coder_id=coder_id)
            if category is not None:
                book = codebook_query.load(reader)
                top = book.resolve(category) if book else None
                if book is None or top is None:
                    raise NotFoundError(f"there is no category {category!r}")
                wanted = [top, *book.descendants(top.code)]
                codes = {c.code for c in wanted}
                category_ids = {c.id for c in wanted if c.id is not None}
                coding_ids = set(audit_query.coding_ids_of_categories(reader, list(category_ids)))
                found = [e for e in found if _about_category(e, codes, category_ids, coding_ids)]
            if coding is not None:
                found = [
                    e
                    for e in found
                    if (e.entity == "coding" and e.entity_id == coding) or coding in _coding_ids(e)
                ]
            if since is not None:
                found = [e for e in found if e.at >= since]
            return _placed(reader, found)

    def verify(self, *, head: str | None = None) -> ChainCheck:
        """Check every link of the trail's hash chain, and its append-only triggers.

        ``head``: a head hash noted down earlier (``log --verify`` prints it), which the trail
        must still contain. Reads every event: on a long trail this takes a moment.
        """
        with self.database.reading() as reader:
            return check_chain(
                audit_query.chain(reader),
                recorded_head=audit_query.chain_head(reader),
                missing_triggers=audit_query.missing_triggers(reader),
                pinned=head,
            )

    def at_a_glance(self) -> ChainCheck:
        """What `status` shows: every link of a trail up to :data:`FULL_CHECK_UP_TO` events
        (a fifth of a second), else :meth:`quick_check` (a few milliseconds); ``quick`` says
        which it was."""
        with self.database.reading() as reader:
            count = audit_query.count(reader)
            head = audit_query.chain_head(reader)
            missing = audit_query.missing_triggers(reader)
            if count <= FULL_CHECK_UP_TO:
                return check_chain(
                    audit_query.chain(reader), recorded_head=head, missing_triggers=missing
                )
            return quick_check(
                audit_query.chain_last(reader),
                count=count,
                recorded_head=head,
                missing_triggers=missing,
            )

    def quick_check(self) -> ChainCheck:
        """What `status` shows: the triggers, the chain's head and its newest event.

        Catches a trail whose newest events were removed or changed, a count that no longer
        fits, and missing triggers, in four small queries; an older event changed or removed
        by hand needs :meth:`verify`.
        """
        with self.database.reading() as reader:
            return quick_check(
                audit_query.chain_last(reader),
                count=audit_query.count(reader),
                recorded_head=audit_query.chain_head(reader),
                missing_triggers=audit_query.missing_triggers(reader),
            )


def _placed(reader: Reader, events: list[AuditEvent]) -> list[AuditEvent]:
    """The events, each that names a passage by offsets only (older codings, autocoding
    decisions, settled disagreements) with the Pos. those offsets have in its transcript.

    The transcript is the document of that name at the time (renamed since or not). Replaced
    since, its offsets may point elsewhere: then only a passage whose recorded text still
    stands there is placed. A removed document places nothing; the sentence says "Pos. –".
    """
    wanted = [(i, spot) for i, e in enumerate(events) if (spot := e.passage()) is not None]
    if not wanted:
        return events
    from qualcode.domain.audit import (  # as the events themselves: only when read
        DocumentImported,
        DocumentRemoved,
        DocumentRenamed,
        DocumentReplaced,
    )

    # Which document each name meant from when on (oldest first), and when each document was
    # last replaced.
    names: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    replaced: dict[int, int] = {}
    for e in audit_query.events(reader, entity="document"):
        event = e.typed()
        if isinstance(event, DocumentImported):
            names[event.name].append((e.id, e.entity_id))
        elif isinstance(event, DocumentRenamed):
            names[event.old_name].append((e.id, None))
            names[event.name].append((e.id, e.entity_id))
        elif isinstance(event, DocumentRemoved):
            names[event.name].append((e.id, None))
        elif isinstance(event, DocumentReplaced) and e.entity_id is not None:
            replaced[e.entity_id] = e.id
    today = documents_query.id_by_name(reader)
    starts: dict[int, tuple[list[int], list[int]]] = {}
    placed = list(events)
    for i, (document, start, end, text) in wanted:
        at = events[i].id
        meant = [d for when, d in names.get(document, ()) if when < at]
        document_id = meant[-1] if meant else today.get(document)
        if document_id is None:
            continue
        if replaced.get(document_id, 0) > at and (
            text is None or documents_query.passage(reader, document_id, start, end) != text
        ):
            continue
        if document_id not in starts:
            turns = documents_query.turn_spans(reader, [document_id]).get(document_id, [])
            starts[document_id] = (
                [t["char_start"] for t in turns],
                [t["position"] for t in turns],
            )
        turn_starts, positions = starts[document_id]
        if turn_starts:
            place = positions_of(turn_starts, positions, start, max(end, start + 1))
            placed[i] = dataclasses.replace(events[i], place=place)
    return placed


def _about_category(
    e: AuditEvent, codes: set[str], category_ids: set[int], coding_ids: set[int]
) -> bool:
    if e.entity == "category":
        return e.entity_id in category_ids or bool(_values(e.after, "into") & codes)
    if e.entity == "coding":
        return e.entity_id in coding_ids or bool(
            (_values(e.before, "category") | _values(e.after, "category")) & codes
        )
    if e.entity in ("disagreement", "proposal"):  # settled, or proposed, accepted, rejected
        return bool(_values(e.after, "category") & codes) or bool(_coding_ids(e) & coding_ids)
    return False
