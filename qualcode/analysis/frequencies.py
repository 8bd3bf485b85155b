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
from typing import TYPE_CHECKING, NamedTuple

from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.coding import Coding
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.ordering import natural_key
from qualcode.domain.transcript import DocumentInfo

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

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


def count_matrix(
    counts: Iterable[tuple[str, str, int]],
    book: Codebook,
    cases: Sequence[DocumentInfo],
    *,
    rollup: bool,
    categories: Sequence[str] = (),
) -> pd.DataFrame:
    """Segments per category (rows, indexed by code) and case (columns, document names).

    Every other table derives from this one: a case "has" a category where its cell is above 0,
    which is how roll-up counts a case once however many subcategories it has. ``counts`` are
    :class:`CodeCount` tuples (or plain ``(document, category, n)`` tuples); counts of documents
    outside ``cases`` are ignored. The counts land in a category x case array first; rolling up
    is then one product with a 0/1 matrix of which category counts for which row.
    """
    import numpy as np
    import pandas as pd

    rows = row_categories(book, rollup=rollup, categories=categories)
    every = {c.code: i for i, c in enumerate(book.categories)}
    columns = {d.name: j for j, d in enumerate(cases)}
    base = np.zeros((len(every), len(columns)), dtype=np.int64)
    kept = [
        (every[code], columns[document], n)
        for document, code, n in counts
        if document in columns and code in every
    ]
    if kept:
        table = np.array(kept, dtype=np.int64)
        np.add.at(base, (table[:, 0], table[:, 1]), table[:, 2])
    counts_for = np.zeros((len(rows), len(every)), dtype=np.int64)
    for code, hits in _targets(book, rows, rollup).items():
        counts_for[hits, every[code]] = 1
    return pd.DataFrame(
        counts_for @ base,
        index=pd.Index([c.code for c in rows], name="code"),
        columns=pd.Index(list(columns), name="document"),
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


def frequency_table(freq: pd.DataFrame, *, unit: str | None = None) -> pd.DataFrame:
    """The thesis table: Code | Kategorie | Segmente (n) | Fälle (n, N = …) | Anteil Fälle (%).

    ``unit`` keeps only the segment or only the case columns; by default both are shown, as
    supervisors like to see both bases side by side.
    """
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


def document_table(matrix: pd.DataFrame, book: Codebook, *, unit: str = "segments") -> pd.DataFrame:
    """Category x case: segment counts, or ✓ / – for presence; a sum per category at the end."""
    import pandas as pd

    _check_unit(unit)
    head = pd.DataFrame(
        {CODE: list(matrix.index), CATEGORY: [_name(book, c) for c in matrix.index]}
    )
    values = matrix.reset_index(drop=True)
    if unit == "cases":
        present = values > 0
        cells = present.map(lambda v: PRESENT if v else ABSENT)
        total = pd.DataFrame({cases_header(matrix.shape[1]): present.sum(axis=1).astype("int64")})
    else:
        cells = values
        total = pd.DataFrame({TOTAL: values.sum(axis=1).astype("int64")})
    cells.columns = [str(c) for c in matrix.columns]
    return pd.concat([head, cells, total], axis=1)


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


def attribute_table(
    matrix: pd.DataFrame,
    book: Codebook,
    groups: dict[str, list[str]],
    *,
    unit: str = "cases",
) -> pd.DataFrame:
    """Category x attribute value: segments per group, or cases per group with each group's N.

    With cases each column is headed "Logistik (N = 2)" and its cells count the group's cases that
    have the category, so n/N reads off one column while the cells stay numbers.
    """
    import pandas as pd

    _check_unit(unit)
    table = pd.DataFrame(
        {CODE: list(matrix.index), CATEGORY: [_name(book, c) for c in matrix.index]}
    )
    values = matrix > 0 if unit == "cases" else matrix
    for value, names in groups.items():
        column = values[names].sum(axis=1).astype("int64").to_numpy()
        header = f"{value} (N = {len(names)})" if unit == "cases" else value
        table[header] = column
    total = values.sum(axis=1).astype("int64").to_numpy()
    table[cases_header(matrix.shape[1]) if unit == "cases" else TOTAL] = total
    return table


def cooccurrence(
    codings: Iterable[Coding],
    book: Codebook,
    *,
    level: str = "segment",
    rollup: bool = False,
    categories: Sequence[str] = (),
) -> pd.DataFrame:
    """How often two categories occur together, as a symmetric category x category matrix.

    ``segment``: pairs of codings in one document whose passages share at least one character
    (the diagonal: the category's segments). ``turn``: turns (Pos.) that both categories touch
    (diagonal: turns with the category). ``document``: cases with both (diagonal: cases with the
    category). With roll-up, two subcategories of one main category do not co-occur with each
    other: they are the same category at that level.
    """
    import numpy as np
    import pandas as pd

    if level not in LEVELS:
        raise InvalidInputError(f"the level must be one of {', '.join(LEVELS)}, not {level!r}")
    rows = row_categories(book, rollup=rollup, categories=categories)
    targets = _targets(book, rows, rollup)
    matrix = np.zeros((len(rows), len(rows)), dtype=np.int64)
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
            idx = sorted(present)
            matrix[np.ix_(idx, idx)] += 1
    codes = [c.code for c in rows]
    return pd.DataFrame(
        matrix, index=pd.Index(codes, name="code"), columns=pd.Index(codes, name="with")
    )


def _overlapping_pairs(
    items: list[tuple[int, int, list[int], int, int]], matrix: npt.NDArray[np.int64]
) -> None:
    """Add every pair of overlapping codings of one document.

    Sorted by start, the codings overlapping one coding are exactly those after it that start
    before it ends, so the sweep touches only real pairs, not all n² of a long interview.
    """
    items.sort(key=lambda item: (item[0], item[1]))
    for i, (_start, end, hits, _first, _last) in enumerate(items):
        for a in hits:
            matrix[a, a] += 1
        j = i + 1
        while j < len(items) and items[j][0] < end:
            for a in hits:
                for b in items[j][2]:
                    if a != b:
                        matrix[a, b] += 1
                        matrix[b, a] += 1
            j += 1


def cooccurrence_table(matrix: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """The co-occurrence matrix with a code and a name column in front."""
    import pandas as pd

    head = pd.DataFrame(
        {CODE: list(matrix.index), CATEGORY: [_name(book, c) for c in matrix.index]}
    )
    body = matrix.reset_index(drop=True)
    body.columns = [str(c) for c in matrix.columns]
    return pd.concat([head, body], axis=1)


def _name(book: Codebook, code: str) -> str:
    category = book.get(code)
    return category.name if category is not None else code


def _check_unit(unit: str | None) -> None:
    if unit is not None and unit not in UNITS:
        raise InvalidInputError(f"the unit must be segments or cases, not {unit!r}")
