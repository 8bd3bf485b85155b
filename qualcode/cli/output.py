"""Printing for people (aligned tables, wrapped text) and for scripts (stable JSON)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import click


def width() -> int:
    """The terminal's width in columns (at least 60; 100 when output goes to a file or pipe).

    What ``shutil.get_terminal_size((100, 24)).columns`` says (COLUMNS first, then the
    terminal of standard output), without loading shutil and the compression modules it
    imports: the document listing asks on every run, and loading them cost it 2 ms.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 100
    return max(columns, 60)


def emit_json(data: Any) -> None:
    """JSON as documented in README: UTF-8, umlauts unescaped, timestamps in ISO 8601."""
    import json  # here: a table for people never loads the JSON encoder

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


CHUNK = 500  # items written at once: a write per item costs more than encoding it


def emit_json_list(items: Iterable[Any], *, pretty: bool = False) -> None:
    """A JSON array written item by item as the items come, so a long listing is never held
    as one string: compact (one line) by default, or indented by two spaces with ``pretty``,
    byte for byte what :func:`emit_json` prints for the whole list.

    Compact output is also several times faster: with an indent, Python's JSON encoder falls
    back from C to pure Python.
    """
    import json

    if pretty:
        encode = json.JSONEncoder(ensure_ascii=False, indent=2, default=_default).encode
        opening, separator, closing = "[\n  ", ",\n  ", "\n]\n"
        written = False
        chunk: list[str] = []
        for item in items:
            text = encode(item).replace("\n", "\n  ")
            chunk.append((separator if written else opening) + text)
            written = True
            if len(chunk) >= CHUNK:
                click.echo("".join(chunk), nl=False)
                chunk = []
        chunk.append(closing if written else "[]\n")
        click.echo("".join(chunk), nl=False)
        return
    # Compact: a chunk of items encoded as one list, its brackets cut off; the encoder joins
    # the items with "," as it would one by one, but is set up once per chunk, not per item.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default).encode
    opening = "["
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= CHUNK:
            click.echo(opening + encode(batch)[1:-1], nl=False)
            opening, batch = ",", []
    if batch:
        click.echo(opening + encode(batch)[1:-1], nl=False)
        opening = ","
    click.echo("]\n" if opening == "," else "[]\n", nl=False)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, right: set[int] | None = None
) -> None:
    """A plain aligned table; numbers (columns in ``right``) align to the right."""
    right = right or set()
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    click.echo("\n".join(lines))  # one write: a write per line costs more than the table


def wrapped(prefix: str, text: str, *, indent: int | None = None) -> None:
    """``prefix`` followed by ``text`` wrapped to the terminal, continuation lines indented."""
    import textwrap

    pad = " " * (len(prefix) if indent is None else indent)
    lines = textwrap.wrap(text, width=width(), initial_indent=prefix, subsequent_indent=pad) or [
        prefix.rstrip()
    ]
    for line in lines:
        click.echo(line)


def thousands(n: int) -> str:
    return f"{n:,}"
