"""Keyword in context: the hits of one document as lines, built in one pass.

A common word has tens of thousands of hits in a large project, so a document's lines are built
together: its text is made flat once (line ends as spaces), each hit's turn is a bisection over
the turns' starts, and the codings that reach the hits are kept in one sweep as the hits advance
(their codes are worked out again only when a coding comes in or runs out). A line is a plain
tuple in :class:`~qualcode.domain.search.SearchHit`'s field order; what shows it makes the
object, or writes the tuple out directly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

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
    """The lines of the hits ``spans`` (``(start, end)`` in text order) of document ``name``.

    ``turns`` are the turns' starts and their Pos., in text order; ``codings`` sorted; a line
    shows the codes of the codings reaching its hit, each once, in the codings' order.
    ``allowed`` (per turn, in the order of ``turns``) keeps the hits of some turns only;
    ``uncoded`` those without codes; ``category`` those inside a coding of it or of one of
    its subcategories.
    """
    starts, positions = turns
    starts = [-1, *starts[1:]] if starts else [-1]  # before the first turn counts as in it
    positions = positions or [1]
    flat = text.replace("\n", " ")
    find, rfind = flat.find, flat.rfind
    width, half = CONTEXT, CONTEXT // 2
    left_free, right_free = width, len(flat) - width  # no trimming within these
    sub = category + "." if category else ""
    filtered = allowed is not None or uncoded or bool(category)
    coding_starts = [coding[0] for coding in codings]
    coding_starts.append(_NEVER)
    waiting, coming = 0, coding_starts[0]
    active: list[Coding] = []
    codes: tuple[str, ...] = ()
    expiry = _NEVER
    lines: list[HitRow] = []
    add = lines.append
    for start, end in spans:
        index = bisect_right(starts, start) - 1
        if filtered and allowed is not None and not (index < len(allowed) and allowed[index]):
            continue
        if coming < end:
            while coming < end:
                active.append(codings[waiting])
                waiting += 1
                coming = coding_starts[waiting]
            active = [coding for coding in active if coding[1] > start]
            expiry = min([coding[1] for coding in active]) if active else _NEVER
            codes = _codes(active)
        elif start >= expiry:
            active = [coding for coding in active if coding[1] > start]
            expiry = min([coding[1] for coding in active]) if active else _NEVER
            codes = _codes(active)
        if filtered:
            if uncoded and codes:
                continue
            if category and not any(
                first <= start and end <= last and (code == category or code.startswith(sub))
                for first, last, code in active
            ):
                continue
        if start > left_free:
            # not starting with half a word: from the first space in the first half
            cut = start - width
            if flat[cut - 1].isalnum():
                space = find(" ", cut, cut + half)
                if space >= 0:
                    cut = space
            left = flat[cut:start]
        else:
            left = flat[:start]
        if end < right_free:
            # not ending with half a word: up to the last space past the first half
            cut = end + width
            if flat[cut].isalnum():
                space = rfind(" ", end + half + 1, cut)
                if space >= 0:
                    cut = space + 1
            right = flat[end:cut]
        else:
            right = flat[end:]
        add((name, positions[index], start, end, text[start:end], left, right, codes))
    return lines


def _codes(active: list[Coding]) -> tuple[str, ...]:
    """The codes of the codings at a hit, each once, in the codings' order."""
    if len(active) < 2:
        return (active[0][2],) if active else ()
    return tuple(dict.fromkeys([coding[2] for coding in active]))
