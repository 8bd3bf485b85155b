"""A whole project as it travels to and from other programs (REFI-QDA, Taguette, QualCoder).

The exporter writes one of these, the importers read one, and the exchange service stores it:
one plain shape in the middle, so that a round trip is the identity on it and each format needs
only its own reader or writer. GUIDs travel with every entity: an exported project keeps them
stable, an imported one keeps the other program's.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from qualcode.domain.codebook import Anchor, Category, Codebook
from qualcode.domain.plurals import counted
from qualcode.domain.transcript import Turn

GUID_NAMESPACE = uuid.UUID("8f0b6a52-3f1e-5d0c-9b7e-2a4c6e8d0f13")
"""Where a project's own GUID namespace comes from when it has none yet (never changes)."""


def derived_guid(project_guid: str, kind: str, key: object) -> str:
    """A GUID for an entity that has none of its own: the same project, kind and id give the
    same GUID on every export, so a re-export diffs cleanly (a UUID version 5, RFC 4122)."""
    digest = bytearray(
        hashlib.sha1(
            _namespace(project_guid) + f"{kind}:{key}".encode(), usedforsecurity=False
        ).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@lru_cache(maxsize=64)
def _namespace(guid: str) -> bytes:
    return uuid.UUID(guid).bytes


@dataclass(frozen=True, slots=True)
class ExCoder:
    name: str
    guid: str


@dataclass(frozen=True, slots=True)
class ExDocument:
    """A text source: qualcode's normalised text and turns, its case attributes and memo."""

    name: str
    guid: str
    text: str
    turns: tuple[Turn, ...]
    source_name: str = ""
    format: str = "text"
    attributes: dict[str, str] = field(default_factory=dict)
    memo: str = ""
    memo_guid: str = ""
    imported_by: str = ""
    imported_at: datetime | None = None
    sha256: str = ""  # of the file it was imported from (empty: of its text)


@dataclass(frozen=True, slots=True)
class ExCoding:
    """A coded passage: offsets into its document's qualcode text and the text they hold."""

    guid: str
    document: str
    category: str  # the category's code
    start: int
    end: int
    text: str
    coder: str
    memo: str = ""
    memo_guid: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    coding_pass: str = "main"
    codebook_version: str | None = None
    selection_guid: str = ""


@dataclass(frozen=True, slots=True)
class ExVersion:
    label: str
    created: datetime
    created_by: str
    reason: str
    frozen: datetime | None = None
    coded_share: float | None = None


@dataclass(frozen=True, slots=True)
class ExNote:
    """A memo on the project as a whole (another program's project notes)."""

    guid: str
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class ExSet:
    """A named set of documents (by name) or of categories (by code), as REFI-QDA's ``Set``:
    other programs group interviews by site or wave, codes by theme, this way."""

    guid: str
    name: str
    description: str = ""
    documents: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExProposal:
    """An autocoding proposal as it travels: the passage a category's rule found (offsets into
    its document's qualcode text, and the text they hold), and what the coder decided;
    an accepted one names the coding it became by that coding's GUID."""

    guid: str
    document: str  # the document's name
    category: str  # the category's code
    start: int
    end: int
    text: str
    rule: str  # Rule.describe() of the rule that found it
    status: str  # proposed, accepted or rejected
    created_by: str
    created_at: datetime | None = None
    decided_by: str = ""
    decided_at: datetime | None = None
    coding: str = ""  # the GUID of the coding an accepted proposal became
    coding_pass: str | None = None


@dataclass
class ExProject:
    """Everything a project exchange carries; see the module docstring."""

    name: str
    guid: str
    codebook: Codebook | None = None
    category_guids: dict[str, str] = field(default_factory=dict)  # code -> GUID
    coders: list[ExCoder] = field(default_factory=list)
    documents: list[ExDocument] = field(default_factory=list)
    codings: list[ExCoding] = field(default_factory=list)
    versions: list[ExVersion] = field(default_factory=list)
    notes: list[ExNote] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)  # the trail, as plain rows
    origin: str = ""
    sets: list[ExSet] = field(default_factory=list)
    proposals: list[ExProposal] = field(default_factory=list)  # autocoding, qualcode's own
    # For an export that streams: a document's codings, read from the project as the writer
    # comes to it (``codings`` is then empty), so a large project is never held whole.
    codings_of: Callable[[ExDocument], Iterable[ExCoding]] | None = None


