"""How long the texts a user types or imports may be, the same on every back-end.

PostgreSQL refuses a value longer than its column and SQLite stores it anyway; checking here,
where a value enters, gives one line on both. The schema's column lengths are these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.domain.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class Limit:
    """What a text is (as a researcher would name it) and how many characters it may have."""

    what: str
    most: int

    def check(self, value: str) -> str:
        """The value itself, or one line saying how long it is and how long it may be."""
        problem = self.problem(value)
        if problem:
            raise InvalidInputError(problem)
        return value

    def problem(self, value: str) -> str | None:
        """The one-line complaint about a value that is too long, or None."""
        if len(value) <= self.most:
            return None
        return (
            f"the {self.what} is {len(value):,} characters long; at most {self.most:,} are allowed"
        )


# Stored in columns of this length (storage/schema.py uses the same numbers).
CODER_NAME = Limit("coder name", 200)
CATEGORY_CODE = Limit("category code", 50)
CATEGORY_NAME = Limit("category name", 300)
DOCUMENT_NAME = Limit("document name", 300)
SOURCE_NAME = Limit("source file name", 1000)
ATTRIBUTE_KEY = Limit("attribute name", 200)
SPEAKER = Limit("speaker name", 200)
CODEBOOK_TITLE = Limit("codebook title", 300)
CODEBOOK_VERSION = Limit("codebook version", 50)
MEMO_TITLE = Limit("memo title", 200)

# Stored as text of any length; the limits keep a project (and its exports) sensible.
ATTRIBUTE_VALUE = Limit("attribute value", 10_000)
MEMO = Limit("memo", 20_000)
REASON = Limit("reason", 5_000)
