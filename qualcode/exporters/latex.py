"""LaTeX tables in booktabs style, ``longtable`` when a table may run over a page.

What a thesis class needs in its preamble is named in the first line of the output:
``booktabs`` (rules), ``longtable`` (tables across pages), ``array`` (wrapped columns) and
``amssymb`` (the check mark of presence tables). Every character LaTeX treats specially is
escaped, and the few characters of German transcripts and guidelines that the LaTeX kernel's
UTF-8 support does not set (arrows, ≥, ✓) become commands, so the file compiles with pdfLaTeX
as well as LuaLaTeX.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from typing import TextIO

from qualcode.exporters import Target, text_stream
from qualcode.exporters.table import Table, cell_text

PREAMBLE = "% Benötigt im Vorspann: \\usepackage{booktabs,longtable,array,amssymb}"
LONG_ROWS = 30  # more rows than fit comfortably on a page: use longtable

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "→": r"\ensuremath{\rightarrow}",
    "←": r"\ensuremath{\leftarrow}",
    "↔": r"\ensuremath{\leftrightarrow}",
    "⇒": r"\ensuremath{\Rightarrow}",
    "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}",
    "≈": r"\ensuremath{\approx}",
    "≠": r"\ensuremath{\neq}",
    "±": r"\ensuremath{\pm}",
    "×": r"\ensuremath{\times}",
    "✓": r"\ensuremath{\checkmark}",
    "Δ": r"\ensuremath{\Delta}",
    "₀": r"\textsubscript{0}",
    "₁": r"\textsubscript{1}",
    "₂": r"\textsubscript{2}",
    "₃": r"\textsubscript{3}",
}
_SPECIAL = re.compile("|".join(re.escape(k) for k in _ESCAPES))
_LABEL = re.compile(r"[^a-z0-9]+")


def escape(text: str, *, wrap: bool = False) -> str:
    """Text safe for a LaTeX cell; newlines become ``\\newline`` in wrapped columns."""
    text = _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text.strip())
    if "\n" in text:
        joiner = r" \newline " if wrap else " "
        text = joiner.join(line.strip() for line in text.splitlines())
    if text.startswith(("[", "*")):  # after \\ these would be read as its options
        text = "{}" + text
    return text


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def label(name: str) -> str:
    """``tab:`` and the table's name in ASCII (``Häufigkeiten`` -> ``tab:haeufigkeiten``)."""
    return "tab:" + (_LABEL.sub("-", name.lower().translate(_UMLAUTS)).strip("-") or "tabelle")


def _column_spec(table: Table) -> tuple[str, list[bool]]:
    numeric = table.numeric()
    wrapped = [c in table.text_columns for c in table.columns]
    share = 0.85 / (sum(wrapped) + 0.35 * (len(wrapped) - sum(wrapped)) or 1)
    width = f"p{{{min(share, 0.6):.2f}\\linewidth}}"
    spec = "".join(
        width if wrap else ("r" if num else "l") for num, wrap in zip(numeric, wrapped, strict=True)
    )
    return spec, wrapped


def _row(cells: list[str]) -> str:
    return " & ".join(cells) + r" \\"


def render_table(table: Table) -> str:
    buffer = io.StringIO()
    put_table(table, buffer)
    return buffer.getvalue()


def put_table(table: Table, stream: TextIO) -> None:
    """Write one table's LaTeX to ``stream``, row by row as the rows are read."""
    spec, wrapped = _column_spec(table)
    header = _row([escape(c) for c in table.columns])
    rows = iter(table.rows())
    first = list(itertools.islice(rows, LONG_ROWS + 1))  # enough to choose the environment
    body = (
        _row([escape(cell_text(v), wrap=w) for v, w in zip(row, wrapped, strict=True)])
        for row in itertools.chain(first, rows)
    )
    small = any(wrapped)
    lines: list[str] = []
    if small:
        lines.append(r"{\footnotesize")
    if len(first) > LONG_ROWS or small:
        n = len(table.columns)
        lines += [
            rf"\begin{{longtable}}{{{spec}}}",
            rf"\caption{{{escape(table.title)}}}\label{{{label(table.name)}}} \\",
            r"\toprule",
            header,
            r"\midrule",
            r"\endfirsthead",
            rf"\multicolumn{{{n}}}{{l}}{{\textit{{Fortsetzung von Tabelle \thetable}}}} \\",
            r"\toprule",
            header,
            r"\midrule",
            r"\endhead",
            r"\midrule",
            rf"\multicolumn{{{n}}}{{r}}{{\textit{{Fortsetzung auf der nächsten Seite}}}} \\",
            r"\endfoot",
            r"\bottomrule",
            r"\endlastfoot",
        ]
        after = [r"\end{longtable}"]
        if table.notes:
            after.append("{" + _notes(table) + r"\par}")
    else:
        lines += [
            r"\begin{table}[htbp]",
            r"\centering",
            rf"\caption{{{escape(table.title)}}}",
            rf"\label{{{label(table.name)}}}",
            rf"\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            header,
            r"\midrule",
        ]
        after = [r"\bottomrule", r"\end{tabular}"]
        if table.notes:
            after += [r"\par\smallskip", rf"\parbox{{\linewidth}}{{{_notes(table)}}}"]
        after.append(r"\end{table}")
    if small:
        after.append("}")
    for line in lines:
        stream.write(line + "\n")
    for line in body:
        stream.write(line + "\n")
    for line in after:
        stream.write(line + "\n")


def _notes(table: Table) -> str:
    return r"\footnotesize\textit{Anmerkung.} " + " ".join(escape(n) for n in table.notes)


def render(tables: Sequence[Table]) -> str:
    buffer = io.StringIO()
    put(tables, buffer)
    return buffer.getvalue()


def put(tables: Sequence[Table], stream: TextIO) -> None:
    stream.write(PREAMBLE + "\n\n")
    for index, table in enumerate(tables):
        if index:
            stream.write("\n")
        put_table(table, stream)


def write(tables: Sequence[Table], target: Target) -> None:
    with text_stream(target) as stream:
        put(tables, stream)
