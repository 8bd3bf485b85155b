"""Project-level intercoder agreement of two coders, comparable with MAXQDA (method notes §4).

Four levels, each a pure function over plain data (the service layer reads the codings):

- ``presence`` (§4.1): did each coder use a code in a document at all?
- ``frequency`` (§4.2): did both coders use it equally often in the document?
- ``segments`` (§4.4 + 4.5): do the coders' own segments of a code overlap by at least a
  threshold (default 90 %)? With Brennan & Prediger's κ over the k codes used, as MAXQDA reports.
- ``units`` (§4.6): with fixed coding units (turns or sentences), each unit × code is a yes/no
  decision per coder, so the classical 2 × 2 coefficients apply without any threshold.

Every report carries the choices made (``parameters``), plain-English statements of the counting
rules (``notes``) and a disagreement list. The list, not the coefficient, is what the coders
discuss in Mayring's feedback loop (§4.8). Offsets are half-open ``[start, end)`` character
offsets, as everywhere in qualcode. Intracoder checks use the same functions, with B being the same
person at a later date.

Undefined values are ``None`` (not NaN), so a report is JSON-serialisable as it stands; the notes
say why a value is missing.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, Literal, overload

from qualcode.analysis._common import AgreementInputError

__all__ = [
    "CategoryResult",
    "Disagreement",
    "LevelReport",
    "Segment",
    "Unit",
    "UnitTable",
    "frequency",
    "presence",
    "segments",
    "units",
]

Base = Literal["all", "used"]
Denominator = Literal["union", "shorter", "own"]
Counting = Literal["segments", "pairs"]

BASES: Final[tuple[Base, ...]] = ("all", "used")
DENOMINATORS: Final[tuple[Denominator, ...]] = ("union", "shorter", "own")
COUNTINGS: Final[tuple[Counting, ...]] = ("segments", "pairs")

# An overlap ratio this close below the threshold still reaches it: "exactly 90 %" must agree
# even when the division is not exact in binary floating point.
_SLACK: Final = 1e-12


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """One coding of one coder: a code on ``[start, end)`` of a document."""

    document: str
    code: str
    start: int
    end: int
    coding_id: int | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """A fixed coding unit (a turn or a sentence) on ``[start, end)`` of a document."""

    document: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CategoryResult:
    """Agreement on one code (or ``"overall"``).

    ``percent`` is agreements / total, None when nothing was compared. The 2 × 2 cells and the
    coefficients are filled at the unit level only: ``n11`` both coders coded the unit, ``n10``
    only A, ``n01`` only B, ``n00`` neither. ``kappa`` (Cohen) and ``alpha`` (Krippendorff,
    nominal) are None when undefined, i.e. when both coders gave every unit the same value, so
    chance agreement is 1 and the coefficient 0/0. ``positive_agreement`` is None when neither
    coder used the code. ``brennan_prediger`` (chance 1/2) is always defined there.
    """

    code: str
    agreements: int
    disagreements: int
    total: int
    percent: float | None
    n11: int | None = None
    n10: int | None = None
    n01: int | None = None
    n00: int | None = None
    positive_agreement: float | None = None
    kappa: float | None = None
    brennan_prediger: float | None = None
    alpha: float | None = None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A place the coders should discuss: a document, passage or unit where they differ.

    ``start``/``end`` are None at the document levels (presence, frequency). ``a``/``b`` are the
    coders' original codings of ``code`` there (not the merged segments), so a reviewer can open
    them; ``detail`` says in plain English what differs.
    """

    document: str
    code: str
    start: int | None
    end: int | None
    a: tuple[Segment, ...]
    b: tuple[Segment, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class LevelReport:
    """The result of one level: per-code and overall agreement, disagreements and the raw table.

    ``data`` holds rows (document, unit label, code, value A, value B), the units × coders table to
    recompute the coefficients in ReCal or R's irr; it is empty for the segment level, which has
    no fixed units. ``kappa_bp`` and ``chance`` (1/k) belong to the segment level only.
    """

    level: str
    parameters: dict[str, object]
    categories: tuple[CategoryResult, ...]
    overall: CategoryResult
    disagreements: tuple[Disagreement, ...]
    data: Sequence[tuple[str, str, str, int, int]]
    kappa_bp: float | None = None
    chance: float | None = None
    notes: tuple[str, ...] = ()


# --- checking input -------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _choice(name: str, value: object, allowed: Sequence[str]) -> None:
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise AgreementInputError(f"{name} must be one of {options}, got {value!r}")


def _names(what: str, values: Sequence[str]) -> tuple[str, ...]:
    """A non-empty list of distinct names, in the caller's order."""
    if isinstance(values, str):
        raise AgreementInputError(
            f"{what}: expected a list of names, got the single text {values!r}"
        )
    names = tuple(values)
    if not names:
        raise AgreementInputError(f"{what}: the list is empty, so there is nothing to compare")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise AgreementInputError(f"{what}: {name!r} is listed twice")
        seen.add(name)
    return names


def _coder_names(coders: tuple[str, str]) -> tuple[str, str]:
    if (
        not isinstance(coders, tuple)
        or len(coders) != 2
        or not all(isinstance(c, str) and c.strip() for c in coders)
        or coders[0] == coders[1]
    ):
        raise AgreementInputError(f"coders must be two different names, got {coders!r}")
    return coders


def _segments(segments: Sequence[Segment], coder: str) -> tuple[Segment, ...]:
    """The codings as a tuple, each checked to be a non-empty stretch of text."""
    items = tuple(segments)
    for s in items:
        if not isinstance(s, Segment):
            raise AgreementInputError(
                f"codings of {coder}: expected Segment objects, got {type(s).__name__}"
            )
        if not (_is_int(s.start) and _is_int(s.end)) or not 0 <= s.start < s.end:
            raise AgreementInputError(
                f"codings of {coder}: {s.code!r} in {s.document!r} at {s.start!r}-{s.end!r} is "
                "not a stretch of text (it must start at 0 or later and end after it starts)"
            )
    return items


def _group(
    segments: Iterable[Segment], codes: set[str], documents: set[str] | None = None
) -> dict[tuple[str, str], list[Segment]]:
    """Codings by (document, code), in text order; other codes and documents are left out."""
    groups: dict[tuple[str, str], list[Segment]] = {}
    for s in segments:
        if s.code in codes and (documents is None or s.document in documents):
            groups.setdefault((s.document, s.code), []).append(s)
    for found in groups.values():
        found.sort(key=lambda s: (s.start, s.end))
    return groups


# --- shared pieces --------------------------------------------------------------------------


def _result(code: str, agreements: int, disagreements: int) -> CategoryResult:
    total = agreements + disagreements
    return CategoryResult(
        code=code,
        agreements=agreements,
        disagreements=disagreements,
        total=total,
        percent=agreements / total if total else None,
    )


def _overall(results: Sequence[CategoryResult]) -> CategoryResult:
    return _result(
        "overall", sum(r.agreements for r in results), sum(r.disagreements for r in results)
    )


def _sorted(found: Iterable[Disagreement], codes: Sequence[str]) -> tuple[Disagreement, ...]:
    """By document, start, then code in the order given (the category system's order)."""
    position = {c: i for i, c in enumerate(codes)}

    def key(d: Disagreement) -> tuple[str, int, int, int]:
        start = -1 if d.start is None else d.start
        end = -1 if d.end is None else d.end
        return d.document, start, position[d.code], end

    return tuple(sorted(found, key=key))


def _percent(ratio: float) -> str:
    """A ratio as a whole percentage, rounded down so a failing overlap never shows as enough."""
    return f"{math.floor(ratio * 100 + 1e-9)} %"


def _threshold_text(threshold: float) -> str:
    return f"{threshold * 100:.4g} %"


def _times(n: int) -> str:
    return {0: "not at all", 1: "once"}.get(n, f"{n} times")


def _unused_note(results: Sequence[CategoryResult]) -> list[str]:
    empty = [r.code for r in results if r.total == 0]
    if not empty:
        return []
    return [f"Neither coder used {', '.join(empty)}, so there is no percentage for it."]


# --- levels 1 and 2: presence and frequency per document ------------------------------------


def presence(
    a: Sequence[Segment],
    b: Sequence[Segment],
    *,
    documents: Sequence[str],
    codes: Sequence[str],
    base: Base = "all",
    coders: tuple[str, str] = ("A", "B"),
) -> LevelReport:
    """Agreement on whether each code occurs in each document at all (method notes §4.1).

    Useful for short documents with many codes; it ignores where and how often a code was used.
    ``base="all"`` counts every document (a code neither coder used there agrees), ``"used"``
    only document–code pairs where at least one coder used the code. ``coders`` names A and B in
    the disagreement details and notes.
    """
    return _document_level("presence", a, b, documents, codes, base, coders)


def frequency(
    a: Sequence[Segment],
    b: Sequence[Segment],
    *,
    documents: Sequence[str],
    codes: Sequence[str],
    base: Base = "all",
    coders: tuple[str, str] = ("A", "B"),
) -> LevelReport:
    """Agreement on how many times each code was used in each document (method notes §4.2).

    Each coding counts once, as stored (overlapping codings are not merged here: MAXQDA counts
    codings). The pair agrees only when both counts are equal. ``base`` as for ``presence``.
    """
    return _document_level("frequency", a, b, documents, codes, base, coders)


def _document_level(
    level: Literal["presence", "frequency"],
    a: Sequence[Segment],
    b: Sequence[Segment],
    documents: Sequence[str],
    codes: Sequence[str],
    base: Base,
    coders: tuple[str, str],
) -> LevelReport:
    _choice("base", base, BASES)
    name_a, name_b = _coder_names(coders)
    seg_a, seg_b = _segments(a, name_a), _segments(b, name_b)
    docs, code_list = _names("documents", documents), _names("codes", codes)
    groups_a = _group(seg_a, set(code_list), set(docs))
    groups_b = _group(seg_b, set(code_list), set(docs))
    counts = {c: [0, 0] for c in code_list}  # agreements, disagreements
    rows: list[tuple[str, str, str, int, int]] = []
    found: list[Disagreement] = []
    for d in docs:
        for c in code_list:
            sa, sb = groups_a.get((d, c), []), groups_b.get((d, c), [])
            if base == "used" and not sa and not sb:
                continue
            va, vb = len(sa), len(sb)
            if level == "presence":
                va, vb = min(va, 1), min(vb, 1)
            rows.append((d, d, c, va, vb))
            if va == vb:
                counts[c][0] += 1
                continue
            counts[c][1] += 1
            if level == "presence":
                who, other = (name_a, name_b) if va else (name_b, name_a)
                detail = f"{who} used {c} in this document, {other} did not"
            else:
                detail = f"{name_a} coded {c} {_times(va)} in this document, {name_b} {_times(vb)}"
            found.append(Disagreement(d, c, None, None, tuple(sa), tuple(sb), detail))
    results = tuple(_result(c, *counts[c]) for c in code_list)
    overall = _overall(results)
    if level == "presence":
        rule = (
            "Presence: for each document and code, each coder scores 1 if they used the code at "
            "least once in the document, else 0; the two agree when their scores are equal."
        )
    else:
        rule = (
            "Frequency: for each document and code, the number of codings each coder made; the "
            "two agree only when the numbers are equal. Each coding counts once, as stored "
            "(overlapping codings are not merged at this level)."
        )
    if base == "all":
        base_note = (
            f"Base: all {len(docs)} documents count for every code, so a code that neither coder "
            "used in a document counts as an agreement (this raises agreement for rare codes)."
        )
    else:
        base_note = (
            "Base: only document-code pairs where at least one coder used the code count; "
            "documents where neither used it are left out."
        )
    notes = [
        rule,
        base_note,
        f"Overall: agreeing pairs among all {overall.total} document-code pairs counted, "
        "pooled over the codes.",
        *_unused_note(results),
    ]
    parameters: dict[str, object] = {
        "base": base,
        "n_documents": len(docs),
        "n_codes": len(code_list),
        "n_pairs": overall.total,
        "coders": [name_a, name_b],
    }
    if level == "frequency":
        parameters["counting"] = "codings as stored, not merged"
    return LevelReport(
        level=level,
        parameters=parameters,
        categories=results,
        overall=overall,
        disagreements=_sorted(found, code_list),
        data=tuple(rows),
        notes=tuple(notes),
    )


# --- level 3: segments with an overlap threshold --------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    """A merged segment: one coder's overlapping or adjacent codings of one code."""

    start: int
    end: int
    parts: tuple[Segment, ...]

    @property
    def length(self) -> int:
        return self.end - self.start


def _merge(found: Sequence[Segment]) -> list[_Span]:
    """Merge overlapping or adjacent codings (sorted by start) into spans (method notes §4.0)."""
    spans: list[_Span] = []
    for s in found:
        if spans and s.start <= spans[-1].end:
            last = spans[-1]
            spans[-1] = _Span(last.start, max(last.end, s.end), (*last.parts, s))
        else:
            spans.append(_Span(s.start, s.end, (s,)))
    return spans


def _intersection(s: _Span, t: _Span) -> int:
    return max(0, min(s.end, t.end) - max(s.start, t.start))


def _ratio(s: _Span, t: _Span, denominator: Denominator) -> float:
    """r(s, t): the overlap as a share of the union, the shorter segment or s's own length."""
    common = _intersection(s, t)
    if common == 0:
        return 0.0
    if denominator == "union":  # two overlapping intervals: the union is their hull
        return common / (max(s.end, t.end) - min(s.start, t.start))
    if denominator == "shorter":
        return common / min(s.length, t.length)
    return common / s.length


def _pair_ratio(s: _Span, t: _Span, denominator: Denominator) -> float:
    """The ratio a one-to-one pair must reach; with "own", both segments must reach it."""
    if denominator == "own":
        return min(_ratio(s, t, "own"), _ratio(t, s, "own"))
    return _ratio(s, t, denominator)


def _overlapping(a: Sequence[_Span], b: Sequence[_Span]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of overlapping spans; both lists are sorted and free of overlaps."""
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i].end <= b[j].start:
            i += 1
        elif b[j].end <= a[i].start:
            j += 1
        else:
            pairs.append((i, j))
            if a[i].end <= b[j].end:
                i += 1
            else:
                j += 1
    return pairs


def _reaches(ratio: float, threshold: float) -> bool:
    return ratio >= threshold - _SLACK


@dataclass(slots=True)
class _Comparison:
    """One document and code: both coders' spans, who agrees, and the best ratio of each."""

    a: list[_Span]
    b: list[_Span]
    pairs: list[tuple[int, int]]
    ok_a: list[bool]
    ok_b: list[bool]
    best_a: list[float]
    best_b: list[float]
    matched: int  # pairs counting: matched pairs


def _compare(
    a: list[_Span],
    b: list[_Span],
    threshold: float,
    denominator: Denominator,
    counting: Counting,
) -> _Comparison:
    pairs = _overlapping(a, b)
    best_a, best_b = [0.0] * len(a), [0.0] * len(b)
    for i, j in pairs:
        best_a[i] = max(best_a[i], _ratio(a[i], b[j], denominator))
        best_b[j] = max(best_b[j], _ratio(b[j], a[i], denominator))
    if counting == "segments":
        ok_a = [_reaches(r, threshold) for r in best_a]
        ok_b = [_reaches(r, threshold) for r in best_b]
        return _Comparison(a, b, pairs, ok_a, ok_b, best_a, best_b, 0)
    # Greedy one-to-one matching by largest ratio. Ties are broken by the overlap and then by
    # the pair's boundaries taken without regard to which coder is which, so swapping A and B
    # gives the same matching.
    candidates = []
    for i, j in pairs:
        r = _pair_ratio(a[i], b[j], denominator)
        if _reaches(r, threshold):
            s, t = a[i], b[j]
            key = (
                -r,
                -_intersection(s, t),
                min(s.start, t.start),
                max(s.start, t.start),
                min(s.end, t.end),
                max(s.end, t.end),
            )
            candidates.append((key, i, j))
    candidates.sort(key=lambda item: item[0])
    ok_a, ok_b = [False] * len(a), [False] * len(b)
    matched = 0
    for _, i, j in candidates:
        if not ok_a[i] and not ok_b[j]:
            ok_a[i] = ok_b[j] = True
            matched += 1
    return _Comparison(a, b, pairs, ok_a, ok_b, best_a, best_b, matched)


def _clusters(comparison: _Comparison) -> list[tuple[list[int], list[int]]]:
    """Connected groups of overlapping spans across both coders: (A indices, B indices)."""
    parent = list(range(len(comparison.a) + len(comparison.b)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    offset = len(comparison.a)
    for i, j in comparison.pairs:
        parent[root(offset + j)] = root(i)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for node in range(len(parent)):
        side = groups.setdefault(root(node), ([], []))
        if node < offset:
            side[0].append(node)
        else:
            side[1].append(node - offset)
    return list(groups.values())


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _cluster_detail(
    code: str,
    comparison: _Comparison,
    cluster: tuple[list[int], list[int]],
    threshold: float,
    denominator: Denominator,
    counting: Counting,
    names: tuple[str, str],
) -> str:
    """Say in plain English why a passage is a disagreement."""
    ia, ib = cluster
    name_a, name_b = names
    needs = f"(needs {_threshold_text(threshold)})"
    if not ib:
        return f"{name_b} did not code {code} here"
    if not ia:
        return f"{name_a} did not code {code} here"
    if len(ia) == 1 and len(ib) == 1:
        s, t = comparison.a[ia[0]], comparison.b[ib[0]]
        if denominator == "own":
            ra, rb = _ratio(s, t, "own"), _ratio(t, s, "own")
            if _reaches(ra, threshold):
                return (
                    f"{_percent(ra)} of {name_a}'s segment is covered by {name_b}'s, but only "
                    f"{_percent(rb)} of {name_b}'s by {name_a}'s {needs}"
                )
            if _reaches(rb, threshold):
                return (
                    f"{_percent(rb)} of {name_b}'s segment is covered by {name_a}'s, but only "
                    f"{_percent(ra)} of {name_a}'s by {name_b}'s {needs}"
                )
            return (
                f"only {_percent(ra)} of {name_a}'s segment and {_percent(rb)} of {name_b}'s "
                f"overlap the other's {needs}"
            )
        of = "of their combined length" if denominator == "union" else "of the shorter segment"
        return f"they overlap by {_percent(_ratio(s, t, denominator))} {of} {needs}"
    head = (
        f"{name_a} coded {code} here in {len(ia)} segment{'s' if len(ia) > 1 else ''}, "
        f"{name_b} in {len(ib)}"
    )
    low: list[str] = []
    left: list[str] = []
    sides = (
        (name_a, ia, comparison.ok_a, comparison.best_a),
        (name_b, ib, comparison.ok_b, comparison.best_b),
    )
    for who, indices, ok, best in sides:
        for n, index in enumerate(indices, start=1):
            if ok[index]:
                continue
            label = f"{who}'s {_ordinal(n)}" if len(indices) > 1 else f"{who}'s"
            if counting == "pairs" and _reaches(best[index], threshold):
                left.append(label)
            else:
                low.append(f"{label} ({_percent(best[index])})")
    parts = [head]
    if low:
        parts.append(f"too little overlap for {', '.join(low)} {needs}")
    if left:
        parts.append(
            f"no partner left for {', '.join(left)} (each segment can be paired only once)"
        )
    return "; ".join(parts)


def segments(
    a: Sequence[Segment],
    b: Sequence[Segment],
    *,
    codes: Sequence[str],
    threshold: float = 0.9,
    denominator: Denominator = "union",
    counting: Counting = "segments",
    coders: tuple[str, str] = ("A", "B"),
) -> LevelReport:
    """Agreement on segments the coders cut themselves, with an overlap threshold (§4.4, §4.5).

    A segment agrees when it overlaps a segment of the other coder with the same code in the
    same document by at least ``threshold`` (exactly the threshold agrees). The overlap ratio
    divides the common length by the union (Jaccard, strict), the ``"shorter"`` segment
    (lenient) or the segment's ``"own"`` length. ``counting="segments"`` is MAXQDA's table: every
    segment of either coder is a row, so a matched pair counts twice. ``"pairs"`` pairs segments
    one-to-one (greedily, largest ratio first) and counts a pair once. Each coder's overlapping or
    adjacent segments of one code are merged first. κ_BP uses chance 1/k, k = the codes used.
    """
    if not isinstance(threshold, int | float) or isinstance(threshold, bool):
        raise AgreementInputError(f"threshold must be a number in (0, 1], got {threshold!r}")
    if not 0 < threshold <= 1:
        raise AgreementInputError(
            f"threshold must be a share above 0 and at most 1 (0.9 = 90 %), got {threshold!r}"
        )
    _choice("denominator", denominator, DENOMINATORS)
    _choice("counting", counting, COUNTINGS)
    names = _coder_names(coders)
    name_a, name_b = names
    seg_a, seg_b = _segments(a, name_a), _segments(b, name_b)
    code_list = _names("codes", codes)
    groups_a, groups_b = _group(seg_a, set(code_list)), _group(seg_b, set(code_list))
    counts = {c: [0, 0] for c in code_list}
    found: list[Disagreement] = []
    merged = [0, 0]  # codings absorbed into another by merging, per coder
    rows = [0, 0]  # segments after merging, per coder
    used: set[str] = set()
    for key in sorted(groups_a.keys() | groups_b.keys()):
        document, code = key
        used.add(code)
        spans_a, spans_b = _merge(groups_a.get(key, [])), _merge(groups_b.get(key, []))
        for side, (raw, spans) in enumerate(
            ((groups_a.get(key, []), spans_a), (groups_b.get(key, []), spans_b))
        ):
            merged[side] += len(raw) - len(spans)
            rows[side] += len(spans)
        comparison = _compare(spans_a, spans_b, threshold, denominator, counting)
        if counting == "segments":
            agree = sum(comparison.ok_a) + sum(comparison.ok_b)
            disagree = len(spans_a) + len(spans_b) - agree
        else:
            agree = comparison.matched
            disagree = len(spans_a) + len(spans_b) - 2 * agree
        counts[code][0] += agree
        counts[code][1] += disagree
        for cluster in _clusters(comparison):
            ia, ib = cluster
            if all(comparison.ok_a[i] for i in ia) and all(comparison.ok_b[j] for j in ib):
                continue
            members = [spans_a[i] for i in ia] + [spans_b[j] for j in ib]
            found.append(
                Disagreement(
                    document=document,
                    code=code,
                    start=min(s.start for s in members),
                    end=max(s.end for s in members),
                    a=tuple(p for i in ia for p in spans_a[i].parts),
                    b=tuple(p for j in ib for p in spans_b[j].parts),
                    detail=_cluster_detail(
                        code, comparison, cluster, threshold, denominator, counting, names
                    ),
                )
            )
    results = tuple(_result(c, *counts[c]) for c in code_list)
    overall = _overall(results)
    k = len(used)
    chance = 1 / k if k else None
    kappa_bp = None
    if k >= 2 and overall.percent is not None:
        kappa_bp = (overall.percent - 1 / k) / (1 - 1 / k)
    notes = _segment_notes(threshold, denominator, counting, names, merged, k, kappa_bp, overall)
    notes.extend(_unused_note(results))
    parameters: dict[str, object] = {
        "threshold": threshold,
        "denominator": denominator,
        "counting": counting,
        "matching": "best match per segment" if counting == "segments" else "greedy one-to-one",
        "merge": "overlapping or adjacent segments of one coder and code merged",
        "k": k,
        "n_codes": len(code_list),
        "n_documents": len({d for d, _ in groups_a.keys() | groups_b.keys()}),
        "n_segments_a": rows[0],
        "n_segments_b": rows[1],
        "coders": [name_a, name_b],
    }
    return LevelReport(
        level="segment",
        parameters=parameters,
        categories=results,
        overall=overall,
        disagreements=_sorted(found, code_list),
        data=(),
        kappa_bp=kappa_bp,
        chance=chance,
        notes=tuple(notes),
    )


def _segment_notes(
    threshold: float,
    denominator: Denominator,
    counting: Counting,
    names: tuple[str, str],
    merged: Sequence[int],
    k: int,
    kappa_bp: float | None,
    overall: CategoryResult,
) -> list[str]:
    """The counting rules of the segment level, as printed under the report."""
    needs = _threshold_text(threshold)
    ratio = {
        "union": "the common length divided by the length the two segments cover together (strict)",
        "shorter": "the common length divided by the length of the shorter segment (lenient)",
        "own": "the common length divided by the segment's own length (how much of this "
        "segment the other coder covered)",
    }[denominator]
    merge = (
        "Before comparing, overlapping or adjacent segments of one coder with the same code in "
        "the same document were merged into one segment"
    )
    if any(merged):
        merge += f" ({merged[0]} of {names[0]}'s and {merged[1]} of {names[1]}'s codings merged)"
    notes = [
        merge + ".",
        f"Overlap: {ratio}. Only segments with the same code in the same document are compared; "
        f"a segment reaching {needs} agrees (exactly {needs} counts).",
    ]
    if counting == "segments":
        notes.append(
            "Counting: every segment of either coder is one row; it agrees when some segment of "
            f"the other coder reaches {needs}. Overall % = agreeing segments / all segments "
            "(MAXQDA's P observed), so a matched pair counts as 2 agreements."
        )
    else:
        pair_rule = (
            f" With the own-length overlap, a pair needs both segments covered by {needs}."
            if denominator == "own"
            else ""
        )
        notes.append(
            "Counting: segments are paired one-to-one, largest overlap first; a pair counts as 1 "
            "agreement and every unpaired segment of either coder as 1 disagreement, so "
            "% = pairs / (pairs + unpaired A + unpaired B)." + pair_rule
        )
    notes.append(
        "A segment without a counterpart of the same code is a disagreement, even if the other "
        "coder gave the same text another code."
    )
    if kappa_bp is not None:
        notes.append(
            f"Brennan-Prediger kappa = (P_o - 1/k) / (1 - 1/k) with k = {k} codes used by at "
            f"least one coder, so chance agreement is 1/{k}."
        )
    elif overall.total == 0:
        notes.append("Neither coder coded any of the compared codes: nothing to compare.")
    else:
        notes.append(
            f"Brennan-Prediger kappa is undefined: only k = {k} code was used, so chance "
            "agreement 1/k is 1 (it needs at least two codes)."
        )
    return notes


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
