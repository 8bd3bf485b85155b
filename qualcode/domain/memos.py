"""Memos: the researcher's notes on the project, a document, a category or a coding.

A memo has a title, a text, an author and the times it was written and last changed; an edit
keeps the version before it, so a memo's history can be read back (what was thought when).
A coding has at most one memo (the one the coding list and the workbench show beside it); the
project, a document or a category may have any number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.limits import MEMO, MEMO_TITLE

TARGETS = ("project", "document", "category", "coding")
"""What a memo can be written on."""

TARGET_WORDS = {
    "project": ("Projekt", "project"),
    "document": ("Dokument", "document"),
    "category": ("Kategorie", "category"),
    "coding": ("Codierung", "coding"),
}
"""How each target is named in a German and an English export."""


@dataclass(frozen=True, slots=True)
class MemoVersion:
    """A memo as it read before an edit."""

    title: str
    text: str
    author: str
    saved: datetime


@dataclass(frozen=True, slots=True)
class Memo:
    """One memo as the front ends show it.

    ``target_id`` is the document's, category's or coding's id (None on the project);
    ``about`` names the target for people: the document's name, the category's code and
    name, or the coding's document, Pos. and category.
    """

    id: int
    target: str
    target_id: int | None
    about: str
    title: str
    text: str
    author: str
    created: datetime
    updated: datetime
    history: tuple[MemoVersion, ...] = ()

    @property
    def heading(self) -> str:
        """The title, or the text's first line when the memo has none."""
        if self.title:
            return self.title
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first if len(first) <= 60 else first[:59] + "…"

    def matches(self, needle: str) -> bool:
        """Whether ``needle`` occurs (ignoring case) in the title, text or what it is about."""
        folded = needle.casefold()
        return any(folded in part.casefold() for part in (self.title, self.text, self.about))


def check_target(target: str, target_id: int | None) -> None:
    """Refuse a target that is not one of :data:`TARGETS`, or one without the id it needs."""
    if target not in TARGETS:
        raise InvalidInputError(f"a memo is on {', '.join(TARGETS)}, not {target!r}")
    if target == "project" and target_id is not None:
        raise InvalidInputError("a project memo is on the project itself: give no id")
    if target != "project" and target_id is None:
        raise InvalidInputError(f"name the {target} the memo is on")


def check_text(title: str, text: str) -> tuple[str, str]:
    """The title and text, trimmed; a memo needs a text, and both have their length limits."""
    title, text = " ".join(title.split()), text.strip()
    if not text:
        raise InvalidInputError("the memo is empty: write its text")
    MEMO_TITLE.check(title)
    MEMO.check(text)
    return title, text
