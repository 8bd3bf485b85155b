"""Several coders' codings counted once per passage.

When two coders coded the same material, adding up their codings counts a passage both coded
twice, and a frequency table would double where they agree. Counting them together therefore
joins, per document and category, the codings that overlap into one passage as soon as more
than one coder is among them; codings only one coder made stay as they are (so one coder's
counts are never changed). After the coders have settled their disagreements their codings
agree, and this gives the consensus codings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

# The coding's type is for the checker: the exports count passages from plain places.
if TYPE_CHECKING:
    from qualcode.domain.coding import Coding

__all__ = ["coders_of", "once_per_passage", "passage_counts"]

TextOf = Callable[["Coding", int, int], str]
"""The text of a joined passage: (a coding of its document, start, end) -> text."""


def coders_of(codings: Iterable[Coding]) -> list[str]:
    """The coders whose codings these are, in the order they first appear."""
    return list(dict.fromkeys(c.coder for c in codings))


def once_per_passage(codings: Sequence[Coding], text_of: TextOf | None = None) -> list[Coding]:
    """``codings`` with every passage several coders coded alike joined into one coding.

    Overlapping codings of one category in one document form a passage (transitively); a
    passage with codings of more than one coder becomes one coding spanning all of them,
    credited to those coders (``"alice + bob"``). ``text_of`` gives a joined passage its text
    (else the longest of its codings' texts). The order is document, start, category.
    """
    groups: dict[tuple[int, str], list[Coding]] = {}
    for coding in codings:
        groups.setdefault((coding.document_id, coding.category), []).append(coding)
    result: list[Coding] = []
    for group in groups.values():
        group.sort(key=lambda c: (c.start, c.end, c.id))
        passage: list[Coding] = []
        end = -1
        for coding in group:
            if passage and coding.start >= end:
                result.extend(_joined(passage, text_of))
                passage, end = [], -1
            passage.append(coding)
            end = max(end, coding.end)
        if passage:
            result.extend(_joined(passage, text_of))
    result.sort(key=lambda c: (c.document, c.start, c.category, c.id))
    return result


def _joined(passage: list[Coding], text_of: TextOf | None) -> list[Coding]:
    coders = coders_of(passage)
    if len(coders) < 2:
        return passage
    first = passage[0]
    start = min(c.start for c in passage)
    end = max(c.end for c in passage)
    longest = max(passage, key=lambda c: c.end - c.start)
    text = longest.text
    if (longest.start, longest.end) != (start, end) and text_of is not None:
        text = text_of(first, start, end)
    positions = [c.position for c in passage if c.position is not None]
    ends = [c.position_end or c.position for c in passage if c.position is not None]
    return [
        replace(
            first,
            start=start,
            end=end,
            text=text,
            coder=" + ".join(sorted(coders)),
            memo="",
            position=min(positions) if positions else None,
            position_end=max(e for e in ends if e is not None) if ends else None,
        )
    ]


def passage_counts(
    spans: Iterable[tuple[int, int, int, int, int, int]],
) -> dict[tuple[int, int], int]:
    """How many codings :func:`once_per_passage` leaves per (document, category), from bare
    ``(document, category, start, end, id, coder)`` tuples.

    A frequency table needs only these numbers, so a project of several coders is counted
    without building a coding object for each of its 100,000 codings.
    """
    groups: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
    for document, category, start, end, coding_id, coder in spans:
        groups.setdefault((document, category), []).append((start, end, coding_id, coder))
    counts: dict[tuple[int, int], int] = {}
    for key, group in groups.items():
        group.sort()
        total, size, reach = 0, 0, -1
        coders: set[int] = set()
        for start, end, _id, coder in group:
            if size and start >= reach:
                total += 1 if len(coders) > 1 else size
                coders, size, reach = set(), 0, -1
            coders.add(coder)
            size += 1
            reach = max(reach, end)
        counts[key] = total + (1 if len(coders) > 1 else size)
    return counts
