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
    flat = text.replace("\n", " ")
    return list(
        zip(
            repeat(name),
            map(positions.__getitem__, map(bisect_right, repeat(later), starts)),
            starts,
            ends,
            map(text.__getitem__, map(slice, starts, ends)),
            _lefts(flat, starts),
            _rights(flat, ends),
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

    A coding reaches a hit when it starts before the hit ends and ends after it starts.
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
            active = [coding for coding in active if coding[1] > start]
        elif start >= expiry:
            active = [coding for coding in active if coding[1] > start]
        else:
            add(codes)
            if category:
                inside.append(_inside(active, start, end, category, sub))
            continue
        if not active:
            expiry, codes = _NEVER, ()
        elif len(active) == 1:
            expiry, codes = active[0][1], (active[0][2],)
        else:
            expiry = min([coding[1] for coding in active])
            codes = tuple(dict.fromkeys([coding[2] for coding in active]))
        add(codes)
        if category:
            inside.append(_inside(active, start, end, category, sub))
    return found, inside


def _inside(active: list[Coding], start: int, end: int, category: str, sub: str) -> bool:
    return any(
        first <= start and end <= last and (code == category or code.startswith(sub))
        for first, last, code in active
    )


def _lefts(flat: str, starts: Sequence[int]) -> list[str]:
    """The text left of each hit: ``CONTEXT`` characters, not starting with half a word (from
    the first space in the first half, when there is one)."""
    width, half = CONTEXT, CONTEXT // 2
    find = flat.find
    near = bisect_right(starts, width)  # these start within the first line's width
    found = [flat[:start] for start in starts[:near]]
    add = found.append
    for start in starts[near:] if near else starts:
        cut = start - width
        if flat[cut - 1].isalnum():
            space = find(" ", cut, cut + half)
            if space >= 0:
                cut = space
        add(flat[cut:start])
    return found


def _rights(flat: str, ends: Sequence[int]) -> list[str]:
    """The text right of each hit: ``CONTEXT`` characters, not ending with half a word (up to
    the last space past the first half, when there is one)."""
    width, half = CONTEXT, CONTEXT // 2
    rfind = flat.rfind
    free = len(flat) - width  # ending before this, a hit has a whole line's width after it
    found: list[str] = []
    add = found.append
    for end in ends:
        if end < free:
            cut = end + width
            if flat[cut].isalnum():
                space = rfind(" ", end + half + 1, cut)
                if space >= 0:
                    cut = space + 1
            add(flat[end:cut])
        else:
            add(flat[end:])
    return found
