"""Whether a category's entry in the coding guideline is complete.

Mayring's guideline gives every category a definition, an anchor example and a coding rule;
coders compare a passage with all three. A category added on the fly (an inductive one from the
workbench) or a file written by hand may lack one, and the guideline printed in a thesis
appendix should not hide that. Withdrawn and merged categories are history, not guideline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qualcode.domain.codebook import Category

__all__ = ["PARTS", "Gap", "gaps", "missing_parts"]

PARTS = ("definition", "anchor", "rule")
"""The parts every category needs, in the guideline's column order."""

WORDS = {"definition": "definition", "anchor": "anchor example", "rule": "coding rule"}
WORDS_DE = {"definition": "Definition", "anchor": "Ankerbeispiel", "rule": "Kodierregel"}


@dataclass(frozen=True, slots=True)
class Gap:
    """A category and the parts of its guideline entry that are empty."""

    category: Category
    missing: tuple[str, ...]

    def words(self, *, german: bool = False) -> str:
        """The missing parts in words: ``definition, coding rule``."""
        names = WORDS_DE if german else WORDS
        return ", ".join(names[part] for part in self.missing)


def missing_parts(category: Category) -> tuple[str, ...]:
    """The parts of ``category``'s entry (of :data:`PARTS`) that are empty or blank."""
    missing = []
    if not category.definition.strip():
        missing.append("definition")
    if not any(a.text.strip() for a in category.anchors):
        missing.append("anchor")
    if not category.coding_rule.strip():
        missing.append("rule")
    return tuple(missing)


def gaps(categories: Iterable[Category]) -> list[Gap]:
    """Every active category with an incomplete entry, in the order given."""
    found = []
    for category in categories:
        if category.status != "active":
            continue
        missing = missing_parts(category)
        if missing:
            found.append(Gap(category, missing))
    return found
