"""Anonymisation: a project's replacement table applied to text, and the search for what is left.

A thesis hands in transcripts and quotes without the names of people, firms and places: each
term of the table (``Müller GmbH`` -> ``[Firma A]``) is replaced wherever it stands, with its
inflected and possessive forms (``Müllers``, ``Müller'``), the longest term first so that
``Müller GmbH`` wins over ``Müller``. A rule may also be a regular expression. Replacing changes
the length of a text, so :meth:`Anonymiser.rewrite` also returns how old offsets map to new
ones (codings and turns keep pointing at the same words).

:func:`candidates` lists what may still identify someone: e-mail addresses, phone numbers, URLs,
company suffixes and capitalised words a German lexicon does not know as nouns.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from typing import Any, Protocol, TypeVar

from qualcode.domain.transcript import Transcript

__all__ = [
    "Anonymiser",
    "Candidate",
    "Rewrite",
    "Rule",
    "anonymise_transcript",
    "candidates",
    "lexicon",
    "moved",
    "scrub",
]

T = TypeVar("T")


class _Passage(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


C = TypeVar("C", bound=_Passage)

# Endings a German name takes in running text: the genitive s/es, the apostrophe of a name
# ending in s (Hans'), and the English possessive. Not -n/-en: Hansen is another name.
_ENDINGS = r"(?:s|es|'s|’s|'|’)?"


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of the replacement table. ``regex``: ``term`` is a regular expression;
    ``ignore_case``: match regardless of case (the default is exact case)."""

    term: str
    replacement: str
    regex: bool = False
    ignore_case: bool = False

    def body(self) -> str:
        """What the rule matches, before its boundaries and case: a literal term's words with
        any run of blanks between them and its endings; a regular expression as written."""
        if self.regex:
            return self.term
        words = [re.escape(w) for w in self.term.split()]
        return r"\s+".join(words) + _ENDINGS + r"(?!\w)"

    def pattern(self) -> str:
        """The rule as a regular expression: a literal term as a whole word (see
        :meth:`body`), a regular expression as written."""
        body = self.body() if self.regex else r"(?<!\w)" + self.body()
        return f"(?i:{body})" if self.ignore_case else body


