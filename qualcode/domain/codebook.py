"""The category system: a tree of categories, each with Mayring's coding guideline.

Mayring requires, for every category, a definition, at least one anchor example (a real passage
with its source) and a coding rule that separates it from its neighbours; the types here make
those parts first-class rather than free-text notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcode.domain.autocoding import Rule

ORIGINS = ("deductive", "inductive")
STATUSES = ("active", "draft", "retired")
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """An anchor example: a prototypical passage and where it stands."""

    text: str
    document: str
    position: int

    @property
    def source(self) -> str:
        return f"{self.document}, Pos. {self.position}"


@dataclass(frozen=True, slots=True)
class Category:
    """One category of the coding guideline; ``parent`` is the parent's code (None for main)."""

    code: str
    name: str
    definition: str
    coding_rule: str
    origin: str
    reference: str = ""
    anchors: tuple[Anchor, ...] = ()
    parent: str | None = None
    colour: str | None = None
    status: str = "active"
    order: int = 0
    id: int | None = None
    line: int | None = None  # where it stands in the YAML file, for messages
    # The stored row's version, raised by every change: an edit names the one it read, and is
    # refused when someone changed the category meanwhile. Not part of what a category is.
    version: int = field(default=0, compare=False)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def depth(self) -> int:
        return self.code.count(".")


@dataclass(frozen=True, slots=True)
class Codebook:
    """A whole category system, categories in tree order (each parent before its children)."""

    title: str
    version: str
    categories: tuple[Category, ...]
    language: str = "de"
    description: str = ""
    source: str = ""
    #: Dictionary autocoding's search rules (domain/autocoding.py), in the file's order; a
    #: codebook read from a project leaves them out (they are stored apart).
    rules: tuple[Rule, ...] = field(default=(), compare=False)
    _by_code: dict[str, Category] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({c.code: c for c in self.categories})

    def __iter__(self) -> Iterator[Category]:
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    @property
    def main_categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.parent is None)

    def get(self, code: str) -> Category | None:
        return self._by_code.get(code)

    def children(self, code: str | None) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.parent == code)

    def descendants(self, code: str) -> tuple[Category, ...]:
        """All categories below ``code`` (not including it), in tree order."""
        found: list[Category] = []
        stack = [code]
        wanted = set(stack)
        for category in self.categories:
            if category.parent in wanted:
                found.append(category)
                wanted.add(category.code)
        return tuple(found)

    def resolve(self, ref: str) -> Category | None:
        """A category by its code (``K2.1``) or its exact name, case-insensitively as a fallback."""
        if ref in self._by_code:
            return self._by_code[ref]
        by_name = [c for c in self.categories if c.name == ref]
        if len(by_name) == 1:
            return by_name[0]
        folded = ref.casefold()
        matches = [c for c in self.categories if folded in (c.code.casefold(), c.name.casefold())]
        return matches[0] if len(matches) == 1 else None

    def colour_of(self, code: str) -> str | None:
        """A category's colour, inherited from the nearest ancestor that has one."""
        category = self._by_code.get(code)
        while category is not None:
            if category.colour:
                return category.colour
            category = self._by_code.get(category.parent) if category.parent else None
        return None


def tree_problems(categories: list[Category]) -> list[tuple[int | None, str]]:
    """The structural rules a category system must keep, as (line, message) pairs.

    Shared by the YAML checker and the services, so a codebook edited in the TUI obeys the same
    rules as one written by hand.
    """
    problems: list[tuple[int | None, str]] = []
    seen: dict[str, Category] = {}
    siblings: dict[str | None, set[str]] = {}
    for category in categories:
        if not CODE_PATTERN.match(category.code):
            problems.append(
                (
                    category.line,
                    f"category code {category.code!r} is not valid (use e.g. K2 or K2.1)",
                )
            )
        if category.code in seen:
            problems.append((category.line, f"category code {category.code!r} is used twice"))
        seen[category.code] = category
        if category.parent is not None and not category.code.startswith(category.parent + "."):
            problems.append(
                (
                    category.line,
                    f"subcategory code {category.code!r} must start with its parent's code "
                    f"{category.parent!r} and a dot",
                )
            )
        names = siblings.setdefault(category.parent, set())
        if category.name.casefold() in names:
            problems.append(
                (category.line, f"two categories under the same parent are named {category.name!r}")
            )
        names.add(category.name.casefold())
        if category.origin not in ORIGINS:
            problems.append(
                (
                    category.line,
                    f"origin must be 'deductive' or 'inductive', not {category.origin!r}",
                )
            )
        if category.status not in STATUSES:
            problems.append(
                (
                    category.line,
                    f"status must be one of {', '.join(STATUSES)}, not {category.status!r}",
                )
            )
        if category.colour is not None and not COLOUR_PATTERN.match(category.colour):
            problems.append(
                (category.line, f"colour {category.colour!r} is not a hex colour like '#4C72B0'")
            )
    return problems
