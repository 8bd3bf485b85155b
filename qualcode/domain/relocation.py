"""Moving codings when a transcript's text is replaced by a corrected version.

A coding remembers its offsets and the text it quoted. After a correction the offsets may point
elsewhere; this module finds where each quoted passage now stands: unchanged in place, moved
(found verbatim, the occurrence nearest to where it was expected), moved with small changes
(found by similarity), or not found (flagged for review, never dropped).

Expected positions come from aligning the old and new texts turn by turn (difflib on lines), so
a passage is looked for near where its turn went, even when turns were inserted or deleted.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

KEPT, MOVED, CHANGED, REVIEW = "kept", "moved", "changed", "review"
SIMILARITY = 0.8  # how alike a changed passage must stay to be placed without review
MIN_FUZZY = 20  # shorter passages must be found verbatim: "Danke." is not "Dank"


@dataclass(frozen=True, slots=True)
class Placement:
    start: int
    end: int
    status: str  # kept | moved | changed | review


def _starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


class _Aligner:
    """Maps an offset in the old text to where it is expected in the new text."""

    def __init__(self, old: str, new: str) -> None:
        self.old_lines, self.new_lines = old.split("\n"), new.split("\n")
        self.old_starts, self.new_starts = _starts(self.old_lines), _starts(self.new_lines)
        self.ratio = len(new) / max(len(old), 1)
        self.line_map: dict[int, int] = {}
        matcher = SequenceMatcher(None, self.old_lines, self.new_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and j2 > j1):
                for k in range(i2 - i1):
                    self.line_map[i1 + k] = j1 + min(k, j2 - j1 - 1)

    def expected(self, offset: int) -> int:
        line = max(bisect_right(self.old_starts, offset) - 1, 0)
        if line in self.line_map:
            target = self.line_map[line]
            within = min(offset - self.old_starts[line], len(self.new_lines[target]))
            return self.new_starts[target] + within
        return int(offset * self.ratio)


def _occurrences(text: str, passage: str, limit: int = 200) -> list[int]:
    found: list[int] = []
    at = text.find(passage)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(passage, at + 1)
    return found


def _similar_span(new: str, passage: str, around: int) -> tuple[int, int, float]:
    """The stretch of ``new`` near ``around`` that best matches ``passage``, and how well."""
    margin = len(passage) + 200
    lo, hi = max(around - margin, 0), min(around + len(passage) + margin, len(new))
    window = new[lo:hi]
    matcher = SequenceMatcher(None, window, passage, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 3]
    if not blocks:
        return around, around, 0.0
    start, end = lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size
    score = SequenceMatcher(None, new[start:end], passage, autojunk=False).ratio()
    return start, end, score


def relocate(old: str, new: str, spans: list[tuple[int, int, str]]) -> list[Placement]:
    """Where each coded span ``(start, end, quoted text)`` of ``old`` stands in ``new``."""
    aligner = _Aligner(old, new)
    placements = []
    for start, end, quoted in spans:
        if new[start:end] == quoted:
            placements.append(Placement(start, end, KEPT))
            continue
        expected = aligner.expected(start)
        hits = _occurrences(new, quoted) if quoted else []
        if hits:
            best = min(hits, key=lambda h: abs(h - expected))
            placements.append(Placement(best, best + len(quoted), MOVED))
            continue
        s, e, score = _similar_span(new, quoted, expected)
        similar_length = 0.8 <= (e - s) / max(len(quoted), 1) <= 1.25
        if len(quoted) >= MIN_FUZZY and score >= SIMILARITY and similar_length:
            placements.append(Placement(s, e, CHANGED))
            continue
        s = min(max(expected, 0), max(len(new) - 1, 0))
        e = min(max(s + len(quoted), s + 1), len(new))
        placements.append(Placement(s, e, REVIEW))
    return placements
