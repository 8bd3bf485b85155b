"""Word frequencies and keyness over the project, and the project's own stop list.

The texts are grouped by document, by category (the passages coded with it), by speaker role
(the turns of interviewers and respondents) or by a case attribute's value; each group's words
are counted by lemma or form without stop words (analysis/word_frequencies.py), and two groups
are compared by log-likelihood (analysis/keyness.py). Counting loads the language tables (about
a second), so the workbench calls this from a worker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services._base import Service
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:
    from qualcode.analysis.keyness import Keyness
    from qualcode.analysis.word_frequencies import WordCounts, WordRow

STOP_KEY = "stop-words"
GROUPINGS = ("document", "category", "speaker")
"""What ``--by`` takes besides ``attr:KEY``."""
MAX_STOP_WORD = 100


@dataclass(frozen=True, slots=True)
class WordTable:
    """Word frequencies as a front end shows them, with what they were counted over."""

    by: str  # "all", "document", "category", "speaker" or "attr:KEY"
    lemma: bool
    rows: list[WordRow]
    sizes: dict[str, int]  # words per group, stop words left out


@dataclass(frozen=True, slots=True)
class KeynessTable:
    by: str
    group_a: str
    group_b: str
    size_a: int
    size_b: int
    lemma: bool
    rows: list[Keyness]


def check_grouping(by: str | None) -> str:
    """``by`` as the services take it; an unknown grouping is refused in the user's words."""
    if by is None or by == "all":
        return "all"
    if by in GROUPINGS or (by.startswith("attr:") and by[5:].strip()):
        return by
    raise InvalidInputError(
        f"group words by document, category, speaker or attr:KEY (a case attribute), not {by!r}"
    )


class WordService(Service):
    # ----- the stop list --------------------------------------------------------------------

    def stop_list(self) -> list[str]:
        """The project's own stop words (beside spaCy's list for the language)."""
        with self.database.reading() as reader:
            return _stop_list(reader)

    def change_stop_list(self, *, add: Iterable[str] = (), remove: Iterable[str] = ()) -> list[str]:
        """Add words to the project's stop list or take them off; returns the list."""
        from qualcode.domain.audit import StopWordsChanged
        from qualcode.storage.settings import writes as settings_repo

        adding = [w.strip().casefold() for w in add if w.strip()]
        removing = [w.strip().casefold() for w in remove if w.strip()]
        for word in adding:
            if len(word) > MAX_STOP_WORD or any(ch.isspace() for ch in word):
                raise InvalidInputError(f"a stop word is one word of up to {MAX_STOP_WORD} letters")
        with self.unit_of_work() as uow:
            before = _stop_list(uow.tx)
            words = sorted((set(before) | set(adding)) - set(removing), key=str.casefold)
            added = sorted(set(words) - set(before))
            removed = sorted(set(before) - set(words))
            if added or removed:
                settings_repo.put(uow.tx, STOP_KEY, words)
                uow.record(StopWordsChanged(added=added, removed=removed, words=words))
        return words

    # ----- frequencies and keyness ----------------------------------------------------------

    def frequencies(
        self, *, by: str | None = None, lemma: bool = True, top: int | None = 20
    ) -> WordTable:
        """The most frequent words of each group (``top`` per group; None: all of them)."""
        by = check_grouping(by)
        if top is not None and top < 1:
            raise InvalidInputError("--top must be 1 or more")
        counts = self._count(by, lemma)
        return WordTable(by=by, lemma=lemma, rows=counts.rows(top), sizes=dict(counts.sizes))

    def groups(self, by: str | None) -> list[str]:
        """The groups a grouping makes (for choosing two to compare)."""
        by = check_grouping(by)
        with self.database.reading() as reader:
            return sorted({group for group, _, _ in _passages(reader, by, texts=False)})

    def keyness(
        self, group_a: str, group_b: str, *, by: str | None = None, lemma: bool = True
    ) -> KeynessTable:
        """The words that tell group A from group B (log-likelihood), the most key first.

        Group B may be ``rest``: every other group together.
        """
        from qualcode.analysis.keyness import keyness

        by = check_grouping(by)
        if by == "all":
            raise InvalidInputError(
                "keyness compares two groups: say how to group (--by document, category, "
                "speaker or attr:KEY)"
            )
        counts = self._count(by, lemma)
        missing = [g for g in (group_a, group_b) if g not in counts.counts and g != "rest"]
        if missing:
            known = ", ".join(sorted(counts.counts, key=str.casefold)[:20])
            raise NotFoundError(f"there is no group {missing[0]!r} by {by}; the groups: {known}")
        if group_a == group_b or group_a == "rest":
            raise InvalidInputError("compare two different groups (B may be 'rest')")
        if group_b == "rest":
            rest: Counter[str] = Counter()
            for name, counter in counts.counts.items():
                if name != group_a:
                    rest.update(counter)
            counts.counts["rest"] = rest
            counts.sizes["rest"] = sum(
                n for g, n in counts.sizes.items() if g not in (group_a, "rest")
            )
        size_a, size_b = counts.sizes.get(group_a, 0), counts.sizes.get(group_b, 0)
        if not size_a or not size_b:
            raise InvalidInputError("one of the groups has no words to compare")
        rows = keyness(counts.counts[group_a], counts.counts[group_b], size_a=size_a, size_b=size_b)
        return KeynessTable(by, group_a, group_b, size_a, size_b, lemma, rows)

    def _count(self, by: str, lemma: bool) -> WordCounts:
        from qualcode.analysis.word_frequencies import count_words

        with self.database.reading() as reader:
            language = _language(reader)
            stop = _stop_list(reader)
            passages = list(_passages(reader, by))
        if not passages:
            raise NotFoundError(
                "there is nothing to count: import transcripts first"
                + (" and code passages" if by == "category" else "")
            )
        return count_words(passages, language=language, lemma=lemma, project_stop=stop)


