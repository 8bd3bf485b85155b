"""Transcripts: documents split into numbered turns (paragraphs)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter

from qualcode.domain.text import word_count


@dataclass(frozen=True, slots=True)
class Turn:
    """One paragraph of a transcript: usually one speaker's contribution.

    ``position`` is the 1-based paragraph number that German theses cite as "Pos."; the character
    span points into the document's normalised text and excludes the speaker label.
    """

    position: int
    speaker: str | None
    char_start: int
    char_end: int
    start: float | None = None
    end: float | None = None

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled as plain constructor arguments, turns cost a third of what the slots
        # dataclass default costs (an import sends its turns as TurnRow tuples, cheaper still).
        return Turn, (
            self.position,
            self.speaker,
            self.char_start,
            self.char_end,
            self.start,
            self.end,
        )


# A turn as a plain tuple of its fields in Turn's order: how an import's turns travel from the
# parsing processes and into the database (a tuple pickles and binds in C; a Turn does not).
TurnRow = tuple[int, str | None, int, int, float | None, float | None]
_TURN_ROW = attrgetter("position", "speaker", "char_start", "char_end", "start", "end")


def turn_rows(turns: Iterable[Turn]) -> tuple[TurnRow, ...]:
    return tuple(map(_TURN_ROW, turns))


def positions_of(
    starts: Sequence[int], positions: Sequence[int], start: int, end: int
) -> tuple[int, int]:
    """The first and last Pos. of the span ``[start, end)``, from a document's turn starts (in
    order) and their positions: the turns holding its first and its last character (the first
    turn, should the span begin before any). The SQL of the codings query keeps the same rule."""
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_right(starts, end - 1) - 1, first)
    return positions[first], positions[last]


def turns_from_rows(rows: Iterable[TurnRow]) -> tuple[Turn, ...]:
    return tuple(Turn(*row) for row in rows)


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    """What an importer hands over: normalised text, its turns and what it noticed."""

    text: str
    turns: tuple[Turn, ...]
    format: str
    attributes: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    # The text's word count when the importer counted it while assembling the text (cheaper
    # there, where it knows how the blanks lie); None: count it from ``text``.
    words: int | None = field(default=None, compare=False)

    def turn_text(self, turn: Turn) -> str:
        return self.text[turn.char_start : turn.char_end]

    def word_count(self) -> int:
        return self.words if self.words is not None else word_count(self.text)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document as the front ends list it."""

    id: int
    name: str
    source_name: str
    format: str
    sha256: str
    imported_by: str
    imported_at: datetime
    turns: int
    words: int
    codings: int = 0
    attributes: dict[str, str] = field(default_factory=dict)
    memo: str = ""  # the document's memo (another program's source note, for now)
    sets: tuple[str, ...] = ()  # the names of the sets of documents it belongs to


@dataclass(frozen=True, slots=True)
class Transcript:
    """A stored document with its full text and turns, for showing and coding."""

    document: DocumentInfo
    text: str
    turns: tuple[Turn, ...]

    def turn_text(self, turn: Turn) -> str:
        return self.text[turn.char_start : turn.char_end]

    def turn_at(self, position: int) -> Turn:
        """The turn with that Pos.; positions are dense, so this is an index lookup."""
        if 1 <= position <= len(self.turns) and self.turns[position - 1].position == position:
            return self.turns[position - 1]
        for turn in self.turns:
            if turn.position == position:
                return turn
        raise KeyError(position)

    def turns_for_span(self, start: int, end: int) -> tuple[Turn, ...]:
        """The turns a character span touches, for citing a coding as "Pos. 4-6".

        Turns are sorted by offset, so two binary searches find them even in a 10,000-turn text.
        """
        starts = [t.char_start for t in self.turns]
        first = max(bisect_right(starts, start) - 1, 0)
        last = max(bisect_left(starts, end), first + 1)
        return self.turns[first:last]
