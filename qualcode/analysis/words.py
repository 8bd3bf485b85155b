"""Words of a text with their lemma: the one notion of a word that search, word frequencies,
autocoding and coding suggestions share.

Everything runs offline. spaCy's blank pipeline tokenizes (no model to download); the lemma
comes from the lookup tables of ``spacy-lookups-data`` (gewonnen, gewinnt, gewann -> gewinnen;
Messen -> Messe); a word the table lacks keeps its own form. Two words are the same for
matching when their *keys* agree: the casefolded Snowball stem (nltk's code, no data download)
of the lemma, so that "Kunde" (not in the table) and "Kunden" (table: Kunde) meet, and so do
the inflected forms of a word the table lacks (Kundenbindung, Kundenbindungen).

The stem alone would be too coarse in German: Snowball cuts derivational endings as well as
inflections, so gewinnen, Gewinn, Gewinner and Gewinnung all stem to "gewinn". A German key
therefore also says what the stem cannot: whether the lemma is a noun (capitalised: the key
is too, "Gewinn" against the verb's "gewinn") and which derivational ending it carries
(-ung, -heit, -keit, -lich, -isch, and a noun's -er: "Gewinn+ung", "Gewinn+er"). A lemma search
for a verb then finds its forms, not the nouns made from it; Kundin keeps a stem of its own.

The tables load on first use (under a second for German), so callers that must stay light
import this module only where they need it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from qualcode.domain.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from pathlib import Path

    from spacy.language import Language

#: Snowball's names for the languages spaCy's lookup tables and nltk's stemmers both know.
_SNOWBALL = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "sv": "swedish",
}


# What a transcript sets in brackets is not what was said: notes such as (lacht), (unv.), (…),
# [Pause], [00:12:31], placeholders such as [Firma A], the other speaker's [ja] (Dresing & Pehl,
# Kuckartz). Within one line, so that an unclosed bracket stays text.
_BRACKETED = re.compile(r"\([^()\n]*\)|\[[^\[\]\n]*\]")


def without_notes(text: str) -> str:
    """``text`` with what stands in round or square brackets blanked out, brackets and all
    (nested ones too: ((lacht))), so that counting and ranking leave transcription notes out."""
    if "(" not in text and "[" not in text:
        return text
    for _ in range(3):  # ((lacht)): the inner pair first, then the outer one
        blanked = _BRACKETED.sub(" ", text)
        if blanked == text:
            break
        text = blanked
    return text


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: where it is (half-open character offsets), its lemma and key."""

    start: int
    end: int
    text: str
    lemma: str
    key: str
    stop: bool


@lru_cache(maxsize=4)
def lemma_table(language: str) -> Mapping[str, str]:
    """The word -> lemma lookup table of ``language``; empty where spaCy has none."""
    try:
        data = resources.files("spacy_lookups_data") / "data" / f"{language}_lemma_lookup.json.gz"
        raw = data.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    table: dict[str, str] = json.loads(gzip.decompress(raw))
    return table


@lru_cache(maxsize=4)
def _tokenizer(language: str) -> Language:
    import spacy

    try:
        return spacy.blank(language)
    except (ImportError, KeyError, ValueError) as error:
        raise InvalidInputError(f"no word rules for the language {language!r}: {error}") from None


