"""Unitized Krippendorff's alpha: agreement when coders cut their own segments (method notes §4.7).

A document is a continuum of ``length`` characters. Segments are half-open ``[start, end)``
offsets, as everywhere in qualcode (code points of the normalised text). Each coder's segments,
together with the uncoded stretches between them (gaps, written ∅), partition the continuum.
Agreement is measured in lengths: there is no matching step and no overlap threshold, and a
partial overlap earns credit in proportion to its length.

**Sources.** Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of unitizing
textual continua: further developments", *Quality & Quantity* 50:2347–2364, and Krippendorff
(2019), *Content Analysis*, 4th ed., §12.6. The formulas below are taken from the method notes
(§4.7), which summarise these sources. They were checked against two independent open
implementations: the R package quallmer's ``reliability_alpha_u`` (after the 2019 book) and a
Python implementation of the 2016 paper. We did not have the paper itself.

**Observed coincidences** are lengths. For every ordered pair of different coders (i, j) and every
piece g of i and h of j (gaps included), |g ∩ h| is added to the cell (value of g, value of h).
The matrix is then divided by m − 1 (m coders), so its total is l.. = m · length.

**Expected coincidences** are e_ck = (l_c. l_.k − [c = k] S_c) / (l.. − S / l..). Here S_c sums
over every coder's pieces of value c: length² for a coded segment, and length for a gap. A gap is
not a unit, so any part of it may pair with any other part; only each character is kept from
pairing with itself. S = Σ_c S_c, and the construction keeps Σ e = l..

**The family** (D is the off-diagonal mass of a matrix, i.e. its disagreement):

- ``value``, uα = 1 − D(l) / D(e). It judges boundaries and codes together; the gap is one more
  value.
- ``binary``, |uα, is the same on the 2 x 2 collapse of gap vs coded text. It measures *where*:
  do coders agree on which text is relevant at all?
- ``coding``, cuα, works on the coded-by-coded sub-matrix l*. Its expected matrix e* is built as
  above from the margins of l*, with "pairable" self-terms
  S*_c = Σ_i Σ_{j≠i} Σ_{g of i with code c} |g ∩ coded_j|² / (m − 1). It measures *what*: the
  codes coders gave where both coded. This self-term follows the implementation of the 2016 paper.
  For two coders both implementations agree. For three or more coders, quallmer instead squares the
  length that any other coder coded. That gives different values when coders only partly overlap
  (0.54 instead of 0.47 in one three-coder case), so treat cuα and (k)uα for three or more coders
  as provisional until they are checked against the paper.
- ``per_code``, (k)uα for each code k, is 1 − [(l*_k − l*_kk) / l*_k] / [(e*_k − e*_kk) / e*_k].
  It comes with its coverage l*_k / l_k: the share of k's coincidences that meet another coder's
  coded text.

One coder may not give two different codes to the same character, because the family needs a
partition. Overlapping segments with the *same* code are merged (method notes §4.0). For
multi-coded text, ``unitized_alpha_by_code`` runs the family per code on the binary variable
{code, ∅}. This is what method notes §4.7 recommends, and it is also how DKPro's α_U works.
Undefined coefficients (expected disagreement 0) are NaN with a ``note``, as in
``qualcode.analysis.agreement``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd

from qualcode.analysis._common import (
    TOLERANCE,
    AgreementInputError,
    Coefficient,
    FloatArray,
    IntArray,
    ratio_or_nan,
    whole_number,
)

GAP: Final = "∅"
"""Label of the uncoded stretches in the coincidence matrix."""

Segment = tuple[Hashable, int, int, Hashable]
"""(coder, start, end, code) with half-open character offsets."""

_COLUMNS: Final = ("coder", "start", "end", "code")

_Span = tuple[int, int, Hashable]  # start, end, code of one coder's segment
_Pieces = tuple[IntArray, IntArray, IntArray]  # starts, ends, values (0 = gap) of a partition


@dataclass(frozen=True)
class CodeAlpha(Coefficient):
    """(k)uα for one code, and the share of its coincidences that meet others' coded text."""

    code: Hashable
    value: float
    coverage: float
    note: str = ""


