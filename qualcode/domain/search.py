"""A search across the project: what the researcher asks for and what comes back.

The same query serves ``qualcode search``, the workbench's search screen and the export of the
hit list; a hit is a keyword in context (KWIC), with the categories already coded there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from qualcode.domain.errors import InvalidInputError

#: Characters of context on either side of a hit.
CONTEXT = 40


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to find, and where.

    ``lemma``: every inflected form of the words (Kunde, Kunden); ``parts``: also compounds
    with the word as a part (Neukunden, Kundenbindung); ``whole_word``: not inside longer
    words; ``regex``: ``text`` is a regular expression. Without any of them the text is found
    anywhere, upper or lower case alike. The filters narrow the hits: inside a coding of
    ``category``, outside every coding (``uncoded``), in turns of a speaker or role
    (``speaker``), in the named documents, or in documents with these case attributes.
    """

    text: str
    lemma: bool = False
    regex: bool = False
    whole_word: bool = False
    parts: bool = False
    category: str | None = None
    uncoded: bool = False
    speaker: str | None = None
    documents: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise InvalidInputError("nothing to search for: give a word, a phrase or a pattern")
        if self.regex and (self.lemma or self.parts):
            raise InvalidInputError("--regex cannot be combined with --lemma or --parts")
        if self.category and self.uncoded:
            raise InvalidInputError("--category and --uncoded exclude each other")

    @property
    def words(self) -> list[str]:
        return self.text.split()


#: A hit as a plain tuple, in :class:`SearchHit`'s field order: what a long listing writes out
#: without making an object per hit (``SearchHit(*row)`` makes one).
HitRow = tuple[str, int, int, int, str, str, str, tuple[str, ...]]


class SearchHit(NamedTuple):
    """One place a query was found: ``[start, end)`` in the document's text, in turn
    ``position`` (the Pos. of citations), with its context and the codes already there.

    A named tuple rather than a frozen dataclass: the workbench lists tens of thousands of
    hits, and a tuple is made from a :data:`HitRow` in C (:func:`hits_of`), five times as fast
    as a dataclass's ``__init__`` sets its fields one by one."""

    document: str
    position: int
    start: int
    end: int
    match: str
    left: str
    right: str
    categories: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "document": self.document,
            "position": self.position,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "left": self.left,
            "right": self.right,
            "categories": list(self.categories),
        }


def hits_of(rows: Iterable[HitRow]) -> Iterator[SearchHit]:
    """The hits of these rows, each made in C."""
    return map(_new_hit, rows)


_new_hit = partial(tuple.__new__, SearchHit)


def parse_attribute(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` as the filters take it."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise InvalidInputError(f"an attribute filter is KEY=VALUE, not {text!r}")
    return key.strip(), value.strip()


def trim_left(text: str, width: int) -> str:
    """The end of ``text`` in ``width`` characters, not starting with half a word."""
    if len(text) <= width:
        return text
    cut = text[-width:]
    space = cut.find(" ")
    return cut[space:] if 0 <= space < width // 2 and text[-width - 1].isalnum() else cut


def trim_right(text: str, width: int) -> str:
    """The start of ``text`` in ``width`` characters, not ending with half a word."""
    if len(text) <= width:
        return text
    cut = text[:width]
    space = cut.rfind(" ")
    return cut[: space + 1] if space > width // 2 and text[width].isalnum() else cut
