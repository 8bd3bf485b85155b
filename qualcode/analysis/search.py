"""Searching a project's texts: the index of a document, and how a query's words meet the
project's word forms.

The index keeps, per document, its sentences (the one rule of ``domain/sentences.py``) and
where each word form stands; the forms are kept once per project with their matching key
(``analysis/words.py``). A search then looks at the forms (tens of thousands) rather than the
text (millions of words): a plain search takes the forms holding the query, a lemma search the
forms sharing its key, a search by parts the compounds holding one of those forms. Phrases,
patterns and text across words are found in the text itself.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from qualcode.analysis.sentences import turn_sentences
from qualcode.domain.errors import InvalidInputError
from qualcode.domain.search import SearchQuery

#: Raised when the index's rules change, so that every document is indexed again.
INDEX_VERSION = 1
#: Longer "words" (a pasted hash, a URL's tail) are left out of the index.
LONGEST_FORM = 100
_TOKEN = re.compile(r"\w+")
_WORDS_AND_GAPS = re.compile(r"(\w+)")
# The endings a compound may carry after its last part (Neukunde-n), and its first part's
# linking element (Geschäft-s-kunden): shorter than a word of its own.
_ENDING = 2


@dataclass(frozen=True, slots=True)
class DocumentIndex:
    """What the index keeps of one document."""

    sentences: list[int]  # flat: start, end, start, end, ... in the document's offsets
    words: int
    starts: dict[str, list[int]]  # word form -> where it starts


def word_forms(text: str) -> Iterator[tuple[int, str]]:
    """``(start, form)`` of every word (a run of letters; numbers and marks are no words)."""
    for match in _TOKEN.finditer(text):
        form = match.group()
        if form.isalpha():
            yield match.start(), form


def index_document(text: str, turns: Sequence[tuple[int, int]]) -> DocumentIndex:
    """The sentences of each turn and the places of each word form of a document."""
    sentences: list[int] = []
    for _turn, start, end in turn_sentences(text, list(turns)):
        sentences += (start, end)
    starts: dict[str, list[int]] = defaultdict(list)
    words = 0
    # Split at C speed into blank, word, blank, word, ...: a match object per word would take
    # half the time again (4 million words).
    pieces = _WORDS_AND_GAPS.split(text)
    position = len(pieces[0])
    rest = iter(pieces)
    next(rest)
    for form, gap in zip(rest, rest, strict=True):
        if form.isalpha():
            words += 1
            if len(form) <= LONGEST_FORM:
                starts[form].append(position)
        position += len(form) + len(gap)
    return DocumentIndex(sentences, words, dict(starts))


def pack(starts: Sequence[int]) -> bytes:
    """Offsets as little-endian unsigned 32-bit integers (the same bytes on every machine)."""
    packed = array("I", starts)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack(data: bytes) -> array[int]:
    found = array("I")
    found.frombytes(bytes(data))
    if sys.byteorder == "big":
        found.byteswap()
    return found


def pack_turns(starts: Sequence[int], positions: Sequence[int]) -> bytes:
    """A document's turns in text order, as the index keeps them: the starts, then the Pos."""
    return pack([*starts, *positions])


def unpack_turns(data: bytes) -> tuple[list[int], list[int]]:
    """The starts and the Pos. of :func:`pack_turns`."""
    found = unpack(data)
    half = len(found) // 2
    return found[:half].tolist(), found[half:].tolist()


def uses_index(query: SearchQuery) -> bool:
    """Whether the index answers ``query``: one word of letters (or a lemma phrase); patterns
    and text across words or punctuation are found in the text itself."""
    if query.regex:
        return False
    words = query.words
    if query.lemma or query.parts:
        return all(word.isalpha() for word in words)
    return len(words) == 1 and words[0].isalpha()


