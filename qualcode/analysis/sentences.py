"""Sentences within a turn, for agreement with the sentence as the fixed coding unit.

spaCy's rule-based sentencizer on a blank pipeline: no model to download, and it knows the
punctuation of every language spaCy supports. It loads on first use only (about a second).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from qualcode.domain.errors import InvalidInputError

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=4)
def _pipeline(language: str) -> Language:
    import spacy

    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError) as error:
        raise InvalidInputError(
            f"cannot split sentences for the language {language!r}: {error}"
        ) from None
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str, language: str = "de") -> list[tuple[int, int]]:
    """Half-open character spans of the sentences in ``text``, without surrounding blanks."""
    spans = []
    for sentence in _pipeline(language)(text).sents:
        start, end = sentence.start_char, sentence.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