def check_rule(rule: Rule) -> None:
    """Raise ValueError with the reason if ``rule`` cannot be used."""
    if not rule.term.strip():
        raise ValueError("the term is empty")
    if rule.regex:
        try:
            compiled = re.compile(rule.term)
        except re.error as exc:
            raise ValueError(f"the regular expression {rule.term!r} is broken: {exc}") from exc
        if compiled.search(""):
            raise ValueError(f"the regular expression {rule.term!r} matches empty text")


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A replaced text and how offsets into the old text map into it."""

    text: str
    count: int
    # Each replacement as (old start, old end, new start, new end), in order.
    spans: tuple[tuple[int, int, int, int], ...] = ()

    def offset(self, old: int, *, end: bool = False) -> int:
        """Where the old offset ``old`` lies in the new text. An offset inside a replaced
        term moves to the replacement's start (or, with ``end``, its end), so a coding that
        began or ended inside a name covers the whole placeholder."""
        if not self.spans:
            return old
        i = bisect.bisect_right([s[0] for s in self.spans], old) - 1
        if i < 0:
            return old
        o_start, o_end, n_start, n_end = self.spans[i]
        if old == o_start:
            return n_start
        if old < o_end:
            return n_end if end else n_start
        return n_end + (old - o_end)


@dataclass
class Anonymiser:
    """The replacement table, ready to apply; counts the replacements it has made."""

    rules: Sequence[Rule]
    replacements: int = 0
    _literal: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list, init=False)
    _by_group: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # One alternation of the literal terms, longest first. The terms are grouped by their
        # first letter behind a lookahead, so that at most places of a text the engine tries
        # one cheap class instead of every term (50 terms: about 10 times faster).
        literal = sorted((r for r in self.rules if not r.regex), key=lambda r: -len(r.term))
        groups: dict[str, list[str]] = {}
        for i, rule in enumerate(literal):
            self._by_group[f"t{i}"] = rule.replacement
            body = f"(?i:{rule.body()})" if rule.ignore_case else rule.body()
            groups.setdefault(rule.term[0].lower(), []).append(f"(?P<t{i}>{body})")
        if groups:
            parts = [
                f"(?=[{re.escape(first)}{re.escape(first.upper())}])(?:{'|'.join(alternatives)})"
                for first, alternatives in groups.items()
            ]
            self._literal = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")
        self._patterns = [(re.compile(r.pattern()), r.replacement) for r in self.rules if r.regex]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Every place to replace as (start, end, replacement): at each place the longest
        match, places never overlapping."""
        found: list[tuple[int, int, str]] = []
        if self._literal is not None:
            found += [
                (m.start(), m.end(), self._by_group[str(m.lastgroup)])
                for m in self._literal.finditer(text)
            ]
        for pattern, replacement in self._patterns:
            found += [(m.start(), m.end(), m.expand(replacement)) for m in pattern.finditer(text)]
        if not self._patterns:
            return found  # one alternation: already in order and apart
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, str]] = []
        for item in found:
            if item[1] > item[0] and (not kept or item[0] >= kept[-1][1]):
                kept.append(item)
        return kept

    def rewrite(self, text: str) -> Rewrite:
        """``text`` with every term replaced, and the map of its offsets."""
        found = self.matches(text) if self.rules and text else []
        if not found:
            return Rewrite(text, 0)
        pieces: list[str] = []
        spans = []
        last = 0
        length = 0
        for start, end, replacement in found:
            pieces.append(text[last:start])
            length += start - last
            spans.append((start, end, length, length + len(replacement)))
            pieces.append(replacement)
            length += len(replacement)
            last = end
        pieces.append(text[last:])
        self.replacements += len(found)
        return Rewrite("".join(pieces), len(found), tuple(spans))

    def __call__(self, text: str) -> str:
        """``text`` with every term replaced."""
        return self.rewrite(text).text


