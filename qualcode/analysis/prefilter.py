"""What a database server may check before Python does: a search's pattern, widened into one
that PostgreSQL runs over the lines of the texts (with its trigram index), so that Python reads
and searches only the lines, or documents, that can hold a hit.

The server's pattern is a *superset* filter: every text Python's pattern finds something in, the
server's pattern matches too; Python then finds the hits themselves, so the hits are the same
as a search over every text. Differences between the two dialects cannot lose hits:

* Case: every letter becomes the class of the characters Python's ``re.IGNORECASE`` takes for
  it (``[Kk\u212a]``, ``[ßẞ]``), matched case-sensitively (``~``), so the server's locale and its
  own case folding (a server set up with the C locale folds no umlaut) play no part.
* Whatever might mean something else there becomes something that matches more: a class with a
  range, a category (``\\w``, ``\\d``, ``\\s``) or a negation, and a back reference, become
  ``.`` (any character); anchors, word boundaries and look-arounds are left out; repeats past
  PostgreSQL's bound (255) become open-ended.

A pattern that may match a line end (``\\s``, ``[^x]``, ``.`` with ``(?s)``, a literal line
end) or ends with ``$``/``\\Z`` may run over several lines: the server then narrows only the
documents, by the longest run of letters every hit must hold (three or more), and Python
searches those documents whole. :func:`prefilter` gives up (None: the search reads every text,
as on SQLite) for patterns PostgreSQL cannot take or that cannot narrow anything: a
conditional group (``(?(1)a|b)``), a NUL character, a pattern that crosses lines and has no
such run, and any pattern Python's own parser of this version does not describe as expected.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

#: PostgreSQL's largest repeat count ({m,n} past it is refused there).
_MOST_REPEATS = 255
#: Characters whose lowercase is a letter that neither its uppercase nor its titlecase gives
#: back (the Kelvin sign is a "k"); with ``str.lower``/``upper`` and the engine's own table of
#: extra cases they make every character ``re.IGNORECASE`` takes for a letter (a test checks
#: this against all of Unicode).
_ALSO = {
    "k": "\u212a",
    "å": "\u212b",
    "ω": "\u2126",
    "θ": "\u03f4",
    "ß": "\u1e9e",
    "i": "\u0130",
}
_SHORTEST_RUN = 3  # a trigram
#: The rare characters ``re.IGNORECASE`` takes for a common letter (the long s, the dotless i,
#: the Kelvin sign, the capital sharp s, ...), as the server's copy of the lines holds them:
#: folded to that letter (the same ``translate`` in migration 0017), so that a letter's class
#: stays small and the trigram index stays of use (``[sSſ]`` four times over makes it give up).
FOLDED = {
    "\u017f": "s",
    "\u0131": "i",
    "\u0130": "i",
    "\u212a": "k",
    "\u212b": "å",
    "\u2126": "ω",
    "\u03f4": "θ",
    "\u1e9e": "ß",
}


class _Unsupported(Exception):
    """A pattern the translation does not take (the search then reads every text)."""


@dataclass(frozen=True, slots=True)
class Prefilter:
    """A PostgreSQL regular expression (for ``~``) that matches wherever Python's does.

    ``by_line``: no hit runs over a line end, so the lines it matches hold every hit; otherwise
    the documents with a line it matches hold every hit.
    """

    pattern: str
    by_line: bool


def prefilter(pattern: re.Pattern[str]) -> Prefilter | None:
    """The server's filter for ``pattern``, or None when the server cannot narrow the search."""
    if "\x00" in pattern.pattern:
        return None
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
        tree = parser.parse(pattern.pattern, pattern.flags)
        flags = int(tree.state.flags) | pattern.flags
        ops = _Ops(constants)
        if not ops.crosses(tree, flags):
            return Prefilter(ops.translate(tree, flags), by_line=True)
        runs = ops.required(tree)
    except (_Unsupported, ImportError, AttributeError, TypeError, ValueError, re.error):
        return None
    longest = max(runs, key=len, default="")
    if len(longest) < _SHORTEST_RUN:
        return None
    return Prefilter("".join(map(_literal, longest)), by_line=False)


