"""Undo and redo of the day's changes, read from the audit trail.

The history needs no table of its own: a coder's steps of today are their units of work in
the trail (the events written by one unit share its time), and an undo or redo is one more
unit, holding the changes that take the step back (or do it again) and a ``ChangeUndone`` /
``ChangeRedone`` naming the step. Replaying the day's units gives both stacks, so the history
survives closing the workbench, and the trail says what was undone and by whom.

A step is taken back by the inverse service calls (a coding removed, a category withdrawn, a
guideline edited back, a category moved back), run inside the undo's own unit of work, so the
inverse and its record are stored together or not at all. A step that cannot be taken back
safely (a merge, a settled disagreement, codings added in bulk) stops the history there, and
says so, rather than being skipped. Imports and codebook files loaded are not steps of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

from qualcode.domain.audit import (
    AuditEvent,
    CategoryChanged,
    CategoryCreated,
    CategoryMerged,
    CategoryMoved,
    CategoryWithdrawn,
    ChangeEvent,
    ChangeRedone,
    ChangeUndone,
    CodebookVersionCreated,
    CodingCreated,
    CodingMemoChanged,
    CodingReassigned,
    CodingRemoved,
    CodingsAdded,
    DisagreementResolved,
    ReductionPromoted,
)
from qualcode.domain.codebook import Anchor
from qualcode.domain.errors import ConflictError, NotFoundError, QualcodeError
from qualcode.domain.plurals import counted
from qualcode.services._base import Service, joined
from qualcode.services.steps import Step, StepDone, Steps
from qualcode.storage.audit import reads as audit_query
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.coders import reads as coders_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader

#: Changes a step is made of that can be taken back.
_INVERTIBLE = (
    CodingCreated,
    CodingRemoved,
    CodingMemoChanged,
    CodingReassigned,
    CategoryCreated,
    CategoryWithdrawn,
    CategoryChanged,
    CategoryMoved,
)
#: Changes that are steps of the day but cannot be taken back safely.
_FINAL: dict[type[ChangeEvent], str] = {
    CategoryMerged: "codings of two categories cannot be told apart again",
    DisagreementResolved: "a settled disagreement is changed by settling it again",
    CodingsAdded: "codings added in one go are removed one by one",
    ReductionPromoted: "categories formed from reductions are withdrawn in the codebook editor",
}
#: The guideline fields an edit can set back.
_EDITABLE = ("name", "definition", "coding_rule", "anchors")


@dataclass
class _Entry:
    """A step on one of the stacks: the trail's events it is made of, and its name."""

    step_id: int  # the first audit event of the original step
    events: list[AuditEvent]
    unit: int  # which of the day's units of work wrote the events
    name: str = ""  # known for undone and redone steps; worked out for the others
    blocked: str = ""
    main: ChangeEvent | None = field(default=None, repr=False)


def _units(events: list[AuditEvent]) -> list[list[AuditEvent]]:
    """The events grouped by the unit of work that wrote them (one time per unit)."""
    units: list[list[AuditEvent]] = []
    for event in events:
        if units and units[-1][0].at == event.at:
            units[-1].append(event)
        else:
            units.append([event])
    return units


def _typed(unit: list[AuditEvent]) -> list[ChangeEvent]:
    return [t for e in unit if (t := e.typed()) is not None]


@dataclass
class _Day:
    """A coder's day replayed: the two stacks, and the ids re-created things got.

    A coding (or category) that an undo or redo creates again gets a new id; the steps recorded
    before refer to the old one. ``renamed`` keeps, in order, (unit, "coding:5", 9).
    """

    undo: list[_Entry] = field(default_factory=list)
    redo: list[_Entry] = field(default_factory=list)
    renamed: list[tuple[int, str, int]] = field(default_factory=list)

    def current(self, entry: _Entry, entity: str, entity_id: int) -> int:
        """The id today of what ``entry``'s events call ``entity_id``."""
        for unit, old, new in self.renamed:
            if unit > entry.unit and old == f"{entity}:{entity_id}":
                entity_id = new
        return entity_id


