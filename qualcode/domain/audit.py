"""The audit trail: typed events for every kind of change, and how reviewers read them.

A service records a :class:`ChangeEvent` (``CodingCreated``, ``CategoryMoved``, ...). Each kind
knows the ``entity`` and ``action`` it is stored under, which of its fields go into the stored
``before``/``after`` JSON and under which key, and the sentence that tells people what happened.
A stored row comes back as an :class:`AuditEvent`; its :meth:`AuditEvent.describe` finds the
kind by (entity, action) and rebuilds it from the stored JSON, so old projects read the same.
Every kind's sentence has its German counterpart in :mod:`qualcode.domain.audit_german`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Self

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.plurals import counted

if TYPE_CHECKING:
    from qualcode.domain.coding import Coding
    from qualcode.domain.relocation import Placement
    from qualcode.domain.terminology import Terms
    from qualcode.domain.transcript import DocumentInfo

# ----- how a field is stored -----------------------------------------------------------------

_WHOLE = "*"  # the field is the whole before/after value (a dict with keys of its own)


def _before(key: str = "", *, optional: bool = False, whole: bool = False) -> Any:
    """A field stored in ``before`` (under ``key``, else its own name)."""
    return _stored("before", key, optional=optional, whole=whole)


def _after(key: str = "", *, optional: bool = False, whole: bool = False) -> Any:
    """A field stored in ``after`` (under ``key``, else its own name)."""
    return _stored("after", key, optional=optional, whole=whole)


def _stored(side: str, key: str, *, optional: bool, whole: bool) -> Any:
    meta = {"side": side, "key": _WHOLE if whole else key, "optional": optional}
    return field(default=None, metadata=meta) if optional else field(metadata=meta)


def _get(data: Any, key: str, default: Any = None) -> Any:
    return data.get(key, default) if isinstance(data, dict) else default


def _short(text: object, width: int = 60) -> str:
    flat = " ".join(str(text or "").split())
    return f"“{flat}”" if len(flat) <= width else f"“{flat[: width - 1]}…”"


# ----- the events ----------------------------------------------------------------------------

_KINDS: dict[tuple[str, str], type[ChangeEvent]] = {}


@dataclass(frozen=True, kw_only=True)
class ChangeEvent:
    """One change as it is recorded: what, which one, before/after, and why."""

    entity: ClassVar[str]
    action: ClassVar[str]

    entity_id: int | None = None
    reason: str = ""
    # The first and last Pos. of the passage an event names by its offsets only (an older
    # coding, an autocoding decision, a settled disagreement), found in the transcript when
    # the trail is read (AuditService.log); never stored.
    place: tuple[int, int] | None = field(default=None, compare=False)

    def __init_subclass__(cls, *, entity: str, action: str, **kwargs: Any) -> None:
        """Each kind names where it is stored: ``class X(ChangeEvent, entity=..., action=...)``."""
        super().__init_subclass__(**kwargs)
        cls.entity, cls.action = entity, action
        _KINDS[(entity, action)] = cls

    def payload(self) -> tuple[Any, Any]:
        """The stored ``before`` and ``after`` (a dict, or None when the side holds nothing)."""
        return self._side("before"), self._side("after")

    def _side(self, side: str) -> Any:
        fields = [f for f in dataclasses.fields(self) if f.metadata.get("side") == side]
        data: dict[str, Any] = {}
        for f in fields:
            value = getattr(self, f.name)
            if f.metadata["key"] == _WHOLE:
                return value
            if value is None and f.metadata["optional"]:
                continue
            data[f.metadata["key"] or f.name] = value
        return data or None

    @classmethod
    def from_stored(cls, entity_id: int | None, before: Any, after: Any, reason: str = "") -> Self:
        """The event as it was recorded; keys missing from an old row read as None."""
        sides = {"before": before, "after": after}
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            side = f.metadata.get("side")
            if side is None:
                continue
            key = f.metadata["key"] or f.name
            values[f.name] = sides[side] if key == _WHOLE else _get(sides[side], key)
        return cls(entity_id=entity_id, reason=reason, **values)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        """One plain sentence for the log and the history panes.

        ``actor``: who made the change; ``subject``: the category's code or the document's
        name today, when it still exists.
        """
        return generic_wording(self.entity, self.action, self.entity_id)


def generic_wording(entity: str, action: str, entity_id: int | None) -> str:
    """The sentence for a stored row of a kind this version does not know."""
    return f"{action} {entity}" + (f" {entity_id}" if entity_id is not None else "")


def _for(actor: str, view: Any) -> str:
    """' for ben' when the coding belongs to someone other than who changed it."""
    owner = _get(view, "coder")
    return f" for {owner}" if owner and owner != actor else ""


def coding_view(coding: Coding, *, memo: bool = True) -> dict[str, Any]:
    """A coding as the trail keeps it (settling a disagreement leaves the memo out)."""
    view: dict[str, Any] = {
        "document": coding.document,
        "category": coding.category,
        "start": coding.start,
        "end": coding.end,
        "text": coding.text,
    }
    if memo:
        view["memo"] = coding.memo
    if coding.position is not None:  # the Pos. then, by which a reader finds the passage
        view["position"] = coding.position
        if coding.position_end is not None and coding.position_end != coding.position:
            view["position_end"] = coding.position_end
    return {**view, "coder": coding.coder, "pass": coding.coding_pass}


def _where(view: Any, place: tuple[int, int] | None = None) -> str:
    """' Pos. 9' or ' Pos. 9–10' from a coding as the trail keeps it; for an older entry, which
    kept no Pos., the ``place`` found in the transcript, or ' Pos. –' where none was found."""
    first, last = _get(view, "position"), _get(view, "position_end")
    if first is None and place is not None:
        first, last = place
    if first is None:
        return " Pos. –"
    return f" Pos. {first}" + (f"–{last}" if last is not None and last != first else "")


@dataclass(frozen=True, kw_only=True)
class CodingCreated(ChangeEvent, entity="coding", action="create"):
    coding: dict[str, Any] = _after(whole=True)  # see coding_view

    @classmethod
    def of(cls, coding: Coding, *, reason: str = "", memo: bool = True) -> Self:
        return cls(entity_id=coding.id, coding=coding_view(coding, memo=memo), reason=reason)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        c = self.coding
        return (
            f"coded {_get(c, 'document')}{_where(c, self.place)} as {_get(c, 'category')}"
            f"{_for(actor, c)}: "
            f"{_short(_get(c, 'text'))}"
        )


@dataclass(frozen=True, kw_only=True)
class CodingRemoved(ChangeEvent, entity="coding", action="delete"):
    coding: dict[str, Any] = _before(whole=True)  # see coding_view

    @classmethod
    def of(cls, coding: Coding, *, reason: str = "", memo: bool = True) -> Self:
        return cls(entity_id=coding.id, coding=coding_view(coding, memo=memo), reason=reason)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        c = self.coding
        return (
            f"removed the coding {_get(c, 'category')} in {_get(c, 'document')}"
            f"{_where(c, self.place)}"
            f"{_for(actor, c)}: {_short(_get(c, 'text'))}"
        )


@dataclass(frozen=True, kw_only=True)
class CodingsAdded(ChangeEvent, entity="coding", action="create-many"):
    """Many codings in one go (scripts, the bench project)."""

    count: int = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"added {counted(self.count, 'coding')} in one go"


@dataclass(frozen=True, kw_only=True)
class CodingMemoChanged(ChangeEvent, entity="coding", action="memo"):
    old_memo: str = _before("memo")
    memo: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        if not self.memo:  # cleared, or a first memo taken back: not an empty memo
            return f"cleared the memo on coding {self.entity_id}"
        return f"memo on coding {self.entity_id}: {_short(self.memo)}"


@dataclass(frozen=True, kw_only=True)
class CodingReassigned(ChangeEvent, entity="coding", action="reassign"):
    old_category: str = _before("category")
    category: str = _after()

    @classmethod
    def of(cls, coding: Coding, category: str, *, reason: str = "") -> Self:
        return cls(
            entity_id=coding.id, old_category=coding.category, category=category, reason=reason
        )

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"coding {self.entity_id}: {self.old_category} → {self.category}"


@dataclass(frozen=True, kw_only=True)
class CodingRelocated(ChangeEvent, entity="coding", action="relocate"):
    """A coding placed again when its transcript was replaced."""

    old_start: int = _before("start")
    old_end: int = _before("end")
    old_text: str = _before("text")
    start: int = _after()
    end: int = _after()
    status: str = _after()

    @classmethod
    def of(cls, coding: Coding, place: Placement) -> Self:
        """Where a coding was, and where the replaced transcript has it now."""
        return cls(
            entity_id=coding.id,
            old_start=coding.start,
            old_end=coding.end,
            old_text=coding.text,
            start=place.start,
            end=place.end,
            status=place.status,
        )

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"coding {self.entity_id} placed again in a replaced transcript ({self.status})"


@dataclass(frozen=True, kw_only=True)
class CodingConfirmed(ChangeEvent, entity="coding", action="confirm"):
    """A coding checked again under the current codebook version."""

    old_version: str | None = _before("codebook_version")
    review: str | None = _before()
    codebook_version: str | None = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"coding {self.entity_id} checked again under codebook version {self.codebook_version}"
        )


@dataclass(frozen=True, kw_only=True)
class CategoryCreated(ChangeEvent, entity="category", action="create"):
    category: dict[str, Any] = _after(whole=True)  # every guideline field, with code and parent

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        c = self.category
        return f"created {_get(c, 'code')} {_short(_get(c, 'name'))} ({_get(c, 'origin')})"


@dataclass(frozen=True, kw_only=True)
class CategoryWithdrawn(ChangeEvent, entity="category", action="delete"):
    """A category taken back (created by mistake); the trail keeps all of it."""

    category: dict[str, Any] = _before(whole=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        c = self.category
        return f"took back {_get(c, 'code')} {_short(_get(c, 'name'))}"


@dataclass(frozen=True, kw_only=True)
class CategoryChanged(ChangeEvent, entity="category", action="update"):
    """Guideline fields changed: only the changed ones, before and after."""

    old: dict[str, Any] = _before(whole=True)
    new: dict[str, Any] = _after(whole=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        fields = ", ".join(sorted(self.new)) if isinstance(self.new, dict) else "guideline"
        return f"changed {subject or f'category {self.entity_id}'}: {fields}"


@dataclass(frozen=True, kw_only=True)
class CategoryMoved(ChangeEvent, entity="category", action="move"):
    old_code: str = _before("code")
    old_parent: str | None = _before("parent")
    code: str = _after()
    parent: str | None = _after()
    renamed: dict[str, str] = _after()  # every moved code, old -> new

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"moved {self.old_code} → {self.code} (under {self.parent or 'the top level'})"


@dataclass(frozen=True, kw_only=True)
class CategoryMerged(ChangeEvent, entity="category", action="merge"):
    code: str = _before()
    old_status: str = _before("status")
    into: str = _after()
    codings_moved: int = _after()
    status: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"merged {self.code} into {self.into} ({counted(self.codings_moved, 'coding')} moved)"
        )


@dataclass(frozen=True, kw_only=True)
class CodebookVersionCreated(ChangeEvent, entity="codebook_version", action="create"):
    """A new version: loaded from a file (title, source) or opened by a change after a freeze."""

    previous: str | None = _before("label", optional=True)
    label: str = _after()
    title: str | None = _after(optional=True)
    source: str | None = _after(optional=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"codebook version {self.label}"


@dataclass(frozen=True, kw_only=True)
class CodebookVersionFrozen(ChangeEvent, entity="codebook_version", action="freeze"):
    label: str = _after()
    coded_share: float = _after()
    documents_coded: int = _after()
    documents: int = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        share = self.coded_share or 0
        return (
            f"froze codebook version {self.label} after the pilot: {share:.0%} of the "
            f"material coded ({self.documents_coded} of {counted(self.documents, 'document')})"
        )


@dataclass(frozen=True, kw_only=True)
class DocumentImported(ChangeEvent, entity="document", action="import"):
    name: str = _after()
    source: str = _after()
    sha256: str = _after()
    format: str = _after()
    turns: int = _after()
    attributes: dict[str, str] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"imported {self.name}"


@dataclass(frozen=True, kw_only=True)
class DocumentReplaced(ChangeEvent, entity="document", action="replace"):
    """A corrected transcript in place of the old one."""

    old_sha256: str = _before("sha256")
    old_turns: int = _before("turns")
    sha256: str = _after()
    source: str = _after()
    turns: int = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"replaced the transcript of {subject or f'document {self.entity_id}'}"


@dataclass(frozen=True, kw_only=True)
class DocumentRenamed(ChangeEvent, entity="document", action="rename"):
    """A document's new name; the events before it keep the old one in their records."""

    old_name: str = _before("name")
    name: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"renamed the document {self.old_name} to {self.name}"


