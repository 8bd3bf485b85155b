"""Case attributes from a spreadsheet saved as CSV: one row per document.

The first column (or one named ``document``/``dokument``/``name``) names the document; every
other column is an attribute. German Excel saves with semicolons and Windows-1252, so the
delimiter and the encoding are detected rather than assumed.
"""

from __future__ import annotations

import csv
from pathlib import Path

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import clean_line
from qualcode.importers.csv_rows import csv_rows
from qualcode.importers.decoding import decode
from qualcode.importers.files import read_file

_KEY_COLUMNS = ("document", "dokument", "doc", "name", "file", "datei", "case", "fall")


def parse_attributes(data: bytes, *, source: str) -> dict[str, dict[str, str]]:
    """Document name -> {attribute: value}; empty cells are left out."""
    text, _, warnings = decode(data, source=source, kind="a CSV table of case attributes")
    if warnings:  # a damaged cell would be stored as it came out, where nobody looks
        raise InvalidInputError(
            "the attributes file is damaged: " + warnings[0].split(": ", 1)[1], file=source
        )
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InvalidInputError("the attributes file is empty", file=source)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    rows = list(csv_rows(text, dialect, source=source, what="the attributes file"))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    header = [clean_line(h) for h in rows[0]]
    if len(header) < 2:
        raise InvalidInputError(
            "the attributes file needs a header row: a document column and at least one "
            "attribute column",
            file=source,
            line=1,
        )
    lowered = [h.casefold() for h in header]
    key_index = next((lowered.index(k) for k in _KEY_COLUMNS if k in lowered), 0)
    seen: set[str] = set()
    for column, name in enumerate(header):
        if not name:
            raise InvalidInputError(f"column {column + 1} has no name", file=source, line=1)
        if name in seen:
            raise InvalidInputError(f"the column {name!r} appears twice", file=source, line=1)
        seen.add(name)
    result: dict[str, dict[str, str]] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise InvalidInputError(
                f"this row has {len(row)} cells but the header has {len(header)}",
                file=source,
                line=line_no,
            )
        cells = [clean_line(c) for c in row] + [""] * (len(header) - len(row))
        name = cells[key_index]
        if not name:
            raise InvalidInputError("the document name is empty", file=source, line=line_no)
        if name in result:
            raise InvalidInputError(f"document {name!r} appears twice", file=source, line=line_no)
        result[name] = {
            header[i]: cells[i] for i in range(len(header)) if i != key_index and cells[i]
        }
    return result


def read_attributes(path: Path) -> dict[str, dict[str, str]]:
    return parse_attributes(read_file(path, "attributes file"), source=str(path))
