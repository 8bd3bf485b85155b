"""Whole numbers typed on the command line: coding numbers, Pos. numbers, character offsets.

Python's integers have no limit, the project's have: a number beyond SQLite's (and
PostgreSQL's) 64-bit integers cannot name anything stored, and sent to the database it fails
with an overflow. Such a number is refused here in one line, as bad input.
"""

from __future__ import annotations

import click

from qualcode.domain.errors import InvalidInputError

LARGEST = 2**63 - 1  # the largest INTEGER of SQLite and bigint of PostgreSQL
_DIGITS = len(str(LARGEST))


def whole_number(digits: str, what: str) -> int:
    """``digits`` (ASCII digits) as an int; ``what`` names it for messages ("a coding number")."""
    if len(digits.lstrip("0")) > _DIGITS or int(digits) > LARGEST:
        shown = digits if len(digits) <= 30 else f"{digits[:20]}... ({len(digits):,} digits)"
        raise InvalidInputError(f"{shown} is too large for {what}")
    return int(digits)


class WholeNumber(click.ParamType[int, object]):
    """A click type for a number of something stored (``what``), from 0 to :data:`LARGEST`."""

    name = "integer"

    def __init__(self, what: str) -> None:
        self.what = what

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            self.fail(f"{value!r} is not a whole number", param, ctx)
        return whole_number(text, self.what)


CODING_ID = WholeNumber("a coding number")
