"""Category frequencies for thesis tables: coded segments ("Nennungen") and cases (n of N).

Mayring counts how often categories occur as a quantitative step, and the counting base must be
named (method notes §1.8, §3.3): **segments** count every coded passage, **cases** count the
documents (one expert interview each) in which a category occurs at least once. Roll-up
(MAXQDA's "Subcodes aggregieren") counts a segment coded K2.1 also for K2, and a case once per
category however many of its subcategories it has. Rolled-up segment counts add up codings: a
passage coded with two subcategories of K2 is two coded segments of K2 (multi-coding is allowed).

The functions take plain domain objects and grouped counts (:class:`CodeCount`), never database
rows: the export service groups 100,000 codings in SQL, a test counts a handful of
:class:`Coding` objects with :func:`count_codings`, and both go through the same code. Numeric
results (``frequencies``, ``count_matrix``, ``cooccurrence``) keep short English column names;
the ``*_table`` functions turn them into the German tables a thesis prints, with numbers kept as
numbers (the case base N goes into the header, so no cell reads "5/7", which Excel would turn into
a date).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.ordering import natural_key
from qualcode.domain.transcript import DocumentInfo

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.domain.coding import Coding

UNITS = ("segments", "cases")
LEVELS = ("segment", "turn", "document")
MISSING_VALUE = "(ohne Angabe)"
PRESENT, ABSENT = "✓", "–"

CODE = "Code"
CATEGORY = "Kategorie"
SEGMENTS = "Segmente (n)"
CASE_SHARE = "Anteil Fälle (%)"
TOTAL = "Summe"


def cases_header(n: int) -> str:
    """The cases column's header: the base N belongs with the counts, "Fälle (n, N = 7)"."""
    return f"Fälle (n, N = {n})"


