"""Mayring's summarising content analysis (zusammenfassende Inhaltsanalyse), as data and rules.

Each coded passage is a unit of the reduction table: paraphrased (Z1: the content in a short,
plain form), generalised to the abstraction level fixed in advance (Z2), then reduced (Z3:
drop what repeats or says nothing; Z4: bundle what belongs together into one statement). The
statements of the reduction become the inductive categories, each linked to the passages it
came from (Mayring's step model, method notes §1.4a).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

#: The Z-rules, as the workbench and the help text show them.
RULES = (
    ("Z1", "Paraphrase: the content in a short, plain sentence; drop fillers and decoration."),
    ("Z2", "Generalisation: raise the paraphrase to the chosen abstraction level."),
    ("Z3", "First reduction: leave out what repeats or is not essential (an empty reduction)."),
    ("Z4", "Second reduction: give paraphrases that belong together the same reduction text."),
)

#: The three columns a researcher writes, by the field's name.
FIELDS = ("paraphrase", "generalisation", "reduction")


@dataclass(frozen=True, slots=True)
class Unit:
    """One row of the reduction table: a coded passage and what was written about it.

    ``promoted``: the code of the inductive category its reduction became (None: not yet).
    """

    coding_id: int
    document: str
    category: str
    text: str
    position: int | None
    position_end: int | None
    start: int
    end: int
    paraphrase: str = ""
    generalisation: str = ""
    reduction: str = ""
    promoted: str | None = None
    author: str | None = None
    updated: datetime | None = None

    @property
    def pos(self) -> str:
        """``9`` or ``9–10``: the table's Pos. column."""
        if self.position is None:
            return ""
        if self.position_end in (None, self.position):
            return str(self.position)
        return f"{self.position}–{self.position_end}"

    @property
    def written(self) -> bool:
        return bool(self.paraphrase or self.generalisation or self.reduction)


@dataclass(frozen=True, slots=True)
class Reduction:
    """One statement of the second reduction and the units it bundles (Z4)."""

    text: str
    units: tuple[Unit, ...]


def key(text: str) -> str:
    """Two reductions are the same statement when they differ only in case and spacing."""
    return " ".join(text.split()).casefold()


def reductions(units: Iterable[Unit]) -> list[Reduction]:
    """The distinct reduction statements in order of first use, each with its units.

    A unit without a reduction text was left out (Z3) and belongs to none.
    """
    groups: dict[str, list[Unit]] = {}
    spelling: dict[str, str] = {}
    for unit in units:
        k = key(unit.reduction)
        if not k:
            continue
        spelling.setdefault(k, " ".join(unit.reduction.split()))
        groups.setdefault(k, []).append(unit)
    return [Reduction(spelling[k], tuple(found)) for k, found in groups.items()]
