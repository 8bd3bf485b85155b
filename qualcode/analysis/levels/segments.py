"""Level 3 (method notes §4.4, §4.5): the coders' own segments, agreeing when they overlap by at
least a threshold, counted as MAXQDA does; with Brennan & Prediger's κ over the codes used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.analysis._common import AgreementInputError
from qualcode.analysis.levels.common import (
    _SLACK,
    COUNTINGS,
    DENOMINATORS,
    CategoryResult,
    Counting,
    Denominator,
    Disagreement,
    LevelReport,
    Segment,
    _choice,
    _coder_names,
    _group,
    _names,
    _overall,
    _percent,
    _result,
    _segments,
    _sorted,
    _threshold_text,
    _unused_note,
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
