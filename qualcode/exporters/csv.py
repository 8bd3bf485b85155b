"""CSV for Excel and for scripts: UTF-8 with a byte-order mark, one table after another.

Excel opens a UTF-8 file with umlauts correctly only when it starts with a BOM, and German Excel
splits columns at semicolons and reads decimal commas. So the default is ``;`` with decimal
commas (``1,5``); ``,`` gives the international form with decimal points (``1.5``), which R,
Python and English Excel read. Lines end in CRLF (RFC 4180).

A CSV file is the table alone, the header row first, so that R's ``read.csv2``, pandas and Excel
read it as it is. The title and the method notes go beside it into ``FILE.notes.txt``
(:func:`notes_path`); the other formats keep them with the table. An export of several tables
(the coding guideline, the agreement report) writes the first into ``FILE.csv`` and each further
one into ``FILE.NAME.csv`` (:func:`table_paths`, ``guideline.kodierleitfaden.csv``), all of them
noted in the one notes file. Every file is checked before the first is written, so an existing
one (without ``force``) refuses them all. To a stream (``-o -``) only the tables go, one after
another, an empty line between them.

Text that a spreadsheet would read as a formula gets an apostrophe in front, and its line is
quoted throughout (:mod:`qualcode.exporters.formulas`); numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from qualcode.domain.errors import InvalidInputError, QualcodeError
from qualcode.exporters import CSV_SEPARATORS, Target, text_stream
from qualcode.exporters.formulas import csv_field, hidden_start, hidden_start_in, plain_texts
from qualcode.exporters.output import Destination, as_destination, check, write_bytes, wrote_before
from qualcode.exporters.table import Table, cell_text

BOM = "\ufeff"
CRLF = "\r\n"
NOTES_SUFFIX = ".notes.txt"
_BATCH = 500  # rows written at once by put_rows


def render(tables: Sequence[Table], *, sep: str = ";") -> bytes:
    """The CSV bytes of ``tables`` (with BOM): header row and rows, an empty line between
    tables; no titles, no notes."""
    buffer = io.StringIO()
    put_rows(tables, buffer, sep=sep)
    return buffer.getvalue().encode("utf-8")


def put_rows(tables: Sequence[Table], stream: TextIO, *, sep: str = ";") -> None:
    """Write :func:`render`'s text to ``stream`` row by row, as the rows are read."""
    if sep not in CSV_SEPARATORS:
        raise InvalidInputError(f"the CSV separator must be ';' or ',', not {sep!r}")
    decimal = "," if sep == ";" else "."
    stream.write(BOM)
    plain = csv.writer(stream, delimiter=sep, lineterminator=CRLF)
    quoted = csv.writer(stream, delimiter=sep, lineterminator=CRLF, quoting=csv.QUOTE_ALL)

    def put(values: Iterable[Any]) -> None:
        if isinstance(values, tuple | list) and plain_texts(values):  # most rows: typed text
            (quoted if hidden_start_in(values) else plain).writerow(values)
            return
        cells: list[str] = []
        guarded = False
        for value in values:
            if isinstance(value, str):
                text, quote = csv_field(value)
                guarded = guarded or quote
                cells.append(text)
            else:
                cells.append(cell_text(value, decimal=decimal))
        (quoted if guarded else plain).writerow(cells)

    def put_batch(rows: list[tuple[Any, ...]]) -> None:
        """Rows that passed plain_texts: as they are, unless a formula hides after a
        separator in one of them (then that row is quoted throughout, as put would)."""
        cells = "\0".join([cell for row in rows for cell in row])
        if hidden_start(cells):
            for row in rows:
                (quoted if hidden_start_in(row) else plain).writerow(row)
        elif sep in cells or '"' in cells or "\n" in cells or "\r" in cells:
            plain.writerows(rows)  # the csv module quotes the cells that need it
        else:
            # No cell holds what the csv module would quote (the separator, a double quote, a
            # line break; no cell is empty): its lines are the cells joined, made at once.
            stream.write(CRLF.join(map(sep.join, rows)) + CRLF)

    for index, table in enumerate(tables):
        if index:
            put([])
        put(table.header())
        # Rows of typed text (nearly all) are written in batches, checked for a formula after
        # a separator all at once: a quotes export writes 100,000 rows.
        batch: list[tuple[Any, ...]] = []
        for row in table.rows():
            if type(row) is tuple and plain_texts(row):
                batch.append(row)
                if len(batch) == _BATCH:
                    put_batch(batch)
                    batch = []
                continue
            if batch:
                put_batch(batch)
                batch = []
            put(row)
        if batch:
            put_batch(batch)


def notes_path(path: Path) -> Path:
    """Where the title and notes of ``path``'s tables go: ``FILE.notes.txt`` beside it."""
    return path.with_name(f"{path.stem}{NOTES_SUFFIX}")


def table_paths(path: Path, tables: Sequence[Table]) -> list[Path]:
    """The file of each table: ``path`` for the first, ``FILE.NAME.csv`` for the others."""
    found = [path]
    for table in tables[1:]:
        name = _slug(table.name or table.title)
        candidate = path.with_name(f"{path.stem}.{name}{path.suffix or '.csv'}")
        number = 2
        while candidate in found:
            candidate = path.with_name(f"{path.stem}.{name}-{number}{path.suffix or '.csv'}")
            number += 1
        found.append(candidate)
    return found


def notes_text(tables: Sequence[Table], files: Sequence[Path] = ()) -> str:
    """Each table's title (with its file, when there are several) and notes, one per line."""
    parts = []
    for index, table in enumerate(tables):
        lines = [table.title]
        if len(tables) > 1 and index < len(files):
            lines.append(f"Datei: {files[index].name}")
        if table.notes:
            lines.append("")
            lines.extend(
                f"Anmerkung. {note}" if i == 0 else note for i, note in enumerate(table.notes)
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def write(tables: Sequence[Table], target: Target, *, sep: str = ";") -> list[Path]:
    """Write ``tables`` as CSV; to a file, each table in its own file and the notes beside
    them. Returns the files written (none for a stream)."""
    if sep not in CSV_SEPARATORS:
        raise InvalidInputError(f"the CSV separator must be ';' or ',', not {sep!r}")
    if not isinstance(target, Path | Destination):
        with text_stream(target) as stream:
            put_rows(tables, stream, sep=sep)
        return []
    main = as_destination(target)
    paths = table_paths(main.path, tables)
    files: list[tuple[Destination, Table | None]] = [
        (replace(main, path=path), table) for path, table in zip(paths, tables, strict=True)
    ]
    files.append((replace(main, path=notes_path(main.path)), None))
    for destination, _ in files:
        check(destination)  # all before the first is written
    written: list[Path] = []
    for destination, table in files:
        try:
            if table is None:  # the notes, last: a streamed table is counted as it is written
                write_bytes(notes_text(tables, paths).encode("utf-8"), destination)
            else:
                with text_stream(destination) as stream:
                    put_rows([table], stream, sep=sep)
        except QualcodeError as exc:
            raise wrote_before(written, exc) from exc.__cause__
        written.append(destination.path)
    return written


def _slug(text: str) -> str:
    """A table's name as part of a file name: lower case, ASCII, words joined by hyphens."""
    plain = text.lower()
    for letter, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        plain = plain.replace(letter, spelt)
    words = re.findall(r"[a-z0-9]+", plain)
    return "-".join(words) or "tabelle"
