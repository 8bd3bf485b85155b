"""The audit trail as a reviewer reads it: each coding's and category's history, and every
change to the codebook, one :class:`~.view.HistoryEntry` per event.

Each event's sentence is in the page's language (German in the project's terms, see
:mod:`qualcode.domain.audit_german`); ``qualcode log`` keeps the English ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from qualcode.domain.audit import AuditEvent
from qualcode.domain.terminology import Terms
from qualcode.services.review.view import HistoryEntry

__all__ = [
    "Telling",
    "codebook_changes",
    "category_histories",
    "coding_histories",
    "coding_ids",
    "when",
]


def when(moment: datetime) -> str:
    """A moment as the page shows it: local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class Telling:
    """How the page tells an event: in its language, German in the project's terms."""

    language: str = "en"
    terms: Terms | None = None

    def entry(self, event: AuditEvent) -> HistoryEntry:
        what = event.describe(self.language, terms=self.terms)
        return HistoryEntry(when(event.at), event.coder, what, self.reason(event.reason))

    def reason(self, reason: str) -> str:
        """A reason as stored, with the program's own words in it in the page's language."""
        if self.language != "de":
            return reason
        from qualcode.domain.audit_german import german_reason

        return german_reason(reason, terms=self.terms)


def codebook_changes(events: Iterable[AuditEvent], telling: Telling) -> list[HistoryEntry]:
    """Every change to the categories and the codebook's versions, oldest first."""
    return [telling.entry(e) for e in events if e.entity in ("category", "codebook_version")]


def category_histories(
    events: Iterable[AuditEvent], telling: Telling
) -> dict[int, list[HistoryEntry]]:
    """Each category's events by the category's id."""
    history: dict[int, list[HistoryEntry]] = defaultdict(list)
    for e in events:
        if e.entity == "category" and e.entity_id is not None:
            history[e.entity_id].append(telling.entry(e))
    return history


def coding_histories(
    events: Iterable[AuditEvent], ids: set[int], telling: Telling
) -> dict[str, list[list[str]]]:
    """The history of each coding in ``ids`` (by its id as text, as the page's script reads
    it): [when, who, what, why] per event."""
    history: dict[str, list[list[str]]] = defaultdict(list)
    for e in events:
        for coding_id in coding_ids(e):
            if coding_id in ids:
                found = telling.entry(e)
                history[str(coding_id)].append([found.when, found.who, found.what, found.why])
    return history


def coding_ids(event: AuditEvent) -> list[int]:
    """The codings an event is about: its own entity, those a decision listed, or the one an
    accepted autocoding proposal became (the history then names the rule that found it)."""
    found = []
    if event.entity == "coding" and event.entity_id is not None:
        found.append(event.entity_id)
    for side in (event.before, event.after):
        if isinstance(side, dict) and isinstance(side.get("codings"), list):
            found.extend(i for i in side["codings"] if isinstance(i, int))
    if event.entity == "proposal" and isinstance(event.after, dict):
        coding_id = event.after.get("coding_id")
        if isinstance(coding_id, int):
            found.append(coding_id)
    return found
