"""Which categories a passage resembles: the ranking behind the category picker's suggestions.

Each category is one bag of words: its name, definition, coding rule and anchor examples, and
the passages already coded with it. A passage is compared with every bag by Okapi BM25 over
the words' lemma keys (analysis/words.py; stop words left out), so "Kunden" in a passage meets
"Kunde" in a definition. The index is built once and then kept current as coding goes on: a
coding made or removed adds or takes away its passage's words (:meth:`SuggestionIndex.add`,
:meth:`SuggestionIndex.remove`), and the document frequencies follow, so nothing is rebuilt.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualcode.analysis.words import Vocabulary

# Chosen on a small grid (k1 0.8-2.0, b 0.3-1.0) over the sample codebook's anchors and a real
# study's coded quotes (bench/suggestions.py): saturating late (k1 = 2) served both best.
K1 = 2.0
B = 0.75


@dataclass(frozen=True, slots=True)
class Suggestion:
    category: str
    score: float


class SuggestionIndex:
    """BM25 over one bag of lemma keys per category, updated one passage at a time."""

    def __init__(self, language: str = "de") -> None:
        self.language = language
        self._vocabulary = Vocabulary(language)
        self._chunk_keys: dict[str, tuple[str, ...]] = {}
        self._bags: dict[str, Counter[str]] = {}
        self._lengths: dict[str, int] = {}
        self._df: Counter[str] = Counter()  # in how many bags each key occurs
        self._total = 0

    def keys(self, text: str) -> list[str]:
        """The lemma keys of ``text`` that count (no stop words, no one-letter words).

        Unlike word frequencies, what stands in brackets counts here: a note such as "(reads
        the task again)" tells the category apart (on the real codings measured, leaving the
        notes out cost 5 points of top-1 and of top-3; BENCHMARKS.md).

        Looked up once per chunk of text (analysis/words.py ``Vocabulary``): building the index
        from a project's codings repeats the same chunks many times over.
        """
        found: list[str] = []
        known = self._chunk_keys
        for chunk in text.split():
            keys = known.get(chunk)
            if keys is None:
                key = self._vocabulary.lemmas.key
                keys = known[chunk] = tuple(
                    key(w.text)
                    for w in self._vocabulary.chunk(chunk)
                    if not w.stop and len(w.text) > 1
                )
            found.extend(keys)
        return found

    def __contains__(self, category: object) -> bool:
        return category in self._bags

    @property
    def categories(self) -> list[str]:
        return list(self._bags)

    def add(self, category: str, text: str, *, weight: int = 1) -> None:
        """Add a passage (or a definition) to a category's bag."""
        self.add_keys(category, self.keys(text) * weight)

    def add_keys(self, category: str, keys: Sequence[str]) -> None:
        bag = self._bags.setdefault(category, Counter())
        self._lengths.setdefault(category, 0)
        for key in set(keys):
            if not bag[key]:
                self._df[key] += 1
        bag.update(keys)
        self._lengths[category] += len(keys)
        self._total += len(keys)

    def remove(self, category: str, text: str) -> None:
        """Take a passage back out of a category's bag (its coding was removed)."""
        self.remove_keys(category, self.keys(text))

    def remove_keys(self, category: str, keys: Sequence[str]) -> None:
        bag = self._bags.get(category)
        if bag is None:
            return
        counts = Counter(keys)
        for key, count in counts.items():
            have = bag.get(key, 0)
            taken = min(have, count)
            if not taken:
                continue
            self._lengths[category] -= taken
            self._total -= taken
            if have == taken:
                del bag[key]
                self._df[key] -= 1
                if not self._df[key]:
                    del self._df[key]
            else:
                bag[key] = have - taken

    def rank(self, text: str, *, among: Iterable[str] | None = None) -> list[Suggestion]:
        """The categories by their BM25 score for ``text``, best first (ties by code)."""
        return self.rank_keys(self.keys(text), among=among)

    def rank_keys(
        self, keys: Sequence[str], *, among: Iterable[str] | None = None
    ) -> list[Suggestion]:
        names = list(among) if among is not None else list(self._bags)
        bags = len(self._bags)
        if not bags or not keys:
            return [Suggestion(name, 0.0) for name in names]
        average = (self._total / bags) or 1.0
        query = Counter(keys)
        idf = {
            key: math.log(1 + (bags - self._df.get(key, 0) + 0.5) / (self._df.get(key, 0) + 0.5))
            for key in query
        }
        found = []
        for name in names:
            bag = self._bags.get(name)
            score = 0.0
            if bag:
                norm = K1 * (1 - B + B * self._lengths[name] / average)
                for key, times in query.items():
                    tf = bag.get(key, 0)
                    if tf:
                        score += times * idf[key] * tf * (K1 + 1) / (tf + norm)
            found.append(Suggestion(name, score))
        found.sort(key=lambda s: (-s.score, s.category))
        return found
