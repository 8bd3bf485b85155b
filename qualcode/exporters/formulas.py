"""Text that a spreadsheet would take for a formula, and how every writer keeps it text.

Category names, definitions, document names, attribute values and quotes are typed by people
and may come from files others made. Excel and LibreOffice read a cell that starts with ``=``,
``+``, ``-`` or ``@`` (also a tab, a carriage return, or the full-width ``＝ ＋ － ＠`` some
versions accept) as a formula, which can fetch a web address or start a program when the
export is opened (OWASP, "CSV Injection"). So CSV puts an apostrophe before such text and
quotes the field; XLSX stores it as a typed string (see :mod:`qualcode.exporters.xlsx`).

Numbers qualcode computes (a negative kappa, a difference) are numbers and stay as they are;
a string that merely looks like one (``-5`` typed as an attribute value) is text and is
guarded like any other. A number that qualcode has already written out, such as a kappa to
three decimals, is passed as a :class:`Figure` so that it is not mistaken for typed text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet read a cell as a formula."""

# Control characters a spreadsheet may drop, uncovering what follows (tab and CR are starts).
_INVISIBLE = "".join(chr(c) for c in range(32) if chr(c) not in "\t\r")

# A program that splits the line at a different separator (a German ";" file opened where
# "," separates) starts a new cell after the separator: a formula may hide there.
_HIDDEN_START = re.compile("[,;\t] *[=+\\-@\r\uff1d\uff0b\uff0d\uff20]")
_SEPARATORS = frozenset(",;\t")


class Figure(str):
    """A number qualcode has written out as text ("-0.120", "12.5 %", "-" for none).

    It is qualcode's own, not text a person typed, so it is never given an apostrophe.
    """

    __slots__ = ()


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet read this text, typed into a cell, as a formula?"""
    if isinstance(text, Figure):
        return False
    start = text[:1]
    if start >= " ":  # the usual case: a visible first character (nothing to strip)
        return start in FORMULA_STARTS
    start = text.lstrip(_INVISIBLE)[:1]
    return bool(start) and start in FORMULA_STARTS


def as_text(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet would read it as a formula.

    The apostrophe is what Excel and LibreOffice themselves use to mark a cell as text.
    """
    return "'" + text if looks_like_formula(text) else text


def needs_quotes(text: str) -> bool:
    """Should a CSV field holding ``text`` be quoted whatever the separator?

    Yes when it is guarded by an apostrophe, or when a separator inside it is followed by a
    formula start, so that no program finds a formula at the start of a cell.
    """
    if isinstance(text, Figure):
        return False
    return looks_like_formula(text) or _HIDDEN_START.search(text) is not None


def csv_field(text: str) -> tuple[str, bool]:
    """A CSV field's text (:func:`as_text`) and whether it must be quoted (:func:`needs_quotes`),
    found in one look: a CSV export checks every cell of 100,000 rows."""
    if isinstance(text, Figure):
        return text, False
    if looks_like_formula(text):
        return "'" + text, True
    return text, _HIDDEN_START.search(text) is not None


def plain_texts(cells: Sequence[object]) -> bool:
    """Whether every cell is typed text (a ``str``, not a :class:`Figure`) with a visible first
    character that starts no formula: such a row is written as it is, or quoted throughout
    when :func:`hidden_start_in` finds a formula after a separator."""
    for cell in cells:
        if type(cell) is not str:
            return False
        start = cell[:1]
        if start < " " or start in FORMULA_STARTS:  # "" is below " ": the careful way
            return False
    return True


def hidden_start_in(cells: Sequence[str]) -> bool:
    """:func:`needs_quotes` of any of ``cells`` whose first characters passed
    :func:`plain_texts`, in one look at them all: a quotes export writes 400,000, and its CSV
    writer asks this of 500 rows at a time (see :func:`hidden_start`)."""
    return hidden_start("\0".join(cells))


def hidden_start(row: str) -> bool:
    """:func:`hidden_start_in` of the cells joined by NUL into ``row`` (NUL is in neither of
    the pattern's classes, so a match never spans two cells), for a writer that looks at the
    joined cells for more than this."""
    # The pattern scans every character (3 ns each); the fast searches of ``in`` and ``find``
    # spare that scan: the rarer formula starts first, then each hyphen (common in text).
    if (
        "=" in row
        or "+" in row
        or "@" in row
        or "\r" in row
        or "\uff1d" in row
        or "\uff0b" in row
        or "\uff0d" in row
        or "\uff20" in row
    ):
        return _HIDDEN_START.search(row) is not None
    at = row.find("-")
    while at != -1:
        before = at - 1
        while before >= 0 and row[before] == " ":
            before -= 1
        if before >= 0 and row[before] in _SEPARATORS:
            return True
        at = row.find("-", at + 1)
    return False
