"""What a category's search rules find in a transcript: the passages dictionary autocoding
proposes (see domain/autocoding.py); the coder decides on each one.

Words are matched through the shared notion of a word (analysis/words.py): ``words`` by their
form in any case, ``lemmas`` by their key (every inflected form), ``phrases`` word by word in a
row, each in any form. A regular expression runs on each turn's text. The unit widens a match
to its sentence (analysis/sentences.py, the same sentences as everywhere else) or its turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from qualcode.analysis.sentences import sentence_spans
from qualcode.analysis.words import Lemmatizer, Word, lemma_table, words
from qualcode.domain.autocoding import Found, Rule, pattern_problem
from qualcode.domain.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class TurnText:
    """A turn's place in its document and its text (the document's text from start to end)."""

    start: int
    end: int
    text: str
    speaker: str | None = None  # the speaker's name (None: no label)
    role: str | None = None  # interviewer, respondent or other


class _Compiled:
    """A rule made ready to run: its words as they are compared, its regular expression compiled.

    Two forms are one word when their lemmas agree. Only where the lemma table lacks one of the
    two does the coarser key (the Snowball stem) decide: so "Kunde" (not in the table) still
    finds "Kunden". In German a capital tells a noun from a verb, so there the two lemmas must
    also agree in it: "Messe" does not find the verb "messen", whose stem is the same.
    """

    def __init__(self, rule: Rule, lemmas: Lemmatizer) -> None:
        self.rule = rule
        self.label = rule.describe()
        self.regex: re.Pattern[str] | None = None
        self.forms: tuple[str, ...] = ()
        self.parts: tuple[_Part, ...] = ()
        if rule.kind == "regex":
            problem = pattern_problem(rule.pattern)
            if problem:
                raise InvalidInputError(f"the rule {self.label!r} of {rule.category}: {problem}")
            self.regex = re.compile(rule.pattern)
            return
        found = words(rule.pattern, lemmas.language, lemmas)
        if not found:
            raise InvalidInputError(f"the rule {self.label!r} of {rule.category} has no word")
        self.forms = tuple(w.text.casefold() for w in found)
        table = lemma_table(lemmas.language)
        self._nouns = lemmas.language == "de"
        self.parts = tuple(_Part.of(w, table, self._nouns) for w in found)
        self._table = table

    def matches(self, turn: TurnText, found_words: Sequence[Word]) -> Iterable[tuple[int, int]]:
        """Spans of matches within the turn's text."""
        if self.regex is not None:
            for match in self.regex.finditer(turn.text):
                if match.end() > match.start():
                    yield match.start(), match.end()
            return
        size = len(self.forms)
        if self.rule.kind == "words":
            values = [w.text.casefold() for w in found_words]
            for index in range(len(values) - size + 1):
                if tuple(values[index : index + size]) == self.forms:
                    yield found_words[index].start, found_words[index + size - 1].end
            return
        parts = [_Part.of(w, self._table, self._nouns) for w in found_words]
        for index in range(len(parts) - size + 1):
            if all(self.parts[i].meets(parts[index + i]) for i in range(size)):
                yield found_words[index].start, found_words[index + size - 1].end


@dataclass(frozen=True, slots=True)
class _Part:
    lemma: str  # casefolded
    key: str
    known: bool  # the lemma table has the form
    noun: bool  # German: the lemma is capitalised (always False elsewhere)

    @classmethod
    def of(cls, word: Word, table: Mapping[str, str], nouns: bool) -> _Part:
        known = word.text in table or word.text.lower() in table
        noun = nouns and word.lemma[:1].isupper()
        return cls(word.lemma.casefold(), word.key, known, noun)

    def meets(self, other: _Part) -> bool:
        if self.lemma == other.lemma:
            return True
        unknown = not self.known or not other.known
        return unknown and self.noun == other.noun and self.key == other.key


def compile_rules(rules: Iterable[Rule], lemmas: Lemmatizer) -> list[_Compiled]:
    """The rules made ready to run; a bad pattern is refused here, naming its category."""
    return [_Compiled(rule, lemmas) for rule in rules]


def find(
    turns: Sequence[TurnText],
    rules: Sequence[Rule],
    *,
    language: str = "de",
    lemmatizer: Lemmatizer | None = None,
) -> list[Found]:
    """Every passage the rules find in these turns, widened to each rule's unit, once each
    (per category), in the order of the text."""
    lemmas = lemmatizer or Lemmatizer(language)
    compiled = compile_rules(rules, lemmas)
    seen: set[tuple[str, int, int]] = set()
    found: list[Found] = []
    for turn in turns:
        needs_words = any(
            c.regex is None and c.rule.searches(turn.speaker, turn.role) for c in compiled
        )
        turn_words = words(turn.text, language, lemmas) if needs_words else []
        sentences: list[tuple[int, int]] | None = None
        for rule in compiled:
            if not rule.rule.searches(turn.speaker, turn.role):
                continue
            for start, end in rule.matches(turn, turn_words):
                unit = rule.rule.unit
                if unit == "turn":
                    start, end = _trimmed(turn.text, 0, len(turn.text))
                elif unit == "sentence":
                    if sentences is None:
                        sentences = sentence_spans(turn.text, language)
                    start, end = _around(sentences, start, end)
                key = (rule.rule.category, turn.start + start, turn.start + end)
                if key in seen or end <= start:
                    continue
                seen.add(key)
                found.append(Found(key[0], key[1], key[2], rule.label))
    found.sort(key=lambda f: (f.start, f.end, f.category))
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _around(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentences a match lies in, from the first one's start to the last one's end."""
    inside = [s for s in sentences if s[0] < end and start < s[1]]
    if not inside:
        return start, end
    return min(start, inside[0][0]), max(end, inside[-1][1])
