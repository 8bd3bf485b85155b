"""Wrapping a transcript into visual lines, counted in terminal cells.

Plain Python, kept apart from the widget that draws the lines (``transcript_view.py``): the
wrapping runs over every turn of a 10,000-turn transcript whenever the width changes, and wide
characters (CJK, emoji: two cells each) need their own path.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len

from qualcode.domain.transcript import Transcript


class Lines:
    """Visual lines ``(turn index, start, end)``, kept as three lists of numbers (see Units)."""

    __slots__ = ("end", "start", "turn")

    def __init__(self) -> None:
        self.turn: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []

    def __len__(self) -> int:
        return len(self.turn)

    def __getitem__(self, index: int) -> tuple[int, int, int]:
        return self.turn[index], self.start[index], self.end[index]


def layout(transcript: Transcript, width: int) -> tuple[Lines, list[int]]:
    """Visual lines of a transcript wrapped to ``width`` cells, at spaces where possible, and
    the first line of each turn.

    Plain loops with local names: this runs over every turn of a 10,000-turn transcript.
    """
    width = max(width, 8)
    text = transcript.text
    rfind = text.rfind
    narrow = plainly_narrow(text)  # then a character is a cell everywhere; else turn by turn
    lines = Lines()
    first_line: list[int] = []
    add_turn, add_start, add_end = lines.turn.append, lines.start.append, lines.end.append
    add_first = first_line.append
    count = 0
    for index, turn in enumerate(transcript.turns):
        add_first(count)
        pos, end = turn.char_start, turn.char_end
        if not narrow and not single_cells(text[pos:end]):
            for start, stop in _wrap_wide(text, pos, end, width):
                add_turn(index)
                add_start(start)
                add_end(stop)
                count += 1
            continue
        while end - pos > width:
            cut = rfind(" ", pos, pos + width + 1)
            add_turn(index)
            add_start(pos)
            if cut <= pos:
                add_end(pos + width)
                pos += width
            else:
                add_end(cut)
                pos = cut + 1
            count += 1
        add_turn(index)
        add_start(pos)
        add_end(end)
        count += 1
    return lines, first_line


def plainly_narrow(text: str) -> bool:
    """True when ``text`` is ASCII or Windows-1252 (the letters and punctuation of Western
    European transcripts), which all take one cell: a check in C, about 7 ns a character."""
    if text.isascii():  # known without reading the text
        return True
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def single_cells(text: str) -> bool:
    """Whether every character of ``text`` takes one cell (no CJK, no emoji), so that lines can
    be wrapped and clicks placed by counting characters."""
    return plainly_narrow(text) or cell_len(text) == len(text)


def _wrap_wide(text: str, pos: int, end: int, width: int) -> Iterator[tuple[int, int]]:
    """Lines ``(start, end)`` of a turn with wide characters (CJK, emoji: two cells each),
    wrapped to ``width`` cells at spaces where possible."""
    start, cells, space = pos, 0, -1
    for i in range(pos, end):
        char = text[i]
        size = cell_len(char)
        if cells + size > width and i > start:
            # At a space in the line's second half; else anywhere, as CJK text wraps.
            cut = space if space > start + (i - start) // 2 else i
            yield start, cut
            start = cut + 1 if cut == space else cut
            cells = cell_len(text[start : i + 1])
            space = -1
        else:
            cells += size
        if char == " ":
            space = i
    yield start, end


def column_to_offset(text: str, start: int, end: int, column: int) -> int:
    """The character of ``text[start:end]`` at ``column`` cells from its start (wide characters
    take two), for a mouse click on a visual line."""
    line = text[start:end]
    if single_cells(line):
        return min(start + column, end)
    cells = 0
    for i, char in enumerate(line):
        cells += cell_len(char)
        if cells > column:
            return start + i
    return end
