"""Counts with their nouns, in the singular for one: "1 coding", "2 codings", "1 category".

Messages are English; one helper keeps "1 turns" out of every one of them.
"""

from __future__ import annotations

# The nouns qualcode counts whose plural is not the singular with an -s.
_IRREGULAR = {
    "category": "categories",
    "main category": "main categories",
    "subcategory": "subcategories",
    "entry": "entries",
}


def plural(noun: str) -> str:
    """The plural of one of qualcode's nouns (``coding`` -> ``codings``)."""
    return _IRREGULAR.get(noun) or f"{noun}s"


def counted(n: int, noun: str, *, thousands: bool = False) -> str:
    """``n`` and its noun: ``counted(1, "turn")`` is "1 turn", ``counted(3, "turn")`` "3 turns";
    ``thousands`` writes 3,393 for 3393."""
    number = f"{n:,}" if thousands else str(n)
    return f"{number} {noun if n == 1 else plural(noun)}"
