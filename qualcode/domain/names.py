"""Names from the outside world (file names, mostly), made safe to show and to keep.

A file name may hold a line break, a tab, an escape sequence that recolours the terminal, a
right-to-left override that turns ``exe.txt`` around, or blanks at either end. Shown as it is,
it breaks the one-line error into two or hides what it says; kept as a document's name, it
cannot be typed again. :func:`printable` is for messages, :func:`document_name` for names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

# Control characters, format characters (bidi overrides, zero-width marks) and the Unicode
# line and paragraph separators.
_ODD_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _odd(ch: str) -> bool:
    return unicodedata.category(ch) in _ODD_CATEGORIES


def printable(text: str) -> str:
    """``text`` as one line a terminal shows as it is: unchanged when it is plain; otherwise
    every control or format character escaped (``\\n``, ``\\x1b``, ``\\u202e``) and the whole
    quoted, so that blanks at either end stay visible."""
    if text == text.strip() and (text.isascii() and text.isprintable() or not any(map(_odd, text))):
        return text
    shown = "".join(_escape(ch) if _odd(ch) else ch for ch in text)
    return f"'{shown}'"


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_BLANKS = re.compile(r"\s+")


def document_name(stem: str) -> str:
    """The document name for a file named ``stem``: control and format characters become
    blanks, runs of blanks one space, and blanks at either end go. Empty when nothing is left."""
    cleaned = "".join(" " if _odd(ch) else ch for ch in stem)
    return _BLANKS.sub(" ", cleaned).strip()


# ----- default names from long file names ------------------------------------------------------

#: A file name longer than this gives a shortened document name (see :func:`short_name`).
SHORT_NAME = 40

# Words in a file name that say how far the file has come, not whose interview it is.
_NOISE = re.compile(
    r"""(?ix)
    final|finale|endfassung|endversion|
    v\d+(\.\d+)*|version\d*|rev\d*|
    transkript|transkription|transkribiert|transcript|transcription|transcribed|
    korrigiert|corrected|überarbeitet|draft|entwurf|kopie|copy|
    \d{4}-\d{2}-\d{2}|\d{8}|\d{1,2}\.\d{1,2}\.\d{2,4}   # dates: 2024-03-12, 20240312, 12.03.2024
    """
)
_WORD_BREAKS = re.compile(r"[\s_]+")


def short_name(name: str) -> str:
    """A name of at most :data:`SHORT_NAME` characters that a thesis can cite, for a long one.

    A name that fits stays as it is (``B01``, ``Interview_Müller``). A longer one is taken
    apart at blanks and underscores; the words that only say how far the file has come
    (``final``, ``v3``, ``transkribiert``, ``transcript``, ``korrigiert``, ``draft``, ...) and
    dates go; the rest is joined with blanks and, when still too long, cut after the last whole
    word that fits. ``Interview_2024-03-12_Geschäftsführer_Müller_GmbH_final_v3_transkribiert``
    becomes ``Interview Geschäftsführer Müller GmbH``.
    """
    if len(name) <= SHORT_NAME:
        return name
    words = [w for w in _WORD_BREAKS.split(name) if w]
    kept = [w for w in words if not _NOISE.fullmatch(w)] or words
    short = kept[0][:SHORT_NAME]
    for word in kept[1:]:
        if len(short) + 1 + len(word) > SHORT_NAME:
            break
        short = f"{short} {word}"
    return short.strip(" -.,;") or short


def numbered(name: str, taken: Container[str]) -> str:
    """``name``, or the first of ``name (2)``, ``name (3)``, ... that is not ``taken``."""
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"