class Placed(Protocol):
    """Where a coding lies: all that co-occurrence needs (a :class:`Coding` is one)."""

    @property
    def document(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def position(self) -> int | None: ...
    @property
    def position_end(self) -> int | None: ...


class CodeCount(NamedTuple):
    """How many segments of one category one document has: the unit every table sums."""

    document: str
    category: str
    segments: int


@dataclass(frozen=True, slots=True)
class Selection:
    """Which cases and codings count: the filters every export shares.

    Documents and attribute values choose the cases, so they change N; coders and passes choose
    codings within the cases, so they do not.
    """

    documents: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    coders: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()

    def cases(self, documents: Sequence[DocumentInfo]) -> list[DocumentInfo]:
        """The documents (cases) this selection keeps, in the given order."""
        wanted = set(self.documents)
        return [
            d
            for d in documents
            if (not wanted or d.name in wanted)
            and all(d.attributes.get(key) == value for key, value in self.attributes)
        ]

    def keeps(self, coding: Coding) -> bool:
        """Whether a coding's coder and pass are selected (its document is checked by cases)."""
        return (not self.coders or coding.coder in self.coders) and (
            not self.passes or coding.coding_pass in self.passes
        )

    def describe(self) -> tuple[str, ...]:
        """The selection in words, for the notes under a table."""
        parts = []
        if self.documents:
            parts.append("Dokumente " + ", ".join(self.documents))
        parts += [f"{key} = {value}" for key, value in self.attributes]
        if self.coders:
            parts.append("Kodierer " + ", ".join(self.coders))
        if self.passes:
            parts.append("Durchgang " + ", ".join(self.passes))
        return tuple(parts)


def count_codings(codings: Iterable[Coding], selection: Selection | None = None) -> list[CodeCount]:
    """Group codings into per-document, per-category counts (coder and pass filters applied)."""
    selection = selection or Selection()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for coding in codings:
        if selection.keeps(coding):
            counts[(coding.document, coding.category)] += 1
    return [CodeCount(doc, code, n) for (doc, code), n in counts.items()]


def row_categories(
    book: Codebook, *, rollup: bool, categories: Sequence[str] = ()
) -> list[Category]:
    """The categories a table lists, in codebook order.

    Without a choice: every category, or only the main categories when subcategories are rolled
    up. With chosen categories: those and their subcategories, or with roll-up only those
    (each then counting everything below it).
    """
    if not categories:
        return list(book.main_categories if rollup else book.categories)
    chosen: set[str] = set()
    for ref in categories:
        found = book.resolve(ref)
        if found is None:
            raise NotFoundError(
                f"there is no category {ref!r}: give its code (e.g. K2.1) or its exact name"
            )
        chosen.add(found.code)
        if not rollup:
            chosen.update(c.code for c in book.descendants(found.code))
    return [c for c in book.categories if c.code in chosen]


def _targets(book: Codebook, rows: Sequence[Category], rollup: bool) -> dict[str, list[int]]:
    """For each category code, the table rows a segment coded with it counts for."""
    index = {c.code: i for i, c in enumerate(rows)}
    targets: dict[str, list[int]] = {}
    for category in book.categories:
        hits: list[int] = []
        code: str | None = category.code
        while code is not None:
            if code in index:
                hits.append(index[code])
            if not rollup:
                break
            parent = book.get(code)
            code = parent.parent if parent is not None else None
        if hits:
            targets[category.code] = hits
    return targets


class Grid(NamedTuple):
    """Segments per category (``codes``, the rows) and case (``documents``, the columns), as
    plain lists: what every table of counts is built from without pandas."""

    codes: list[str]
    documents: list[str]
    cells: list[list[int]]

    @classmethod
    def of(cls, matrix: pd.DataFrame) -> Grid:
        """A DataFrame from :func:`count_matrix` as a grid."""
        return cls(
            [str(c) for c in matrix.index],
            [str(c) for c in matrix.columns],
            [[int(v) for v in row] for row in matrix.to_numpy().tolist()],
        )


class Rows(NamedTuple):
    """A finished table as plain rows: its column names, rows and which columns hold numbers."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    numeric: list[bool]

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        if not self.rows:
            return pd.DataFrame({c: [] for c in self.columns}, columns=self.columns)
        return pd.DataFrame([list(r) for r in self.rows], columns=self.columns)


def count_grid(
    counts: Iterable[tuple[str, str, int]],
    book: Codebook,
    cases: Sequence[DocumentInfo],
    *,
    rollup: bool,
    categories: Sequence[str] = (),
) -> Grid:
    """Segments per category (rows) and case (columns, document names), in plain lists.

    Every other table derives from this one: a case "has" a category where its cell is above 0,
    which is how roll-up counts a case once however many subcategories it has. ``counts`` are
    :class:`CodeCount` tuples (or plain ``(document, category, n)`` tuples); counts of documents
    outside ``cases`` are ignored. With roll-up a category's count also goes to the rows above it.
    """
    rows = row_categories(book, rollup=rollup, categories=categories)
    columns = {d.name: j for j, d in enumerate(cases)}
    cells = [[0] * len(columns) for _ in rows]
    targets = _targets(book, rows, rollup)
    for document, code, n in counts:
        column = columns.get(document)
        hits = targets.get(code)
        if column is None or hits is None:
            continue
        for hit in hits:
            cells[hit][column] += n
    return Grid([c.code for c in rows], list(columns), cells)


def count_matrix(
    counts: Iterable[tuple[str, str, int]],
    book: Codebook,
    cases: Sequence[DocumentInfo],
    *,
    rollup: bool,
    categories: Sequence[str] = (),
) -> pd.DataFrame:
    """:func:`count_grid` as a DataFrame indexed by code, for charts and notebooks."""
    import numpy as np
    import pandas as pd

    grid = count_grid(counts, book, cases, rollup=rollup, categories=categories)
    values = np.array(grid.cells, dtype=np.int64).reshape(len(grid.codes), len(grid.documents))
    return pd.DataFrame(
        values,
        index=pd.Index(grid.codes, name="code"),
        columns=pd.Index(grid.documents, name="document"),
    )


def frequencies(matrix: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """Per category: name, segments, cases, N and the share of cases in percent."""
    import pandas as pd

    n = matrix.shape[1]
    segments = matrix.sum(axis=1).astype("int64")
    cases = (matrix > 0).sum(axis=1).astype("int64")
    share = (cases / n * 100).round(1) if n else cases.astype("float64")
    return pd.DataFrame(
        {
            "name": [_name(book, code) for code in matrix.index],
            "segments": segments,
            "cases": cases,
            "N": n,
            "case_share": share,
        },
        index=matrix.index,
    )


def share(cases: int, n: int) -> float:
    """The share of cases in percent to one decimal, rounded as NumPy rounds (half to even)."""
    return round(cases / n * 100 * 10) / 10 if n else float(cases)


def frequency_rows(grid: Grid, book: Codebook, *, unit: str | None = None) -> Rows:
    """The thesis table: Code | Kategorie | Segmente (n) | Fälle (n, N = …) | Anteil Fälle (%).

    ``unit`` keeps only the segment or only the case columns; by default both are shown, as
    supervisors like to see both bases side by side.
    """
    _check_unit(unit)
    n = len(grid.documents) if grid.codes else 0
    columns, numeric = [CODE, CATEGORY], [False, False]
    if unit in (None, "segments"):
        columns.append(SEGMENTS)
        numeric.append(True)
    if unit in (None, "cases"):
        columns += [cases_header(n), CASE_SHARE]
        numeric += [True, True]
    rows = []
    for code, cells in zip(grid.codes, grid.cells, strict=True):
        row: list[Any] = [code, _name(book, code)]
        if unit in (None, "segments"):
            row.append(sum(cells))
        if unit in (None, "cases"):
            cases = sum(1 for v in cells if v > 0)
            row += [cases, share(cases, len(grid.documents))]
        rows.append(tuple(row))
    return Rows(columns, rows, numeric)


def frequency_table(freq: pd.DataFrame, *, unit: str | None = None) -> pd.DataFrame:
    """:func:`frequency_rows` from the result of :func:`frequencies`, as a DataFrame."""
    import pandas as pd

    _check_unit(unit)
    n = int(freq["N"].iloc[0]) if len(freq) else 0
    table = pd.DataFrame({CODE: list(freq.index), CATEGORY: list(freq["name"])})
    if unit in (None, "segments"):
        table[SEGMENTS] = freq["segments"].to_numpy()
    if unit in (None, "cases"):
        table[cases_header(n)] = freq["cases"].to_numpy()
        table[CASE_SHARE] = freq["case_share"].to_numpy()
    return table


def document_rows(grid: Grid, book: Codebook, *, unit: str = "segments") -> Rows:
    """Category x case: segment counts, or ✓ / – for presence; a sum per category at the end."""
    _check_unit(unit)
    cases = unit == "cases"
    columns = [CODE, CATEGORY, *grid.documents]
    columns.append(cases_header(len(grid.documents)) if cases else TOTAL)
    numeric = [False, False, *([not cases] * len(grid.documents)), True]
    rows = []
    for code, cells in zip(grid.codes, grid.cells, strict=True):
        if cases:
            marks = [PRESENT if v > 0 else ABSENT for v in cells]
            rows.append((code, _name(book, code), *marks, sum(1 for v in cells if v > 0)))
        else:
            rows.append((code, _name(book, code), *cells, sum(cells)))
    return Rows(columns, rows, numeric)


def document_table(matrix: pd.DataFrame, book: Codebook, *, unit: str = "segments") -> pd.DataFrame:
    """:func:`document_rows` of a count matrix, as a DataFrame."""
    return document_rows(Grid.of(matrix), book, unit=unit).frame()


def attribute_groups(cases: Sequence[DocumentInfo], attribute: str) -> dict[str, list[str]]:
    """Case names per value of a case attribute, values in natural order, missing ones last."""
    if not any(attribute in d.attributes for d in cases):
        known = sorted({k for d in cases for k in d.attributes})
        hint = f" (the cases have: {', '.join(known)})" if known else " (the cases have none)"
        raise NotFoundError(f"no case has the attribute {attribute!r}{hint}")
    groups: dict[str, list[str]] = defaultdict(list)
    for d in cases:
        groups[d.attributes.get(attribute, MISSING_VALUE)].append(d.name)
    values = sorted((v for v in groups if v != MISSING_VALUE), key=natural_key)
    if MISSING_VALUE in groups:
        values.append(MISSING_VALUE)
    return {v: groups[v] for v in values}


def attribute_rows(
    grid: Grid, book: Codebook, groups: dict[str, list[str]], *, unit: str = "cases"
) -> Rows:
    """Category x attribute value: segments per group, or cases per group with each group's N.

    With cases each column is headed "Logistik (N = 2)" and its cells count the group's cases that
    have the category, so n/N reads off one column while the cells stay numbers.
    """
    _check_unit(unit)
    cases = unit == "cases"
    where = {name: j for j, name in enumerate(grid.documents)}
    members = [[where[name] for name in names] for names in groups.values()]
    columns = [CODE, CATEGORY]
    columns += [f"{v} (N = {len(n)})" if cases else v for v, n in groups.items()]
    columns.append(cases_header(len(grid.documents)) if cases else TOTAL)
    rows = []
    for code, cells in zip(grid.codes, grid.cells, strict=True):
        values = [1 if v > 0 else 0 for v in cells] if cases else cells
        sums = [sum(values[j] for j in group) for group in members]
        rows.append((code, _name(book, code), *sums, sum(values)))
    return Rows(columns, rows, [False, False, *[True] * (len(columns) - 2)])


def attribute_table(
    matrix: pd.DataFrame,
    book: Codebook,
    groups: dict[str, list[str]],
    *,
    unit: str = "cases",
) -> pd.DataFrame:
    """:func:`attribute_rows` of a count matrix, as a DataFrame."""
    return attribute_rows(Grid.of(matrix), book, groups, unit=unit).frame()


def cooccurrence_grid(
    codings: Iterable[Placed],
    book: Codebook,
    *,
    level: str = "segment",
    rollup: bool = False,
    categories: Sequence[str] = (),
) -> tuple[list[str], list[list[int]]]:
    """How often two categories occur together: the row codes and a symmetric matrix of lists.

    ``segment``: pairs of codings in one document whose passages share at least one character
    (the diagonal: the category's segments). ``turn``: turns (Pos.) that both categories touch
    (diagonal: turns with the category). ``document``: cases with both (diagonal: cases with the
    category). With roll-up, two subcategories of one main category do not co-occur with each
    other: they are the same category at that level.
    """
    if level not in LEVELS:
        raise InvalidInputError(f"the level must be one of {', '.join(LEVELS)}, not {level!r}")
    rows = row_categories(book, rollup=rollup, categories=categories)
    targets = _targets(book, rows, rollup)
    matrix = [[0] * len(rows) for _ in rows]
    by_document: dict[str, list[tuple[int, int, list[int], int, int]]] = defaultdict(list)
    for c in codings:
        hits = targets.get(c.category)
        if hits:
            first = c.position if c.position is not None else 0
            last = c.position_end if c.position_end is not None else first
            by_document[c.document].append((c.start, c.end, hits, first, last))
    for items in by_document.values():
        if level == "segment":
            _overlapping_pairs(items, matrix)
            continue
        units: dict[int, set[int]] = defaultdict(set)
        for _start, _end, hits, first, last in items:
            for unit_key in range(first, last + 1) if level == "turn" else (0,):
                units[unit_key].update(hits)
        for present in units.values():
            for a in present:
                line = matrix[a]
                for b in present:
                    line[b] += 1
    return [c.code for c in rows], matrix


def cooccurrence(
    codings: Iterable[Coding],
    book: Codebook,
    *,
    level: str = "segment",
    rollup: bool = False,
    categories: Sequence[str] = (),
) -> pd.DataFrame:
    """:func:`cooccurrence_grid` as a DataFrame indexed by code."""
    import numpy as np
    import pandas as pd

    codes, matrix = cooccurrence_grid(
        codings, book, level=level, rollup=rollup, categories=categories
    )
    values = np.array(matrix, dtype=np.int64).reshape(len(codes), len(codes))
    return pd.DataFrame(
        values, index=pd.Index(codes, name="code"), columns=pd.Index(codes, name="with")
    )


def _overlapping_pairs(
    items: list[tuple[int, int, list[int], int, int]], matrix: list[list[int]]
) -> None:
    """Add every pair of overlapping codings of one document.

    Sorted by start, the codings overlapping one coding are exactly those after it that start
    before it ends, so the sweep touches only real pairs, not all n² of a long interview.
    """
    items.sort(key=lambda item: (item[0], item[1]))
    for i, (_start, end, hits, _first, _last) in enumerate(items):
        for a in hits:
            matrix[a][a] += 1
        j = i + 1
        while j < len(items) and items[j][0] < end:
            for a in hits:
                for b in items[j][2]:
                    if a != b:
                        matrix[a][b] += 1
                        matrix[b][a] += 1
            j += 1


def cooccurrence_rows(codes: list[str], matrix: list[list[int]], book: Codebook) -> Rows:
    """The co-occurrence matrix with a code and a name column in front."""
    rows = [(code, _name(book, code), *line) for code, line in zip(codes, matrix, strict=True)]
    return Rows([CODE, CATEGORY, *codes], rows, [False, False, *[True] * len(codes)])


def cooccurrence_table(matrix: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """:func:`cooccurrence_rows` of a co-occurrence DataFrame, as a DataFrame."""
    codes = [str(c) for c in matrix.index]
    lines = [[int(v) for v in row] for row in matrix.to_numpy().tolist()]
    return cooccurrence_rows(codes, lines, book).frame()


def _name(book: Codebook, code: str) -> str:
    category = book.get(code)
    return category.name if category is not None else code


def _check_unit(unit: str | None) -> None:
    if unit is not None and unit not in UNITS:
        raise InvalidInputError(f"the unit must be segments or cases, not {unit!r}")
