"""The coding guideline as the page shows it: the chosen categories with their colours, the
very numbers of ``qualcode export frequencies`` and their history; the codebook's versions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.domain.codebook import Codebook
from qualcode.domain.errors import NotFoundError
from qualcode.domain.versions import CodebookVersion
from qualcode.services.review.histories import Telling, when
from qualcode.services.review.view import CategoryView, HistoryEntry, VersionView

if TYPE_CHECKING:
    from qualcode.services.exports import ExportRequest
    from qualcode.storage.db import Database

__all__ = ["PALETTE", "categories", "chosen_categories", "versions"]

# Colours for categories without one of their own (and without a coloured ancestor).
PALETTE = (
    "#4C72B0",
    "#DD8452",
    "#55A868",
    "#C44E52",
    "#8172B3",
    "#937860",
    "#DA8BC3",
    "#8C8C8C",
    "#CCB974",
    "#64B5CD",
)


def chosen_categories(book: Codebook, refs: Sequence[str]) -> set[str] | None:
    """The codes ``--category`` chose, each with its subcategories; None: every category."""
    if not refs:
        return None
    chosen: set[str] = set()
    for ref in refs:
        category = book.resolve(ref)
        if category is None:
            raise NotFoundError(f"there is no category {ref!r} (see 'qualcode codebook')")
        chosen.add(category.code)
        chosen.update(c.code for c in book.descendants(category.code))
    return chosen


def categories(
    database: Database,
    coder: str,
    book: Codebook,
    chosen: set[str] | None,
    request: ExportRequest,
    history: dict[int, list[HistoryEntry]],
) -> list[CategoryView]:
    """The guideline with the very numbers of ``qualcode export frequencies`` (``history``:
    each category's events by its id, see :func:`.histories.category_histories`)."""
    from qualcode.services.exports import ExportService

    table = ExportService(database, coder).frequencies(request)
    frame = table.frame
    counts: dict[str, tuple[int, int, float]] = {}
    for row in frame.itertuples(index=False):
        counts[str(row[0])] = (int(row[2]), int(row[3]), float(row[4]))
    mains = {c.code: i for i, c in enumerate(book.main_categories)}
    views = []
    for category in book:
        if chosen is not None and category.code not in chosen:
            continue
        main = category.code.split(".")[0]
        colour = book.colour_of(category.code) or PALETTE[mains.get(main, 0) % len(PALETTE)]
        segments, cases, share = counts.get(category.code, (0, 0, 0.0))
        views.append(
            CategoryView(
                code=category.code,
                name=category.name,
                parent=category.parent,
                depth=category.depth,
                colour=colour,
                definition=category.definition,
                coding_rule=category.coding_rule,
                origin=category.origin,
                reference=category.reference,
                status=category.status,
                anchors=tuple((a.text, a.source) for a in category.anchors),
                segments=segments,
                cases=cases,
                case_share=share,
                history=tuple(history.get(category.id or -1, ())),
            )
        )
    return views


def versions(stored: Sequence[CodebookVersion], telling: Telling) -> list[VersionView]:
    """The codebook's versions, oldest first, with their freezes (the reasons the program
    worded in the page's language)."""
    return [
        VersionView(
            v.label,
            when(v.created),
            v.created_by,
            v.reason,
            when(v.frozen) if v.frozen else "",
            v.coded_share,
            telling.reason(v.reason),
        )
        for v in stored
    ]