@dataclass(frozen=True, kw_only=True)
class DocumentRemoved(ChangeEvent, entity="document", action="remove"):
    name: str = _before()
    source: str = _before()
    sha256: str = _before()
    codings: int = _before()

    @classmethod
    def of(cls, info: DocumentInfo, *, reason: str = "") -> Self:
        return cls(
            entity_id=info.id,
            name=info.name,
            source=info.source_name,
            sha256=info.sha256,
            codings=info.codings,
            reason=reason,
        )

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"removed the document {self.name}"


@dataclass(frozen=True, kw_only=True)
class AttributesSet(ChangeEvent, entity="document", action="set-attributes"):
    """A document's case attributes (from an attribute table or the import)."""

    attributes: dict[str, str] = _after(whole=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        a = self.attributes
        pairs = ", ".join(f"{k}={v}" for k, v in a.items()) if isinstance(a, dict) else ""
        return f"case attributes of {subject or f'document {self.entity_id}'}: {pairs}"


@dataclass(frozen=True, kw_only=True)
class SpeakerMapChanged(ChangeEvent, entity="speaker_map", action="update"):
    map: Any = _after()  # the merged speaker map as stored
    renamed: dict[str, int] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return "changed the speaker map"


@dataclass(frozen=True, kw_only=True)
class PassSet(ChangeEvent, entity="coder", action="set-pass"):
    """A coder chose the pass their next codings belong to (entity: the coder)."""

    old_pass: str = _before("pass")
    coding_pass: str = _after("pass")

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"switched from the {self.old_pass} pass to the {self.coding_pass} pass"


@dataclass(frozen=True, kw_only=True)
class MemberAdded(ChangeEvent, entity="member", action="add"):
    """Someone became a member of the project with a role (entity: the coder)."""

    name: str = _after()
    role: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"made {self.name} a member as {self.role}"


@dataclass(frozen=True, kw_only=True)
class MemberRoleChanged(ChangeEvent, entity="member", action="role"):
    """A member's role changed (entity: the coder)."""

    name: str = _after()
    old_role: str = _before("role")
    role: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"changed {self.name}'s role from {self.old_role} to {self.role}"


@dataclass(frozen=True, kw_only=True)
class MemberRemoved(ChangeEvent, entity="member", action="remove"):
    """Someone is no longer a member (entity: the coder); their work stays theirs."""

    name: str = _before()
    role: str = _before()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"removed {self.name} ({self.role}) from the members"


@dataclass(frozen=True, kw_only=True)
class DisagreementResolved(ChangeEvent, entity="disagreement", action="resolve"):
    """The coders' decision on one disagreement; the codings it changed are listed."""

    spans_a: list[list[int]] = _before("a")
    spans_b: list[list[int]] = _before("b")
    detail: str = _before()
    document: str = _after()
    category: str = _after()
    start: int = _after()
    end: int = _after()
    coders: str = _after()
    decision: str = _after()
    codings: list[int] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"resolved a disagreement on {self.category} in {self.document}"
            f"{_where(None, self.place)} "
            f"({self.coders}): {self.decision}"
        )


