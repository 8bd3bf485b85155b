"""Text normalisation: the one definition of the text that coding offsets refer to.

Offsets are Unicode code points over this normalised text, so every importer must pass its
output through :func:`normalise` and nothing may change the text afterwards without moving codings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_ODD_SPACE_CHARS = (
    "\t\u00a0\u2007\u202f\u3000"  # tab, no-break, figure, narrow no-break, ideographic
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a"  # en quad .. hair space
)
_SPACE_RUNS = re.compile(r"  +")


# The two character classes are compiled when a text first has such a character (a few tenths
# of a millisecond that a command reading the project need not pay on every start).
@cache
def _zero_width() -> re.Pattern[str]:
    return re.compile(f"[{_ZERO_WIDTH_CHARS}]")


@cache
def _odd_spaces() -> re.Pattern[str]:
    return re.compile(f"[{_ODD_SPACE_CHARS}]")


def normalise_line_ends(text: str) -> str:
    """CRLF and lone CR (old Mac files) become LF; Unicode line/paragraph separators too."""
    if "\r" in text:  # one fast scan spares the slower search for CRLF in most files
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n")


def _has_any(text: str, chars: str) -> bool:
    # One C-level substring search per character beats a regex scan of a large non-ASCII text.
    return any(ch in text for ch in chars)


def _is_latin_1(text: str) -> bool:
    """Text of Latin-1 characters only (German without typographic quotes) is always NFC.

    None of them decomposes or combines, and encoding such text is a copy, ten times as fast
    as the NFC check it spares.
    """
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def normalise(text: str, *, doubled_spaces: bool = True) -> str:
    """NFC, LF line ends, no BOM or zero-width marks, runs of blanks folded to one space.

    Non-breaking and other typographic spaces become plain spaces so that a search for a phrase
    finds it however the transcriber's software spaced it. Each step first checks whether it has
    anything to do: on a 4-million-word import that halves the time.

    ``doubled_spaces``: False when the caller knows that no two spaces stand side by side in
    the text (a file's bytes tell it faster than its characters, see
    ``importers/decoding.py``): the search for them, the slowest check, is then left out unless
    removing zero-width marks or turning other blanks into spaces may have made some.
    """
    text = normalise_line_ends(text)
    if not text.isascii():
        if _has_any(text, _ZERO_WIDTH_CHARS):
            text = _zero_width().sub("", text)
            doubled_spaces = True
        if not _is_latin_1(text) and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)  # (which makes and takes no spaces)
    if _has_any(text, _ODD_SPACE_CHARS):
        text = _odd_spaces().sub(" ", text)
        doubled_spaces = True
    if doubled_spaces and "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    return text


def spaces_kept(text: str) -> bool:
    """Whether :func:`normalise` keeps every space of the text, and makes none: no zero-width
    marks between blanks and no other blanks to become spaces (only runs are folded)."""
    return not _has_any(text, _ODD_SPACE_CHARS) and (
        text.isascii() or not _has_any(text, _ZERO_WIDTH_CHARS)
    )


def clean_line(line: str) -> str:
    """One line of running text: normalised and stripped."""
    return normalise(line).strip()


# What str.split() splits on besides the space and the line end: a text with none of them and
# single blanks between its words has one word more than it has blanks.
_OTHER_BLANKS = (
    "\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(map(chr, range(0x2000, 0x200B)))
)


def has_other_blanks(text: str) -> bool:
    """Whether the text has a blank other than the space and the line end (see word_count)."""
    return _has_any(text, _OTHER_BLANKS)


def word_count(text: str, *, single_blanks: bool = False) -> int:
    """Words as ``wc -w`` and word processors count them: runs of non-blank characters.

    A regular expression for "real" words costs three times as much on a 4-million-word import
    and differs by about 1 % (dashes, "(...)"), which no frequency table depends on.

    ``single_blanks``: the caller built the text so that no space or line end touches another
    or the text's ends (turns stripped, normalised and joined by one line end). Counting the
    blanks then gives the same number as splitting, four times as fast; a text with any other
    kind of blank (a vertical tab, U+205F ...) is still split.
    """
    if single_blanks and text and not has_other_blanks(text):
        return text.count(" ") + text.count("\n") + 1
    return len(text.split())