@dataclass(frozen=True)
class UnitizedAlphaResult(Coefficient):
    """The uα family for one set of unitizations; ``value`` is uα.

    ``binary`` is |uα (where), ``coding`` is cuα (what), and ``coding_coverage`` is the share of the
    coincidences (l*.. / l..) that cuα rests on. ``observed``/``expected`` are uα's disagreements.
    ``per_code`` maps each code to its (k)uα, and ``coincidence`` is the observed length
    coincidence matrix, with the gap labelled ``GAP``.
    """

    value: float
    binary: float
    coding: float
    coding_coverage: float
    observed: float
    expected: float
    n_coders: int
    length: int
    codes: tuple[Hashable, ...]
    per_code: Mapping[Hashable, CodeAlpha] = field(default_factory=dict, compare=False)
    note: str = ""
    coincidence_matrix: FloatArray | None = field(default=None, compare=False, repr=False)

    @property
    def coincidence(self) -> pd.DataFrame:
        """The observed length coincidences l_ck, the gap first (labelled ``GAP``)."""
        labels = [GAP, *self.codes]
        matrix = np.zeros((0, 0)) if self.coincidence_matrix is None else self.coincidence_matrix
        return pd.DataFrame(matrix, index=labels, columns=labels)


# --- reading segments -----------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _offset(value: object, what: str) -> int:
    number = whole_number(value, 0)
    if number is not None:
        return number
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    raise AgreementInputError(
        f"segments: {what} must be a whole number of characters, got {value!r}"
    )


def _rows(segments: pd.DataFrame | Iterable[Segment]) -> list[tuple[object, ...]]:
    if isinstance(segments, pd.DataFrame):
        absent = [c for c in _COLUMNS if c not in segments.columns]
        if absent:
            raise AgreementInputError(
                f"segments: missing column(s) {', '.join(absent)}; expected coder, start, end, code"
            )
        return list(zip(*(segments[c].tolist() for c in _COLUMNS), strict=True))
    if isinstance(segments, str | bytes):  # type: ignore[unreachable]  # caught at run time
        raise AgreementInputError(
            "segments: expected a DataFrame or (coder, start, end, code) tuples"
        )
    rows: list[tuple[object, ...]] = []
    for item in segments:
        row = tuple(item) if isinstance(item, Sequence) and not isinstance(item, str) else ()
        if len(row) != 4:
            raise AgreementInputError(
                f"segments: each segment must be (coder, start, end, code), got {item!r}"
            )
        rows.append(row)
    return rows


def _parse(
    segments: pd.DataFrame | Iterable[Segment],
    length: int,
    coders: Sequence[Hashable] | None,
) -> tuple[list[Hashable], dict[Hashable, list[_Span]]]:
    """Validate the segments; return the coders in order and each coder's segments."""
    if whole_number(length, 1) is None:
        raise AgreementInputError(f"length must be a positive whole number, got {length!r}")
    order: list[Hashable] = list(coders) if coders is not None else []
    by_coder: dict[Hashable, list[_Span]] = {c: [] for c in order}
    if len(by_coder) != len(order):
        raise AgreementInputError("coders: a coder is listed twice")
    for coder, start, end, code in _rows(segments):
        if _missing(coder) or not isinstance(coder, Hashable):
            raise AgreementInputError(f"segments: {coder!r} is not a coder name")
        if coder not in by_coder:
            if coders is not None:
                raise AgreementInputError(
                    f"segments: coder {coder!r} is not among the given coders"
                )
            by_coder[coder] = []
            order.append(coder)
        s, e = _offset(start, "start"), _offset(end, "end")
        if not 0 <= s < e <= length:
            raise AgreementInputError(
                f"segments: {s}-{e} of coder {coder!r} is not a non-empty stretch of 0-{length}"
            )
        if _missing(code) or not isinstance(code, Hashable):
            raise AgreementInputError(f"segments: {s}-{e} of coder {coder!r} has no usable code")
        by_coder[coder].append((s, e, code))
    if len(order) < 2:
        raise AgreementInputError(
            f"unitized alpha needs at least two coders, got {len(order)}; "
            "pass coders=[...] to include a coder who coded nothing"
        )
    return order, by_coder


