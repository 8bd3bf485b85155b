"""Markdown pipe tables, for notes, pandoc and a thesis written in Markdown.

Each table gets a heading, the pipe table (numbers right-aligned) and its notes as one
paragraph starting with *Anmerkung.*, the way APA-style theses set a table note. Line breaks
inside a cell become ``<br>``, which pandoc and GitHub both read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TextIO

from qualcode.exporters import Target, text_stream
from qualcode.exporters.table import Table, cell_text

_SPECIAL = re.compile(r"([\\|*_`<])")
_BRACKETS = re.compile(r"([\[\]])")
_LINK = re.compile(r"\][(\[:]")  # what makes brackets a link: [text](url), [text][ref], [ref]:


def escape(text: str) -> str:
    """A cell's text, safe inside a pipe table (no pipes, no stray emphasis, no raw newlines).

    Names and quotes come from other people's files: ``<`` would open raw HTML
    (``<script>``, ``<img onerror=...>``) that a Markdown viewer passes on, and brackets
    followed by ``(`` a link (``[click](javascript:...)``), so both are escaped with a
    backslash, which every Markdown reader shows as the character itself. Brackets that make
    no link (the ``[…]`` of an omission in a quote) are left as they are."""
    text = _SPECIAL.sub(r"\\\1", text.strip())
    if _LINK.search(text):
        text = _BRACKETS.sub(r"\\\1", text)
    return "<br>".join(line.strip() for line in text.splitlines()) if "\n" in text else text


def render_table(table: Table) -> str:
    buffer = io.StringIO()
    put_table(table, buffer)
    return buffer.getvalue()


def put_table(table: Table, stream: TextIO) -> None:
    """Write one table's Markdown to ``stream``, row by row as the rows are read."""
    numeric = table.numeric()
    stream.write(f"## {escape(table.title)}\n\n")
    stream.write("| " + " | ".join(escape(c) for c in table.columns) + " |\n")
    stream.write("| " + " | ".join("---:" if n else "---" for n in numeric) + " |\n")
    for row in table.rows():
        stream.write("| " + " | ".join(escape(cell_text(v)) for v in row) + " |\n")
    if table.notes:
        stream.write("\n*Anmerkung.* " + " ".join(escape(n) for n in table.notes) + "\n")


def render(tables: Sequence[Table]) -> str:
    buffer = io.StringIO()
    put(tables, buffer)
    return buffer.getvalue()


def put(tables: Sequence[Table], stream: TextIO) -> None:
    for index, table in enumerate(tables):
        if index:
            stream.write("\n")
        put_table(table, stream)


def write(tables: Sequence[Table], target: Target) -> None:
    with text_stream(target) as stream:
        put(tables, stream)
