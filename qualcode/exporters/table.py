"""The table every exporter writes, and the method facts printed under it.

A frequency table in a thesis is only readable with its counting base, whether subcategories
were rolled up, whether multi-coding was allowed and N (method notes §3.3); the codebook version
and the date make it reproducible. :class:`MethodFacts` words these once, in German, for every
format.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from qualcode.exporters.formulas import Figure

if TYPE_CHECKING:
    import pandas as pd


Rows = Callable[[], Iterable[Sequence[Any]]]
"""Where a table's rows come from: called once per pass, so a streamed table can be written
(and counted) without holding its rows."""


class Table:
    """A titled table with notes, on plain rows or on a DataFrame.

    ``name`` names the XLSX sheet and the LaTeX label; ``text_columns`` are columns of running
    text (definitions, quotes) that formats wrap instead of widening the table.

    The exports build tables of plain rows (``columns``, ``rows`` and which columns hold
    numbers), so that writing a CSV or Markdown file never imports pandas; ``rows`` may be a
    function that yields them from the database as they are written (the quotes), counted on
    the way. A table given a DataFrame (``frame``) reads its rows and number columns from it;
    :attr:`frame` builds one from plain rows when a caller wants it.
    """

    __slots__ = (
        "_columns",
        "_sample",
        "_count",
        "_frame",
        "_numeric",
        "_rows",
        "name",
        "notes",
        "text_columns",
        "title",
    )

    def __init__(
        self,
        title: str,
        frame: pd.DataFrame | None = None,
        notes: tuple[str, ...] = (),
        name: str = "Tabelle",
        text_columns: tuple[str, ...] = (),
        *,
        columns: Sequence[Any] | None = None,
        rows: Sequence[Sequence[Any]] | Rows | None = None,
        numeric: Sequence[bool] | None = None,
        sample: Sequence[Sequence[Any]] | None = None,
    ) -> None:
        if (frame is None) == (columns is None):
            raise ValueError("a table has either a frame or columns and rows")
        self.title = title
        self.notes = notes
        self.name = name
        self.text_columns = text_columns
        self._frame = frame
        self._columns: list[Any] = list(frame.columns if frame is not None else columns or ())
        self._rows = rows if rows is not None else ()
        self._sample = [tuple(r) for r in sample] if sample is not None else None
        self._numeric = list(numeric) if numeric is not None else None
        self._count: int | None = None
        if frame is not None:
            self._count = int(frame.shape[0])
        elif not callable(self._rows):
            self._count = len(self._rows)

    @property
    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame (built from the rows the first time it is asked for)."""
        if self._frame is None:
            import pandas as pd

            names = [str(c) for c in self._columns]
            frame = pd.DataFrame([list(r) for r in self.rows()], columns=names)
            if self._count == 0 or not len(frame):
                frame = pd.DataFrame({n: [] for n in names}, columns=names, dtype=object)
            self._frame = frame
        return self._frame

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self._columns]

    def header(self) -> list[str]:
        """The column names as text; a column named by a number is a :class:`Figure`."""
        return [Figure(str(c)) if isinstance(c, numbers.Number) else str(c) for c in self._columns]

    def numeric(self) -> list[bool]:
        """Per column: does it hold numbers (right-aligned, stored as numbers)?"""
        if self._numeric is not None:
            return list(self._numeric)
        if self._frame is None:
            return [False] * len(self._columns)
        from pandas.api.types import is_bool_dtype, is_numeric_dtype

        frame = self._frame
        return [
            bool(is_numeric_dtype(frame[c]) and not is_bool_dtype(frame[c])) for c in frame.columns
        ]

    def decimals(self) -> list[bool]:
        """Per column: does it hold fractions (shown with one decimal)?"""
        if self._frame is not None and self._numeric is None:
            return [str(self._frame[c].dtype).startswith("float") for c in self._frame.columns]
        if not any(self.numeric()):
            return [False] * len(self._columns)
        sample = self.head(50)
        return [
            n and any(isinstance(r[i], float) for r in sample) for i, n in enumerate(self.numeric())
        ]

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Rows of plain Python values (int, float, str, None), not NumPy scalars."""
        if self._frame is not None and not self._rows:
            frame = self._frame
            columns = [
                [None if _missing(v) else v for v in frame.iloc[:, i].tolist()]
                for i in range(frame.shape[1])
            ]
            return zip(*columns, strict=True) if columns else iter(())
        return self._counted()

    def _counted(self) -> Iterator[tuple[Any, ...]]:
        source = self._rows() if callable(self._rows) else self._rows
        n = 0
        for row in source:
            n += 1
            yield tuple(row)
        self._count = n

    def head(self, n: int) -> list[tuple[Any, ...]]:
        """The first ``n`` rows (for column widths), without reading the rest; for a streamed
        table given a ``sample`` (rows like its own, cheap to make), the sample, so that its
        rows are read only once."""
        if self._sample is not None:
            return self._sample[:n]
        if self._frame is not None and not self._rows:
            return list(itertools.islice(self.rows(), n))
        source = self._rows() if callable(self._rows) else self._rows
        found = [tuple(r) for r in itertools.islice(iter(source), n)]
        close = getattr(source, "close", None)
        if close is not None:
            close()  # a generator holding a read open
        return found

    def reworded(
        self,
        apply: Callable[[str], str],
        *,
        in_column: str | None = None,
        every_cell: bool = False,
    ) -> Table:
        """The same table with its title, header, notes and name passed through ``apply`` (the
        project's words), and the cells of ``in_column`` too; the rows stay as they are (read
        when written, a frame stays a frame), so a streamed table stays streamed."""
        index = self.columns.index(in_column) if in_column in self.columns else None

        def each(value: Any) -> Any:
            return apply(value) if isinstance(value, str) else value

        def cells() -> Iterator[tuple[Any, ...]]:
            for row in self.rows():
                if every_cell:
                    yield tuple(each(v) for v in row)
                elif index is None:
                    yield row
                else:
                    value = row[index]
                    changed = apply(value) if isinstance(value, str) else value
                    yield (*row[:index], changed, *row[index + 1 :])

        columns = [apply(c) if isinstance(c, str) else c for c in self._columns]
        sample = self._sample if index is None else None
        if every_cell and sample is not None:
            sample = [tuple(each(v) for v in r) for r in sample]
        if self._frame is not None and index is None and not every_cell and not self._rows:
            frame = self._frame.rename(columns=dict(zip(self._frame.columns, columns, strict=True)))
            return Table(
                apply(self.title),
                frame,
                notes=tuple(apply(n) for n in self.notes),
                name=apply(self.name),
                text_columns=tuple(apply(c) for c in self.text_columns),
            )
        return Table(
            apply(self.title),
            notes=tuple(apply(n) for n in self.notes),
            name=apply(self.name),
            text_columns=tuple(apply(c) for c in self.text_columns),
            columns=columns,
            rows=cells,
            numeric=self.numeric(),
            sample=sample,
        )

    def known_length(self) -> int | None:
        """The number of rows if known without reading them (a streamed table: once written)."""
        return self._count

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self.rows())
        return self._count


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def cell_text(value: Any, *, decimal: str = ",") -> str:
    """A cell as text: integers as they are, other numbers with one decimal (a German comma)."""
    if type(value) is int:  # most cells of a count table: no abstract number type to ask
        return str(value)
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
