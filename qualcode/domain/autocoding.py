"""Dictionary autocoding as the coder sees it: a category's search rules and the proposals they
make, which stay proposals until the coder accepts or rejects each one.

A rule finds words, lemmas, phrases or regular expressions and codes the match itself, the
sentence around it or the whole turn. Nothing a rule finds is a coding yet: it is a proposal with
a status (proposed, accepted, rejected), and a rejected one is remembered so that it is not
proposed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

RULE_KINDS = ("words", "lemmas", "phrases", "regex")
"""What a rule looks for: word forms (any case), every form of a lemma, a phrase (words in a
row, each in any form), or a regular expression over the turn's text."""

UNITS = ("match", "sentence", "turn")
"""What a found rule proposes to code: the match, its sentence, or its whole turn."""

SPEAKER_ROLES = ("respondent", "interviewer", "other")
ANY_SPEAKER = "any"
DEFAULT_SPEAKER = "respondent"
"""Whose turns a rule searches when its codebook entry does not say: the respondents'. The
analysis codes what the people interviewed say (the interviewer's question is added to a
segment by hand where the answer needs it), so a dictionary word in a question is no evidence
for a category. A turn without a speaker label counts as a respondent's (a written answer, a
monologue), so a project without labels loses nothing."""
MAX_SPEAKER = 40

STATUSES = ("proposed", "accepted", "rejected")

MAX_PATTERN = 200
"""The longest pattern a rule may have (characters): a regular expression beyond it is refused."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One search rule of a category (from its ``autocode`` entry in the codebook YAML)."""

    category: str  # the category's code
    kind: str  # one of RULE_KINDS
    pattern: str
    unit: str = "sentence"
    speaker: str = ANY_SPEAKER  # a role (SPEAKER_ROLES), a speaker's name, or "any"

    def describe(self) -> str:
        """The rule as lists and the audit trail show it: ``lemmas: Kunde -> sentence``, and
        whose turns it searches unless it searches all: ``... -> sentence (respondent)``."""
        told = f"{self.kind}: {self.pattern} -> {self.unit}"
        return told if self.speaker == ANY_SPEAKER else f"{told} ({self.speaker})"

    def searches(self, speaker: str | None, role: str | None) -> bool:
        """Whether the rule searches a turn of ``speaker`` (its name; None: no label) whose
        role is ``role``."""
        wanted = self.speaker.casefold()
        if wanted == ANY_SPEAKER:
            return True
        if speaker is None:
            return wanted == DEFAULT_SPEAKER
        return wanted == (role or "").casefold() or wanted == speaker.casefold()


@dataclass(frozen=True, slots=True)
class Found:
    """A passage a rule found, before it is stored as a proposal."""

    category: str
    start: int
    end: int
    rule: str  # Rule.describe()


@dataclass(frozen=True, slots=True)
class Proposal:
    """A stored proposal: what a rule found where, and what the coder decided."""

    id: int
    document: str
    category: str
    start: int
    end: int
    text: str
    rule: str
    status: str
    position: int  # the Pos. of the turn where it starts
    decided_by: str | None = None
    coding_id: int | None = None


@dataclass(frozen=True, slots=True)
class ProposalRecord:
    """A stored proposal whole: who made it and when, who decided and when, the coding it
    became (what a project exchange carries)."""

    id: int
    document: str
    category: str
    start: int
    end: int
    text: str
    rule: str
    status: str
    created_by: str
    created_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    coding_id: int | None = None
    coding_pass: str | None = None


MAX_TRAVELLING_RULES = 1000
"""The most rules of one category a project file may bring (as many as its codebook file may)."""


def rule_rows(rules: list[Rule]) -> list[list[str]]:
    """A category's rules as a project exchange writes them: ``[kind, pattern, unit, speaker]``."""
    return [[r.kind, r.pattern, r.unit, r.speaker] for r in rules]


def rules_from_rows(category: str, rows: Any) -> list[Rule]:
    """The rules :func:`rule_rows` wrote, read back from a file that may come from anyone: a row
    that a codebook file could not hold (an unknown kind or unit, an empty or too long text, a
    regular expression refused by :func:`pattern_problem`) is passed over."""
    found: list[Rule] = []
    for row in rows[:MAX_TRAVELLING_RULES] if isinstance(rows, list) else []:
        if not (isinstance(row, list) and len(row) == 4 and all(isinstance(x, str) for x in row)):
            continue
        kind, pattern, unit, speaker = row
        pattern, speaker = pattern.strip(), speaker.strip()
        if kind not in RULE_KINDS or unit not in UNITS or not pattern or not speaker:
            continue
        if len(pattern) > MAX_PATTERN or len(speaker) > MAX_SPEAKER:
            continue
        if kind == "regex" and pattern_problem(pattern):
            continue
        found.append(
            Rule(category=category, kind=kind, pattern=pattern, unit=unit, speaker=speaker)
        )
    return found


def pattern_problem(pattern: str) -> str | None:
    """Why a regular expression is refused (None: it is safe to run).

    A rule's pattern comes from a codebook file that may come from someone else, and some
    patterns take time exponential in the text's length (``(a+)+$``). So a pattern is short,
    has no back-references or look-arounds, and no repeat inside a repeat, which is where that
    backtracking comes from.
    """
    import re

    if len(pattern) > MAX_PATTERN:
        return f"the regular expression is longer than {MAX_PATTERN} characters"
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return f"this is not a valid regular expression: {error}"
    if compiled.groups > 20:
        return "the regular expression has more than 20 groups"
    from re import _parser  # type: ignore[attr-defined]

    try:
        parsed = _parser.parse(pattern)
    except re.error as error:  # pragma: no cover (compile checked it)
        return f"this is not a valid regular expression: {error}"
    return _tree_problem(parsed.data if hasattr(parsed, "data") else list(parsed), 0)


def _tree_problem(items: list[tuple[Any, Any]], repeats: int) -> str | None:
    from re import _constants  # type: ignore[attr-defined]

    for op, value in items:
        if op in (_constants.GROUPREF, _constants.GROUPREF_EXISTS):
            return "back-references (\\1) are not allowed in a rule"
        if op in (_constants.ASSERT, _constants.ASSERT_NOT):
            return "look-arounds ((?=...), (?!...)) are not allowed in a rule"
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            _low, high, inner = value
            grows = high is _constants.MAXREPEAT or high > 1
            if grows and repeats:
                return "a repeat inside a repeat ((a+)+) is not allowed in a rule"
            found = _tree_problem(list(inner), repeats + (1 if grows else 0))
            if found:
                return found
        elif op is _constants.SUBPATTERN:
            found = _tree_problem(list(value[-1]), repeats)
            if found:
                return found
        elif op is _constants.BRANCH:
            for branch in value[1]:
                found = _tree_problem(list(branch), repeats)
                if found:
                    return found
        elif op is _constants.ATOMIC_GROUP:
            found = _tree_problem(list(value), repeats)
            if found:
                return found
    return None
