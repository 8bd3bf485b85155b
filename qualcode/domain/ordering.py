"""The order people expect for case attribute values: numbers as numbers, then words.

Sorted as text, the ages 9, 34, 120 come out as 120, 34, 9 and the sizes "10–49", "250–999",
"50–249" out of order. Exports by attribute and the workbench's filter list use one key.
"""

from __future__ import annotations

import re

# A number as people write it: 1200, 1.200 (German thousands), 3,5 (German decimal), 3.5.
_NUMBER = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?!\d)|-?\d+(?:[.,]\d+)?")


def natural_key(value: str) -> tuple[int, float, str]:
    """Values with a number first, by their first number ("10–49" before "250–999", "9" before
    "34"); the rest after them, alphabetically."""
    found = _NUMBER.search(value)
    if found is None:
        return (1, 0.0, value.casefold())
    text = found.group()
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    return (0, float(text.replace(",", ".")), value.casefold())
