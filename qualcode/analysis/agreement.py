"""Intercoder agreement: percent agreement, the kappa family and Krippendorff's alpha.

This is the public API for pre-defined units (method notes §4.6: a turn, a sentence or a document
is the coding unit), also meant to be called from a notebook::

    >>> import pandas as pd
    >>> from qualcode.analysis.agreement import cohen_kappa, krippendorff_alpha
    >>> data = pd.DataFrame({"anna": ["K1", "K2", "K2", None], "ben": ["K1", "K2", "K1", "K3"]})
    >>> round(float(cohen_kappa(data)), 3)
    0.4

**Reliability data.** A pandas DataFrame with one row per unit and one column per coder. A cell is
the category that coder gave the unit, or missing (NaN, None, ``pd.NA``) when the coder did not
code it. Categories may be any hashable value; interval and ratio alpha need numbers, and the
ordered coefficients (weighted kappa, ordinal alpha) need numbers, an explicit ``categories``
order, or ordered pandas Categorical columns.

**Results.** Every function returns a small frozen dataclass whose ``value`` is the coefficient;
``float(result)`` gives it too. ``observed``/``expected`` are the terms of the formula: agreement
proportions for the kappa family (κ = (p_o − p_e) / (1 − p_e)), disagreements for alpha
(α = 1 − D_o / D_e).

**Undefined values.** When every coder used one and the same category on every unit, chance
agreement is 1 (expected disagreement 0) and Cohen's and Fleiss' kappa, Scott's pi and
Krippendorff's alpha are 0/0. They then return ``value = nan`` and say why in ``note``, rather than
pick 1.0 or 0.0: such data carry no information about reliability, and ReCal reports them as
undefined too (Freelon 2010, Table 10, "NA"). Brennan–Prediger and Gwet's AC1 with a given number
of categories ``k >= 2`` do not take their chance term from the data, stay defined and give 1.0
there, as their definitions do.

**Bad input** (fewer than two coders, no unit coded by two coders, a weighted kappa without an
order, ...) raises ``AgreementInputError``: an ``InvalidInputError`` of qualcode's error family
and a ``ValueError``, with a one-line message.

**Missing data.** Alpha uses every unit coded by at least two coders (Krippendorff 2011). Cohen's
kappa and Scott's pi use the units both coders coded. Fleiss' kappa needs the same number of
ratings on every unit and refuses other data. Percent agreement pools every pair of coders who
both coded a unit; Brennan–Prediger and AC1 average the agreement of each unit coded at least
twice (Gwet 2014). The two readings coincide when every unit has the same number of codings.

The unitized alpha family for coders' own segments (method notes §4.7) lives in
``qualcode.analysis.unitized`` and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from qualcode.analysis._common import (
    TOLERANCE,
    AgreementInputError,
    BoolArray,
    Coefficient,
    FloatArray,
    IntArray,
    is_number,
    ratio_or_nan,
    whole_number,
)
from qualcode.analysis.unitized import (
    GAP,
    CodeAlpha,
    UnitizedAlphaResult,
    unitized_alpha,
    unitized_alpha_by_code,
)

__all__ = [
    "GAP",
    "AgreementInputError",
    "AlphaResult",
    "CodeAlpha",
    "KappaResult",
    "PercentAgreementResult",
    "UnitizedAlphaResult",
    "brennan_prediger",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
    "scott_pi",
    "unitized_alpha",
    "unitized_alpha_by_code",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
Weights = Literal["linear", "quadratic"]
Seed = int | np.random.Generator | None
_Need = Literal["any", "ordered", "numeric"]

LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")

ONE_CATEGORY = (
    "every coder used the same single category, so chance agreement is 1 and the coefficient is "
    "0/0 (undefined); report percent agreement instead"
)
# Bootstrap replicates are computed in batches of at most this many (replicate x unit) cells.
BOOTSTRAP_BATCH_CELLS = 2_000_000

NO_VARIATION = (
    "all pairable values are equal, so expected disagreement is 0 and alpha is 0/0 (undefined); "
    "data without variation say nothing about reliability"
)


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PercentAgreementResult(Coefficient):
    """Share of agreeing coder pairs; ``n_pairs`` counts (unit, coder pair) comparisons."""

    value: float
    n_units: int
    n_pairs: int
    n_coders: int


@dataclass(frozen=True)
class KappaResult(Coefficient):
    """A chance-corrected coefficient of the form (p_o − p_e) / (1 − p_e).

    ``observed`` is the observed agreement p_o and ``expected`` the chance agreement p_e (both
    weighted for weighted kappa); ``n_units`` the units used; ``note`` says why ``value`` is NaN.
    """

    coefficient: str
    value: float
    observed: float
    expected: float
    n_units: int
    n_coders: int
    categories: tuple[Hashable, ...]
    weights: str | None = None
    note: str = ""


@dataclass(frozen=True)
class AlphaResult(Coefficient):
    """Krippendorff's alpha = 1 − D_o / D_e.

    ``observed``/``expected`` are the disagreements D_o and D_e; ``n_units`` the units coded by at
    least two coders and ``n_values`` the values in them (Krippendorff's n). ``ci_low``/``ci_high``
    hold the bootstrap interval at level ``ci`` when one was asked for (``n_boot`` replicates
    with a defined alpha). ``coincidence`` is the values-by-values coincidence matrix as a
    DataFrame (``coincidence_matrix`` the bare array).
    """

    value: float
    level: str
    observed: float
    expected: float
    n_units: int
    n_values: int
    n_coders: int
    categories: tuple[Hashable, ...]
    ci: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n_boot: int = 0
    note: str = ""
    coincidence_matrix: FloatArray | None = field(default=None, compare=False, repr=False)

    @property
    def coincidence(self) -> pd.DataFrame:
        """The coincidence matrix o_ck as a DataFrame labelled with the categories."""
        labels = list(self.categories)
        matrix = np.zeros((0, 0)) if self.coincidence_matrix is None else self.coincidence_matrix
        return pd.DataFrame(matrix, index=labels, columns=labels)


# --- reading reliability data ---------------------------------------------------------------


@dataclass(frozen=True)
class _Ratings:
    """The data reduced to integer category codes (-1 = missing), categories in their order."""

    codes: IntArray
    categories: tuple[Hashable, ...]

    @property
    def n_coders(self) -> int:
        return int(self.codes.shape[1])

    def counts(self) -> IntArray:
        """Units x categories: how many coders put each unit into each category."""
        n_units, n_coders = self.codes.shape
        q = len(self.categories)
        present = self.codes >= 0
        units = np.repeat(np.arange(n_units, dtype=np.int64), n_coders).reshape(n_units, n_coders)
        flat = units[present] * q + self.codes[present]
        return np.bincount(flat, minlength=n_units * q).reshape(n_units, q).astype(np.int64)


def _plain(value: object) -> Hashable:
    """numpy scalars become Python scalars, so categories print as the user wrote them."""
    item = value.item() if isinstance(value, np.generic) else value
    assert isinstance(item, Hashable)
    return item


def _ratings(
    data: pd.DataFrame,
    what: str,
    *,
    categories: Sequence[Hashable] | None = None,
    need: _Need = "any",
    exactly_two: bool = False,
) -> _Ratings:
    """Check the reliability data and reduce it to category codes in a meaningful order."""
    if not isinstance(data, pd.DataFrame):
        raise AgreementInputError(
            f"{what}: expected a pandas DataFrame with units as rows and coders as columns, "
            f"got {type(data).__name__}"
        )
    n_coders = data.shape[1]
    if exactly_two and n_coders != 2:
        raise AgreementInputError(
            f"{what} compares exactly two coders (columns), got {n_coders}; "
            "use fleiss_kappa or krippendorff_alpha for more"
        )
    if n_coders < 2:
        raise AgreementInputError(f"{what} needs at least two coders (columns), got {n_coders}")
    values = data.to_numpy(dtype=object)
    present = ~pd.isna(values)
    try:
        found_codes, uniques = pd.factorize(values[present])
    except TypeError as exc:
        raise AgreementInputError(f"{what}: category values must be hashable ({exc})") from None
    found = [_plain(u) for u in uniques]
    if categories is None and need == "ordered":
        categories = _categorical_order(data)
    if categories is not None:
        cats, position = _given_order(categories, found, what, need)
    else:
        cats, position = _natural_order(found, what, need)
    codes = np.full(values.shape, -1, dtype=np.int64)
    codes[present] = position[found_codes]
    return _Ratings(codes=codes, categories=cats)


def _categorical_order(data: pd.DataFrame) -> list[Hashable] | None:
    """The categories of ordered pandas Categorical columns, if every column shares them."""
    dtypes = list(data.dtypes)
    first = dtypes[0]
    if not isinstance(first, pd.CategoricalDtype) or not first.ordered:
        return None
    if any(not (isinstance(d, pd.CategoricalDtype) and d == first) for d in dtypes[1:]):
        return None
    return list(first.categories)


def _given_order(
    categories: Sequence[Hashable], found: list[Hashable], what: str, need: _Need
) -> tuple[tuple[Hashable, ...], IntArray]:
    cats = tuple(_plain(c) for c in categories)
    try:
        index = {c: i for i, c in enumerate(cats)}
    except TypeError as exc:
        raise AgreementInputError(f"{what}: categories must be hashable ({exc})") from None
    if len(index) != len(cats):
        raise AgreementInputError(f"{what}: the categories contain duplicates")
    if need == "numeric" and not all(is_number(c) for c in cats):
        raise AgreementInputError(f"{what} needs numeric categories")
    missing = [v for v in found if v not in index]
    if missing:
        raise AgreementInputError(f"{what}: value {missing[0]!r} is not among the given categories")
    return cats, np.array([index[v] for v in found], dtype=np.int64)


def _natural_order(
    found: list[Hashable], what: str, need: _Need
) -> tuple[tuple[Hashable, ...], IntArray]:
    numeric = all(is_number(v) for v in found)
    if need == "numeric" and not numeric:
        bad = next(v for v in found if not is_number(v))
        raise AgreementInputError(f"{what} needs numbers, found {bad!r}")
    if need == "ordered" and not numeric:
        raise AgreementInputError(
            f"{what} needs ordered categories: pass categories=[...] in their order "
            "(the values are not all numbers)"
        )
    try:
        order = sorted(range(len(found)), key=lambda i: found[i])  # type: ignore[arg-type, return-value]
    except TypeError:  # mixed types: keep the order of first appearance
        order = list(range(len(found)))
    position = np.empty(len(found), dtype=np.int64)
    position[np.array(order, dtype=np.int64)] = np.arange(len(found), dtype=np.int64)
    return tuple(found[i] for i in order), position


def _require_pairable(pairable: BoolArray, what: str) -> None:
    if not bool(np.any(pairable)):
        raise AgreementInputError(f"{what}: no unit was coded by at least two coders")


# --- percent agreement and the kappa family -------------------------------------------------


def percent_agreement(data: pd.DataFrame) -> PercentAgreementResult:
    """Share of agreeing pairs among all pairs of coders who both coded a unit.

    Each unit coded by m_u ≥ 2 coders contributes m_u(m_u − 1)/2 coder pairs; a pair agrees when
    both gave the same category. The value is (agreeing pairs) / (all pairs). With two coders it
    is the share of jointly coded units on which they agree; when every coder coded every unit it
    equals the mean pairwise agreement of ReCal3 (Freelon 2010) and Fleiss' P̄. Not corrected for
    chance: report it beside a chance-corrected coefficient (method notes §1.9).
    """
    ratings = _ratings(data, "percent agreement")
    counts = ratings.counts()
    m = counts.sum(axis=1)
    pairable = m >= 2
    _require_pairable(pairable, "percent agreement")
    pairs = int((m * (m - 1)).sum() // 2)
    agreeing = int((counts * (counts - 1)).sum() // 2)
    return PercentAgreementResult(
        value=agreeing / pairs,
        n_units=int(pairable.sum()),
        n_pairs=pairs,
        n_coders=ratings.n_coders,
    )


def _agreement_weights(q: int, weights: Weights | None) -> FloatArray:
    """Agreement weights w_ij on category positions (1 on the diagonal)."""
    if weights is None or q == 1:
        return np.eye(q)
    index = np.arange(q, dtype=np.float64)
    distance = np.abs(index[:, None] - index[None, :]) / (q - 1)
    return 1.0 - (distance if weights == "linear" else distance**2)


def _two_coder_table(ratings: _Ratings, what: str) -> tuple[FloatArray, int]:
    """The q x q table of proportions over the units both coders coded, and their number."""
    first, second = ratings.codes[:, 0], ratings.codes[:, 1]
    both = (first >= 0) & (second >= 0)
    n = int(both.sum())
    if n == 0:
        raise AgreementInputError(f"{what}: no unit was coded by both coders")
    q = len(ratings.categories)
    table = np.bincount(first[both] * q + second[both], minlength=q * q).reshape(q, q)
    return table.astype(np.float64) / n, n


def _kappa(
    name: str,
    ratings: _Ratings,
    p_o: float,
    p_e: float,
    n_units: int,
    *,
    weights: str | None = None,
    undefined: str = ONE_CATEGORY,
) -> KappaResult:
    value = ratio_or_nan(p_o - p_e, 1.0 - p_e)
    return KappaResult(
        coefficient=name,
        value=value,
        observed=p_o,
        expected=p_e,
        n_units=n_units,
        n_coders=ratings.n_coders,
        categories=ratings.categories,
        weights=weights,
        note=undefined if np.isnan(value) else "",
    )


def cohen_kappa(
    data: pd.DataFrame,
    weights: Weights | None = None,
    categories: Sequence[Hashable] | None = None,
) -> KappaResult:
    """Cohen's kappa for exactly two coders, optionally weighted for ordered categories.

    κ = (p_o − p_e) / (1 − p_e) with p_o = Σ w_ij p_ij and p_e = Σ w_ij p_i. p_.j over the units
    both coders coded (Cohen 1960, Educ. Psychol. Meas. 20:37–46; weighted: Cohen 1968, Psychol.
    Bull. 70:213–220). Unweighted, w is the identity. ``weights="linear"`` uses
    w_ij = 1 − |i − j| / (q − 1) (Cicchetti & Allison 1971, as SAS PROC FREQ), ``"quadratic"``
    w_ij = 1 − (i − j)² / (q − 1)² (Fleiss & Cohen 1973), with i, j the positions in the category
    order. That order is ``categories`` when given (which may also list categories nobody used,
    keeping a rating scale's spacing), else the sorted values, which must then be numbers.
    """
    if weights not in (None, "linear", "quadratic"):
        raise AgreementInputError(f"weights must be None, 'linear' or 'quadratic', got {weights!r}")
    what = "Cohen's kappa" if weights is None else f"{weights}-weighted Cohen's kappa"
    ratings = _ratings(
        data,
        what,
        categories=categories,
        need="any" if weights is None else "ordered",
        exactly_two=True,
    )
    table, n = _two_coder_table(ratings, what)
    w = _agreement_weights(len(ratings.categories), weights)
    chance = np.outer(table.sum(axis=1), table.sum(axis=0))
    p_o, p_e = float((w * table).sum()), float((w * chance).sum())
    return _kappa("Cohen's kappa", ratings, p_o, p_e, n, weights=weights)


def scott_pi(data: pd.DataFrame) -> KappaResult:
    """Scott's pi for exactly two coders: chance from the coders' pooled category shares.

    π = (p_o − p_e) / (1 − p_e) with p_e = Σ_c ((p_c. + p_.c) / 2)², over the units both coders
    coded (Scott 1955, Public Opinion Quarterly 19:321–325). For more coders use
    ``fleiss_kappa``, its generalisation.
    """
    ratings = _ratings(data, "Scott's pi", exactly_two=True)
    table, n = _two_coder_table(ratings, "Scott's pi")
    pooled = (table.sum(axis=1) + table.sum(axis=0)) / 2
    p_o, p_e = float(np.trace(table)), float((pooled**2).sum())
    return _kappa("Scott's pi", ratings, p_o, p_e, n)


def fleiss_kappa(data: pd.DataFrame) -> KappaResult:
    """Fleiss' kappa for any number of coders, each unit rated the same number of times n.

    P_i = (Σ_j n_ij² − n) / (n(n − 1)), P̄ = mean P_i, p_j = Σ_i n_ij / (N n), P̄_e = Σ_j p_j²,
    κ = (P̄ − P̄_e) / (1 − P̄_e) (Fleiss 1971, Psychol. Bull. 76:378–382). The raters of a unit
    need not be the same people. Units nobody coded are ignored; if the other units have different
    numbers of ratings (missing values), the formula does not apply and an AgreementInputError says
    so: use ``krippendorff_alpha``, which is built for missing data. With two coders Fleiss' kappa
    equals Scott's pi.
    """
    what = "Fleiss' kappa"
    ratings = _ratings(data, what)
    counts = ratings.counts()
    m = counts.sum(axis=1)
    counts, m = counts[m > 0], m[m > 0]
    if m.size == 0 or int(m.max()) < 2:
        raise AgreementInputError(f"{what}: no unit was coded by at least two coders")
    if int(m.min()) != int(m.max()):
        raise AgreementInputError(
            f"{what} needs the same number of ratings on every unit, found {int(m.min())} to "
            f"{int(m.max())}; use krippendorff_alpha for missing data"
        )
    n = int(m[0])
    units = counts.shape[0]
    p_i = ((counts**2).sum(axis=1) - n) / (n * (n - 1))
    shares = counts.sum(axis=0) / (units * n)
    return _kappa(what, ratings, float(p_i.mean()), float((shares**2).sum()), units)


def _gwet_terms(counts: IntArray, what: str) -> tuple[float, FloatArray, int]:
    """Gwet's p_a (mean agreement of units with ≥ 2 ratings), π_k and the number of such units."""
    m = counts.sum(axis=1)
    pairable = m >= 2
    _require_pairable(pairable, what)
    c, mp = counts[pairable], m[pairable]
    p_a = float(((c * (c - 1)).sum(axis=1) / (mp * (mp - 1))).mean())
    rated = m >= 1
    shares = (counts[rated] / m[rated][:, None]).mean(axis=0)
    return p_a, shares, int(pairable.sum())


def _number_of_categories(k: int | None, observed: int, what: str) -> int:
    if k is None:
        return observed
    q = whole_number(k, 1)
    if q is None:
        raise AgreementInputError(f"{what}: k must be a positive whole number, got {k!r}")
    if q < observed:
        raise AgreementInputError(f"{what}: k={q} is less than the {observed} categories used")
    return q


def brennan_prediger(data: pd.DataFrame, k: int | None = None) -> KappaResult:
    """Brennan–Prediger's free-marginal kappa: chance agreement is 1/k.

    κ_BP = (p_a − 1/k) / (1 − 1/k) (Brennan & Prediger 1981, Educ. Psychol. Meas. 41:687–699;
    MAXQDA's coefficient, method notes §4.5). k is the number of categories coders could choose
    from; by default the number of categories observed. p_a is Gwet's multi-rater observed
    agreement: over the units with at least two ratings, the mean of
    Σ_c r_uc(r_uc − 1) / (r_u(r_u − 1)) (Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.,
    as in irrCAC's ``bp.coeff.raw``); with two coders, the share of jointly coded units agreed on.
    With k = 1 it is 0/0 (NaN); with k ≥ 2 and a single category used it is 1.0.
    """
    what = "Brennan-Prediger kappa"
    ratings = _ratings(data, what)
    p_a, _, n_units = _gwet_terms(ratings.counts(), what)
    q = _number_of_categories(k, len(ratings.categories), what)
    return _kappa(
        "Brennan-Prediger kappa",
        ratings,
        p_a,
        1.0 / q,
        n_units,
        undefined="only one category (k = 1), so chance agreement 1/k is 1 and the coefficient "
        "is 0/0 (undefined); pass k, the number of categories coders could choose from",
    )


def gwet_ac1(data: pd.DataFrame, k: int | None = None) -> KappaResult:
    """Gwet's AC1: chance agreement from how far category use is from uniform.

    AC1 = (p_a − p_e) / (1 − p_e), p_e = Σ_c π_c(1 − π_c) / (k − 1), where π_c is the mean over
    rated units of the share of the unit's ratings in category c and p_a is as in
    ``brennan_prediger`` (Gwet 2008, Br. J. Math. Stat. Psychol. 61:29–48; multi-rater form from
    Gwet 2014 as in irrCAC's ``gwet.ac1.raw``). AC1 stays stable when one category dominates,
    where kappa collapses (the "kappa paradox", method notes §4.6). k defaults to the number of
    categories observed; with k = 1 AC1 is undefined (NaN), with k ≥ 2 and one category used
    p_e = 0 and AC1 = p_a = 1.0.
    """
    what = "Gwet's AC1"
    ratings = _ratings(data, what)
    p_a, shares, n_units = _gwet_terms(ratings.counts(), what)
    q = _number_of_categories(k, len(ratings.categories), what)
    p_e = float((shares * (1 - shares)).sum() / (q - 1)) if q > 1 else 1.0
    return _kappa(
        what,
        ratings,
        p_a,
        p_e,
        n_units,
        undefined="only one category (k = 1), so AC1's chance term divides by k - 1 = 0 "
        "(undefined); pass k, the number of categories coders could choose from",
    )


# --- Krippendorff's alpha -------------------------------------------------------------------


def _delta2(level: Level, values: FloatArray, margins: FloatArray) -> FloatArray:
    """Squared differences δ²_ck (Krippendorff 2011, section F), broadcast over leading axes.

    ``values`` are the numeric categories (interval, ratio) and ``margins`` the coincidence
    margins n_c in category order (ordinal); ``margins`` may have a leading replicate axis.
    """
    q = margins.shape[-1]
    if level == "nominal":
        return 1.0 - np.eye(q)
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    if level == "ratio":
        total = values[:, None] + values[None, :]
        diff = values[:, None] - values[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(total == 0, 0.0, (diff / np.where(total == 0, 1.0, total)) ** 2)
        return np.asarray(out, dtype=np.float64)
    # ordinal: (sum of n_g from c to k) - (n_c + n_k) / 2, squared
    cumulative = np.cumsum(margins, axis=-1)
    index = np.arange(q)
    low = np.minimum(index[:, None], index[None, :])
    high = np.maximum(index[:, None], index[None, :])
    between = cumulative[..., high] - cumulative[..., low] + margins[..., low]
    half = (margins[..., :, None] + margins[..., None, :]) / 2
    return np.asarray((between - half) ** 2, dtype=np.float64)


def _alpha_terms(
    coincidence: FloatArray, level: Level, values: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """D_o and D_e for one coincidence matrix or a stack of them (leading replicate axis)."""
    margins = coincidence.sum(axis=-1)
    n = margins.sum(axis=-1)
    delta = _delta2(level, values, margins)
    observed = (coincidence * delta).sum(axis=(-2, -1)) / n
    chance = margins[..., :, None] * margins[..., None, :] * delta
    expected = chance.sum(axis=(-2, -1)) / (n * (n - 1))
    return np.asarray(observed, dtype=np.float64), np.asarray(expected, dtype=np.float64)


def _unit_coincidences(counts: FloatArray) -> FloatArray:
    """Each pairable unit's contribution (n_uc n_uk − [c = k] n_uc) / (m_u − 1), units x q x q."""
    m = counts.sum(axis=1)
    outer = counts[:, :, None] * counts[:, None, :]
    diagonal = np.arange(counts.shape[1])
    outer[:, diagonal, diagonal] -= counts
    return np.asarray(outer / (m - 1)[:, None, None], dtype=np.float64)


def krippendorff_alpha(
    data: pd.DataFrame,
    level: Level = "nominal",
    *,
    categories: Sequence[Hashable] | None = None,
    ci: float | None = None,
    n_boot: int = 1000,
    seed: Seed = None,
) -> AlphaResult:
    """Krippendorff's alpha for any number of coders, missing data and four levels of measurement.

    Follows Krippendorff (2011), *Computing Krippendorff's Alpha-Reliability*: units coded by
    fewer than two coders are dropped (they are not pairable); each remaining unit u with m_u
    values adds (m_u − 1)⁻¹ per ordered pair of values from different coders to the coincidence
    matrix o_ck; with margins n_c and n = Σ n_c,

        α = 1 − D_o / D_e,  D_o = Σ o_ck δ²_ck / n,  D_e = Σ n_c n_k δ²_ck / (n (n − 1)).

    δ²_ck is 1 for c ≠ k (nominal); (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the ordered values
    (ordinal); (c − k)² (interval); ((c − k)/(c + k))² (ratio, values ≥ 0). Ordinal alpha needs an
    order: numbers, or ``categories`` listed in order.

    With ``ci`` (e.g. 0.95) a percentile bootstrap interval is added: ``n_boot`` times the pairable
    units are drawn with replacement and alpha recomputed; ``seed`` makes it repeatable. This is a
    unit-resampling bootstrap (Efron & Tibshirani 1993), not Hayes & Krippendorff's (2007) KALPHA
    algorithm, which resamples pairs of values; expect similar, not identical, limits, and too
    narrow ones with very few units. Replicates with no variation (alpha undefined) are left out.
    """
    if level not in LEVELS:
        raise AgreementInputError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    what = f"{level} Krippendorff's alpha"
    need: _Need = {"nominal": "any", "ordinal": "ordered"}.get(level, "numeric")  # type: ignore[assignment]
    ratings = _ratings(data, what, categories=categories, need=need)
    counts = ratings.counts().astype(np.float64)
    pairable = counts.sum(axis=1) >= 2
    _require_pairable(pairable, what)
    values = np.array(
        [float(c) if is_number(c) else np.nan for c in ratings.categories], dtype=np.float64
    )
    if level == "ratio" and bool((values < 0).any()):
        raise AgreementInputError(f"{what} needs values of at least 0 (a ratio scale)")
    per_unit = _unit_coincidences(counts[pairable])
    coincidence = per_unit.sum(axis=0)
    d_o, d_e = (float(x) for x in _alpha_terms(coincidence, level, values))
    value = 1.0 - ratio_or_nan(d_o, d_e)
    low = high = None
    used = 0
    if ci is not None:
        low, high, used = _bootstrap(per_unit, level, values, ci, n_boot, seed, what)
    return AlphaResult(
        value=value,
        level=level,
        observed=d_o,
        expected=d_e,
        n_units=int(pairable.sum()),
        n_values=int(round(coincidence.sum())),
        n_coders=ratings.n_coders,
        categories=ratings.categories,
        ci=ci,
        ci_low=low,
        ci_high=high,
        n_boot=used,
        note=NO_VARIATION if np.isnan(value) else "",
        coincidence_matrix=coincidence,
    )


def _bootstrap(
    per_unit: FloatArray,
    level: Level,
    values: FloatArray,
    ci: float,
    n_boot: int,
    seed: Seed,
    what: str,
) -> tuple[float, float, int]:
    """Percentile interval of alpha over units drawn with replacement; vectorised in batches."""
    confidence = float(ci) if is_number(ci) else float("nan")
    if not 0 < confidence < 1:
        raise AgreementInputError(
            f"{what}: ci must be a confidence level between 0 and 1, got {ci!r}"
        )
    wanted = whole_number(n_boot, 1)
    if wanted is None:
        raise AgreementInputError(f"{what}: n_boot must be a positive whole number, got {n_boot!r}")
    rng = np.random.default_rng(seed)
    units, q = per_unit.shape[0], per_unit.shape[1]
    flat = per_unit.reshape(units, q * q)
    uniform = np.full(units, 1.0 / units)
    batch = max(1, min(wanted, BOOTSTRAP_BATCH_CELLS // max(units, q * q)))
    alphas: list[FloatArray] = []
    done = 0
    while done < wanted:
        size = min(batch, wanted - done)
        draws = rng.multinomial(units, uniform, size=size).astype(np.float64)
        d_o, d_e = _alpha_terms((draws @ flat).reshape(size, q, q), level, values)
        with np.errstate(divide="ignore", invalid="ignore"):
            alphas.append(np.where(d_e > TOLERANCE, 1.0 - d_o / d_e, np.nan))
        done += size
    replicates = np.concatenate(alphas)
    replicates = replicates[~np.isnan(replicates)]
    if replicates.size == 0:
        return float("nan"), float("nan"), 0
    low, high = np.quantile(replicates, [(1 - confidence) / 2, (1 + confidence) / 2])
    return float(low), float(high), int(replicates.size)
