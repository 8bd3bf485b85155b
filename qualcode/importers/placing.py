"""Placing another program's coded passages on qualcode's text.

Other programs store a coded passage as two numbers into the document's plain text, and they do
not all count the same thing: Unicode code points (the REFI-QDA standard, Python programs),
UTF-16 code units (programs built on .NET, Java or Qt count an emoji as two), UTF-8 bytes
(Taguette), over the text with its CRLF line ends or without, with or without a byte-order
mark. ``docs/refi-qda.md`` lists what is known of each program.

:func:`choose_counting` settles how a source's numbers are counted: where the file also stores
the coded text (a selection's name, QualCoder's ``seltext``, Taguette's snippet) every way of
counting is tried and the one that finds that text wins; otherwise the program's own way is
taken. :class:`Placer` then maps the passage onto qualcode's transcript of the same text (turns
recognised as the text importer recognises them, labels and line breaks kept apart), so each
coding holds exactly the words its author coded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from qualcode.domain.text import normalise
from qualcode.domain.transcript import ParsedTranscript

CODE_POINTS, UTF16, UTF8 = "code points", "UTF-16 units", "UTF-8 bytes"
UNITS = (CODE_POINTS, UTF16, UTF8)


@dataclass(frozen=True, slots=True)
class Counting:
    """How a program counted: the unit, whether CRLF counts as one, whether a BOM counts."""

    unit: str = CODE_POINTS
    lf: bool = False  # the numbers count a CRLF line end as one character
    bom: bool = False  # the numbers count the byte-order mark as a character

    def describe(self) -> str:
        parts = [self.unit]
        if self.lf:
            parts.append("CRLF counted as one")
        if self.bom:
            parts.append("byte-order mark counted")
        return ", ".join(parts)


def _fold(text: str) -> str:
    return " ".join(normalise(text).split())


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # outside the Basic Multilingual Plane


def _differs(text: str, unit: str) -> bool:
    """Whether counting in ``unit`` gives other numbers than code points for ``text``."""
    if unit == CODE_POINTS or text.isascii():
        return False
    return unit == UTF8 or _ASTRAL.search(text) is not None


def _converter(text: str, unit: str) -> Sequence[int] | None:
    """Cumulative sizes of each character in ``unit`` (None: the unit is the code point)."""
    if not _differs(text, unit):
        return None
    if unit == UTF16:
        return list(accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0))
    return list(accumulate(map(len, map(str.encode, text)), initial=0))


def _index(sizes: Sequence[int] | None, value: int) -> int | None:
    """The code-point index at ``value`` units, or None when it falls inside a character."""
    if sizes is None:
        return value
    at = bisect_right(sizes, value) - 1
    return at if at >= 0 and sizes[at] == value else None


class CountedText:
    """A source's text as the program counted it, turning its numbers into code points."""

    def __init__(self, raw: str, counting: Counting, *, had_bom: bool) -> None:
        self.counting = counting
        self.text = raw.replace("\r\n", "\n") if counting.lf else raw
        self._shift = 1 if (counting.bom and had_bom) else 0
        self._sizes: Sequence[int] | None = None
        self._converted = not _differs(self.text, counting.unit)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The passage as code points into :attr:`text`, or None when it lies outside it."""
        start, end = start - self._shift, end - self._shift
        if start < 0 or end <= start:
            return None
        if not self._converted:
            self._sizes = _converter(self.text, self.counting.unit)
            self._converted = True
        s, e = _index(self._sizes, start), _index(self._sizes, end)
        if s is None or e is None or e > len(self.text):
            return None
        return s, e


def choose_counting(
    raw: str,
    passages: Iterable[tuple[int, int, str]],
    *,
    had_bom: bool,
    preferred: Counting = Counting(),
) -> Counting:
    """The way of counting under which the most passages ``(start, end, quoted)`` find their
    quoted text (a quote may be shortened, as selection names are); ``preferred`` on a tie."""
    hints = [(s, e, _fold(q).rstrip("…").rstrip()) for s, e, q in passages if q and q.strip()]
    candidates = [preferred]
    for unit in UNITS:
        if unit != CODE_POINTS and not _differs(raw, unit):
            continue  # the same numbers as code points
        for lf in (False, True) if "\r\n" in raw else (False,):
            for bom in (False, True) if had_bom else (False,):
                found = Counting(unit, lf, bom)
                if found not in candidates:
                    candidates.append(found)
    if not hints or len(candidates) == 1:
        return preferred
    best, best_score = preferred, -1
    for counting in candidates:
        counted = CountedText(raw, counting, had_bom=had_bom)
        score = 0
        for s, e, quoted in hints[:200]:
            span = counted.span(s, e)
            if span is None:
                continue
            got = _fold(counted.text[span[0] : span[1]])
            if got.startswith(quoted[:80]) or quoted.startswith(got[:80]) and got:
                score += 1
        if score > best_score:
            best, best_score = counting, score
    return best


class Placer:
    """Maps code points of a source's text onto qualcode's transcript of it.

    The transcript's turns are found in the source in order (each turn's words as they stand,
    or, where labels, time marks, wrapped lines or blanks differ, by aligning that stretch),
    giving blocks of characters that are the same on both sides; a passage's ends are moved
    onto the nearest such characters inside it.
    """

    moved = False  # whether the last passage placed began or ended outside the words

    def __init__(self, source: str, transcript: ParsedTranscript) -> None:
        self.text = transcript.text
        blocks: list[tuple[int, int, int]] = []  # (source start, text start, length)
        cursor = 0
        for turn in transcript.turns:
            body = transcript.text[turn.char_start : turn.char_end]
            if not body:
                continue
            at = source.find(body, cursor)
            if at != -1 and (at - cursor) <= 400 + len(body):
                blocks.append((at, turn.char_start, len(body)))
                cursor = at + len(body)
                continue
            cursor = _walk(source, cursor, body, turn.char_start, blocks)
        blocks.sort()
        self._blocks = blocks
        self._starts = [b[0] for b in blocks]

    @classmethod
    def exact(cls, text: str, blocks: list[tuple[int, int, int]]) -> Placer:
        """A placer from blocks known in advance (qualcode's own exports)."""
        placer = cls.__new__(cls)
        placer.text = text
        placer._blocks = sorted(blocks)
        placer._starts = [b[0] for b in placer._blocks]
        return placer

    def place(self, start: int, end: int) -> tuple[int, int] | None:
        """The passage ``[start, end)`` of the source on qualcode's text; None when it holds
        nothing qualcode keeps as text (only a label or blanks)."""
        blocks = self._blocks
        self.moved = False
        if not blocks:
            return None
        k = bisect_right(self._starts, start) - 1
        if k >= 0 and start < blocks[k][0] + blocks[k][2]:
            new_start = blocks[k][1] + start - blocks[k][0]
        elif k + 1 < len(blocks):
            new_start = blocks[k + 1][1]
            self.moved = start < blocks[k + 1][0]
        else:
            return None
        j = bisect_right(self._starts, end - 1) - 1
        if j < 0:
            return None
        if end - 1 < blocks[j][0] + blocks[j][2]:
            new_end = blocks[j][1] + (end - 1 - blocks[j][0]) + 1
        else:
            new_end = blocks[j][1] + blocks[j][2]
            self.moved = True
        if new_end <= new_start:
            return None
        return new_start, new_end


_SKIPPED = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def _start_of(source: str, cursor: int, body: str) -> int:
    """Where ``body`` begins in ``source`` after ``cursor``, blanks between words allowed to
    differ (-1: not found nearby)."""
    import re

    words = body.split()[:6]
    if not words:
        return -1
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.compile(pattern).search(source, cursor, cursor + 4 * len(body) + 2000)
    return found.start() if found else -1


def _walk(
    source: str, cursor: int, body: str, offset: int, blocks: list[tuple[int, int, int]]
) -> int:
    """Aligns a turn's words with the source where they differ only in blanks, line breaks or
    invisible marks (as normalising leaves them); returns the source position after them.
    Where something else was taken out (a time mark inside the turn), the walk picks up the
    words again a little further on; what it cannot find stays unplaced."""
    i = _start_of(source, cursor, body)
    if i < 0:
        return cursor
    j, n, m = 0, len(source), len(body)
    run_start = -1
    while i < n and j < m:
        a, b = source[i], body[j]
        if a == b:
            if run_start < 0:
                run_start, run_body = i, j
            i += 1
            j += 1
            continue
        if run_start >= 0:
            blocks.append((run_start, offset + run_body, i - run_start))
            run_start = -1
        if a.isspace() or a in _SKIPPED:
            if b == " " and not (
                i + 1 < n and (source[i + 1].isspace() or source[i + 1] in _SKIPPED)
            ):
                j += 1  # the last blank of a run stands for the text's one space
            i += 1
            continue
        if b == " ":
            j += 1
            continue
        again = source.find(body[j : j + 12], i, i + 200) if m - j >= 4 else -1
        if again < 0:
            break
        i = again
    if run_start >= 0:
        blocks.append((run_start, offset + run_body, i - run_start))
    return i


def same_words(quoted: str, placed: str) -> bool:
    """Whether the placed text holds the quoted words (blanks and line breaks aside)."""
    return _fold(quoted) == _fold(placed)
