"""One coder's codings as they were at an earlier moment, rebuilt from the audit trail.

Settling disagreements changes both coders' codings, and so the agreement computed afterwards;
a thesis reports the figure from before the first settlement. Rather than replaying the whole
trail from the start (old projects may begin with bulk imports the trail counts but does not
list), today's codings are taken and every change recorded after the moment is undone, newest
first: a coding created since goes, one removed since comes back with what the trail kept of
it, a reassigned or relocated one returns to its former category or place. Changes whose
codings the trail does not name (a merge of categories, a bulk addition, a removed document)
cannot be undone one by one; they are counted, so the report can say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from qualcode.analysis.levels import Segment
from qualcode.domain.audit import (
    AuditEvent,
    CodingCreated,
    CodingReassigned,
    CodingRelocated,
    CodingRemoved,
)

__all__ = ["Rewound", "rewind"]

_NOT_UNDONE = {
    ("category", "merge"),
    ("coding", "create-many"),
    ("document", "remove"),
    ("document", "replace"),
}
"""Changes that moved or removed codings without naming each one in the trail."""


@dataclass(frozen=True, slots=True)
class Rewound:
    """A coder's codings as they were, and how many later changes could not be undone."""

    segments: list[Segment]
    not_undone: int = 0


def rewind(
    today: Sequence[Segment],
    later: Iterable[AuditEvent],
    *,
    coder: str,
    coding_pass: str | None = None,
) -> Rewound:
    """``coder``'s codings (today's ``today``) before the changes ``later`` (oldest first).

    ``coding_pass`` limits the codings brought back to one pass, as ``today`` was limited.
    """
    by_id: dict[int, Segment] = {}
    unnamed: list[Segment] = []
    for segment in today:
        if segment.coding_id is None:
            unnamed.append(segment)
        else:
            by_id[segment.coding_id] = segment
    not_undone = 0
    for event in reversed(list(later)):
        if (event.entity, event.action) in _NOT_UNDONE:
            not_undone += 1
            continue
        if event.entity != "coding" or event.entity_id is None:
            continue
        typed = event.typed()
        coding_id = event.entity_id
        if isinstance(typed, CodingCreated):
            by_id.pop(coding_id, None)
        elif isinstance(typed, CodingRemoved):
            view = typed.coding
            if view.get("coder") != coder:
                continue
            if coding_pass is not None and view.get("pass") != coding_pass:
                continue
            by_id[coding_id] = Segment(
                str(view["document"]),
                str(view["category"]),
                int(view["start"]),
                int(view["end"]),
                coding_id,
            )
        elif isinstance(typed, CodingReassigned) and coding_id in by_id:
            by_id[coding_id] = replace(by_id[coding_id], code=typed.old_category)
        elif isinstance(typed, CodingRelocated) and coding_id in by_id:
            by_id[coding_id] = replace(by_id[coding_id], start=typed.old_start, end=typed.old_end)
    ordered = sorted(by_id.values(), key=lambda s: (s.document, s.start, s.end, s.code))
    return Rewound([*unnamed, *ordered], not_undone)
