"""Keyword in context: the hits of one document as lines, built column by column.

A common word has tens of thousands of hits in a large project, so a document's lines are built
together, and what can run in C does: each hit's turn is a bisection over the turns' starts
(``map`` over the hits), its match a slice, its line a tuple made by ``zip``. What is left to
Python is what needs a decision per hit: the context, not cut in the middle of a word, and the
codings reaching the hit, kept in one sweep as the hits advance (their codes are worked out
again only when a coding comes in or runs out). A line is a plain tuple in
:class:`~qualcode.domain.search.SearchHit`'s field order; what shows it makes the object, or
writes the tuple out directly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import compress, repeat

from qualcode.domain.search import CONTEXT, HitRow

#: A coding: ``(start, end, code)``, the codings of a document in this order.
Coding = tuple[int, int, str]

_NEVER = 1 << 62  # past the end of any text


def document_lines(
    name: str,
    text: str,
    spans: Iterable[tuple[int, int]],
    turns: tuple[list[int], list[int]],
    codings: Sequence[Coding],
    *,
    allowed: Sequence[bool] | None = None,
    uncoded: bool = False,
    category: str | None = None,
) -> list[HitRow]:
    """The lines of the hits ``spans`` (``(start, end)`` in text order): :func:`hit_lines` of
    hits given as pairs."""
    pairs = list(spans)
    return hit_lines(
        name,
        text,
        [start for start, _ in pairs],
        [end for _, end in pairs],
        turns,
        codings,
        allowed=allowed,
        uncoded=uncoded,
        category=category,
    )


def hit_lines(
    name: str,
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    turns: tuple[list[int], list[int]],
    codings: Sequence[Coding],
    *,
    allowed: Sequence[bool] | None = None,
    uncoded: bool = False,
    category: str | None = None,
) -> list[HitRow]:
    """The lines of the hits ``[starts[i], ends[i])`` (in text order) of document ``name``.

    ``turns`` are the turns' starts and their Pos., in text order (text before the first turn
    counts as in it); ``codings`` sorted; a line shows the codes of the codings reaching its
    hit, each once, in the codings' order. ``allowed`` (per turn, in the order of ``turns``)
    keeps the hits of some turns only; ``uncoded`` those without codes; ``category`` those
    inside a coding of it or of one of its subcategories.
    """
    turn_starts, positions = turns
    later = turn_starts[1:] if turn_starts else []
    positions = positions or [1]
    if allowed is not None:
        keep = [
            index < len(allowed) and allowed[index]
            for index in map(bisect_right, repeat(later), starts)
        ]
        starts, ends = list(compress(starts, keep)), list(compress(ends, keep))
    if category or uncoded:
        codes, inside = coded_at(starts, ends, codings, category)
        if uncoded:
            inside = [not found for found in codes]
        starts, ends = list(compress(starts, inside)), list(compress(ends, inside))
        codes = list(compress(codes, inside))
    else:
        codes = coded_at(starts, ends, codings)[0]
    lefts, rights = _contexts(text.replace("\n", " "), starts, ends)
    return list(
        zip(
            repeat(name),
            map(positions.__getitem__, map(bisect_right, repeat(later), starts)),
            starts,
            ends,
            map(text.__getitem__, map(slice, starts, ends)),
            lefts,
            rights,
            codes,
            strict=False,  # repeat() has no end
        )
    )


def coded_at(
    starts: Sequence[int],
    ends: Sequence[int],
    codings: Sequence[Coding],
    category: str | None = None,
) -> tuple[list[tuple[str, ...]], list[bool]]:
    """The codes of the codings reaching each hit (each once, in the codings' order) and, for
    a ``category``, whether the hit lies inside a coding of it or of a subcategory.

    A coding reaches a hit when it starts before the hit ends and ends after it starts. The
    codings reaching the hits are kept as the hits advance: they change only when a coding
    comes in or one of them runs out (``expiry``, the first end), and then one pass over them
    keeps those still running, their first end and their codes.
    """
    if not codings:
        return [()] * len(starts), [False] * len(starts) if category else []
    sub = category + "." if category else ""
    coding_starts = [coding[0] for coding in codings]
    coding_starts.append(_NEVER)
    waiting, coming = 0, coding_starts[0]
    active: list[Coding] = []
    codes: tuple[str, ...] = ()
    expiry = _NEVER
    found: list[tuple[str, ...]] = []
    add = found.append
    inside: list[bool] = []
    for start, end in zip(starts, ends, strict=True):
        if coming < end:
            while coming < end:
                active.append(codings[waiting])
                waiting += 1
                coming = coding_starts[waiting]
        elif start < expiry:  # the same codings as at the hit before
            add(codes)
            if category:
                inside.append(_inside(active, start, end, category, sub))
            continue
        running: list[Coding] = []
        names: list[str] = []
        expiry = _NEVER
        for coding in active:
            last = coding[1]
            if last > start:
                running.append(coding)
                if last < expiry:
                    expiry = last
                if coding[2] not in names:
                    names.append(coding[2])
        active = running
        codes = tuple(names)
        add(codes)
        if category:
            inside.append(_inside(active, start, end, category, sub))
    return found, inside


def _inside(active: list[Coding], start: int, end: int, category: str, sub: str) -> bool:
    return any(
        first <= start and end <= last and (code == category or code.startswith(sub))
        for first, last, code in active
    )


def _contexts(flat: str, starts: Sequence[int], ends: Sequence[int]) -> tuple[list[str], list[str]]:
    """The text left and right of each hit: ``CONTEXT`` characters on either side, neither
    starting nor ending with half a word (from the first space in the first half, up to the
    last space past the first half, when there is one)."""
    width, half = CONTEXT, CONTEXT // 2
    find, rfind = flat.find, flat.rfind
    free = len(flat) - width  # ending before this, a hit has a whole width after it
    lefts: list[str] = []
    rights: list[str] = []
    left, right = lefts.append, rights.append
    for start, end in zip(starts, ends, strict=True):
        if start > width:
            cut = start - width
            if flat[cut - 1].isalnum():
                space = find(" ", cut, cut + half)
                if space >= 0:
                    cut = space
            left(flat[cut:start])
        else:
            left(flat[:start])
        if end < free:
            cut = end + width
            if flat[cut].isalnum():
                space = rfind(" ", end + half + 1, cut)
                if space >= 0:
                    cut = space + 1
            right(flat[end:cut])
        else:
            right(flat[end:])
    return lefts, rights