@dataclass(frozen=True, kw_only=True)
class ProjectImported(ChangeEvent, entity="project", action="import"):
    """A whole project read from another program's file (REFI-QDA, Taguette, QualCoder)."""

    source: str = _after()
    origin: str = _after()
    documents: int = _after()
    codes: int = _after()
    codings: int = _after()
    left_out: int = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        made = f" (made by {self.origin})" if self.origin else ""
        return (
            f"imported the project {self.source}{made}: {self.documents} documents, "
            f"{self.codes} codes, {self.codings} codings"
            + (f", {self.left_out} left out" if self.left_out else "")
        )


@dataclass(frozen=True, kw_only=True)
class ProjectMerged(ChangeEvent, entity="project", action="merge"):
    """Another program's project merged into this one (codes matched by GUID, then name)."""

    source: str = _after()
    origin: str = _after()
    documents: int = _after()
    codes: int = _after()
    codings: int = _after()
    matched: int = _after()
    clashes: list[str] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"merged the project {self.source}: {self.documents} documents, {self.codes} new "
            f"codes ({self.matched} matched), {self.codings} codings"
            + (f"; clashes: {', '.join(self.clashes)}" if self.clashes else "")
        )


@dataclass(frozen=True, kw_only=True)
class ReviewCommentImported(ChangeEvent, entity="review_comment", action="import"):
    """A reviewer's comment brought in from the reviewer's page, for the coder's attention.

    ``codings`` lists the coding it is on (if any), so the coding's history shows it.
    """

    reviewer: str = _after()
    export_id: str = _after()
    target: str = _after()
    where: str = _after()
    text: str = _after()
    codings: list[int] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"review comment by {self.reviewer} on {self.where}: {_short(self.text)}"