def matching_forms(
    word: str,
    terms: Mapping[str, str],
    *,
    query: SearchQuery,
    key: str | None,
) -> dict[str, list[tuple[int, int]]]:
    """The project's forms ``word`` finds, each with the ``(offset, length)`` of the match
    inside the form: the whole form, or (a plain search) every place the word stands in it.

    ``terms`` maps each form to its key; ``key`` is the word's own key (for ``lemma``).
    """
    folded = word.lower()
    found: dict[str, list[tuple[int, int]]] = {}
    if query.lemma:
        own = {form for form, form_key in terms.items() if form_key == key}
    elif query.whole_word or query.parts:
        own = {form for form in terms if form.lower() == folded}
    else:
        for form in terms:
            lowered = form.lower()
            if folded in lowered and len(lowered) == len(form):
                at = lowered.find(folded)
                places = []
                while at >= 0:
                    places.append((at, len(folded)))
                    at = lowered.find(folded, at + 1)
                found[form] = places
        return found
    for form in own:
        found[form] = [(0, len(form))]
    if query.parts:
        parts = {form.lower() for form in own} | {folded}
        for form in compounds(parts, terms):
            found.setdefault(form, [(0, len(form))])
    return found


def like_pattern(word: str) -> str:
    """A LIKE pattern (case aside) that every form holding ``word`` upper or lower case alike
    matches, and a few more: the forms a plain or whole-word search looks at, read without the
    rest. Letters are kept only where a form's letter is lowercased to them by SQL as by Python
    (a-z but i and k: Python lowercases "İ" to "i" and a dot, the Kelvin sign to "k"); any
    other letter stands for anything."""
    kept = "".join(
        letter if "a" <= letter <= "z" and letter not in "ik" else "%" for letter in word.lower()
    )
    return "%" + "%".join(part for part in kept.split("%") if part) + "%"


def compounds(parts: Iterable[str], forms: Iterable[str]) -> list[str]:
    """The ``forms`` that are compounds with one of ``parts`` (lowercase) as a part: "kunden"
    is a part of Neukunden, Kundenbindung and Neukundengewinnung, not of Kunden itself.

    What stands before the part and after it must each be a word of its own (three letters
    or more), except a short ending after the last part (Neukunde-n) or a linking element
    (Kunde-n-bindung, Geschäft-s-kunden) beside a longer word.
    """
    wanted = sorted({part for part in parts if len(part) >= 3}, key=len, reverse=True)
    found = []
    for form in forms:
        lowered = form.lower()
        for part in wanted:
            at = lowered.find(part)
            while at >= 0:
                head, tail = lowered[:at], lowered[at + len(part) :]
                if _is_compound(head, tail):
                    found.append(form)
                    break
                at = lowered.find(part, at + 1)
            else:
                continue
            break
    return found


def _is_compound(head: str, tail: str) -> bool:
    if not head and not tail:
        return False
    if head and len(head) < 3:
        return False
    if not head:
        return len(tail) > _ENDING
    return not tail or len(tail) > _ENDING or len(head) >= 3


def text_pattern(query: SearchQuery) -> re.Pattern[str]:
    """The regular expression that finds ``query`` in the text (case does not matter)."""
    if query.regex:
        source = query.text
    else:
        source = r"\s+".join(re.escape(word) for word in query.words)
        if query.whole_word:
            source = rf"(?<!\w){source}(?!\w)"
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as error:
        raise InvalidInputError(f"not a regular expression: {error}") from None


def phrase_end(
    text: str, end: int, words: Sequence[str], same: Mapping[str, str], keys: Sequence[str]
) -> int | None:
    """Where a phrase ends whose first word ends at ``end``, when the next words of the text
    have the ``keys`` of the phrase's other words ``words``; None when they do not."""
    position = end
    for _word, key in zip(words, keys, strict=True):
        match = _TOKEN.search(text, position, position + 200)
        if match is None or not text[position : match.start()].isspace():
            return None
        if same.get(match.group()) != key:
            return None
        position = match.end()
    return position
