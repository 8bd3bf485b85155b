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
from collections.abc import Sequence

from qualcode.domain.search import CONTEXT, HitRow

#: A coding: ``(start, end, code)``, the codings of a document in this order.
Coding = tuple[int, int, str]

_NEVER = 1 << 62  # past the end of any text


def document_lines(
    name: str,
    text: str,
    spans: Sequence[tuple[int, int]],
    turns: tuple[list[int], list[int]],
    codings: Sequence[Coding],
    *,
    allowed: Sequence[bool] | None = None,
    uncoded: bool = False,
    category: str | None = None,
) -> list[HitRow]:
    """The lines of the hits ``spans`` (in text order) of document ``name``.

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
    size = len(flat)
    width, half = CONTEXT, CONTEXT // 2
    sub = category + "." if category else ""
    count = len(codings)
    active: list[Coding] = []
    codes: tuple[str, ...] = ()
    waiting, expiry = 0, _NEVER
    lines: list[HitRow] = []
    add = lines.append
    for start, end in spans:
        index = bisect_right(starts, start) - 1
        if allowed is not None and not (index < len(allowed) and allowed[index]):
            continue
        if waiting < count and codings[waiting][0] < end:
            while waiting < count and codings[waiting][0] < end:
                active.append(codings[waiting])
                waiting += 1
            active = [coding for coding in active if coding[1] > start]
            expiry = min([coding[1] for coding in active]) if active else _NEVER
            codes = _codes(active)
        elif start >= expiry:
            active = [coding for coding in active if coding[1] > start]
            expiry = min([coding[1] for coding in active]) if active else _NEVER
            codes = _codes(active)
        if uncoded and codes:
            continue
        if category and not any(
            first <= start and end <= last and (code == category or code.startswith(sub))
            for first, last, code in active
        ):
            continue
        if start <= width:
            left = flat[:start]
        else:
            # not starting with half a word: from the first space in the first half
            cut = start - width
            space = flat.find(" ", cut, cut + half) if flat[cut - 1].isalnum() else -1
            left = flat[space if space >= 0 else cut : start]
        if size - end <= width:
            right = flat[end:]
        else:
            # not ending with half a word: up to the last space past the first half
            cut = end + width
            space = flat.rfind(" ", end + half + 1, cut) if flat[cut].isalnum() else -1
            right = flat[end : space + 1 if space >= 0 else cut]
        add((name, positions[index], start, end, text[start:end], left, right, codes))
    return lines


def _codes(active: list[Coding]) -> tuple[str, ...]:
    """The codes of the codings at a hit, each once, in the codings' order."""
    if len(active) < 2:
        return (active[0][2],) if active else ()
    return tuple(dict.fromkeys([coding[2] for coding in active]))
