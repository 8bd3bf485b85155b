"""Sentences within a turn, for agreement with the sentence as the fixed coding unit.

The rule is the one of ``domain/sentences.py`` (abbreviations, ordinals, times, transcription
marks and ellipses end no sentence), so that the units compared here are the ones the
workbench's sentence mode steps over, the quotes shorten at and the search index stores.
"""

from __future__ import annotations

from qualcode.domain.sentences import sentence_spans as _spans


def sentence_spans(text: str, language: str = "de") -> list[tuple[int, int]]:
    """Half-open character spans of the sentences in ``text``, without surrounding blanks.

    ``language`` is kept for callers that name it: the rule covers German and English alike.
    """
    del language
    return _spans(text)


def turn_sentences(text: str, turns: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The sentences of each turn ``(char_start, char_end)`` of a document's ``text``, as
    ``(turn index, start, end)`` in the document's offsets; a sentence never crosses a turn."""
    found: list[tuple[int, int, int]] = []
    for index, (turn_start, turn_end) in enumerate(turns):
        for first, last in _spans(text[turn_start:turn_end]):
            found.append((index, turn_start + first, turn_start + last))
    return found
