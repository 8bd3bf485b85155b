"""The reviewer's page as a view model: plain dataclasses and lists the template reads.

What the browser draws lazily (transcripts, the codings list, coding histories) is kept as
compact lists of numbers and strings in :attr:`ReviewPage.data` and
:attr:`ReviewPage.transcripts` (see :mod:`.material`); the rest is small and rendered by the
template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AgreementPair",
    "AgreementRow",
    "CategoryView",
    "ChainStatus",
    "HistoryEntry",
    "MethodFacts",
    "ReviewPage",
    "Settlement",
    "VersionView",
]


@dataclass(frozen=True, slots=True)
class ChainStatus:
    """Whether the audit trail's hash chain is intact, as the page states it."""

    ok: bool
    checked: int
    head: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event of the audit trail as a reviewer reads it."""

    when: str
    who: str
    what: str
    why: str


@dataclass(frozen=True, slots=True)
class CategoryView:
    """One category of the guideline with its frequencies and history."""

    code: str
    name: str
    parent: str | None
    depth: int
    colour: str
    definition: str
    coding_rule: str
    origin: str
    reference: str
    status: str
    anchors: tuple[tuple[str, str], ...]  # (text, source)
    segments: int
    cases: int
    case_share: float
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True, slots=True)
class VersionView:
    """A codebook version: ``reason`` as stored, ``shown_reason`` in the page's language."""

    label: str
    created: str
    created_by: str
    reason: str
    frozen: str
    coded_share: float | None
    shown_reason: str = ""


@dataclass(frozen=True, slots=True)
class AgreementRow:
    code: str
    name: str
    agreements: int
    disagreements: int
    total: int
    percent: float | None


@dataclass(frozen=True, slots=True)
class AgreementPair:
    """The agreement report of one pair of coders (or why there is none)."""

    coders: tuple[str, str]
    level: str = ""
    parameters: tuple[tuple[str, str], ...] = ()
    rows: tuple[AgreementRow, ...] = ()
    overall: AgreementRow | None = None
    kappa_bp: float | None = None
    chance: float | None = None
    notes: tuple[str, ...] = ()
    open_disagreements: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class Settlement:
    """A settled disagreement: both coders' codings, the decision and its reason."""

    when: str
    who: str
    document: str
    category: str
    category_name: str
    position: str
    coders: str
    coding_a: tuple[str, ...]
    coding_b: tuple[str, ...]
    decision: str
    reason: str


@dataclass(frozen=True, slots=True)
class MethodFacts:
    documents: int
    turns: int
    words: int
    codings: int
    coders: tuple[tuple[str, int], ...]
    passes: tuple[tuple[str, int], ...]
    codebook_title: str
    codebook_version: str
    versions: int
    frozen: str  # "1.0 (23 %)" or ""
    frozen_share: float | None
    exported: str
    as_of: str
    qualcode_version: str
    chain: ChainStatus
    selection: tuple[str, ...]
    agreement_parameters: str


@dataclass
class ReviewPage:
    """Everything the reviewer's page shows; see the module docstring."""

    export_id: str
    language: str
    title: str
    facts: MethodFacts
    categories: list[CategoryView]
    versions: list[VersionView]
    changes: list[HistoryEntry]
    documents: list[dict[str, Any]]
    agreement: list[AgreementPair]
    settled: list[Settlement]
    # Who is in no pair, and why: coders whose codings here all came from accepted autocoding
    # proposals, and pairs of coders who coded no document in common.
    rules_only: tuple[str, ...] = ()
    apart: tuple[tuple[str, str], ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    transcripts: list[dict[str, Any]] = field(default_factory=list)
