"""Codebook versions and Mayring's pilot freeze.

After a pilot run over part of the material (Mayring: 10 to 50 %), the category system is
revised and then frozen. Later changes need a reason and open a new version, so codings made
under an older version of a changed category can be found and checked again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

PILOT_SHARE = (0.10, 0.50)  # the share of material Mayring suggests for the pilot run


@dataclass(frozen=True, slots=True)
class CodebookVersion:
    id: int
    label: str
    created: datetime
    created_by: str
    reason: str
    frozen: datetime | None = None
    coded_share: float | None = None  # share of the material's words coded when it was frozen


@dataclass(frozen=True, slots=True)
class CodedShare:
    """How much of the material has been coded: what a freeze records as the pilot's size."""

    documents: int
    documents_coded: int
    words: int
    words_coded: int  # words of the documents with at least one coding

    @property
    def share(self) -> float:
        return self.words_coded / self.words if self.words else 0.0

    def pilot_warning(self) -> str | None:
        """A note when the pilot is outside Mayring's 10-50 % (allowed, but worth saying)."""
        low, high = PILOT_SHARE
        if self.share < low:
            return (
                f"only {self.share:.0%} of the material is coded; Mayring suggests revising "
                f"the categories after {low:.0%} to {high:.0%}"
            )
        if self.share > high:
            return (
                f"{self.share:.0%} of the material is already coded; Mayring suggests revising "
                f"the categories after {low:.0%} to {high:.0%}"
            )
        return None


_TRAILING_NUMBER = re.compile(r"(\d+)(?!.*\d)")


def next_version_label(label: str) -> str:
    """The label after ``label``: 1.0 -> 1.1, 2 -> 3, v1.9 -> v1.10, pilot -> pilot.1."""
    match = _TRAILING_NUMBER.search(label)
    if match is None:
        return f"{label}.1" if label else "1"
    number = int(match.group(1)) + 1
    return label[: match.start()] + str(number) + label[match.end() :]
