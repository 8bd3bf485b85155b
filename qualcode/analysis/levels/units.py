"""Level 4 (method notes §4.6): fixed coding units (turns or sentences), each unit × code a yes/no
decision per coder, with the classical 2 × 2 coefficients in closed form."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from qualcode.analysis._common import AgreementInputError
from qualcode.analysis.levels.common import (
    CategoryResult,
    Disagreement,
    LevelReport,
    Segment,
    Unit,
    _coder_names,
    _group,
    _is_int,
    _names,
    _segments,
    _sorted,
)
from qualcode.analysis.levels.segments import (
    _merge,
    _Span,
)

# --- pre-defined units (§4.6) ---------------------------------------------------------------


def _hits(spans: Sequence[_Span] | None, ends: Sequence[int] | None, start: int, end: int) -> int:
    """1 when some span overlaps [start, end) by at least one character, else 0."""
    if not spans or ends is None:
        return 0
    i = bisect_right(ends, start)  # the first span ending after the stretch starts
    return int(i < len(spans) and spans[i].start < end)


def _binary_coefficients(
    n11: int, n10: int, n01: int, n00: int
) -> tuple[float | None, float | None, float | None]:
    """Cohen's κ, Brennan–Prediger's κ (k = 2) and nominal α of a 2 × 2 table; None if undefined.

    Two coders, one yes/no value each per unit and nothing missing: the three coefficients have
    closed forms in the four cells (the same numbers ``agreement.py`` computes from a table of
    units; a test checks that), so a project with 50,000 units x 80 codes needs no DataFrame.
    Krippendorff's α from the coincidences o_00 = 2·n00, o_11 = 2·n11, o_01 = o_10 = n10 + n01:
    α = 1 − (n − 1)(n10 + n01) / (n_0 · n_1), with n = 2N values, n_0 = 2·n00 + n10 + n01 and
    n_1 = 2·n11 + n10 + n01.
    """
    total = n11 + n10 + n01 + n00
    if total == 0:
        return None, None, None
    observed = (n11 + n00) / total
    a1, b1 = (n11 + n10) / total, (n11 + n01) / total
    chance = a1 * b1 + (1 - a1) * (1 - b1)
    kappa = (observed - chance) / (1 - chance) if chance < 1 else None
    bp = 2 * observed - 1
    values, zeros, ones = 2 * total, 2 * n00 + n10 + n01, 2 * n11 + n10 + n01
    alpha = 1 - (values - 1) * (n10 + n01) / (zeros * ones) if zeros and ones else None
    return kappa, bp, alpha


def _table_result(code: str, n11: int, n10: int, n01: int, n00: int) -> CategoryResult:
    total = n11 + n10 + n01 + n00
    positive = 2 * n11 + n10 + n01
    kappa, bp, alpha = _binary_coefficients(n11, n10, n01, n00)
    return CategoryResult(
        code=code,
        agreements=n11 + n00,
        disagreements=n10 + n01,
        total=total,
        percent=(n11 + n00) / total if total else None,
        n11=n11,
        n10=n10,
        n01=n01,
        n00=n00,
        positive_agreement=2 * n11 / positive if positive else None,
        kappa=kappa,
        brennan_prediger=bp,
        alpha=alpha,
    )


class UnitTable(Sequence[tuple[str, str, str, int, int]]):
    """The units x coders table of the unit level, built row by row only when read.

    50,000 units x 80 codes are four million rows; they exist as two bytes per decision until
    someone writes them out (``--data``). Rows run unit by unit, codes in order within a unit.
    """

    def __init__(
        self,
        units: Sequence[Unit],
        codes: Sequence[str],
        values_a: Sequence[bytearray],
        values_b: Sequence[bytearray],
    ) -> None:
        self._units, self._codes = units, codes
        self._a, self._b = values_a, values_b

    def __len__(self) -> int:
        return len(self._units) * len(self._codes)

    def _row(self, index: int) -> tuple[str, str, str, int, int]:
        unit, code = divmod(index, len(self._codes))
        u = self._units[unit]
        return u.document, u.label, self._codes[code], self._a[code][unit], self._b[code][unit]

    @overload
    def __getitem__(self, index: int) -> tuple[str, str, str, int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[str, str, str, int, int], ...]: ...

    def __getitem__(
        self, index: int | slice
    ) -> tuple[str, str, str, int, int] | tuple[tuple[str, str, str, int, int], ...]:
        if isinstance(index, slice):
            return tuple(self._row(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("unit table index out of range")
        return self._row(index)

    def __iter__(self) -> Iterator[tuple[str, str, str, int, int]]:
        for unit, u in enumerate(self._units):
            for code, name in enumerate(self._codes):
                yield u.document, u.label, name, self._a[code][unit], self._b[code][unit]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(x == y for x, y in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class _UnitIndex:
    """The units of one document by start, to find those a coded span overlaps."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.reach: list[int] = []  # the largest end so far: rises even if units overlap
        self.numbers: list[int] = []

    def add(self, unit: Unit, number: int) -> None:
        self.starts.append(unit.start)
        self.ends.append(unit.end)
        self.reach.append(max(unit.end, self.reach[-1] if self.reach else 0))
        self.numbers.append(number)

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """Numbers of the units sharing at least one character with [start, end)."""
        i = bisect_right(self.reach, start)
        while i < len(self.starts) and self.starts[i] < end:
            if self.ends[i] > start:
                yield self.numbers[i]
            i += 1


