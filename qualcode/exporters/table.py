"""The table every exporter writes, and the method facts printed under it.

A frequency table in a thesis is only readable with its counting base, whether subcategories
were rolled up, whether multi-coding was allowed and N (method notes §3.3); the codebook version
and the date make it reproducible. :class:`MethodFacts` words these once, in German, for every
format.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from qualcode.exporters.formulas import Figure

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, eq=False)
class Table:
    """A titled table with notes.

    ``name`` names the XLSX sheet and the LaTeX label; ``text_columns`` are columns of running
    text (definitions, quotes) that formats wrap instead of widening the table.
    """

    title: str
    frame: pd.DataFrame
    notes: tuple[str, ...] = ()
    name: str = "Tabelle"
    text_columns: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def header(self) -> list[str]:
        """The column names as text; a column named by a number is a :class:`Figure`."""
        return [
            Figure(str(c)) if isinstance(c, numbers.Number) else str(c) for c in self.frame.columns
        ]

    def numeric(self) -> list[bool]:
        """Per column: does it hold numbers (right-aligned, stored as numbers)?"""
        from pandas.api.types import is_bool_dtype, is_numeric_dtype

        return [
            bool(is_numeric_dtype(self.frame[c]) and not is_bool_dtype(self.frame[c]))
            for c in self.frame.columns
        ]

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Rows of plain Python values (int, float, str, None), not NumPy scalars."""
        columns = [
            [None if _missing(v) else v for v in self.frame.iloc[:, i].tolist()]
            for i in range(self.frame.shape[1])
        ]
        return zip(*columns, strict=True) if columns else iter(())

    def __len__(self) -> int:
        return int(self.frame.shape[0])


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def cell_text(value: Any, *, decimal: str = ",") -> str:
    """A cell as text: integers as they are, other numbers with one decimal (a German comma)."""
    if value is None or _missing(value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.1f}".replace(".", decimal)
    return str(value)


UNIT_NOTES = {
    "segments": "Zählbasis: codierte Segmente (Nennungen).",
    "cases": "Zählbasis: Fälle (Dokumente); ein Fall zählt je Kategorie höchstens einmal.",
    "both": (
        "Zählbasis: codierte Segmente (Nennungen) und Fälle (Dokumente; ein Fall zählt je "
        "Kategorie höchstens einmal)."
    ),
}


@dataclass(frozen=True, slots=True)
class MethodFacts:
    """What a reader needs to judge a table; ``notes()`` words it for under the table.

    ``unit`` is "segments", "cases", "both" or None (a table that counts nothing, such as the
    category tree); None for ``rollup``, ``multi_coding`` or ``documents`` leaves that line
    out. ``details`` are sentences particular to one export (what a co-occurrence cell
    counts, how quotes are cited).
    """

    documents: int | None
    codebook_version: str
    as_of: date
    unit: str | None = None
    rollup: bool | None = None
    multi_coding: bool | None = True
    selection: tuple[str, ...] = ()
    details: tuple[str, ...] = field(default_factory=tuple)

    def notes(self) -> tuple[str, ...]:
        lines: list[str] = list(self.details)
        if self.unit is not None:
            lines.append(UNIT_NOTES[self.unit])
        if self.rollup is not None:
            lines.append(
                "Subkategorien in die Hauptkategorie eingerechnet: "
                + ("ja." if self.rollup else "nein.")
            )
        if self.multi_coding is not None:
            lines.append("Mehrfachcodierung erlaubt: " + ("ja." if self.multi_coding else "nein."))
        if self.documents is not None:
            lines.append(
                f"N = {self.documents} "
                + ("Dokument (Fall)." if self.documents == 1 else "Dokumente (Fälle).")
            )
        if self.selection:
            lines.append("Auswahl: " + "; ".join(self.selection) + ".")
        version = self.codebook_version or "ohne Angabe"
        lines.append(f"Kategoriensystem: Version {version}.")
        lines.append(f"Stand: {self.as_of:%d.%m.%Y}.")
        return tuple(lines)
