"""Names from the outside world (file names, mostly), made safe to show and to keep.

A file name may hold a line break, a tab, an escape sequence that recolours the terminal, a
right-to-left override that turns ``exe.txt`` around, or blanks at either end. Shown as it is,
it breaks the one-line error into two or hides what it says; kept as a document's name, it
cannot be typed again. :func:`printable` is for messages, :func:`document_name` for names.
"""

from __future__ import annotations

import re
import unicodedata

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
