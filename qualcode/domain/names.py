"""Names from the outside world (file names, mostly), made safe to show and to keep.

A file name may hold a line break, a tab, an escape sequence that recolours the terminal, a
right-to-left override that turns ``exe.txt`` around, or blanks at either end. Shown as it is,
it breaks the one-line error into two or hides what it says; kept as a document's name, it
cannot be typed again. :func:`printable` is for messages, :func:`document_name` for names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Container, Sequence

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
    # (A printable name has none of them: the common case, told without a look a character.)
    cleaned = stem if stem.isprintable() else "".join(" " if _odd(ch) else ch for ch in stem)
    return _BLANKS.sub(" ", cleaned).strip()


# ----- default names from long file names ------------------------------------------------------

#: A file name longer than this gives a shortened document name (see :func:`short_name`).
SHORT_NAME = 40

# Words in a file name that say how far the file has come, not whose interview it is.
_NOISE = r"""(?ix)
    final|finale|endfassung|endversion|
    v\d+(\.\d+)*|version\d*|rev\d*|
    transkript|transkription|transkribiert|transcript|transcription|transcribed|
    korrigiert|corrected|überarbeitet|draft|entwurf|kopie|copy|
    \d{4}-\d{2}-\d{2}|\d{8}|\d{1,2}\.\d{1,2}\.\d{2,4}   # dates: 2024-03-12, 20240312, 12.03.2024
    """
_WORD_BREAKS = re.compile(r"[\s_]+")


def short_name(name: str, keep: Collection[str] = ()) -> str:
    """A name of at most :data:`SHORT_NAME` characters that a thesis can cite, for a long one.

    A name that fits stays as it is (``B01``, ``Interview_Müller``). A longer one is taken
    apart at blanks and underscores; the words that only say how far the file has come
    (``final``, ``v3``, ``transkribiert``, ``transcript``, ``korrigiert``, ``draft``, ...) and
    dates go; the rest is joined with blanks and, when still too long, cut after the last whole
    word that fits. ``Interview_2024-03-12_Geschäftsführer_Müller_GmbH_final_v3_transkribiert``
    becomes ``Interview Geschäftsführer Müller GmbH``. A word with a digit in it (``B07``,
    ``interview1``) tells interviews apart, so it stays even beyond the cut, as do the words of
    ``keep`` (those that tell the name from files imported with it, see :func:`short_names`):
    ``NodeGrade_paper_ECSEE_qualitative_data_interview1_german`` becomes ``NodeGrade paper
    ECSEE interview1``.
    """
    if len(name) <= SHORT_NAME:
        return name
    words = [w for w in _WORD_BREAKS.split(name) if w]
    kept = [w for w in words if not re.fullmatch(_NOISE, w)] or words  # compiled once, cached
    wanted = [i for i, w in enumerate(kept) if i and (w in keep or _DIGIT.search(w))]
    room = SHORT_NAME - sum(len(kept[i]) + 1 for i in wanted)
    if room < 1 + len(kept[0]) // 2:  # the words to keep leave no room for a beginning
        wanted, room = [], SHORT_NAME
    short = kept[0][:room]
    chosen = [0]
    for i in range(1, len(kept)):
        if i in wanted:
            continue
        if len(short) + 1 + len(kept[i]) > room:
            break
        short = f"{short} {kept[i]}"
        chosen.append(i)
    return (
        " ".join(kept[i][:room] if i == 0 else kept[i] for i in sorted([*chosen, *wanted])).strip(
            " -.,;"
        )
        or short
    )


def short_names(stems: Sequence[str], taken: Container[str] = ()) -> dict[str, str]:
    """The names for files imported together, each stem's: shortened (:func:`short_name`)
    so that files which would shorten alike keep the words that tell them apart, and names that
    still coincide numbered (``(2)``, ``(3)``, past the ``taken`` ones) in the order of the
    file names, not the order the files were given in."""
    first = {stem: short_name(stem) for stem in stems}
    groups: dict[str, list[str]] = {}
    for stem in dict.fromkeys(stems):
        groups.setdefault(first[stem], []).append(stem)
    names: dict[str, str] = {}
    used: set[str] = set()
    for group in groups.values():
        if len(group) > 1 and any(first[stem] != stem for stem in group):
            words = [set(_WORD_BREAKS.split(stem)) for stem in group]
            common = set.intersection(*words)
            shortened = {s: short_name(s, w - common) for s, w in zip(group, words, strict=True)}
        else:
            shortened = {stem: first[stem] for stem in group}
        for stem in sorted(group, key=natural_order):
            name = shortened[stem]
            if name != stem:  # a name of the user's own is refused when taken, not numbered
                name = numbered(name, _Either(used, taken))
            names[stem] = name
            used.add(name)
    return names


class _Either:
    """Two collections of names as one, for :func:`numbered`."""

    def __init__(self, one: Container[str], other: Container[str]) -> None:
        self.one, self.other = one, other

    def __contains__(self, name: object) -> bool:
        return name in self.one or name in self.other


_DIGIT = re.compile(r"\d")
_NUMBERS = re.compile(r"(\d+)")


def natural_order(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting ``interview2`` before ``interview10``."""
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part.casefold()) for part in _NUMBERS.split(text)
    )


def numbered(name: str, taken: Container[str]) -> str:
    """``name``, or the first of ``name (2)``, ``name (3)``, ... that is not ``taken``."""
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"