def _unit_hits(
    merged: dict[tuple[str, str], list[_Span]], index: dict[str, _UnitIndex]
) -> dict[str, set[int]]:
    """Per code, the numbers of the units a coder coded with it."""
    hits: dict[str, set[int]] = {}
    for (document, code), spans in merged.items():
        found = hits.setdefault(code, set())
        doc_index = index.get(document)
        if doc_index is None:
            continue
        for span in spans:
            found.update(doc_index.overlapping(span.start, span.end))
    return hits


def _outside(found: Iterable[Segment], units: Sequence[Unit]) -> int:
    """How many codings overlap no unit at all (they cannot count at the unit level)."""
    covered: dict[str, list[_Span]] = {}
    for u in sorted(units, key=lambda u: (u.start, u.end)):
        spans = covered.setdefault(u.document, [])
        if spans and u.start < spans[-1].end:
            last = spans[-1]
            spans[-1] = _Span(last.start, max(last.end, u.end), ())
        else:
            spans.append(_Span(u.start, u.end, ()))
    ends = {d: [s.end for s in spans] for d, spans in covered.items()}
    return sum(
        1 for s in found if not _hits(covered.get(s.document), ends.get(s.document), s.start, s.end)
    )


def units(
    a: Sequence[Segment],
    b: Sequence[Segment],
    *,
    units: Sequence[Unit],
    codes: Sequence[str],
    coders: tuple[str, str] = ("A", "B"),
) -> LevelReport:
    """Agreement over fixed coding units: each unit × code is a yes/no decision (§4.6).

    A coder said yes when any of their segments with the code overlaps the unit by at least one
    character. Per code: the 2 × 2 table, percent (n11 + n00) / N, positive agreement (not raised
    by joint absences), Cohen's κ, Brennan–Prediger κ (chance 1/2) and nominal Krippendorff's α.
    ``overall`` pools all unit × code decisions into one table. κ and α are None when undefined.
    """
    names = _coder_names(coders)
    name_a, name_b = names
    seg_a, seg_b = _segments(a, name_a), _segments(b, name_b)
    code_list = _names("codes", codes)
    unit_list = _unit_list(units)
    code_set = set(code_list)
    groups_a, groups_b = _group(seg_a, code_set), _group(seg_b, code_set)
    index: dict[str, _UnitIndex] = {}
    for number, u in sorted(enumerate(unit_list), key=lambda item: (item[1].start, item[0])):
        index.setdefault(u.document, _UnitIndex()).add(u, number)
    hits_a = _unit_hits({key: _merge(found) for key, found in groups_a.items()}, index)
    hits_b = _unit_hits({key: _merge(found) for key, found in groups_b.items()}, index)
    n = len(unit_list)
    values_a: list[bytearray] = []
    values_b: list[bytearray] = []
    results_list: list[CategoryResult] = []
    found: list[Disagreement] = []
    for c in code_list:
        yes_a, yes_b = hits_a.get(c, set()), hits_b.get(c, set())
        column_a, column_b = bytearray(n), bytearray(n)
        for number in yes_a:
            column_a[number] = 1
        for number in yes_b:
            column_b[number] = 1
        values_a.append(column_a)
        values_b.append(column_b)
        n11 = len(yes_a & yes_b)
        n10, n01 = len(yes_a) - n11, len(yes_b) - n11
        results_list.append(_table_result(c, n11, n10, n01, n - n11 - n10 - n01))
        for number in yes_a ^ yes_b:
            u = unit_list[number]
            key = (u.document, c)
            who, other = (name_a, name_b) if number in yes_a else (name_b, name_a)
            found.append(
                Disagreement(
                    document=u.document,
                    code=c,
                    start=u.start,
                    end=u.end,
                    a=_within(groups_a.get(key, []), u),
                    b=_within(groups_b.get(key, []), u),
                    detail=f"{who} coded {c} in {u.label}, {other} did not",
                )
            )
    results = tuple(results_list)
    pooled = _table_result(
        "overall",
        sum(r.n11 or 0 for r in results),
        sum(r.n10 or 0 for r in results),
        sum(r.n01 or 0 for r in results),
        sum(r.n00 or 0 for r in results),
    )
    notes = _unit_notes(results, pooled, len(unit_list), len(code_list))
    codings = [s for s in seg_a if s.code in code_set], [s for s in seg_b if s.code in code_set]
    outside = [_outside(codings[0], unit_list), _outside(codings[1], unit_list)]
    if any(outside):
        notes.append(
            f"{outside[0]} of {name_a}'s and {outside[1]} of {name_b}'s codings lie outside every "
            "unit and were not counted."
        )
    return LevelReport(
        level="unit",
        parameters={
            "n_units": len(unit_list),
            "n_documents": len({u.document for u in unit_list}),
            "n_codes": len(code_list),
            "n_decisions": len(unit_list) * len(code_list),
            "unit_coded_when": "a segment with the code overlaps it by at least one character",
            "overall": "pooled over all unit x code decisions",
            "coders": [name_a, name_b],
        },
        categories=results,
        overall=pooled,
        disagreements=_sorted(found, code_list),
        data=UnitTable(unit_list, code_list, values_a, values_b),
        notes=tuple(notes),
    )


