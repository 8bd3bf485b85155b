"""Line numbers of the transcript appendix: one line-breaking rule for the printed appendix and
for every citation by line, ``(B3, Z. 112–118)``.

A transcript is set in a monospaced font at :data:`LINE_WIDTH` characters per line: each turn
starts on a new line with its speaker label, later lines of the turn are indented by the label's
width, and words are never split unless a word alone is wider than a line. Lines are numbered
from 1 in each transcript. Time marks, when printed, stand in a margin of their own beside the
line numbers, so they never move a line break: the numbers are the same with and without them.
The appendix writer prints :func:`lay_out`'s lines as they are, and :func:`lines_of` finds the
lines of a passage in the same list, so the two cannot disagree.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.domain.transcript import Transcript, Turn

__all__ = ["LINE_WIDTH", "Line", "lay_out", "lines_of"]

LINE_WIDTH = 80
"""Characters per line of the appendix's text (line number and time mark not counted)."""

_WORD = re.compile(r"\S+")
_MAX_INDENT = 8


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its number, its text (label or indent included), the Pos. of its turn,
    its time mark (the turn's start, on a turn's first line only) and the span of the document's
    text it shows."""

    number: int
    text: str
    position: int
    start: int
    end: int
    seconds: float | None = None


def lay_out(transcript: Transcript, width: int = LINE_WIDTH) -> list[Line]:
    """The transcript's lines at ``width`` characters, numbered from 1."""
    if width < 20:
        raise ValueError("a line must hold at least 20 characters")
    lines: list[Line] = []
    for turn in transcript.turns:
        for text, start, end in _break(transcript, turn, width):
            first = not lines or lines[-1].position != turn.position
            seconds = turn.start if first else None
            lines.append(Line(len(lines) + 1, text, turn.position, start, end, seconds))
    return lines


def _break(transcript: Transcript, turn: Turn, width: int) -> list[tuple[str, int, int]]:
    """One turn's lines as (text, start, end): the label first, the rest indented."""
    label = f"{turn.speaker}: " if turn.speaker else ""
    indent = " " * (len(label) if len(label) <= _MAX_INDENT else 4)
    text = transcript.text[turn.char_start : turn.char_end]
    out: list[tuple[str, int, int]] = []
    prefix = label
    words: list[str] = []
    start = end = turn.char_start
    for m in _WORD.finditer(text):
        word = m.group()
        at = turn.char_start + m.start()
        while word:
            used = len(prefix) + len(" ".join(words)) + (1 if words else 0)
            if used + len(word) <= width:
                if not words:
                    start = at
                words.append(word)
                end = at + len(word)
                word = ""
            elif words:
                out.append((prefix + " ".join(words), start, end))
                prefix, words = indent, []
            else:  # a word wider than a line: cut it
                piece = word[: width - len(prefix)]
                out.append((prefix + piece, at, at + len(piece)))
                prefix, at, word = indent, at + len(piece), word[len(piece) :]
    if words or not out:
        out.append((prefix + " ".join(words), start, end if words else start))
    return out


def lines_of(lines: Sequence[Line], start: int, end: int) -> tuple[int, int] | None:
    """The first and last line numbers showing the document's text ``start``..``end``
    (None when the passage shows on no line, e.g. an empty transcript)."""
    if not lines:
        return None
    ends = [line.end for line in lines]
    first = bisect.bisect_right(ends, start)  # the first line ending after the start
    if first >= len(lines):
        first = len(lines) - 1
    starts = [line.start for line in lines]
    last = bisect.bisect_left(starts, max(end, start + 1)) - 1  # the last line starting before
    last = max(first, min(last, len(lines) - 1))
    return lines[first].number, lines[last].number