def _stacks(events: list[AuditEvent]) -> _Day:
    """Replay a coder's day: the steps that can be undone and those that can be redone."""
    day = _Day()
    undo, redo = day.undo, day.redo
    for index, unit in enumerate(_units(events)):
        typed = _typed(unit)
        marks = [t for t in typed if isinstance(t, ChangeUndone | ChangeRedone)]
        if marks:
            mark = marks[0]
            source, target = (undo, redo) if isinstance(mark, ChangeUndone) else (redo, undo)
            if source and source[-1].step_id == mark.entity_id:
                source.pop()
            target.append(_Entry(mark.entity_id or 0, unit, index, name=mark.step))
            day.renamed += [(index, old, new) for old, new in (mark.ids or {}).items()]
            continue
        if any(isinstance(t, CodebookVersionCreated) and t.source for t in typed):
            continue  # a codebook loaded from a file: changed again by loading another
        final = next((why for t in typed for k, why in _FINAL.items() if isinstance(t, k)), "")
        main = next((t for t in typed if isinstance(t, (*_INVERTIBLE, *_FINAL))), None)
        if main is None:
            continue  # not a step of the history (an import, a pass switched, a freeze)
        undo.append(_Entry(unit[0].id, unit, index, blocked=final, main=main))
        redo.clear()
    return day


class HistoryService(Service):
    """The acting coder's undo and redo over today's changes."""

    def steps(self) -> Steps:
        """What undo and redo would take back or do again now."""
        with self.database.reading() as reader:
            day = _stacks(self._today(reader))
            return Steps(
                undo=self._step(reader, day, day.undo[-1]) if day.undo else None,
                redo=self._step(reader, day, day.redo[-1]) if day.redo else None,
            )

    @contextmanager
    def one_step(self) -> Iterator[None]:
        """The service writes inside are one unit of work, so one step (a new category from a
        passage, and the passage coded with it, are undone together)."""
        with self.unit_of_work() as uow, joined(uow):
            yield

    def undo(self) -> StepDone:
        """Take back the latest step of the day (one unit of work, recorded)."""
        return self._move(redo=False)

    def redo(self) -> StepDone:
        """Do the latest undone step again (one unit of work, recorded)."""
        return self._move(redo=True)

    def _move(self, *, redo: bool) -> StepDone:
        word = "redo" if redo else "undo"
        with self.unit_of_work() as uow:
            day = _stacks(self._today(uow.tx))
            stack = day.redo if redo else day.undo
            if not stack:
                raise NotFoundError(f"there is nothing to {word} today")
            entry = stack[-1]
            step = self._step(uow.tx, day, entry)
            if step.blocked:
                raise ConflictError(f"the {step.name} cannot be undone: {step.blocked}")
            reason = f"{'redone' if redo else 'undone'}: {step.name}"
            ids: dict[str, int] = {}

            def current(entity: str, entity_id: int) -> int:
                return day.current(entry, entity, entity_id)

            try:
                with joined(uow):
                    for event in reversed(_typed(entry.events)):
                        made = self._invert(uow.tx, event, reason, current)
                        if made is not None and event.entity_id is not None:
                            ids[f"{event.entity}:{event.entity_id}"] = made
            except QualcodeError as exc:
                raise ConflictError(f"the {step.name} cannot be {word}ne: {exc}") from None
            mark = ChangeRedone if redo else ChangeUndone
            uow.record(mark(entity_id=entry.step_id, step=step.name, ids=ids or None))
        return StepDone(step.name, redo, self.steps())

    # ----- reading the day ----------------------------------------------------------------

    def _today(self, reader: Reader) -> list[AuditEvent]:
        coder_id = coders_query.find(reader, self.coder)
        if coder_id is None:
            return []
        midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        return [e for e in audit_query.events(reader, coder_id=coder_id) if e.at >= midnight]

    def _step(self, reader: Reader, day: _Day, entry: _Entry) -> Step:
        if not entry.name:
            main = entry.main
            if isinstance(main, CodingMemoChanged | CodingReassigned) and main.entity_id:
                main = replace(main, entity_id=day.current(entry, "coding", main.entity_id))
            entry.name = _name(reader, main) if main is not None else "change"
        return Step(entry.name, entry.blocked)

    # ----- taking a change back ---------------------------------------------------------------

    def _invert(
        self,
        reader: Reader,
        event: ChangeEvent,
        reason: str,
        current: Callable[[str, int], int],
    ) -> int | None:
        """The service call that takes back one recorded change (inside the joined unit); the
        new id of what it creates again, if it does."""
        from qualcode.services.codebook import CodebookService
        from qualcode.services.coding import CodingService

        coding = CodingService(self.database, self.coder)
        codebook = CodebookService(self.database, self.coder)
        match event:
            case CodingCreated(entity_id=int(coding_id)):
                coding.uncode(current("coding", coding_id), reason=reason)
            case CodingRemoved(coding=view):
                return coding.code(
                    str(view["document"]),
                    str(view["category"]),
                    chars=(int(view["start"]), int(view["end"])),
                    memo=str(view.get("memo") or ""),
                    coding_pass=view.get("pass"),
                ).id
            case CodingMemoChanged(entity_id=int(coding_id), old_memo=old):
                coding.set_memo(current("coding", coding_id), old or "")
            case CodingReassigned(entity_id=int(coding_id), old_category=old):
                coding.reassign(current("coding", coding_id), old, reason=reason)
            case CategoryCreated(entity_id=int(category_id)):
                code = _code_of(reader, current("category", category_id))
                codebook.withdraw_category(code, reason=reason)
            case CategoryWithdrawn(category=c):
                return codebook.create_category(
                    name=str(c["name"]),
                    parent=c.get("parent"),
                    definition=str(c.get("definition") or ""),
                    coding_rule=str(c.get("coding_rule") or ""),
                    anchors=_anchors(c.get("anchors")),
                    origin=str(c.get("origin") or "inductive"),
                    reference=str(c.get("reference") or ""),
                    reason=reason,
                ).id
            case CategoryChanged(entity_id=int(category_id), old=old):
                code = _code_of(reader, current("category", category_id))
                others = sorted(set(old) - set(_EDITABLE))
                if others:
                    raise ConflictError(f"{', '.join(others)} of {code} are not set back here")
                values = {k: old[k] for k in _EDITABLE if k in old}
                if "anchors" in values:
                    values["anchors"] = _anchors(values["anchors"])
                codebook.edit_category(code, reason=reason, **values)
            case CategoryMoved(entity_id=int(category_id), old_parent=parent):
                code = _code_of(reader, current("category", category_id))
                codebook.move(code, parent, reason=reason)
            case _:
                pass  # a side effect of the step (a new codebook version): not a step itself
        return None