@dataclass(frozen=True, kw_only=True)
class ReviewCommentDone(ChangeEvent, entity="review_comment", action="done"):
    """The coder has dealt with a reviewer's comment (the reason says how, when given)."""

    reviewer: str = _after()
    where: str = _after()
    codings: list[int] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"dealt with the review comment by {self.reviewer} on {self.where}"


@dataclass(frozen=True, kw_only=True)
class MemoWritten(ChangeEvent, entity="memo", action="create"):
    """A new memo on the project, a document, a category or a coding (entity: the memo)."""

    target: str = _after()
    about: str = _after()
    title: str = _after()
    text: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"memo on {self.target} {self.about}: {_short(self.title or self.text)}"


@dataclass(frozen=True, kw_only=True)
class MemoEdited(ChangeEvent, entity="memo", action="edit"):
    """A memo's new wording; the version before it is kept in the memo's history too."""

    about: str = _after()
    old_title: str = _before("title")
    old_text: str = _before("text")
    title: str = _after()
    text: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"edited the memo {self.entity_id} on {self.about}: {_short(self.title or self.text)}"
        )


@dataclass(frozen=True, kw_only=True)
class MemoRemoved(ChangeEvent, entity="memo", action="delete"):
    """A memo taken away, with its last wording (its earlier versions go with it)."""

    target: str = _before()
    about: str = _before()
    title: str = _before()
    text: str = _before()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"removed the memo on {self.target} {self.about}: {_short(self.title or self.text)}"


