"""Levels 1 and 2 (method notes §4.1, §4.2): presence and frequency of each code per document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from qualcode.analysis.levels.common import (
    BASES,
    Base,
    Disagreement,
    LevelReport,
    Segment,
    _choice,
    _coder_names,
    _group,
    _names,
    _overall,
    _result,
    _segments,
    _sorted,
    _times,
    _unused_note,
)

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
