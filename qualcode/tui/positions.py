"""Turn numbers as the workbench shows them: one turn as "9", several as the range "9–10"."""

from __future__ import annotations


def positions(first: int | None, last: int | None = None) -> str:
    """``9`` or ``9–10`` (an en dash, as a thesis writes page ranges); empty when unknown."""
    if first is None:
        return ""
    if last is None or last == first:
        return str(first)
    return f"{first}–{last}"