@dataclass(frozen=True, kw_only=True)
class PlanChanged(ChangeEvent, entity="plan", action="update"):
    """Fields of the analysis plan changed: their old and new values, by field name."""

    old: dict[str, Any] = _before(whole=True)
    new: dict[str, Any] = _after(whole=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        names = ", ".join(sorted(self.new or {})) or "nothing"
        return f"changed the analysis plan: {names}"


@dataclass(frozen=True, kw_only=True)
class TermsChanged(ChangeEvent, entity="terms", action="update"):
    """The words the exports use (spelling, the people interviewed, a case) changed."""

    old: dict[str, Any] = _before(whole=True)
    new: dict[str, Any] = _after(whole=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        words = ", ".join(f"{k} {v}" for k, v in sorted((self.new or {}).items()))
        return f"set the export wording: {words}"


@dataclass(frozen=True, kw_only=True)
class SummaryWritten(ChangeEvent, entity="summary", action="write"):
    """A new version of a case summary (``category`` None) or of a theme-matrix cell's summary
    (entity: the new version; the older ones stay as its history)."""

    document: str = _after()
    category: str | None = _after(optional=True)
    old_text: str | None = _before("text", optional=True)
    text: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        what = "case summary" if self.category is None else f"summary of {self.category}"
        verb = "rewrote" if self.old_text else "wrote"
        return f"{verb} the {what} of {self.document}: {_short(self.text)}"


@dataclass(frozen=True, kw_only=True)
class SummaryUnitEdited(ChangeEvent, entity="summary_unit", action="edit"):
    """Paraphrase, generalisation and reduction of a coded passage changed (Mayring's
    summarising technique; entity: the coding)."""

    document: str = _after()
    category: str = _after()
    old: dict[str, str] = _before("columns")
    new: dict[str, str] = _after("columns")

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        changed = sorted(k for k in self.new if self.new.get(k) != _get(self.old, k))
        return (
            f"summarising: {', '.join(changed) or 'nothing'} of the {self.category} passage in "
            f"{self.document} (coding {self.entity_id})"
        )


@dataclass(frozen=True, kw_only=True)
class ReductionPromoted(ChangeEvent, entity="reduction", action="promote"):
    """A reduction became an inductive category and its passages were coded with it
    (entity: the category; ``passages``: the codings it came from, ``codings``: the new ones)."""

    reduction: str = _after()
    code: str = _after()
    passages: list[int] = _after()
    codings: list[int] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"formed the inductive category {self.code} from the reduction "
            f"{_short(self.reduction)} ({counted(len(self.passages), 'passage')})"
        )


@dataclass(frozen=True, kw_only=True)
class AutocodeRulesSet(ChangeEvent, entity="category", action="set-rules"):
    """A category's dictionary autocoding rules as a codebook file gave them."""

    code: str = _after()
    old_rules: list[str] = _before("rules")
    rules: list[str] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"autocode rules of {self.code}: {'; '.join(self.rules) or 'none'}"


@dataclass(frozen=True, kw_only=True)
class ProposalsMade(ChangeEvent, entity="proposal", action="propose"):
    """An autocoding run: how many passages it proposed (none is a coding yet)."""

    count: int = _after()
    category: str | None = _after(optional=True)
    document: str | None = _after(optional=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        where = "".join(
            [
                f" for {self.category}" if self.category else "",
                f" in {self.document}" if self.document else "",
            ]
        )
        return f"autocoding proposed {counted(self.count, 'passage')}{where}"


@dataclass(frozen=True, kw_only=True)
class ProposalAccepted(ChangeEvent, entity="proposal", action="accept"):
    """A proposed coding the coder accepted: it became coding ``coding_id``, found by ``rule``."""

    rule: str = _after()
    document: str = _after()
    category: str = _after()
    start: int = _after()
    end: int = _after()
    coding_id: int = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"accepted proposal {self.entity_id}: {self.document}{_where(None, self.place)} "
            f"as {self.category} "
            f"(coding {self.coding_id}, rule {self.rule})"
        )


@dataclass(frozen=True, kw_only=True)
class ProposalReopened(ChangeEvent, entity="proposal", action="reopen"):
    """An accepted proposal waiting again, because its coding was undone."""

    rule: str = _after()
    document: str = _after()
    category: str = _after()
    start: int = _after()
    end: int = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"proposal {self.entity_id} waits again: {self.document}{_where(None, self.place)} "
            f"as {self.category}"
        )


