"""The unitized alpha family (uα, |uα, cuα, (k)uα) on small cases worked by hand, and properties.

The reference folder holds no published value for the 2016/2019 family (DKPro's tests publish
values for Krippendorff's older 1995/2004 α_U, a different coefficient). So the checks here are
hand-worked cases and one identity: when every segment is one character long, uα is ordinary
nominal alpha over the characters, with the gap as one more category (the self-pairing terms are
then 1² = 1 for a coded character and 1 per gap character).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qualcode.analysis.agreement import (
    GAP,
    AgreementInputError,
    krippendorff_alpha,
    unitized_alpha,
    unitized_alpha_by_code,
)
from qualcode.analysis.unitized import Segment


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


# --- hand-worked cases ----------------------------------------------------------------------------


def test_one_code_shifted_by_one_character() -> None:
    """Length 10; A codes x on [2, 6), B codes x on [3, 7).

    Elementary stretches (A, B): [0,2) gap-gap, [2,3) x-gap, [3,6) x-x, [6,7) gap-x,
    [7,10) gap-gap. With m − 1 = 1, each stretch adds its length to both ordered cells:
      l_∅∅ = 2*2 + 2*3 = 10, l_xx = 2*3 = 6, l_∅x = l_x∅ = 1 + 1 = 2;  l.. = 20 = m * length.
    Self-terms: gaps count their length (A: 2 + 4, B: 3 + 3 → S_∅ = 12), coded segments their
    squared length (S_x = 4² + 4² = 32); S = 44, so e = (l_c l_k − [c = k] S_c) / (20 − 44/20):
      e_∅x = 12 * 8 / 17.8.  D_o = 2 * 2 = 4,  D_e = 2 * 96 / 17.8 = 960 / 89.
    uα = 1 − 4 * 89 / 960 = 151/240. One code only: |uα = uα, and cuα is undefined.
    """
    result = unitized_alpha([("A", 2, 6, "x"), ("B", 3, 7, "x")], 10)
    assert result.value == pytest.approx(151 / 240)
    assert result.binary == pytest.approx(151 / 240)
    assert result.observed == 4.0 and result.expected == pytest.approx(960 / 89)
    assert math.isnan(result.coding) and "cuα undefined" in result.note
    assert result.coincidence.loc[GAP, GAP] == 10 and result.coincidence.loc["x", GAP] == 2
    assert float(result) == result.value


TWO_CODES: list[Segment] = [
    ("A", 0, 4, "a"),
    ("A", 4, 8, "b"),
    ("B", 0, 5, "a"),
    ("B", 5, 8, "b"),
]


def test_two_codes_where_and_what() -> None:
    """Length 10; A: a [0,4), b [4,8); B: a [0,5), b [5,8); both leave [8,10) uncoded.

    Stretches (A, B): [0,4) a-a, [4,5) b-a, [5,8) b-b, [8,10) gap-gap.
      l_aa = 8, l_ab = l_ba = 1, l_bb = 6, l_∅∅ = 4; margins l_a = 9, l_b = 7, l_∅ = 4; l.. = 20.
    Self-terms: S_a = 4² + 5² = 41, S_b = 4² + 3² = 25, S_∅ = 2 + 2 = 4; S = 70; 20 − 70/20 = 16.5.
      e_aa = (81 − 41)/16.5, e_bb = (49 − 25)/16.5, e_∅∅ = (16 − 4)/16.5, total 20.
      D_o = 2, D_e = 20 − 76/16.5 = 254/16.5 → uα = 1 − 33/254 = 221/254.
    Where: nobody disagrees on coded vs gap → |uα = 1.
    What (coded x coded): l*_aa = 8, l*_ab = 1, l*_bb = 6, l*.. = 16; every coded segment
    meets the other coder's coded text over its whole length: S*_a = 4² + 5² = 41,
    S*_b = 4² + 3² = 25; 16 − 66/16 = 11.875; e*_ab = 9 * 7 / 11.875 = 63/11.875.
      cuα = 1 − 2 / (2 * 63/11.875) = 1 − 95/504 = 409/504.
    Per code: (k)uα = 1 − [(l*_k − l*_kk)/l*_k] / [(e*_k − e*_kk)/e*_k]
      a: e*_a = (40 + 63)/11.875 → 1 − (1/9) / (63/103) = 464/567
      b: e*_b = (63 + 24)/11.875 → 1 − (1/7) / (63/87) = 354/441
    """
    result = unitized_alpha(TWO_CODES, 10)
    assert result.value == pytest.approx(221 / 254)
    assert result.binary == 1.0
    assert result.coding == pytest.approx(409 / 504)
    assert result.coding_coverage == pytest.approx(16 / 20)
    assert result.per_code["a"].value == pytest.approx(464 / 567)
    assert result.per_code["b"].value == pytest.approx(354 / 441)
    assert result.per_code["a"].coverage == 1.0 and result.note == ""
    assert result.codes == ("a", "b") and result.n_coders == 2 and result.length == 10


def test_segments_as_a_dataframe_give_the_same_result() -> None:
    frame = pd.DataFrame(TWO_CODES, columns=["coder", "start", "end", "code"])
    assert unitized_alpha(frame, 10) == unitized_alpha(TWO_CODES, 10)


def test_partial_coverage_of_a_code() -> None:
    """A codes a on [0,4); B codes a on [2,4) and nothing else; length 4.

    Only [2,4) is coded by both: l*_aa = 2*2 = 4, while l_a = 4 + 2 (A's [0,2) meets B's gap)
    = 6, so a's coverage is 4/6. One code only: its (k)uα is undefined.
    """
    result = unitized_alpha([("A", 0, 4, "a"), ("B", 2, 4, "a")], 4)
    assert result.per_code["a"].coverage == pytest.approx(4 / 6)
    assert math.isnan(result.per_code["a"].value) and result.per_code["a"].note


def test_a_coder_who_coded_nothing_counts_when_named() -> None:
    segments: list[Segment] = [("A", 0, 5, "x"), ("B", 0, 5, "x")]
    alone = unitized_alpha(segments, 10)
    with_silent = unitized_alpha(segments, 10, coders=["A", "B", "C"])
    assert alone.value == 1.0
    assert with_silent.n_coders == 3 and with_silent.value < 1.0


def test_codes_of_mixed_types_are_accepted() -> None:
    result = unitized_alpha([("A", 0, 2, 1), ("A", 2, 4, "b"), ("B", 0, 2, 1), ("B", 2, 4, "b")], 6)
    assert result.codes == (1, "b") and result.value == 1.0


def test_overlapping_segments_of_one_code_are_merged() -> None:
    split = unitized_alpha([("A", 0, 3, "x"), ("A", 2, 6, "x"), ("B", 0, 6, "x")], 8)
    assert split.value == 1.0


def test_nothing_coded_at_all_is_undefined() -> None:
    result = unitized_alpha([], 10, coders=["A", "B"])
    assert math.isnan(result.value) and math.isnan(result.binary) and "uα undefined" in result.note


# --- multi-coded text: the family per code --------------------------------------------------------


def test_by_code_handles_multi_coding_that_the_family_refuses() -> None:
    segments: list[Segment] = [
        ("A", 0, 6, "x"),
        ("A", 4, 10, "y"),
        ("B", 0, 6, "x"),
        ("B", 5, 10, "y"),
    ]
    with pytest.raises(AgreementInputError, match="unitized_alpha_by_code"):
        unitized_alpha(segments, 12)
    per_code = unitized_alpha_by_code(segments, 12)
    assert per_code["x"].value == 1.0
    # y alone is the one-code case above shifted: A [4,10), B [5,10) on length 12.
    only_y = unitized_alpha([("A", 4, 10, "y"), ("B", 5, 10, "y")], 12)
    assert per_code["y"].value == pytest.approx(only_y.value)
    assert per_code["y"].value == per_code["y"].binary


def test_by_code_counts_a_coder_who_never_used_the_code_as_all_gap() -> None:
    segments: list[Segment] = [("A", 0, 4, "x"), ("B", 0, 4, "x"), ("C", 0, 4, "y")]
    per_code = unitized_alpha_by_code(segments, 8)
    assert per_code["x"].n_coders == 3 and per_code["x"].value < 1.0


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: unitized_alpha([("A", 0, 4, "x")], 10), "at least two coders"),
        (lambda: unitized_alpha([("A", 0, 11, "x"), ("B", 0, 4, "x")], 10), "stretch of 0-10"),
        (lambda: unitized_alpha([("A", 4, 4, "x"), ("B", 0, 4, "x")], 10), "non-empty"),
        (lambda: unitized_alpha([("A", 0, 4, None), ("B", 0, 4, "x")], 10), "no usable code"),
        (
            lambda: unitized_alpha([("A", 0.5, 4, "x"), ("B", 0, 4, "x")], 10),  # type: ignore[list-item]
            "whole number",
        ),
        (lambda: unitized_alpha([("A", 0, 4, "x"), ("B", 0, 4, "x")], 0), "length"),
        (lambda: unitized_alpha([("A", 0, 4)], 10), "coder, start, end, code"),  # type: ignore[list-item]
        (lambda: unitized_alpha(pd.DataFrame({"coder": ["A"]}), 10), "missing column"),
        (
            lambda: unitized_alpha([("A", 0, 4, "x"), ("B", 0, 4, "x")], 10, coders=["A"]),
            "not among the given coders",
        ),
        (
            lambda: unitized_alpha([("A", 0, 4, "x"), ("A", 2, 6, "y"), ("B", 0, 4, "x")], 10),
            "one code per character",
        ),
    ],
)
def test_bad_segments_raise_one_line_errors(call: Callable[[], object], message: str) -> None:
    with pytest.raises(AgreementInputError, match=message) as caught:
        call()
    assert isinstance(caught.value, ValueError) and "\n" not in str(caught.value)


# --- properties -----------------------------------------------------------------------------------

SETTINGS = settings(max_examples=20, deadline=None, database=None)
CELL = st.sampled_from([None, "a", "b"])


@st.composite
def characters(draw: st.DrawFn, max_coders: int = 3) -> list[list[str | None]]:
    """Per coder, per character: a code or None (gap)."""
    n_coders = draw(st.integers(2, max_coders))
    length = draw(st.integers(2, 8))
    line = st.lists(CELL, min_size=length, max_size=length)
    return draw(st.lists(line, min_size=n_coders, max_size=n_coders))


def one_character_segments(grid: list[list[str | None]]) -> list[Segment]:
    return [
        (f"c{i}", p, p + 1, code)
        for i, line in enumerate(grid)
        for p, code in enumerate(line)
        if code is not None
    ]


@SETTINGS
@given(grid=characters())
def test_one_character_units_reduce_to_nominal_alpha(grid: list[list[str | None]]) -> None:
    length, coders = len(grid[0]), [f"c{i}" for i in range(len(grid))]
    unitized = unitized_alpha(one_character_segments(grid), length, coders=coders)
    with_gap = pd.DataFrame(
        {c: [v or GAP for v in line] for c, line in zip(coders, grid, strict=True)}
    )
    assert same(unitized.value, krippendorff_alpha(with_gap).value)
    if len(grid) == 2:  # cuα: gaps are missing values, so only jointly coded characters count
        coded_only = pd.DataFrame(dict(zip(coders, grid, strict=True)), dtype=object)
        if coded_only.notna().all(axis=1).any():
            assert same(unitized.coding, krippendorff_alpha(coded_only).value)


@SETTINGS
@given(grid=characters(), data=st.data())
def test_coder_order_does_not_matter(grid: list[list[str | None]], data: st.DataObject) -> None:
    segments = one_character_segments(grid)
    coders = [f"c{i}" for i in range(len(grid))]
    shuffled = data.draw(st.permutations(coders))
    first = unitized_alpha(segments, len(grid[0]), coders=coders)
    second = unitized_alpha(segments[::-1], len(grid[0]), coders=shuffled)
    for a, b in [(first.value, second.value), (first.binary, second.binary)]:
        assert same(a, b)
    assert same(first.coding, second.coding)


@SETTINGS
@given(
    cuts=st.lists(st.integers(1, 29), min_size=1, max_size=6, unique=True),
    codes=st.lists(st.sampled_from(["a", "b", None]), min_size=7, max_size=7),
    n_coders=st.integers(2, 4),
)
def test_identical_segmentations_agree_perfectly(
    cuts: list[int], codes: list[str | None], n_coders: int
) -> None:
    bounds = [0, *sorted(cuts), 30]
    spans = list(zip(bounds, bounds[1:], strict=False))
    pieces = [(s, e, c) for (s, e), c in zip(spans, codes[: len(spans)], strict=True) if c]
    assume(pieces)
    segments = [(f"c{i}", s, e, c) for i in range(n_coders) for s, e, c in pieces]
    result = unitized_alpha(segments, 30)
    for value in (result.value, result.binary, result.coding):
        assert math.isnan(value) or value == pytest.approx(1.0)
    assert all(
        math.isnan(k.value) or k.value == pytest.approx(1.0) for k in result.per_code.values()
    )
