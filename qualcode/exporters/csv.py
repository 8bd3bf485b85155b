"""CSV for Excel and for scripts: UTF-8 with a byte-order mark, one table after another.

Excel opens a UTF-8 file with umlauts correctly only when it starts with a BOM, and German Excel
splits columns at semicolons and reads decimal commas. So the default is ``;`` with decimal
commas (``1,5``); ``,`` gives the international form with decimal points (``1.5``), which R,
Python and English Excel read. Lines end in CRLF (RFC 4180). Each table is written as its title
line, the header row, the rows, an empty line and its notes, one per line, so what Excel shows
can be pasted as it is; tables are separated by an empty line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from qualcode.domain.errors import InvalidInputError
from qualcode.exporters import CSV_SEPARATORS, put_bytes
from qualcode.exporters.table import Table, cell_text

BOM = "\ufeff"


def render(tables: Sequence[Table], *, sep: str = ";") -> bytes:
    """The CSV bytes of ``tables`` (with BOM)."""
    if sep not in CSV_SEPARATORS:
        raise InvalidInputError(f"the CSV separator must be ';' or ',', not {sep!r}")
    decimal = "," if sep == ";" else "."
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows([cell_text(v, decimal=decimal) for v in row] for row in table.rows())
        if table.notes:
            writer.writerow([])
            writer.writerows([note] for note in table.notes)
    return buffer.getvalue().encode("utf-8")


def write(tables: Sequence[Table], target: Path | BinaryIO, *, sep: str = ";") -> None:
    put_bytes(render(tables, sep=sep), target)