@dataclass(frozen=True, kw_only=True)
class ProposalRejected(ChangeEvent, entity="proposal", action="reject"):
    """A proposed coding the coder rejected; it is not proposed again."""

    rule: str = _after()
    document: str = _after()
    category: str = _after()
    start: int = _after()
    end: int = _after()
    text: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return (
            f"rejected proposal {self.entity_id}: {self.document}{_where(None, self.place)} "
            f"as {self.category} "
            f"(rule {self.rule}): {_short(self.text)}"
        )


@dataclass(frozen=True, kw_only=True)
class ProposalImported(ChangeEvent, entity="proposal", action="import"):
    """An autocoding proposal decided in the project a REFI-QDA file came from, stored here
    with that decision; an accepted one names the coding it became here, so that coding's
    history says which rule found it and who accepted it."""

    source: str = _after()
    rule: str = _after()
    document: str = _after()
    category: str = _after()
    start: int = _after()
    end: int = _after()
    status: str = _after()
    decided_by: str | None = _after(optional=True)
    decided_at: str | None = _after(optional=True)  # ISO text, as the file gave it
    coding_id: int | None = _after(optional=True)
    text: str = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        who = f" by {self.decided_by}" if self.decided_by else ""
        when = f" on {self.decided_at[:10]}" if self.decided_at else ""
        head = f"proposal {self.entity_id} from {self.source}, {self.status} there{who}{when}"
        passage = f"{self.document}{_where(None, self.place)} as {self.category}"
        if self.coding_id is not None:
            return f"{head}: {passage} (coding {self.coding_id}, rule {self.rule})"
        return f"{head}: {passage} (rule {self.rule}): {_short(self.text)}"


@dataclass(frozen=True, kw_only=True)
class StopWordsChanged(ChangeEvent, entity="stop_words", action="update"):
    """The project's own stop words (left out of word frequencies) changed."""

    added: list[str] = _after()
    removed: list[str] = _after()
    words: list[str] = _after()

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        parts = []
        if self.added:
            parts.append("added " + ", ".join(self.added))
        if self.removed:
            parts.append("removed " + ", ".join(self.removed))
        return f"stop list: {'; '.join(parts) or 'unchanged'}"


