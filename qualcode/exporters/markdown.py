"""Markdown pipe tables, for notes, pandoc and a thesis written in Markdown.

Each table gets a heading, the pipe table (numbers right-aligned) and its notes as one
paragraph starting with *Anmerkung.*, the way APA-style theses set a table note. Line breaks
inside a cell become ``<br>``, which pandoc and GitHub both read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qualcode.exporters import Target, put_bytes
from qualcode.exporters.table import Table, cell_text

_SPECIAL = re.compile(r"([\\|*_`])")


def escape(text: str) -> str:
    """A cell's text, safe inside a pipe table (no pipes, no stray emphasis, no raw newlines)."""
    text = _SPECIAL.sub(r"\\\1", text.strip())
    return "<br>".join(line.strip() for line in text.splitlines()) if "\n" in text else text


def render_table(table: Table) -> str:
    numeric = table.numeric()
    lines = [f"## {table.title}", ""]
    lines.append("| " + " | ".join(escape(c) for c in table.columns) + " |")
    lines.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
    lines.extend(
        "| " + " | ".join(escape(cell_text(v)) for v in row) + " |" for row in table.rows()
    )
    if table.notes:
        lines += ["", "*Anmerkung.* " + " ".join(escape(n) for n in table.notes)]
    return "\n".join(lines) + "\n"


def render(tables: Sequence[Table]) -> str:
    return "\n".join(render_table(t) for t in tables)


def write(tables: Sequence[Table], target: Target) -> None:
    put_bytes(render(tables).encode("utf-8"), target)
