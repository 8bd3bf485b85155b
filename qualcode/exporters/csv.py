"""CSV for Excel and for scripts: UTF-8 with a byte-order mark, one table after another.

Excel opens a UTF-8 file with umlauts correctly only when it starts with a BOM, and German Excel
splits columns at semicolons and reads decimal commas. So the default is ``;`` with decimal
commas (``1,5``); ``,`` gives the international form with decimal points (``1.5``), which R,
Python and English Excel read. Lines end in CRLF (RFC 4180). Each table is written as its title
line, the header row, the rows, an empty line and its notes, one per line, so what Excel shows
can be pasted as it is; tables are separated by an empty line.

Text that a spreadsheet would read as a formula gets an apostrophe in front, and its line is
quoted throughout (:mod:`qualcode.exporters.formulas`); numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from qualcode.domain.errors import InvalidInputError
from qualcode.exporters import CSV_SEPARATORS, Target, put_bytes
from qualcode.exporters.formulas import as_text, needs_quotes
from qualcode.exporters.table import Table, cell_text

BOM = "\ufeff"


def render(tables: Sequence[Table], *, sep: str = ";") -> bytes:
    """The CSV bytes of ``tables`` (with BOM)."""
    if sep not in CSV_SEPARATORS:
        raise InvalidInputError(f"the CSV separator must be ';' or ',', not {sep!r}")
    decimal = "," if sep == ";" else "."
    buffer = io.StringIO()
    buffer.write(BOM)
    plain = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    quoted = csv.writer(buffer, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_ALL)

    def put(values: Iterable[Any]) -> None:
        cells: list[str] = []
        guarded = False
        for value in values:
            if isinstance(value, str):
                guarded = guarded or needs_quotes(value)
                cells.append(as_text(value))
            else:
                cells.append(cell_text(value, decimal=decimal))
        (quoted if guarded else plain).writerow(cells)

    for index, table in enumerate(tables):
        if index:
            put([])
        put([table.title])
        put(table.header())
        for row in table.rows():
            put(row)
        if table.notes:
            put([])
            for note in table.notes:
                put([note])
    return buffer.getvalue().encode("utf-8")


def write(tables: Sequence[Table], target: Target, *, sep: str = ";") -> None:
    put_bytes(render(tables, sep=sep), target)