def line_matches(
    pattern: re.Pattern[str], text: str, lines: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The hits of ``pattern`` in the ``lines`` (``(start, end)`` without the line end, in
    text order) of ``text``: the same as searching the whole text, for a pattern that matches
    no line end (what :attr:`Prefilter.by_line` says) when the other lines hold no hit.

    Each line is searched up to and with its line end, so that what looks behind or ahead
    sees the text it would see in the whole; ``^`` stays the start of the text.
    """
    size = len(text)
    found: list[tuple[int, int]] = []
    for start, end in lines:
        for match in pattern.finditer(text, start, min(end + 1, size)):
            if match.end() > match.start():
                found.append(match.span())
    return found


@cache
def case_variants(char: str) -> str:
    """Every character Python's ``re.IGNORECASE`` takes for ``char``, ``char`` first."""
    pool = {char}
    for _ in range(2):
        for known in list(pool):
            for other in (known.lower(), known.upper(), known.title(), known.casefold()):
                if len(other) == 1:
                    pool.add(other)
            if known in _ALSO:
                pool.add(_ALSO[known])
            pool.update(map(chr, _extra_cases().get(ord(known), ())))
    same = re.compile(re.escape(char), re.IGNORECASE)
    return char + "".join(sorted(c for c in pool if c != char and same.fullmatch(c)))


@cache
def _extra_cases() -> dict[int, tuple[int, ...]]:
    """The engine's table of characters it takes as equal beyond lowercase (ſ and s, µ and μ)."""
    try:
        table: Any = importlib.import_module("re._casefix")
        return dict(table._EXTRA_CASES)
    except (ImportError, AttributeError):
        return {}


def _literal(char: str) -> str:
    """One character of the text as PostgreSQL matches it, in each of its cases (folded)."""
    variants = _folded(case_variants(char))
    if len(variants) > 1:
        return "[" + variants + "]"  # cased letters only: nothing to escape in a class
    return char if char.isalnum() else "\\" + char


def _folded(chars: str) -> str:
    """``chars`` as the server's lines hold them (:data:`FOLDED`), each once, in order."""
    return "".join(dict.fromkeys(FOLDED.get(char, char) for char in chars))


class _Ops:
    """The parsed pattern's operations (``re._parser``'s tree), walked three ways."""

    def __init__(self, c: Any) -> None:
        self.c = c

    def crosses(self, items: Sequence[tuple[Any, Any]], flags: int) -> bool:
        """Whether a match may hold a line end, or depends on where the text ends."""
        c = self.c
        for op, av in items:
            if op is c.LITERAL:
                if av == 10:
                    return True
            elif op is c.NOT_LITERAL:
                if av != 10:
                    return True
            elif op is c.ANY:
                if flags & re.DOTALL:
                    return True
            elif op is c.IN:
                if self._class_crosses(av):
                    return True
            elif op is c.AT:
                if av is c.AT_END_STRING or (av is c.AT_END and not flags & re.MULTILINE):
                    return True  # the end of the text: a line searched alone ends sooner
            elif op is c.BRANCH:
                if any(self.crosses(branch, flags) for branch in av[1]):
                    return True
            elif op is c.SUBPATTERN:
                _group, add, delete, inner = av
                if self.crosses(inner, (flags | add) & ~delete):
                    return True
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                if self.crosses(av[2], flags):
                    return True
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if self.crosses(av[1], flags):
                    return True
            elif op is c.ATOMIC_GROUP:
                if self.crosses(av, flags):
                    return True
            elif op is c.GROUPREF:
                continue  # the group's own text was looked at where it stands
            else:
                raise _Unsupported(str(op))
        return False

    def _class_crosses(self, items: Sequence[tuple[Any, Any]]) -> bool:
        c = self.c
        negated = any(op is c.NEGATE for op, _ in items)
        has_line_end = any(
            (op is c.LITERAL and av == 10)
            or (op is c.RANGE and av[0] <= 10 <= av[1])
            or (op is c.CATEGORY and av not in (c.CATEGORY_DIGIT, c.CATEGORY_WORD))  # \s, \W
            for op, av in items
        )
        return not has_line_end if negated else has_line_end

    def translate(self, items: Sequence[tuple[Any, Any]], flags: int) -> str:
        """The pattern in PostgreSQL's dialect, matching at least what it matches."""
        c = self.c
        out: list[str] = []
        for op, av in items:
            if op is c.LITERAL:
                out.append(_literal(chr(av)))
            elif op in (c.NOT_LITERAL, c.ANY, c.GROUPREF):
                out.append("." if op is not c.GROUPREF else ".*")
            elif op is c.IN:
                out.append(self._class(av))
            elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue  # a condition on the place: leaving it out matches more
            elif op is c.BRANCH:
                out.append("(?:" + "|".join(self.translate(b, flags) for b in av[1]) + ")")
            elif op is c.SUBPATTERN:
                inner = self.translate(av[3], flags)
                if inner:
                    out.append("(?:" + inner + ")")
            elif op is c.ATOMIC_GROUP:
                inner = self.translate(av, flags)
                if inner:
                    out.append("(?:" + inner + ")")
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                least, most, inner_items = av
                inner = self.translate(inner_items, flags)
                if inner:
                    out.append("(?:" + inner + ")" + _repeat(least, most, c.MAXREPEAT))
            else:
                raise _Unsupported(str(op))
        return "".join(out)

    def _class(self, items: Sequence[tuple[Any, Any]]) -> str:
        c = self.c
        if not all(op is c.LITERAL for op, _ in items):
            return "."  # a range, a category or a negation: any character
        chars = _folded("".join(case_variants(chr(av)) for _, av in items))
        if len(chars) == 1:
            return _literal(chars)
        if not all(char.isalpha() for char in chars):
            return "."  # what needs escaping inside a class is left to the check in Python
        return "[" + "".join(dict.fromkeys(chars)) + "]"

    def required(self, items: Sequence[tuple[Any, Any]]) -> list[str]:
        """Runs of characters every match holds (none of them a line end)."""
        c = self.c
        runs: list[str] = []
        run: list[str] = []
        for op, av in items:
            if op is c.LITERAL and av != 10:
                run.append(chr(av))
                continue
            runs.append("".join(run))
            run = []
            if op is c.SUBPATTERN:
                runs += self.required(av[3])
            elif op is c.ATOMIC_GROUP:
                runs += self.required(av)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
                runs += self.required(av[2])
            elif op is c.GROUPREF_EXISTS:
                raise _Unsupported("a conditional group")
        runs.append("".join(run))
        return [r for r in runs if r]


def _repeat(least: int, most: int, unbounded: int) -> str:
    least = min(least, _MOST_REPEATS)
    if most == unbounded or most > _MOST_REPEATS:
        return {0: "*", 1: "+"}.get(least, f"{{{least},}}")
    if (least, most) == (0, 1):
        return "?"
    return f"{{{least},{most}}}"