def _unit_list(units: Sequence[Unit]) -> tuple[Unit, ...]:
    """The units, checked: non-empty stretches, each (document, label) once."""
    items = tuple(units)
    if not items:
        raise AgreementInputError("units: the list is empty, so there is nothing to compare")
    seen: set[tuple[str, str]] = set()
    for u in items:
        if not isinstance(u, Unit):
            raise AgreementInputError(f"units: expected Unit objects, got {type(u).__name__}")
        if not (_is_int(u.start) and _is_int(u.end)) or not 0 <= u.start < u.end:
            raise AgreementInputError(
                f"units: {u.label!r} in {u.document!r} at {u.start!r}-{u.end!r} is not a "
                "stretch of text (it must start at 0 or later and end after it starts)"
            )
        if (u.document, u.label) in seen:
            raise AgreementInputError(f"units: {u.label!r} in {u.document!r} is listed twice")
        seen.add((u.document, u.label))
    return items


def _within(found: Sequence[Segment], unit: Unit) -> tuple[Segment, ...]:
    return tuple(s for s in found if s.start < unit.end and unit.start < s.end)


def _unit_notes(
    results: Sequence[CategoryResult], pooled: CategoryResult, n_units: int, n_codes: int
) -> list[str]:
    """The counting rules of the unit level and why a coefficient is missing."""
    notes = [
        "Unit level: each unit and code is a yes/no decision per coder: yes when any of the "
        "coder's segments with that code overlaps the unit by at least one character.",
        "Per code: percent = (both yes + both no) / units; positive agreement = 2 x both yes / "
        "(2 x both yes + only A + only B), which joint absences do not raise; Cohen's kappa; "
        "Brennan-Prediger kappa with chance 1/2; Krippendorff's alpha (nominal).",
        f"Overall pools all {n_units} units x {n_codes} codes = {pooled.total} decisions into "
        "one 2 x 2 table.",
    ]
    for r in (*results, pooled):
        missing = []
        if r.kappa is None:
            missing.append("Cohen's kappa")
        if r.alpha is None:
            missing.append("Krippendorff's alpha")
        if missing:
            same = "no" if r.n11 == 0 else "yes"
            notes.append(
                f"{r.code}: {' and '.join(missing)} undefined (both coders said {same} for every "
                "unit, so chance agreement is 1 and the coefficient 0/0); see percent agreement."
            )
        if r.positive_agreement is None:
            notes.append(f"{r.code}: positive agreement undefined (neither coder used it).")
    return notes
