"""A reviewer's comments from the reviewer's page: what they are on, and the rules they obey.

The page keeps a reviewer's comments in the browser and hands them over as one JSON file (the
format is :data:`FORMAT`, described in README); ``qualcode import-review`` reads it
(:mod:`qualcode.importers.review_comments`) into :class:`ReviewComment` objects, and the
project keeps each as a :class:`StoredComment` until the coder marks it done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

FORMAT = "qualcode-review-comments"
VERSION = 1
TARGETS = ("coding", "turn", "category")


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """One comment as the reviewer wrote it: on a coding, a turn (document, Pos.) or a category.

    ``key`` is the page's own id for the comment, so a file brought in twice adds nothing.
    ``position_end`` is the last Pos. of a coding over several turns (None: one Pos.).
    """

    key: str
    target: str
    text: str
    written: datetime
    coding_id: int | None = None
    document: str | None = None
    position: int | None = None
    category: str | None = None
    position_end: int | None = None

    @property
    def positions(self) -> str:
        """The Pos. it is on, as citations give it: "Pos. 5" or "Pos. 5–6" ("" for none)."""
        if not self.position:
            return ""
        last = self.position_end
        return f"Pos. {self.position}" + (f"–{last}" if last and last != self.position else "")

    @property
    def where(self) -> str:
        """What the comment is on, for people: "coding 12 (K2.1, B01, Pos. 4–5)"."""
        if self.target == "category":
            return f"category {self.category}"
        place = f"{self.document}, {self.positions}" if self.position else f"{self.document}"
        if self.target == "coding":
            return f"coding {self.coding_id} ({self.category}, {place})"
        return place


@dataclass(frozen=True, slots=True)
class ReviewFile:
    """A comments file: which page it came from, who wrote it, and the comments."""

    export_id: str
    reviewer: str
    comments: tuple[ReviewComment, ...]


@dataclass(frozen=True, slots=True)
class StoredComment(ReviewComment):
    """A comment brought into the project, open for the coder's attention until done."""

    id: int = 0
    export_id: str = ""
    reviewer: str = ""
    imported_by: str = ""
    imported: datetime | None = None
    done: datetime | None = None
