"""Suggestions while coding: the categories a passage resembles, best first.

The index (analysis/suggestions.py) holds one bag of lemma keys per category: its name,
definition, coding rule and anchor examples, and the passages coded with it so far. It is built
once (in the workbench's worker: loading the language tables takes about a second) and then
kept current: :meth:`LiveSuggestions.coded` and :meth:`LiveSuggestions.uncoded` add or take away
one passage as the coder works, so a ranking never waits for a rebuild.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from qualcode.services._base import Service
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.codings import reads as codings_query

if TYPE_CHECKING:
    from qualcode.analysis.suggestions import Suggestion, SuggestionIndex
    from qualcode.domain.codebook import Codebook

DEFINITION_WEIGHT = 1
"""How many coded passages a category's own guideline (name, definition, anchors) counts as
(more weight did not help on the measured material, see BENCHMARKS.md)."""


def guideline_text(book: Codebook, code: str) -> str:
    """A category's words as the codebook gives them: name, definition, rule, anchors."""
    category = book.get(code)
    if category is None:
        return ""
    parts = [category.name, category.definition, category.coding_rule]
    parts.extend(anchor.text for anchor in category.anchors)
    return "\n".join(parts)


def build_index(book: Codebook, coded: Iterable[tuple[str, str]]) -> SuggestionIndex:
    """The index of every category that takes codings, with the coded passages given as
    (category code, text)."""
    from qualcode.analysis.suggestions import SuggestionIndex

    index = SuggestionIndex(book.language or "de")
    for category in book:
        if category.status == "retired":
            continue
        index.add(category.code, guideline_text(book, category.code), weight=DEFINITION_WEIGHT)
    for code, text in coded:
        if code in index:
            index.add(code, text)
    return index


class LiveSuggestions:
    """An index kept current as coding goes on; safe to call from the UI and worker threads."""

    def __init__(self, index: SuggestionIndex) -> None:
        self._index = index
        self._lock = threading.Lock()

    def rank(self, text: str, *, among: Iterable[str] | None = None) -> list[Suggestion]:
        keys = self._index.keys(text)  # the lemma look-ups, outside the lock
        with self._lock:
            return self._index.rank_keys(keys, among=among)

    def coded(self, category: str, text: str) -> None:
        """A passage was coded with ``category``: its words now count for it."""
        keys = self._index.keys(text)
        with self._lock:
            self._index.add_keys(category, keys)

    def uncoded(self, category: str, text: str) -> None:
        """A coding was removed: its words no longer count for its category."""
        keys = self._index.keys(text)
        with self._lock:
            self._index.remove_keys(category, keys)


class SuggestionService(Service):
    def live(self) -> LiveSuggestions:
        """An index of the project as it is now, to keep current with :class:`LiveSuggestions`."""
        with self.database.reading() as reader:
            book = codebook_query.load(reader)
            coded = [(row["category_code"], row["text"]) for row in codings_query.texts(reader)]
        if book is None:
            from qualcode.domain.errors import NotFoundError

            raise NotFoundError("this project has no codebook yet")
        return LiveSuggestions(build_index(book, coded))

    def rank(self, text: str) -> list[Suggestion]:
        """The categories ``text`` resembles, best first (a fresh index: for scripts)."""
        return self.live().rank(text)
