"""What the agreement levels share: the data they take and give, the checks of their input,
and the wording of their results and notes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from qualcode.analysis._common import AgreementInputError

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
