"""Case summaries (Fallzusammenfassungen) and the theme matrix (cases x categories).

Kuckartz's structuring analysis starts with a short, fact-oriented summary of each case and
ends with thematic summaries per case and category, written next to the coded passages of that
cell (MAXQDA's Summary Grid, the framework method's chart). A summary is kept as a series of
versions, each with its author and time, so a supervisor can see how it grew; the newest is
the summary. The matrix itself is computed, never stored: its cells are the codings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from qualcode.domain.coding import Coding


@dataclass(frozen=True, slots=True)
class Summary:
    """One version of a summary: of a whole case (``category`` None) or of one matrix cell."""

    id: int
    document: str
    document_id: int
    category: str | None
    text: str
    author: str
    written: datetime

    @property
    def where(self) -> str:
        """``B01`` or ``B01 × K2``: what the summary is about, for the trail and the lists."""
        return self.document if self.category is None else f"{self.document} × {self.category}"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the matrix: a category (main categories take their subcategories' passages)."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One case and one category: the coded passages and the summary the researcher wrote."""

    document: str
    category: str
    codings: tuple[Coding, ...]
    summary: Summary | None

    @property
    def empty(self) -> bool:
        return not self.codings and self.summary is None


@dataclass(frozen=True, slots=True)
class ThemeMatrix:
    """Cases as rows, categories as columns; read across for a case, down for a category."""

    cases: tuple[str, ...]
    columns: tuple[Column, ...]
    case_summaries: dict[str, Summary]
    cells: dict[tuple[str, str], Cell]

    def cell(self, document: str, category: str) -> Cell:
        return self.cells[(document, category)]


def theme_matrix(
    cases: Sequence[str],
    columns: Sequence[Column],
    codings: Iterable[Coding],
    summaries: Iterable[Summary],
    column_of: Callable[[str], str | None],
) -> ThemeMatrix:
    """The matrix of ``cases`` x ``columns``: each coding goes to the cell of its document and
    the column ``column_of`` its category belongs to (None: none shown), in text order.

    Summaries of cells outside the matrix (a category left out) are not shown.
    """
    wanted = set(cases)
    codes = {c.code for c in columns}
    found: dict[tuple[str, str], list[Coding]] = {}
    for coding in sorted(codings, key=lambda c: (c.start, c.end, c.id)):
        column = column_of(coding.category)
        if coding.document in wanted and column in codes:
            cell = found.setdefault((coding.document, column), [])
            # A passage coded with a category and its subcategory is shown once in the cell.
            if not any(c.start == coding.start and c.end == coding.end for c in cell):
                cell.append(coding)
    case_summaries: dict[str, Summary] = {}
    cell_summaries: dict[tuple[str, str], Summary] = {}
    for summary in summaries:
        if summary.document not in wanted:
            continue
        if summary.category is None:
            case_summaries[summary.document] = summary
        elif summary.category in codes:
            cell_summaries[(summary.document, summary.category)] = summary
    cells = {
        (case, column.code): Cell(
            case,
            column.code,
            tuple(found.get((case, column.code), ())),
            cell_summaries.get((case, column.code)),
        )
        for case in cases
        for column in columns
    }
    return ThemeMatrix(tuple(cases), tuple(columns), case_summaries, cells)


def positions(coding: Coding, lines: Mapping[int, tuple[int, int]] | None = None) -> str:
    """``Pos. 9`` or ``Pos. 9–10`` (empty when the turns are not known); with the transcript
    appendix's ``lines`` of each coding (by id), ``Z. 16–17``."""
    if lines is not None and coding.id in lines:
        start, end = lines[coding.id]
        return f"Z. {start}" if start == end else f"Z. {start}–{end}"
    first, last = coding.position, coding.position_end
    if first is None:
        return ""
    return f"Pos. {first}" if last in (None, first) else f"Pos. {first}–{last}"