def _code_order(by_coder: Mapping[Hashable, list[_Span]]) -> tuple[Hashable, ...]:
    seen = list(dict.fromkeys(code for spans in by_coder.values() for _, _, code in spans))
    try:
        return tuple(sorted(seen))  # type: ignore[type-var]
    except TypeError:  # codes of mixed types: keep the order of first appearance
        return tuple(seen)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping spans of one code (touching spans stay separate units)."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _partition(
    spans: list[_Span], index: Mapping[Hashable, int], length: int, coder: Hashable
) -> _Pieces:
    """A coder's segments plus the gaps between them, as arrays covering [0, length)."""
    per_code: dict[Hashable, list[tuple[int, int]]] = {}
    for s, e, code in spans:
        per_code.setdefault(code, []).append((s, e))
    units = sorted(
        ((s, e, code) for code, found in per_code.items() for s, e in _merge(found)),
        key=lambda unit: (unit[0], unit[1]),  # codes of mixed types need not be comparable
    )
    for (s1, e1, c1), (s2, e2, c2) in zip(units, units[1:], strict=False):
        if s2 < e1:
            raise AgreementInputError(
                f"coder {coder!r} gave {c1!r} ({s1}-{e1}) and {c2!r} ({s2}-{e2}) to the same "
                "text; the u-alpha family needs one code per character: use "
                "unitized_alpha_by_code for multi-coded text"
            )
    rows: list[tuple[int, int, int]] = []
    cursor = 0
    for s, e, code in units:
        if s > cursor:
            rows.append((cursor, s, 0))
        rows.append((s, e, index[code]))
        cursor = e
    if cursor < length:
        rows.append((cursor, length, 0))
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    return table[:, 0].copy(), table[:, 1].copy(), table[:, 2].copy()


# --- the family -----------------------------------------------------------------------------


def _off_diagonal(matrix: FloatArray) -> float:
    return float(matrix.sum() - np.trace(matrix))


def _expected(observed: FloatArray, self_terms: FloatArray) -> FloatArray:
    """e_ck = (l_c. l_.k − [c = k] S_c) / (l.. − S / l..)."""
    margins = observed.sum(axis=1)
    total = float(margins.sum())
    scale = ratio_or_nan(1.0, total - float(self_terms.sum()) / total)
    return np.asarray((np.outer(margins, margins) - np.diag(self_terms)) * scale)


def _family(pieces: list[_Pieces], length: int, codes: tuple[Hashable, ...]) -> UnitizedAlphaResult:
    m = len(pieces)
    n_values = len(codes) + 1
    # Elementary intervals: between consecutive boundaries, every coder has one value.
    bounds = np.unique(np.concatenate([p[0] for p in pieces] + [np.array([length])]))
    lam = np.diff(bounds).astype(np.float64)
    piece_at = [np.searchsorted(p[0], bounds[:-1], side="right") - 1 for p in pieces]
    value_at = np.stack([p[2][idx] for p, idx in zip(pieces, piece_at, strict=True)])
    counts = np.zeros((lam.size, n_values))
    for row in value_at:
        np.add.at(counts, (np.arange(lam.size), row), 1.0)
    weighted = counts * lam[:, None]
    observed = (weighted.T @ counts - np.diag(weighted.sum(axis=0))) / (m - 1)

    self_terms = np.zeros(n_values)
    for starts, ends, values in pieces:
        sizes = (ends - starts).astype(np.float64)
        np.add.at(self_terms, values, np.where(values == 0, sizes, sizes**2))
    expected = _expected(observed, self_terms)

    notes: list[str] = []
    d_o, d_e = _off_diagonal(observed), _off_diagonal(expected)
    value = 1.0 - ratio_or_nan(d_o, d_e)
    if math.isnan(value):
        notes.append("uα undefined: no variation (everything gap, or one code everywhere)")
    binary_o = float(observed[0, 1:].sum() + observed[1:, 0].sum())
    binary_e = float(expected[0, 1:].sum() + expected[1:, 0].sum())
    binary = 1.0 - ratio_or_nan(binary_o, binary_e)
    if math.isnan(binary):
        notes.append("|uα undefined: no coded text, or no gap anywhere")

    coding, coverage, per_code = _coding(pieces, piece_at, value_at, lam, observed, codes, notes)
    return UnitizedAlphaResult(
        value=value,
        binary=binary,
        coding=coding,
        coding_coverage=coverage,
        observed=d_o,
        expected=d_e,
        n_coders=m,
        length=length,
        codes=codes,
        per_code=MappingProxyType(per_code),
        note="; ".join(notes),
        coincidence_matrix=observed,
    )


