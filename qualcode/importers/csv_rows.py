"""The rows of a CSV table from someone else, with the csv module's errors as one line.

Python's csv reader stops at a cell longer than 131,072 characters (a quote left open runs to
the end of the file and makes one) and at a few other shapes a spreadsheet never writes; its
own message names neither the file nor the line. Every CSV reader of files from outside reads
through :func:`csv_rows`, so such a table is refused in one line that says where.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from qualcode.domain.errors import InvalidInputError


def csv_rows(
    text: str, dialect: type[csv.Dialect] | csv.Dialect, *, source: str, what: str
) -> Iterator[list[str]]:
    """The rows of ``text``; a row the csv module cannot read raises an
    :class:`InvalidInputError` naming ``source`` and the line (``what``: "the attributes
    file")."""
    reader = csv.reader(io.StringIO(text), dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInputError(
                f"{what} cannot be read: {_why(exc)}", file=source, line=reader.line_num
            ) from None
        yield row


def _why(exc: csv.Error) -> str:
    message = str(exc)
    if "field limit" in message:
        limit = csv.field_size_limit()
        return f"a cell is longer than {limit:,} characters (is a quote left open?)"
    if "new-line" in message:
        return "a line break stands inside a cell without quotes around the cell"
    return message.splitlines()[0] if message else "it is not a CSV table"
