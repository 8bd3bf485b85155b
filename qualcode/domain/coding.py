"""Codings: a category applied to a span of a document's normalised text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.passes import PASSES

__all__ = ["PASSES", "Coding", "NewCoding", "Span"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of Unicode code points over a document's normalised text."""

    start: int
    end: int

    def check_within(self, length: int) -> None:
        if self.start < 0 or self.end > length:
            raise InvalidInputError(
                f"characters {self.start}:{self.end} lie outside the document "
                f"(it has {length} characters)"
            )
        if self.end <= self.start:
            raise InvalidInputError(
                f"the passage {self.start}:{self.end} is empty: the end must come after the start"
            )


@dataclass(frozen=True, slots=True)
class Coding:
    """One coded passage as the front ends show it."""

    id: int
    document: str
    document_id: int
    category: str
    category_name: str
    start: int
    end: int
    text: str
    coder: str
    memo: str
    created: datetime
    updated: datetime
    coding_pass: str = "main"
    codebook_version: str | None = None
    position: int | None = None
    position_end: int | None = None
    review: str | None = None  # why it needs another look, e.g. after a transcript was replaced


@dataclass(frozen=True, slots=True)
class NewCoding:
    """A coding to be stored (the services fill in who, when and the codebook version)."""

    document_id: int
    category_id: int
    start: int
    end: int
    text: str
    memo: str = ""
    coding_pass: str = "main"