def _coding(
    pieces: list[_Pieces],
    piece_at: list[IntArray],
    value_at: IntArray,
    lam: FloatArray,
    observed: FloatArray,
    codes: tuple[Hashable, ...],
    notes: list[str],
) -> tuple[float, float, dict[Hashable, CodeAlpha]]:
    """cuα, its coverage and (k)uα per code, from the coded-by-coded part of the matrix."""
    m = len(pieces)
    coded_part = observed[1:, 1:]
    paired = float(coded_part.sum())
    coverage = paired / float(observed.sum())
    # Pairable self-terms: Σ over other coders j of |g ∩ coded_j|², per code, / (m − 1).
    self_terms = np.zeros(len(codes))
    coded_at = value_at > 0
    for i, (starts, _, values) in enumerate(pieces):
        is_coded = values > 0
        for j in range(m):
            if j != i:
                overlap = np.bincount(piece_at[i], weights=lam * coded_at[j], minlength=starts.size)
                np.add.at(self_terms, values[is_coded] - 1, overlap[is_coded] ** 2)
    self_terms /= m - 1

    if paired <= TOLERANCE:
        notes.append("cuα undefined: no two coders' coded segments meet")
        empty = "never meets another coder's coded text"
        return float("nan"), coverage, {c: CodeAlpha(c, float("nan"), 0.0, empty) for c in codes}
    expected = _expected(coded_part, self_terms)
    coding = 1.0 - ratio_or_nan(_off_diagonal(coded_part), _off_diagonal(expected))
    if math.isnan(coding):
        notes.append("cuα undefined: coded segments meet under a single code only")

    per_code: dict[Hashable, CodeAlpha] = {}
    full_margins = observed.sum(axis=1)
    l_k, e_k = coded_part.sum(axis=1), expected.sum(axis=1)
    for k, code in enumerate(codes):
        code_coverage = float(l_k[k] / full_margins[k + 1])
        if l_k[k] <= TOLERANCE:
            per_code[code] = CodeAlpha(
                code, float("nan"), code_coverage, "never meets another coder's coded text"
            )
            continue
        observed_share = (l_k[k] - coded_part[k, k]) / l_k[k]
        expected_share = ratio_or_nan(float(e_k[k] - expected[k, k]), float(e_k[k]))
        alpha_k = 1.0 - ratio_or_nan(float(observed_share), expected_share)
        note = "" if not math.isnan(alpha_k) else "no other code meets it: no expected disagreement"
        per_code[code] = CodeAlpha(code, alpha_k, code_coverage, note)
    return coding, coverage, per_code


# --- public functions -----------------------------------------------------------------------


def unitized_alpha(
    segments: pd.DataFrame | Iterable[Segment],
    length: int,
    *,
    coders: Sequence[Hashable] | None = None,
) -> UnitizedAlphaResult:
    """Krippendorff's uα family for coders' own segments on one continuum of ``length``.

    ``segments`` is a DataFrame with columns coder, start, end, code, or an iterable of
    (coder, start, end, code) tuples, with half-open character offsets ``0 <= start < end <=
    length``. A coder who coded nothing has no rows: list every coder in ``coders`` so that such a
    coder still counts (as all gap). Returns uα (``value``), |uα (``binary``, where), cuα
    (``coding``, what) and (k)uα per code (``per_code``); formulas and sources are in the module
    docstring. Each coder may give only one code to a character: use ``unitized_alpha_by_code``
    for multi-coded text.
    """
    order, by_coder = _parse(segments, length, coders)
    codes = _code_order(by_coder)
    index = {code: i + 1 for i, code in enumerate(codes)}
    pieces = [_partition(by_coder[c], index, int(length), c) for c in order]
    return _family(pieces, int(length), codes)


def unitized_alpha_by_code(
    segments: pd.DataFrame | Iterable[Segment],
    length: int,
    *,
    coders: Sequence[Hashable] | None = None,
) -> dict[Hashable, UnitizedAlphaResult]:
    """For each code, uα of the binary variable {code, gap}: do coders agree where it applies?

    This is the per-code use of the family that method notes §4.7 recommends for multi-coded text
    (one variable is one partition). Codes may overlap freely across each other, but segments of
    the same code by one coder are merged. For each code, ``value == binary``. ``coding`` is NaN,
    because only one code is involved. Coders are those found in all segments, or ``coders``: a
    coder who never used a code counts as all gap for it.
    """
    order, by_coder = _parse(segments, length, coders)
    results: dict[Hashable, UnitizedAlphaResult] = {}
    for code in _code_order(by_coder):
        pieces = [
            _partition([s for s in by_coder[c] if s[2] == code], {code: 1}, int(length), c)
            for c in order
        ]
        results[code] = _family(pieces, int(length), (code,))
    return results