@dataclass
class ExchangeReport:
    """What an import read and what it left out, and why: the summary a user sees."""

    source: str
    origin: str = ""
    documents: int = 0
    codes: int = 0
    codings: int = 0
    coders: int = 0
    memos: int = 0
    attributes: int = 0
    proposals: dict[str, int] = field(default_factory=dict)  # status -> how many
    warnings: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary in plain sentences."""
        counts = (
            (self.documents, "document"),
            (self.codes, "code"),
            (self.codings, "coding"),
            (self.coders, "coder"),
            (self.memos, "memo"),
            (self.attributes, "attribute value"),
        )
        read = "Read " + ", ".join(counted(n, noun, thousands=True) for n, noun in counts)
        lines = [read + (f" from {self.origin}." if self.origin else ".")]
        if self.proposals:
            told = ", ".join(
                f"{self.proposals[s]} {_WAITING.get(s, s)}"
                for s in _STATUSES
                if s in self.proposals
            )
            total = sum(self.proposals.values())
            lines.append(f"With {counted(total, 'autocoding proposal', thousands=True)}: {told}.")
        lines += [f"warning: {w}" for w in self.warnings]
        if self.left_out:
            lines.append(f"Left out ({len(self.left_out)}):")
            lines += [f"  {why}" for why in self.left_out]
        return lines


_STATUSES = ("accepted", "rejected", "proposed")
_WAITING = {"proposed": "waiting"}


# ----- a category's guideline as one Description -------------------------------------------

_DEFINITION = "Definition:"
_RULE = "Coding rule:"
_REFERENCE = "Reference:"
_ANCHOR = re.compile(r"^Anchor example \((?P<document>.*), Pos\. (?P<position>\d+)\):$")
_HEADINGS = (_DEFINITION, _RULE, _REFERENCE)


def describe_category(category: Category) -> str:
    """A category's guideline as the Description other programs show under the code: each
    part under a heading of its own line, so that a person reads it and qualcode reads it back
    (:func:`read_description`)."""
    parts: list[str] = []
    if category.definition:
        parts.append(f"{_DEFINITION}\n{category.definition}")
    if category.coding_rule:
        parts.append(f"{_RULE}\n{category.coding_rule}")
    for anchor in category.anchors:
        parts.append(f"Anchor example ({anchor.document}, Pos. {anchor.position}):\n{anchor.text}")
    if category.reference:
        parts.append(f"{_REFERENCE}\n{category.reference}")
    return "\n\n".join(parts)


@dataclass(frozen=True, slots=True)
class Guideline:
    definition: str
    coding_rule: str = ""
    anchors: tuple[Anchor, ...] = ()
    reference: str = ""


def read_description(text: str) -> Guideline:
    """A Description back into the guideline's fields; one without qualcode's headings (another
    program's free text) is all definition."""
    text = text.replace("\r\n", "\n").strip()
    lines = text.split("\n")
    if not lines or not (lines[0] in _HEADINGS or _ANCHOR.match(lines[0])):
        return Guideline(definition=text)
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        if line in _HEADINGS or _ANCHOR.match(line):
            sections.append((line, []))
        else:
            sections[-1][1].append(line)
    fields: dict[str, str] = {}
    anchors: list[Anchor] = []
    for heading, body in sections:
        value = "\n".join(body).strip()
        match = _ANCHOR.match(heading)
        if match:
            anchors.append(Anchor(value, match["document"], int(match["position"])))
        else:
            fields[heading] = value
    return Guideline(
        definition=fields.get(_DEFINITION, ""),
        coding_rule=fields.get(_RULE, ""),
        anchors=tuple(anchors),
        reference=fields.get(_REFERENCE, ""),
    )
