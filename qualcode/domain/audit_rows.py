"""An import's audit events as the trail stores them, built without the event kinds' module.

``domain/audit.py`` defines some fifty event kinds as dataclasses; loading it takes about
20 ms, a tenth of importing 500 files. An import records only two kinds, so it builds them
here with the same entity, action and before/after as :class:`~qualcode.domain.audit.
DocumentImported` and :class:`~qualcode.domain.audit.AttributesSet` (a test compares them);
the unit of work writes and hashes them as it does any event, and the trail reads them back as
those kinds.
"""

from __future__ import annotations

from typing import Any


class EventRow:
    """One event as stored: where (entity, action, id), its before/after, and why."""

    __slots__ = ("action", "after", "before", "entity", "entity_id", "reason")

    def __init__(
        self,
        entity: str,
        action: str,
        entity_id: int | None,
        *,
        before: Any = None,
        after: Any = None,
        reason: str = "",
    ) -> None:
        self.entity = entity
        self.action = action
        self.entity_id = entity_id
        self.before = before
        self.after = after
        self.reason = reason

    def payload(self) -> tuple[Any, Any]:
        """The stored ``before`` and ``after``, as ``ChangeEvent.payload``."""
        return self.before, self.after


def document_imported(
    entity_id: int,
    *,
    name: str,
    source: str,
    sha256: str,
    format: str,  # noqa: A002 (the stored key)
    turns: int,
    attributes: dict[str, str],
) -> EventRow:
    """As ``DocumentImported(...)``: a new document, its file and case attributes."""
    after = {
        "name": name,
        "source": source,
        "sha256": sha256,
        "format": format,
        "turns": turns,
        "attributes": attributes,
    }
    return EventRow("document", "import", entity_id, after=after)


def attributes_set(entity_id: int, attributes: dict[str, str]) -> EventRow:
    """As ``AttributesSet(...)``: a document's case attributes from an attribute table."""
    return EventRow("document", "set-attributes", entity_id, after=attributes)
