"""Settling a disagreement between two coders: which spans both hold after the decision.

Mayring's feedback loop ends in a decision on each disagreement. The rule is plain data in,
plain data out, so it can be tested (and used from a notebook) without a project.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qualcode.domain.errors import InvalidInputError

DECISIONS = ("a", "b", "both", "neither")

SpanPair = tuple[int, int]


def settled_spans(
    decision: str, spans_a: Sequence[SpanPair], spans_b: Sequence[SpanPair]
) -> list[SpanPair]:
    """The spans both coders have at the passage once ``decision`` is taken.

    ``a``: as coder A coded it; ``b``: as B did; ``both``: both were partly right, so one
    span from the first start either marked to the last end; ``neither``: no span.
    """
    if decision == "a":
        return list(spans_a)
    if decision == "b":
        return list(spans_b)
    if decision == "both":
        everything = [*spans_a, *spans_b]
        if not everything:
            return []
        return [(min(s for s, _ in everything), max(e for _, e in everything))]
    if decision == "neither":
        return []
    raise InvalidInputError(f"the decision must be one of {', '.join(DECISIONS)}")


def already_settled(current: Sequence[SpanPair], target: Sequence[SpanPair]) -> bool:
    """Whether a coder's spans are the settled ones already (their codings stay as they are)."""
    return sorted(current) == sorted(target)


def decision_wording(decision: str, label_a: str, label_b: str) -> str:
    """The decision as the audit trail words it."""
    return {
        "a": f"coded as {label_a} did",
        "b": f"coded as {label_b} did",
        "both": "both were partly right: one coding spanning both",
        "neither": "neither: the category does not apply here",
    }[decision]


# The trail words a decision in English (decision_wording); a German page or history shows it
# in German. A wording not recognised (an older or future one) is shown as stored.
_DECISIONS_DE = (
    (re.compile(r"coded as (?P<who>.+) did"), "kodiert, wie {who} kodiert hat"),
    (
        re.compile(r"both were partly right: one coding spanning both"),
        "beide lagen teilweise richtig: eine Kodierung über beide Stellen",
    ),
    (
        re.compile(r"neither: the category does not apply here"),
        "keiner: die Kategorie trifft hier nicht zu",
    ),
)


def decision_in(language: str, decision: str) -> str:
    """A settled disagreement's decision, as the trail worded it, in ``language``."""
    if language != "de":
        return decision
    for pattern, wording in _DECISIONS_DE:
        found = pattern.fullmatch(decision)
        if found:
            return wording.format(**found.groupdict())
    return decision
