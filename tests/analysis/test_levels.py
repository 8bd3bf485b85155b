"""Project-level agreement of two coders (presence, frequency, segment, unit), worked by hand.

Known codings give known presence, frequency and segment-level agreement: the arithmetic is
written out in each test. Two documents, three codes:

    Int 1   A: K1 [0,100)  K1 [200,300)  K2 [400,500)
            B: K1 [0,95)                 K2 [400,468)
    Int 2   A: K1 [0,50)   K3 [100,200)
            B: K1 [0,50)                 K2 [600,700)
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.analysis.agreement import AgreementInputError, krippendorff_alpha
from qualcode.analysis.levels import (
    COUNTINGS,
    DENOMINATORS,
    Counting,
    Denominator,
    LevelReport,
    Segment,
    Unit,
    frequency,
    presence,
    segments,
    units,
)

DOCS = ["Int 1", "Int 2"]
CODES = ["K1", "K2", "K3"]

A = [
    Segment("Int 1", "K1", 0, 100, coding_id=1),
    Segment("Int 1", "K1", 200, 300, coding_id=2),
    Segment("Int 1", "K2", 400, 500, coding_id=3),
    Segment("Int 2", "K1", 0, 50, coding_id=4),
    Segment("Int 2", "K3", 100, 200, coding_id=5),
]
B = [
    Segment("Int 1", "K1", 0, 95, coding_id=11),
    Segment("Int 1", "K2", 400, 468, coding_id=12),
    Segment("Int 2", "K1", 0, 50, coding_id=13),
    Segment("Int 2", "K2", 600, 700, coding_id=14),
]


def percents(report: LevelReport) -> dict[str, float | None]:
    return {r.code: r.percent for r in (*report.categories, report.overall)}


# --- presence -------------------------------------------------------------------------------


def test_presence_over_all_documents() -> None:
    """x = 1 if the coder used the code in the document.

    Int 1: K1 1/1 agree, K2 1/1 agree, K3 0/0 agree (joint absence counts).
    Int 2: K1 1/1 agree, K2 0/1 differ, K3 1/0 differ.
    K1 2/2, K2 1/2, K3 1/2; overall 4/6 = 2/3.
    """
    report = presence(A, B, documents=DOCS, codes=CODES)
    assert report.level == "presence"
    assert percents(report) == {"K1": 1.0, "K2": 0.5, "K3": 0.5, "overall": 4 / 6}
    assert (report.overall.agreements, report.overall.disagreements) == (4, 2)
    assert [(d.document, d.code, d.start, d.end) for d in report.disagreements] == [
        ("Int 2", "K2", None, None),
        ("Int 2", "K3", None, None),
    ]
    k2, k3 = report.disagreements
    assert k2.detail == "B used K2 in this document, A did not"
    assert k3.detail == "A used K3 in this document, B did not"
    assert k3.a == (A[4],) and k3.b == ()
    assert report.data[:3] == (
        ("Int 1", "Int 1", "K1", 1, 1),
        ("Int 1", "Int 1", "K2", 1, 1),
        ("Int 1", "Int 1", "K3", 0, 0),
    )
    assert len(report.data) == 6
    assert report.parameters["base"] == "all"
    assert any("counts as an agreement" in n for n in report.notes)


def test_presence_only_where_a_coder_used_the_code() -> None:
    """base="used" drops (Int 1, K3), which neither coder used.

    K1 2/2, K2 1/2, K3 0/1 (only Int 2); overall 3/5.
    """
    report = presence(A, B, documents=DOCS, codes=CODES, base="used")
    assert percents(report) == {"K1": 1.0, "K2": 0.5, "K3": 0.0, "overall": 3 / 5}
    assert [r.total for r in report.categories] == [2, 2, 1]
    assert ("Int 1", "Int 1", "K3", 0, 0) not in report.data and len(report.data) == 5


def test_a_code_nobody_used_has_no_percentage_with_base_used() -> None:
    report = presence(A, B, documents=DOCS, codes=[*CODES, "K4"], base="used")
    k4 = report.categories[3]
    assert (k4.code, k4.total, k4.percent) == ("K4", 0, None)
    assert any("Neither coder used K4" in n for n in report.notes)
    assert report.overall.percent == 3 / 5


def test_documents_and_codes_outside_the_lists_are_ignored() -> None:
    extra = [*A, Segment("Int 9", "K1", 0, 10), Segment("Int 1", "K9", 0, 10)]
    assert percents(presence(extra, B, documents=DOCS, codes=CODES)) == percents(
        presence(A, B, documents=DOCS, codes=CODES)
    )


# --- frequency ------------------------------------------------------------------------------


def test_frequency_over_all_documents() -> None:
    """n = number of codings; agreement only when n_A == n_B.

    Int 1: K1 2 vs 1 differ, K2 1/1 agree, K3 0/0 agree.
    Int 2: K1 1/1 agree, K2 0 vs 1 differ, K3 1 vs 0 differ.
    K1 1/2, K2 1/2, K3 1/2; overall 3/6.
    """
    report = frequency(A, B, documents=DOCS, codes=CODES)
    assert percents(report) == {"K1": 0.5, "K2": 0.5, "K3": 0.5, "overall": 0.5}
    first = report.disagreements[0]
    assert (first.document, first.code) == ("Int 1", "K1")
    assert first.detail == "A coded K1 2 times in this document, B once"
    assert first.a == (A[0], A[1]) and first.b == (B[0],)
    assert report.disagreements[1].detail == "A coded K2 not at all in this document, B once"
    assert report.data[0] == ("Int 1", "Int 1", "K1", 2, 1)


def test_frequency_only_where_a_coder_used_the_code() -> None:
    """base="used": K1 1/2, K2 1/2, K3 0/1; overall 2/5."""
    report = frequency(A, B, documents=DOCS, codes=CODES, base="used")
    assert percents(report) == {"K1": 0.5, "K2": 0.5, "K3": 0.0, "overall": 2 / 5}


def test_frequency_counts_codings_as_stored() -> None:
    """Two overlapping codings are two codings at this level (MAXQDA counts codings)."""
    a = [Segment("d", "K1", 0, 10), Segment("d", "K1", 5, 20)]
    b = [Segment("d", "K1", 0, 20)]
    report = frequency(a, b, documents=["d"], codes=["K1"])
    assert report.overall.percent == 0.0 and report.data == (("d", "d", "K1", 2, 1),)


# --- segments -------------------------------------------------------------------------------


def test_segments_with_union_overlap() -> None:
    """θ = .9, r = |s ∩ t| / |s ∪ t|; every segment of either coder is a row.

    K1: Int 1 [0,100) vs [0,95): r = 95/100 = .95, both agree (2); A's [200,300) has no
        counterpart (1 disagreement); Int 2 identical (2). K1 = 4/5.
    K2: Int 1 [400,500) vs [400,468): r = 68/100 = .68, both fail (2); B's Int 2 [600,700)
        has none (1). K2 = 0/3.
    K3: A's Int 2 [100,200) has none. K3 = 0/1.
    Overall 4/9. k = 3 codes used → P_c = 1/3, κ_BP = (4/9 − 3/9) / (6/9) = 1/6.
    """
    report = segments(A, B, codes=CODES)
    assert report.level == "segment"
    assert percents(report) == {"K1": 4 / 5, "K2": 0.0, "K3": 0.0, "overall": 4 / 9}
    assert report.chance == pytest.approx(1 / 3)
    assert report.kappa_bp == pytest.approx(1 / 6)
    assert report.parameters["k"] == 3 and report.data == ()
    found = [(d.document, d.code, d.start, d.end) for d in report.disagreements]
    assert found == [
        ("Int 1", "K1", 200, 300),
        ("Int 1", "K2", 400, 500),
        ("Int 2", "K3", 100, 200),
        ("Int 2", "K2", 600, 700),
    ]
    details = [d.detail for d in report.disagreements]
    assert details[0] == "B did not code K1 here"
    assert details[1] == "they overlap by 68 % of their combined length (needs 90 %)"
    assert details[3] == "A did not code K2 here"
    k2 = report.disagreements[1]
    assert k2.a == (A[2],) and k2.b == (B[1],)
    assert json.loads(json.dumps(report.parameters)) == report.parameters


def test_segments_with_the_shorter_segment_as_denominator() -> None:
    """r = |s ∩ t| / min(|s|, |t|): K1 Int 1 95/95 = 1; K2 Int 1 68/68 = 1, both agree.

    K1 4/5 as before, K2 2/3 (only B's [600,700) fails), K3 0/1. Overall 6/9 = 2/3;
    κ_BP = (2/3 − 1/3) / (2/3) = 1/2.
    """
    report = segments(A, B, codes=CODES, denominator="shorter")
    assert percents(report) == {"K1": 4 / 5, "K2": 2 / 3, "K3": 0.0, "overall": 6 / 9}
    assert report.kappa_bp == pytest.approx(1 / 2)


def test_segments_with_each_segments_own_length() -> None:
    """r(s, t) = |s ∩ t| / |s|: K2 Int 1: A's 68/100 = .68 fails, B's 68/68 = 1 agrees.

    K1 4/5, K2 1/3, K3 0/1. Overall 5/9; κ_BP = (5/9 − 3/9) / (6/9) = 1/3.
    """
    report = segments(A, B, codes=CODES, denominator="own")
    assert percents(report) == {"K1": 4 / 5, "K2": 1 / 3, "K3": 0.0, "overall": 5 / 9}
    assert report.kappa_bp == pytest.approx(1 / 3)
    k2 = report.disagreements[1]
    assert k2.detail == (
        "100 % of B's segment is covered by A's, but only 68 % of A's by B's (needs 90 %)"
    )


def test_segments_counted_as_pairs() -> None:
    """One-to-one pairs: a pair is 1 agreement, an unpaired segment 1 disagreement.

    K1: pairs (Int 1 [0,100)-[0,95), Int 2 identical) = 2, unpaired A [200,300) = 1 → 2/3.
    K2: no pair (.68), unpaired 2 + 1 → 0/3.  K3: 0/1.
    Overall a/(a+b+c) = 2/7 (segment counting gave 2a/(2a+b+c) = 4/9).
    κ_BP = (2/7 − 1/3) / (2/3) = (6/21 − 7/21) · 3/2 = −1/14.
    """
    report = segments(A, B, codes=CODES, counting="pairs")
    assert percents(report) == {"K1": 2 / 3, "K2": 0.0, "K3": 0.0, "overall": 2 / 7}
    assert report.kappa_bp == pytest.approx(-1 / 14)
    assert report.parameters["counting"] == "pairs"
    assert any("paired one-to-one" in n for n in report.notes)


def test_pairs_let_one_long_segment_agree_only_once() -> None:
    """A: [0,100); B: [0,40), [50,100); shorter denominator: every ratio is 1.

    Segments counting: all three segments agree → 3/3.
    Pairs: A pairs with [50,100) (the larger overlap breaks the tie), [0,40) is left → 1/2.
    """
    a = [Segment("d", "K1", 0, 100)]
    b = [Segment("d", "K1", 0, 40), Segment("d", "K1", 50, 100)]
    assert segments(a, b, codes=["K1"], denominator="shorter").overall.percent == 1.0
    report = segments(a, b, codes=["K1"], denominator="shorter", counting="pairs")
    assert report.overall.percent == 1 / 2
    (only,) = report.disagreements
    assert (only.start, only.end, len(only.a), len(only.b)) == (0, 100, 1, 2)
    assert "no partner left for B's 1st" in only.detail


def test_a_passage_split_differently_explains_each_segment() -> None:
    """A: [0,100); B: [0,30), [40,100); union. A's best r = 60/100, B's 30/100 and 60/100."""
    a = [Segment("d", "K1", 0, 100)]
    b = [Segment("d", "K1", 0, 30), Segment("d", "K1", 40, 100)]
    (only,) = segments(a, b, codes=["K1"]).disagreements
    assert only.detail == (
        "A coded K1 here in 1 segment, B in 2; too little overlap for A's (60 %), "
        "B's 1st (30 %), B's 2nd (60 %) (needs 90 %)"
    )


@pytest.mark.parametrize(
    ("b_end", "threshold", "agrees"),
    [
        (90, 0.9, True),  # 90/100 is exactly the threshold: it agrees
        (89, 0.9, False),  # 89/100 falls short
        (90, 0.91, False),
        (60, 0.6, True),
    ],
)
def test_exactly_at_the_threshold_agrees(b_end: int, threshold: float, agrees: bool) -> None:
    a = [Segment("d", "K1", 0, 100)]
    b = [Segment("d", "K1", 0, b_end)]
    for counting in ("segments", "pairs"):
        report = segments(a, b, codes=["K1"], threshold=threshold, counting=counting)
        assert (report.overall.percent == 1.0) is agrees


def test_a_ratio_of_27_in_30_reaches_90_percent() -> None:
    """27/30 is 0.9 only up to floating point; the comparison must still count it."""
    report = segments([Segment("d", "K1", 0, 30)], [Segment("d", "K1", 3, 30)], codes=["K1"])
    assert report.overall.percent == 1.0


def test_a_coders_overlapping_and_adjacent_segments_are_merged() -> None:
    """A: [0,60), [50,100), [100,120) → one segment [0,120) (overlap, then adjacent).

    Against B's [0,120): 1 + 1 rows agree → 2/2. Against B's [0,100): r = 100/120 = .83 → 0/2,
    and the disagreement lists A's three original codings.
    """
    a = [Segment("d", "K1", 0, 60, 1), Segment("d", "K1", 50, 100, 2), Segment("d", "K1", 100, 120)]
    same = segments(a, [Segment("d", "K1", 0, 120)], codes=["K1"])
    assert (same.overall.agreements, same.overall.total) == (2, 2)
    assert same.parameters["n_segments_a"] == 1
    assert "2 of A's and 0 of B's codings merged" in same.notes[0]
    short = segments(a, [Segment("d", "K1", 0, 100)], codes=["K1"])
    (only,) = short.disagreements
    assert only.a == tuple(a) and "83 %" in only.detail


def test_other_code_on_the_same_text_is_no_counterpart() -> None:
    report = segments([Segment("d", "K1", 0, 10)], [Segment("d", "K2", 0, 10)], codes=["K1", "K2"])
    assert report.overall.percent == 0.0
    assert [d.detail for d in report.disagreements] == [
        "B did not code K1 here",
        "A did not code K2 here",
    ]
    assert report.kappa_bp == pytest.approx(-1.0)  # (0 − 1/2) / (1 − 1/2)


def test_kappa_bp_is_undefined_with_one_code() -> None:
    same = [Segment("d", "K1", 0, 10)]
    report = segments(same, same, codes=["K1", "K2"])
    assert report.overall.percent == 1.0 and report.parameters["k"] == 1
    assert report.kappa_bp is None and report.chance == 1.0
    assert any("undefined" in n for n in report.notes)


def test_coder_names_appear_in_details() -> None:
    report = segments(A, B, codes=CODES, coders=("Anna", "Ben"))
    assert report.disagreements[0].detail == "Ben did not code K1 here"
    assert report.parameters["coders"] == ["Anna", "Ben"]


# --- units ----------------------------------------------------------------------------------

UNITS = [Unit("Int 1", f"Pos. {i + 1}", 10 * i, 10 * i + 10) for i in range(10)]
UNIT_A = [
    Segment("Int 1", "K1", 0, 25),  # units 1-3 (Pos. 3 by five characters)
    Segment("Int 1", "K1", 39, 40),  # Pos. 4 by its last character
    Segment("Int 1", "K2", 20, 30),  # Pos. 3 only: it ends where Pos. 4 starts
]
UNIT_B = [
    Segment("Int 1", "K1", 2, 8),  # Pos. 1
    Segment("Int 1", "K1", 12, 18),  # Pos. 2
    Segment("Int 1", "K1", 29, 30),  # Pos. 3 by its last character
    Segment("Int 1", "K1", 45, 50),  # Pos. 5
]


def test_units_two_by_two_table_and_coefficients() -> None:
    """K1 over 10 units: A says yes on Pos. 1-4, B on Pos. 1-3 and 5.

    n11 = 3, n10 = 1 (Pos. 4), n01 = 1 (Pos. 5), n00 = 5; N = 10.
    P_o = 8/10 = .8.  Positive agreement = 2·3 / (2·3 + 1 + 1) = 6/8.
    Cohen: p_A1 = p_B1 = 4/10, P_c = .4·.4 + .6·.6 = .52, κ = (.8 − .52)/(1 − .52) = .28/.48 = 7/12.
    Brennan–Prediger: (.8 − .5)/.5 = .6.
    Krippendorff (nominal): 20 values, 8 ones and 12 zeros; 2 disagreeing units give
    o_01 + o_10 = 4; α = 1 − (n − 1)(o_01 + o_10) / (2 n_0 n_1) = 1 − 19·4/(2·12·8) = 29/48.
    """
    report = units(UNIT_A, UNIT_B, units=UNITS, codes=CODES)
    k1 = report.categories[0]
    assert (k1.n11, k1.n10, k1.n01, k1.n00) == (3, 1, 1, 5)
    assert (k1.agreements, k1.disagreements, k1.total) == (8, 2, 10)
    assert k1.percent == pytest.approx(0.8)
    assert k1.positive_agreement == pytest.approx(6 / 8)
    assert k1.kappa == pytest.approx(7 / 12)
    assert k1.brennan_prediger == pytest.approx(0.6)
    assert k1.alpha == pytest.approx(29 / 48)
    frame = pd.DataFrame({"A": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0], "B": [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]})
    assert k1.alpha == pytest.approx(krippendorff_alpha(frame).value)


def test_units_rare_and_unused_codes() -> None:
    """K2: A says yes on Pos. 3 only → n10 = 1, n00 = 9.

    P_o = .9; p_A1 = .1, p_B1 = 0 → P_c = 0 + .9·1 = .9, κ = 0/.1 = 0; positive agreement 0/1.
    K3: nobody used it → P_o = 1, BP = 1, κ and α undefined (None), positive agreement None.
    """
    report = units(UNIT_A, UNIT_B, units=UNITS, codes=CODES)
    k2, k3 = report.categories[1:]
    assert (k2.n11, k2.n10, k2.n01, k2.n00) == (0, 1, 0, 9)
    assert k2.kappa == pytest.approx(0.0) and k2.positive_agreement == 0.0
    assert k3.percent == 1.0 and k3.brennan_prediger == 1.0
    assert k3.kappa is None and k3.alpha is None and k3.positive_agreement is None
    assert any(
        n.startswith("K3: Cohen's kappa and Krippendorff's alpha undefined") for n in report.notes
    )


def test_units_overall_pools_every_decision() -> None:
    """30 decisions: n11 = 3, n10 = 1 + 1, n01 = 1, n00 = 5 + 9 + 10 = 24.

    P_o = 27/30; positive = 6/9; p_A1 = 5/30, p_B1 = 4/30,
    P_c = (5·4 + 25·26)/900 = 670/900, κ = (810 − 670)/(900 − 670) = 140/230 = 14/23.
    """
    overall = units(UNIT_A, UNIT_B, units=UNITS, codes=CODES).overall
    assert overall.code == "overall"
    assert (overall.n11, overall.n10, overall.n01, overall.n00) == (3, 2, 1, 24)
    assert overall.percent == pytest.approx(27 / 30)
    assert overall.positive_agreement == pytest.approx(6 / 9)
    assert overall.kappa == pytest.approx(14 / 23)


def test_units_disagreements_and_data() -> None:
    report = units(UNIT_A, UNIT_B, units=UNITS, codes=CODES)
    found = [(d.code, d.start, d.end, d.detail) for d in report.disagreements]
    assert found == [
        ("K2", 20, 30, "A coded K2 in Pos. 3, B did not"),
        ("K1", 30, 40, "A coded K1 in Pos. 4, B did not"),
        ("K1", 40, 50, "B coded K1 in Pos. 5, A did not"),
    ]
    assert report.disagreements[1].a == (UNIT_A[1],) and report.disagreements[1].b == ()
    assert len(report.data) == 30
    assert report.data[:4] == (
        ("Int 1", "Pos. 1", "K1", 1, 1),
        ("Int 1", "Pos. 1", "K2", 0, 0),
        ("Int 1", "Pos. 1", "K3", 0, 0),
        ("Int 1", "Pos. 2", "K1", 1, 1),
    )
    assert report.parameters["n_units"] == 10
    assert json.loads(json.dumps(report.parameters)) == report.parameters


def test_codings_outside_every_unit_are_reported() -> None:
    b = [*UNIT_B, Segment("Int 1", "K1", 200, 210)]
    report = units(UNIT_A, b, units=UNITS, codes=CODES)
    assert report.categories[0].n01 == 1
    assert "0 of A's and 1 of B's codings lie outside every unit" in report.notes[-1]


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: segments(A, B, codes=CODES, threshold=0), "threshold"),
        (lambda: segments(A, B, codes=CODES, threshold=1.5), "threshold"),
        (lambda: segments(A, B, codes=CODES, threshold=True), "threshold"),
        (lambda: segments(A, B, codes=CODES, denominator="jaccard"), "denominator"),  # type: ignore[arg-type]
        (lambda: segments(A, B, codes=CODES, counting="rows"), "counting"),  # type: ignore[arg-type]
        (lambda: presence(A, B, documents=DOCS, codes=CODES, base="some"), "base"),  # type: ignore[arg-type]
        (lambda: presence(A, B, documents=DOCS, codes=[]), "nothing to compare"),
        (lambda: presence(A, B, documents=DOCS, codes=["K1", "K1"]), "listed twice"),
        (
            lambda: frequency([Segment("d", "K1", 5, 5)], B, documents=DOCS, codes=CODES),
            "not a stretch of text",
        ),
        (lambda: segments([Segment("d", "K1", 9, 3)], B, codes=CODES), "not a stretch of text"),
        (lambda: units(A, B, units=[Unit("d", "Pos. 1", 4, 2)], codes=CODES), "Pos. 1"),
        (lambda: units(A, B, units=[*UNITS, UNITS[0]], codes=CODES), "listed twice"),
        (lambda: units(A, B, units=[], codes=CODES), "nothing to compare"),
        (lambda: segments(A, B, codes=CODES, coders=("A", "A")), "two different names"),
    ],
)
def test_bad_input_raises_one_line_errors(call: Callable[[], object], message: str) -> None:
    with pytest.raises(AgreementInputError, match=message) as caught:
        call()
    assert "\n" not in str(caught.value)


def test_importing_the_module_does_not_import_pandas() -> None:
    code = "import sys, qualcode.analysis.levels; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- properties -----------------------------------------------------------------------------

SETTINGS = settings(max_examples=40, deadline=None, database=None)


@st.composite
def codings(draw: st.DrawFn) -> list[Segment]:
    n = draw(st.integers(0, 8))
    found = []
    for _ in range(n):
        start = draw(st.integers(0, 240))
        found.append(
            Segment(
                draw(st.sampled_from(DOCS)),
                draw(st.sampled_from(CODES)),
                start,
                start + draw(st.integers(1, 60)),
            )
        )
    return found


PROPERTY_UNITS = [Unit(d, f"Pos. {i + 1}", 40 * i, 40 * i + 40) for d in DOCS for i in range(6)]
THRESHOLD = st.sampled_from([0.3, 0.5, 0.9, 1.0])
DENOMINATOR = st.sampled_from(DENOMINATORS)
COUNTING = st.sampled_from(COUNTINGS)


def all_reports(
    a: list[Segment],
    b: list[Segment],
    threshold: float,
    denominator: Denominator,
    counting: Counting,
) -> list[LevelReport]:
    return [
        presence(a, b, documents=DOCS, codes=CODES),
        presence(a, b, documents=DOCS, codes=CODES, base="used"),
        frequency(a, b, documents=DOCS, codes=CODES),
        frequency(a, b, documents=DOCS, codes=CODES, base="used"),
        segments(
            a, b, codes=CODES, threshold=threshold, denominator=denominator, counting=counting
        ),
        units(a, b, units=PROPERTY_UNITS, codes=CODES),
    ]


@SETTINGS
@given(a=codings(), threshold=THRESHOLD, denominator=DENOMINATOR, counting=COUNTING)
def test_identical_codings_agree_perfectly(
    a: list[Segment], threshold: float, denominator: Denominator, counting: Counting
) -> None:
    b = list(reversed(a))
    for report in all_reports(a, b, threshold, denominator, counting):
        assert report.disagreements == ()
        for r in (*report.categories, report.overall):
            assert r.percent == (1.0 if r.total else None)
            assert r.kappa in (1.0, None) and r.alpha in (1.0, None)
            assert r.positive_agreement in (1.0, None)
        if report.kappa_bp is not None:
            assert report.kappa_bp == pytest.approx(1.0)


@SETTINGS
@given(a=codings(), b=codings(), threshold=THRESHOLD, denominator=DENOMINATOR, counting=COUNTING)
def test_swapping_the_coders_changes_no_number(
    a: list[Segment],
    b: list[Segment],
    threshold: float,
    denominator: Denominator,
    counting: Counting,
) -> None:
    forward = all_reports(a, b, threshold, denominator, counting)
    backward = all_reports(b, a, threshold, denominator, counting)
    for one, other in zip(forward, backward, strict=True):
        assert percents(one) == percents(other)
        assert len(one.disagreements) == len(other.disagreements)
        assert [d.start for d in one.disagreements] == [d.start for d in other.disagreements]
        assert one.kappa_bp == pytest.approx(other.kappa_bp)
        for x, y in zip(
            (*one.categories, one.overall), (*other.categories, other.overall), strict=True
        ):
            assert (x.n11, x.n10, x.n01, x.n00) == (y.n11, y.n01, y.n10, y.n00)
            for mine, theirs in [(x.kappa, y.kappa), (x.alpha, y.alpha)]:
                assert (mine is None) == (theirs is None)
                assert mine == pytest.approx(theirs)
        assert [row[:3] + (row[4], row[3]) for row in one.data] == list(other.data)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=2, max_size=40))
def test_unit_coefficients_match_the_coefficient_api(pairs: list[tuple[int, int]]) -> None:
    """The closed forms of the unit level give what agreement.py computes from the units."""
    import math

    import pandas as pd

    from qualcode.analysis.agreement import brennan_prediger, cohen_kappa, krippendorff_alpha
    from qualcode.analysis.levels.units import _binary_coefficients

    n11 = sum(1 for x, y in pairs if x and y)
    n10 = sum(1 for x, y in pairs if x and not y)
    n01 = sum(1 for x, y in pairs if y and not x)
    kappa, bp, alpha = _binary_coefficients(n11, n10, n01, len(pairs) - n11 - n10 - n01)
    frame = pd.DataFrame(pairs, columns=["A", "B"])
    expected = (
        cohen_kappa(frame, categories=[0, 1]).value,
        brennan_prediger(frame, k=2).value,
        krippendorff_alpha(frame, "nominal").value,
    )
    for got, want in zip((kappa, bp, alpha), expected, strict=True):
        if math.isnan(want):
            assert got is None
        else:
            assert got == pytest.approx(want, abs=1e-12)