# -- what may still identify someone ---------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”„]+[^\s<>\"“”„.,;:!?)\]]", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\d[\d ()/-]{5,}\d(?![\w/])")
_COMPANY = re.compile(
    r"(?:(?:\b[A-ZÄÖÜ][\w.-]*|&)\s+){1,3}(?:GmbH(?:\s*&\s*Co\.?\s*KG)?|AG|KG|UG|OHG|e\.\s?V\.|"
    r"SE|KGaA|Co\.)(?!\w)"
)
_LEADING = re.compile(
    r"(?:(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einer|Bei|Von|Mit|Für|Zur|Zum|Und|Auch|Aber)\s+)+"
)
_CAPITALISED = re.compile(r"(?<![\w\[])([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)(?![\w\]])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:…\"„“]\s*|\n\s*|/\s*)$")
_TITLED = re.compile(
    r"\b(?:Herrn?|Frau|Dr\.|Prof\.|Kollegin|Kollege|Kollegen)\s+([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)"
)
_ARTICLE = re.compile(
    r"(?<!\w)(?:der|die|das|den|dem|des|ein|eine[mnrs]?|kein|keine[mnrs]?|mein|meine[mnrs]?|"
    r"dein|deine[mnrs]?|sein|seine[mnrs]?|ihr|ihre[mnrs]?|unser|unsere[mnrs]?|eure[mnrs]?|"
    r"diese[mnrs]?|jede[mnrs]?|jene[mnrs]?|welche[mnrs]?|solche[mnrs]?|manche[mnrs]?|"
    r"zum|zur|im|am|beim|vom|ins|ans|aufs)\s+$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,40}\]")


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something in a text that may identify a person, firm or place."""

    kind: str  # e-mail, phone, url, company, name
    text: str
    start: int
    end: int


def candidates(text: str, known: Callable[[str, bool], bool]) -> list[Candidate]:
    """What may still identify someone in ``text``, in text order.

    ``known(word, opens)`` says whether a capitalised word is an ordinary word of the language
    (a noun of the lexicon, or any word of it when it opens a sentence, ``opens``); the others
    are listed as names.
    Placeholders in brackets (``[Firma A]``) are left alone.
    """
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for kind, pattern in (
        ("e-mail", _EMAIL),
        ("url", _URL),
        ("company", _COMPANY),
        ("phone", _PHONE),
    ):
        for m in pattern.finditer(text):
            if kind == "phone" and sum(ch.isdigit() for ch in m.group()) < 7:
                continue
            start, value = m.start(), m.group()
            if kind == "company":  # "Die Brandt GmbH": the article is no part of the name
                lead = _LEADING.match(value)
                if lead:
                    start, value = start + lead.end(), value[lead.end() :]
            if free(start, m.end()):
                found.append(Candidate(kind, value.strip(), start, m.end()))
                taken.append((start, m.end()))
    for m in _TITLED.finditer(text):  # Herr Schmidt: a name even where it is also a noun
        if free(m.start(1), m.end(1)):
            found.append(Candidate("name", m.group(1), m.start(1), m.end(1)))
            taken.append((m.start(1), m.end(1)))
    for m in _CAPITALISED.finditer(text):
        word = m.group(1)
        if not free(m.start(), m.end()):
            continue
        opens = bool(_SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]))
        if _ARTICLE.search(text[max(0, m.start() - 10) : m.start()]):
            continue  # "die Akquise", "zur Marge": a noun (names take no article)
        if known(word, opens) or all(known(part, opens) for part in word.split("-")):
            continue
        found.append(Candidate("name", word, m.start(), m.end()))
    found.sort(key=lambda c: c.start)
    return found


# The polite forms of address, capitalised anywhere in a sentence.
_ADDRESS = frozenset({"sie", "ihnen", "ihr", "ihre", "ihrer", "ihrem", "ihren", "ihres"})

_NOUN_ENDINGS = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "ität",
    "ismus",
    "nis",
    "tum",
    "ment",
    "ling",
    "ologie",
    "ik",
)


def lexicon(
    nouns: Iterable[str], words: Iterable[str], foreign: Iterable[str] = ()
) -> Callable[[str, bool], bool]:
    """``known`` for :func:`candidates`: ``nouns`` are the language's common nouns, ``words``
    every other word it knows (function words, adjectives, verbs), ``foreign`` words of another
    language that German writes capitalised (anglicisms: Lead, Customer, Website).

    A capitalised word inside a sentence is known when it is a noun (in the spelling before
    or after 1996: Abschluss, Abschluß), a foreign word, ends as nouns are formed (``-ung``,
    ``-keit``...), ends in a noun of five letters or more (``Logistik|leiter``) or is a known
    word and a noun (``Maschinen|bau``); at a
    sentence's start any known word counts (``Wir``, ``Ganz``).
    """
    noun_set = {w.lower() for w in nouns}
    foreign_set = {w.lower() for w in foreign}
    every = {w.lower() for w in words} | noun_set | foreign_set

    def noun(low: str) -> bool:
        return low in noun_set or ("ss" in low and low.replace("ss", "ß") in noun_set)

    def known(word: str, opens: bool) -> bool:
        low = word.lower()
        if noun(low) or low in foreign_set or low in _ADDRESS or (opens and low in every):
            return True
        if len(low) > 6 and low.endswith(_NOUN_ENDINGS):
            return True
        if low.endswith(("s", "n", "e")) and (noun(low[:-1]) or low[:-1] in foreign_set):
            return True  # a plural or genitive the table does not list
        for i in range(3, len(low) - 2):
            tail, head = low[i:], low[:i]
            if not noun(tail):
                continue
            if len(tail) >= 5 or (len(head) >= 4 and (head in every or head[:-1] in every)):
                return True
        return False

    return known


# -- whole objects ---------------------------------------------------------------------------

# Fields that hold identifiers rather than words: left as they are, so that a regular
# expression for numbers cannot break a GUID, a checksum or a category code.
_IDENTIFIERS = frozenset(
    {
        "guid",
        "memo_guid",
        "selection_guid",
        "sha256",
        "colour",
        "code",
        "parent",
        "category",
        "status",
        "format",
        "language",
        "coding_pass",
        "export_id",
        "exportId",
        "version",
        "codebook_version",
        "origin",
    }
)


def anonymise_transcript(
    transcript: Transcript, anonymiser: Anonymiser
) -> tuple[Transcript, Rewrite]:
    """``transcript`` with its text, name, attributes and speakers anonymised, its turns moved
    to the same words; the rewrite maps other offsets (codings) the same way."""
    rewrite = anonymiser.rewrite(transcript.text)
    turns = tuple(
        replace(
            t,
            char_start=rewrite.offset(t.char_start),
            char_end=rewrite.offset(t.char_end, end=True),
            speaker=anonymiser(t.speaker) if t.speaker else t.speaker,
        )
        for t in transcript.turns
    )
    document = replace(
        transcript.document,
        name=anonymiser(transcript.document.name),
        attributes={k: anonymiser(v) for k, v in transcript.document.attributes.items()},
    )
    return Transcript(document=document, text=rewrite.text, turns=turns), rewrite


def moved(coding: C, rewrite: Rewrite, text: str) -> C:
    """A coding (anything with ``start``, ``end`` and ``text``) moved with its transcript's
    rewrite: its offsets mapped and, where the text changed, its text cut from the new ``text``
    (already anonymised, so not counted again)."""
    if not rewrite.count:
        return coding
    start = rewrite.offset(coding.start)
    end = max(start, rewrite.offset(coding.end, end=True))
    return replace(coding, start=start, end=end, text=text[start:end])  # type: ignore[type-var]


def scrub(
    value: T,
    anonymiser: Anonymiser,
    *,
    other: Callable[[Any], Any] | None = None,
    skip: frozenset[str] = frozenset(),
) -> T:
    """``value`` with every text in it anonymised: strings, and those inside dataclasses,
    lists, tuples, sets and dicts (keys too, so that names used as keys stay consistent).
    Fields named as identifiers are left alone, and so are those in ``skip``
    (``"Class.field"``: already anonymised); ``other`` handles further types (a table),
    returning :data:`NotImplemented` for what it does not know."""
    return _scrub(value, anonymiser, other, skip)  # type: ignore[no-any-return]


def _scrub(
    value: Any,
    anonymiser: Anonymiser,
    other: Callable[[Any], Any] | None,
    skip: frozenset[str] = frozenset(),
) -> Any:
    if isinstance(value, str):
        return anonymiser(value)
    if value is None or isinstance(value, int | float | bool | bytes | date):
        return value
    if isinstance(value, Transcript):
        return anonymise_transcript(value, anonymiser)[0]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        kind = type(value).__name__
        for f in fields(value):
            if not f.init:
                continue
            current = getattr(value, f.name)
            if f.name.startswith("_"):
                changes[f.name] = copy.copy(current)
            elif f.name not in _IDENTIFIERS and f"{kind}.{f.name}" not in skip:
                changes[f.name] = _scrub(current, anonymiser, other, skip)
        return replace(value, **changes)
    if isinstance(value, dict):
        return {
            _scrub(k, anonymiser, other, skip): (
                v if k in _IDENTIFIERS else _scrub(v, anonymiser, other, skip)
            )
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = [_scrub(v, anonymiser, other, skip) for v in value]
        return type(value)(items) if not isinstance(value, list) else items
    if other is not None:
        found = other(value)
        if found is not NotImplemented:
            return found
    return value
