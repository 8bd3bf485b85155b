"""Word frequencies per group of texts (documents, categories, speaker roles, case groups).

Words are those of analysis/words.py (punctuation and numbers left out), counted by lemma
(gewann, gewonnen -> gewinnen) or by word form (in lower case, so a sentence's first word counts
with the rest). Stop words are left out: spaCy's list for the language and the project's own
list, matched against the form and the lemma alike. A group's size is its number of words that
are not stop words, which is what relative frequencies and keyness are computed against. What
a transcript sets in round or square brackets is not counted: transcription notes such as
(lacht), (unv.) or [Pause], and placeholders such as [Firma A] (analysis/words.py).

A text is counted by its chunks (the runs between blanks, ``Vocabulary``): each distinct chunk
is tokenized and lemmatised once for the whole count, the rest is ``Counter`` arithmetic, so
the whole bench project (four million words) counts in about twice the time a bare ``Counter``
over its text takes, with the same words a token-by-token count finds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from qualcode.analysis.words import Lemmatizer, Vocabulary, stop_words, without_notes, words


@dataclass(frozen=True, slots=True)
class WordRow:
    """One word's frequency in one group."""

    group: str
    word: str
    count: int
    per_thousand: float  # per 1,000 words of the group (stop words not counted)
    documents: int  # in how many documents of the group it occurs


@dataclass
class WordCounts:
    """Counts per group, the groups' sizes, and in which documents each word occurs.

    The documents a word occurs in are found when a row asks for them (``documents``): a count
    by category has a hundred thousand passages, and keeping a set per word and passage took
    most of its time.
    """

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    spread: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    # group -> (the chunks of each of its documents, word -> the chunks that count as it)
    _chunks: dict[str, tuple[list[set[str]], dict[str, set[str]]]] = field(default_factory=dict)

    def add(self, group: str, document: str, found: Iterable[str]) -> None:
        counter = self.counts.setdefault(group, Counter())
        where = self.spread.setdefault(group, {})
        found = list(found)
        counter.update(found)
        self.sizes[group] = self.sizes.get(group, 0) + len(found)
        for word in set(found):
            where.setdefault(word, set()).add(document)

    def add_chunks(
        self,
        group: str,
        documents: list[set[str]],
        counter: Counter[str],
        made_of: dict[str, set[str]],
    ) -> None:
        """A whole group at once: its words counted, the distinct chunks of each of its
        documents, and which chunks count as each word (may be shared by the groups)."""
        self.counts[group] = counter
        self.sizes[group] = sum(counter.values())
        self._chunks[group] = (documents, made_of)

    def documents(self, group: str, word: str) -> int:
        """In how many documents of ``group`` ``word`` occurs."""
        if group in self._chunks:
            documents, made_of = self._chunks[group]
            chunks = made_of.get(word)
            if not chunks:
                return 0
            return sum(1 for held in documents if not held.isdisjoint(chunks))
        return len(self.spread.get(group, {}).get(word, ()))

    def rows(self, top: int | None = None) -> list[WordRow]:
        """The most frequent words of each group (``top`` per group), groups in name order."""
        found = []
        for group in sorted(self.counts, key=str.casefold):
            counter = self.counts[group]
            size = self.sizes.get(group, 0) or 1
            ranked = sorted(
                counter.items(), key=lambda item: (-item[1], item[0].casefold(), item[0])
            )
            for word, count in ranked[:top] if top is not None else ranked:
                found.append(
                    WordRow(
                        group=group,
                        word=word,
                        count=count,
                        per_thousand=count * 1000 / size,
                        documents=self.documents(group, word),
                    )
                )
        return found


def counted_words(
    text: str,
    *,
    language: str = "de",
    lemma: bool = True,
    stop: frozenset[str] = frozenset(),
    lemmatizer: Lemmatizer | None = None,
) -> list[str]:
    """The words of ``text`` as they are counted: lemma or lower-case form, no stop words."""
    lemmas = lemmatizer or Lemmatizer(language)
    found = []
    for word in words(without_notes(text), language, lemmas):
        form = word.text.casefold()
        if word.stop or form in stop or word.lemma.casefold() in stop:
            continue
        found.append(word.lemma if lemma else form)
    return found


def count_words(
    passages: Iterable[tuple[str, str, str]],
    *,
    language: str = "de",
    lemma: bool = True,
    project_stop: Iterable[str] = (),
) -> WordCounts:
    """Word frequencies of ``passages``: (group, document, text) each.

    The same counts as :func:`counted_words` on each text, found chunk by chunk (see the module
    docstring): each group's texts are split and their chunks counted at C speed, and only the
    group's distinct chunks are looked at one by one.
    """
    vocabulary = Vocabulary(language)
    stop = frozenset(w.casefold() for w in project_stop) | stop_words(language)
    counted: dict[str, tuple[str, ...]] = {}  # chunk -> the words it counts as
    grouped: dict[str, dict[str, list[str]]] = {}  # group -> document -> its texts
    made_of: dict[str, set[str]] = {}  # word -> the chunks that count as it, filled at the end
    for group, document, text in passages:
        grouped.setdefault(group, {}).setdefault(document, []).append(text)
    result = WordCounts()
    for group, documents in grouped.items():
        chunks: Counter[str] = Counter()
        held: list[set[str]] = []
        for texts in documents.values():
            split = without_notes("\n".join(texts)).split()
            chunks.update(split)
            held.append(set(split))
        counter: Counter[str] = Counter()
        for chunk, times in chunks.items():
            words_of = counted.get(chunk)
            if words_of is None:
                words_of = counted[chunk] = tuple(
                    word.lemma if lemma else word.text.casefold()
                    for word in vocabulary.chunk(chunk)
                    if not (
                        word.stop or word.text.casefold() in stop or word.lemma.casefold() in stop
                    )
                )
            for word in words_of:
                counter[word] += times
        result.add_chunks(group, held, counter, made_of)
    for chunk, words_of in counted.items():  # every group's: a chunk not in a group is not met
        for word in words_of:
            made_of.setdefault(word, set()).add(chunk)
    return result