def _stop_list(reader: Reader) -> list[str]:
    found = settings_query.get(reader, STOP_KEY)
    return [str(w) for w in found] if isinstance(found, list) else []


def _language(reader: Reader) -> str:
    version = codebook_query.current_version(reader)
    return version.language if version is not None and version.language else "de"


def _passages(reader: Reader, by: str, *, texts: bool = True) -> Iterator[tuple[str, str, str]]:
    """(group, document, text) of every passage a grouping counts."""
    from qualcode.domain.speakers import SpeakerMap

    documents = documents_query.list_all(reader)
    ids = [d.id for d in documents]
    names = {d.id: d.name for d in documents}
    if by == "category":
        from qualcode.storage.codings import reads as codings_query

        seen: set[tuple[str, str, int, int]] = set()
        for coding in codings_query.query(reader):
            key = (coding.category, coding.document, coding.start, coding.end)
            if key not in seen:  # two coders' same passage counts once
                seen.add(key)
                yield coding.category, coding.document, coding.text
        return
    if by == "speaker":
        speakers = SpeakerMap.from_json(settings_query.get(reader, "speakers"))
        all_texts = documents_query.texts(reader, ids) if texts else {}
        for doc_id, turns in documents_query.turn_spans(reader, ids).items():
            text = all_texts.get(doc_id, "")
            for turn in turns:
                role = speakers.role(turn["speaker"]) if turn["speaker"] else "(no speaker)"
                yield role, names[doc_id], text[turn["char_start"] : turn["char_end"]]
        return
    all_texts = documents_query.texts(reader, ids) if texts else {}
    for doc in documents:
        if by == "all":
            group = "all"
        elif by == "document":
            group = doc.name
        else:
            group = doc.attributes.get(by[5:].strip(), "(none)")
        yield group, doc.name, all_texts.get(doc.id, "")