@lru_cache(maxsize=4)
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of ``language``, casefolded."""
    return frozenset(word.casefold() for word in _tokenizer(language).Defaults.stop_words)


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Callable[[str], str]:
    name = _SNOWBALL.get(language)
    if name is None:
        return str.casefold
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(name).stem  # type: ignore[no-any-return]


#: The keys' scheme: a cache of looked-up keys is kept per scheme (see :func:`cached_keys`).
KEYS_VERSION = 2

# German derivational endings that Snowball cuts off with the inflections, as they end a lemma
# or a form the table lacks (inflected): the ending each stands for. Longest first.
_DERIVED = tuple(
    (ending + inflection, ending)
    for ending in ("heit", "keit", "lich", "isch", "ung")
    for inflection in ("en", "em", "er", "es", "e", "")
    if ending in ("lich", "isch") or inflection in ("en", "")
)
# A noun's -er (Gewinner, Käufer, Lehrer: who does it) and its inflected forms.
_NOUN_DERIVED = (("ern", "er"), ("ers", "er"), ("er", "er"))


def _derivation(folded: str, noun: bool) -> str:
    """The derivational ending (as in :data:`_DERIVED`) that the casefolded German lemma
    ``folded`` ends with; "" for none."""
    for ending, name in _DERIVED:
        if folded.endswith(ending) and len(folded) > len(ending) + 2:
            return name
    if noun:
        for ending, name in _NOUN_DERIVED:
            if folded.endswith(ending) and len(folded) > len(ending) + 2:
                return name
    return ""


class Lemmatizer:
    """Lemma and matching key of single words, memoised: a transcript repeats its words."""

    def __init__(self, language: str = "de") -> None:
        self.language = language
        self._table = lemma_table(language)
        self._stem = _stemmer(language)
        self._keys: dict[str, str] = {}
        self._german = language == "de"

    def lemma(self, word: str) -> str:
        """The dictionary form of ``word``; the word itself where the table lacks it."""
        table = self._table
        found = table.get(word)
        if found is None and not word.islower():
            found = table.get(word.lower())
        return found if found is not None else word

    def key(self, word: str) -> str:
        """What two words share when they are forms of one word (see the module docstring)."""
        key = self._keys.get(word)
        if key is None:
            if not self._german:
                key = self._stem(self.lemma(word).casefold())
            else:
                lemma = self._reading(word)
                folded = lemma.casefold()
                noun = lemma[:1].isupper()
                if noun and folded.endswith("innen") and len(folded) > 7:
                    folded = folded[:-3]  # Kundinnen, where the table lacks it: Kundin
                key = self._stem(folded)
                derived = _derivation(folded, noun)
                if derived and not key.endswith(derived):  # (Snowball kept it: Freiheit)
                    key = f"{key}+{derived}"
                if noun:
                    key = key[:1].upper() + key[1:]
            self._keys[word] = key
        return key

    def _reading(self, word: str) -> str:
        """The lemma a German word's key is made of: its lemma, and for a word the table knows
        neither as a form nor as a lemma, that of the same word with the other first letter
        where the table knows that one, since the capital tells the noun: "kunden" in a text
        written in small letters is the noun Kunden, "Kaufen" at the start of a sentence the
        verb kaufen (but "gewinnen", a verb the table knows, stays one, and so does "gewinne",
        a form of it)."""
        found = self._table.get(word)
        if found is None and not word.islower():
            found = self._table.get(word.lower())
        if found is not None:
            return found
        known = lemma_forms(self.language)
        if word in known:
            return word
        if word.islower():
            for verb in (word + "n", word + "en"):  # ich gewinne, kaufe: a verb's own form
                if verb in known:
                    return verb
            other = word.capitalize()
            found = self._table.get(other)
            if found is not None:
                return found
        elif word[1:].islower():
            other = word.lower()
        else:
            return word
        return other if other in known else word


@lru_cache(maxsize=4)
def lemma_forms(language: str) -> frozenset[str]:
    """The lemmas of ``language``'s lookup table: the words it knows in their dictionary form
    (which it lists only as the lemma of other forms)."""
    return frozenset(lemma_table(language).values())


def words(text: str, language: str = "de", lemmatizer: Lemmatizer | None = None) -> list[Word]:
    """The words of ``text`` (punctuation, numbers and blanks left out), with lemma and key."""
    lemmas = lemmatizer or Lemmatizer(language)
    stops = stop_words(language)
    found = []
    for token in _tokenizer(language).tokenizer(text):
        if not token.is_alpha:
            continue
        form = token.text
        found.append(
            Word(
                start=token.idx,
                end=token.idx + len(form),
                text=form,
                lemma=lemmas.lemma(form),
                key=lemmas.key(form),
                stop=form.casefold() in stops,
            )
        )
    return found


def cached_keys(words: Iterable[str], language: str, folder: Path | None) -> dict[str, str]:
    """The keys of a few words (a search's query), remembered in ``folder``: the lemma table
    takes about a second to load and nltk a quarter, so a word looked up once is not looked
    up again; ``folder`` None: no cache, the tables are loaded."""
    wanted = list(dict.fromkeys(words))
    path = None if folder is None else folder / f"word-keys-{language}-{KEYS_VERSION}.json"
    known: dict[str, str] = {}
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                known = {str(k): str(v) for k, v in loaded.items()}
    missing = [word for word in wanted if word not in known]
    if missing:
        lemmas = Lemmatizer(language)
        known.update({word: lemmas.key(word) for word in missing})
        if path is not None:
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".tmp")
                partial.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")
                partial.replace(path)
    return {word: known[word] for word in wanted}


@dataclass(frozen=True, slots=True)
class ChunkWord:
    """A word of a chunk as counting needs it: no offsets (see :class:`Vocabulary`)."""

    text: str
    lemma: str
    stop: bool


class Vocabulary:
    """The words of texts, looked up once per *chunk* (a run of text between blanks).

    spaCy's tokenizer splits at blanks first and then works on each chunk alone, so a chunk
    always gives the same words wherever it stands ("E-Mail," "z.B." "don't"). A project of four
    million words has some tens of thousands of distinct chunks: counting the chunks with
    ``str.split`` and looking each up once gives exactly the words :func:`words` finds, at
    nearly the speed of a bare ``Counter`` over the text. For counting and ranking, which need
    no offsets; search and autocoding, which do, use :func:`words`.
    """

    def __init__(self, language: str = "de", lemmatizer: Lemmatizer | None = None) -> None:
        self.language = language
        self.lemmas = lemmatizer or Lemmatizer(language)
        tokenizer = _tokenizer(language).tokenizer
        self._tokenize = tokenizer
        # "gonna", "cannot", "z.B." ...: the tokenizer's special cases
        self._special = frozenset(getattr(tokenizer, "rules", None) or ())
        self._stops = stop_words(language)
        self._chunks: dict[str, tuple[ChunkWord, ...]] = {}

    def chunk(self, chunk: str) -> tuple[ChunkWord, ...]:
        """The words of one chunk (punctuation and numbers left out), memoised."""
        found = self._chunks.get(chunk)
        if found is None and chunk.isalpha() and chunk not in self._special:
            # letters alone, no special case: one token, the chunk itself (a tenth of the time)
            found = (ChunkWord(chunk, self.lemmas.lemma(chunk), chunk.casefold() in self._stops),)
            self._chunks[chunk] = found
        elif found is None:
            lemma, stops = self.lemmas.lemma, self._stops
            found = tuple(
                ChunkWord(token.text, lemma(token.text), token.text.casefold() in stops)
                for token in self._tokenize(chunk)
                if token.is_alpha
            )
            self._chunks[chunk] = found
        return found

    def words(self, text: str) -> Iterator[ChunkWord]:
        """The words of ``text`` in order, as :func:`words` finds them (without offsets)."""
        chunk = self.chunk
        for piece in text.split():
            yield from chunk(piece)