@dataclass(frozen=True, kw_only=True)
class ChangeUndone(ChangeEvent, entity="change", action="undo"):
    """A step of the day taken back (entity: the step's first audit event).

    The changes that take it back are recorded beside it, in the same unit of work; ``ids``:
    what they created again under a new id ("coding:5" -> 9), for the steps recorded before.
    """

    step: str = _after()
    ids: dict[str, int] | None = _after(optional=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"undid the {self.step}"


@dataclass(frozen=True, kw_only=True)
class ChangeRedone(ChangeEvent, entity="change", action="redo"):
    """An undone step done again (entity: the step's first audit event; ``ids`` as for
    :class:`ChangeUndone`)."""

    step: str = _after()
    ids: dict[str, int] | None = _after(optional=True)

    def describe(self, *, actor: str = "", subject: str = "") -> str:
        return f"redid the {self.step}"


def kind_of(entity: str, action: str) -> type[ChangeEvent] | None:
    """The event class stored under (entity, action), if this version knows it."""
    return _KINDS.get((entity, action))


def kinds() -> tuple[type[ChangeEvent], ...]:
    """Every kind of event this version knows."""
    return tuple(_KINDS.values())


# ----- the trail as it is read back ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One stored row of the trail, with the acting coder's name."""

    id: int
    at: datetime
    coder: str
    action: str
    entity: str
    entity_id: int | None
    before: Any
    after: Any
    reason: str
    subject: str = ""  # the category's code or the document's name today, when it still exists
    seq: int | None = None  # its place in the hash chain (domain/audit_chain.py)
    hash: str | None = None
    # The first and last Pos. of a passage the event names by offsets only (ChangeEvent.place)
    place: tuple[int, int] | None = None

    def typed(self) -> ChangeEvent | None:
        """The row as its event class, or None for a kind (or a shape) this version lacks."""
        kind = kind_of(self.entity, self.action)
        if kind is None:
            return None
        try:
            return kind.from_stored(self.entity_id, self.before, self.after, self.reason)
        except TypeError:
            return None

    def describe(self, language: str = "en", *, terms: Terms | None = None) -> str:
        """One plain sentence for the log and the history panes: in English (the command
        line's), or in German (``language`` "de", a German reviewer's page) in the project's
        ``terms`` (see domain/audit_german.py)."""
        event = self.typed()
        german = language == "de"
        if event is None:
            if german:
                from qualcode.domain.audit_german import unknown_in_german

                return unknown_in_german(self.entity, self.action, self.entity_id)
            return generic_wording(self.entity, self.action, self.entity_id)
        if self.place is not None:
            event = dataclasses.replace(event, place=self.place)
        if german:
            from qualcode.domain.audit_german import german as in_german

            return in_german(event, actor=self.coder, subject=self.subject, terms=terms)
        return event.describe(actor=self.coder, subject=self.subject)

    def passage(self) -> tuple[str, int, int, str | None] | None:
        """(document, start, end, text or None) of the passage this event names by its offsets
        without a Pos. of its own (see ChangeEvent.place); None for any other event."""
        if (self.entity, self.action) not in _NAMES_A_PASSAGE:
            return None  # most of a long trail: decided without building the event
        event = self.typed()
        match event:
            case CodingCreated(coding=view) | CodingRemoved(coding=view):
                if not isinstance(view, dict) or view.get("position") is not None:
                    return None
                document, start, end = view.get("document"), view.get("start"), view.get("end")
                text = view.get("text")
            case ProposalAccepted() | ProposalReopened() | DisagreementResolved():
                document, start, end, text = event.document, event.start, event.end, None
            case ProposalRejected() | ProposalImported():
                document, start, end, text = event.document, event.start, event.end, event.text
            case _:
                return None
        if not (isinstance(document, str) and isinstance(start, int) and isinstance(end, int)):
            return None
        return document, start, end, text if isinstance(text, str) else None


# The kinds of event that name a passage by its offsets (the codings' own may hold its Pos.).
_NAMES_A_PASSAGE = {
    ("coding", "create"),
    ("coding", "delete"),
    ("proposal", "accept"),
    ("proposal", "reopen"),
    ("proposal", "reject"),
    ("proposal", "import"),
    ("disagreement", "resolve"),
}

_RELATIVE = re.compile(r"^(\d+)\s*(m|min|h|d|w)$")
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A point in time as people write it: 2026-11-01, 2026-11-01T14:30, 7d, 12h, today."""
    now = now or datetime.now(UTC)
    value = text.strip().lower()
    if value in ("today", "heute"):
        return now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    if value in ("yesterday", "gestern"):
        midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=1)
    match = _RELATIVE.match(value)
    if match:
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            f"cannot read {text!r} as a time: give a date like 2026-11-01, "
            "a date and time like 2026-11-01T14:30, or a span like 7d, 12h, today"
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()