def _code_of(reader: Reader, category_id: int) -> str:
    """A category's code today (a move changes it)."""
    book = codebook_query.load(reader)
    found = next((c for c in book or () if c.id == category_id), None)
    if found is None:
        raise NotFoundError("the category is no longer in the codebook")
    return found.code


def _anchors(value: object) -> tuple[Anchor, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        Anchor(str(a.get("text", "")), str(a.get("document", "")), int(a.get("position") or 1))
        for a in value
        if isinstance(a, dict)
    )


def _positions(reader: Reader, document: str, start: int, end: int) -> str:
    """``Pos. 9`` or ``Pos. 9–10``: the turns a span of a document covers."""
    document_id = documents_query.find_id(reader, document)
    if document_id is None:
        return ""
    turns = documents_query.turn_spans(reader, [document_id]).get(document_id, [])
    hit = [
        t["position"]
        for t in turns
        if t["char_start"] < max(end, start + 1) and t["char_end"] > start
    ]
    if not hit:
        return ""
    first, last = min(hit), max(hit)
    return f" Pos. {first}" if first == last else f" Pos. {first}–{last}"


def _name(reader: Reader, event: ChangeEvent) -> str:
    """How the status bar names a step: 'coding K2.1 in B03 Pos. 9'."""
    match event:
        case CodingCreated(coding=c) | CodingRemoved(coding=c):
            what = "coding" if isinstance(event, CodingCreated) else "removal of"
            where = _positions(reader, str(c.get("document")), c.get("start", 0), c.get("end", 0))
            return f"{what} {c.get('category')} in {c.get('document')}{where}"
        case (
            CodingMemoChanged(entity_id=int(coding_id)) | CodingReassigned(entity_id=int(coding_id))
        ):
            what = "memo on" if isinstance(event, CodingMemoChanged) else "recoding of"
            found = codings_query.get(reader, coding_id)
            if found is None:
                return f"{what} coding {coding_id}"
            where = f" Pos. {found.position}" if found.position else ""
            return f"{what} {found.category} in {found.document}{where}"
        case CategoryCreated(category=c):
            return f"new category {c.get('code')} {c.get('name')}"
        case CategoryWithdrawn(category=c):
            return f"withdrawal of {c.get('code')} {c.get('name')}"
        case CategoryChanged(entity_id=int(category_id), new=new):
            try:
                code = _code_of(reader, category_id)
            except NotFoundError:
                code = f"category {category_id}"
            return f"edit of {code} ({', '.join(sorted(new))})"
        case CategoryMoved(old_code=old, code=new):
            return f"move of {old} to {new}"
        case CategoryMerged(code=old, into=into):
            return f"merge of {old} into {into}"
        case DisagreementResolved(category=code, document=document):
            return f"settled disagreement on {code} in {document}"
        case CodingsAdded(count=count):
            return f"{counted(count, 'coding')} added in one go"
    return event.describe()
