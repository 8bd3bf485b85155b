"""Text normalisation: the one definition of the text that coding offsets refer to.

Offsets are Unicode code points over this normalised text, so every importer must pass its
output through :func:`normalise` and nothing may change the text afterwards without moving codings.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def normalise_line_ends(text: str) -> str:
    """CRLF and lone CR (old Mac files) become LF; Unicode line/paragraph separators too."""
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )


def normalise(text: str) -> str:
    """NFC, LF line ends, no BOM or zero-width marks, runs of blanks folded to one space.

    Non-breaking and other typographic spaces become plain spaces so that a search for a phrase
    finds it however the transcriber's software spaced it.
    """
    text = normalise_line_ends(text)
    text = _ZERO_WIDTH.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text)


def clean_line(line: str) -> str:
    """One line of running text: normalised and stripped."""
    return normalise(line).strip()


def word_count(text: str) -> int:
    """Words as a reader counts them (hyphenated compounds are one word)."""
    return sum(1 for _ in _WORD.finditer(text))
