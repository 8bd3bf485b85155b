"""The project's category system: loading and revising it (create, edit, move, merge, split,
withdraw), reading it, finding categories.

Versions and the freeze rules are in ``codebook_versions.py``; a coder's pins in ``pins.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain import limits
from qualcode.domain.codebook import Anchor, Category, Codebook, tree_problems
from qualcode.domain.completeness import Gap, gaps
from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.domain.roles import Permission
from qualcode.services._base import Service
from qualcode.services.codebook_versions import free_label, require_reason_after_freeze, revise
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.reader import Reader

if TYPE_CHECKING:
    from qualcode.domain.audit import CategoryChanged

_GUIDELINE_FIELDS = (
    "name",
    "definition",
    "coding_rule",
    "anchors",
    "origin",
    "reference",
    "colour",
    "status",
)


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: list[str] = field(default_factory=list)
    version: str = ""


def _snapshot(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "parent": category.parent,
        "name": category.name,
        "definition": category.definition,
        "coding_rule": category.coding_rule,
        "anchors": [
            {"text": a.text, "document": a.document, "position": a.position}
            for a in category.anchors
        ],
        "origin": category.origin,
        "reference": category.reference,
        "colour": category.colour,
        "status": category.status,
    }


class CodebookService(Service):
    @staticmethod
    def check(path: Path) -> Codebook:
        """Read and check a codebook file without touching any project."""
        from qualcode.importers.codebook_yaml import load_codebook

        return load_codebook(path)

    @staticmethod
    def gaps(book: Codebook) -> list[Gap]:
        """The active categories whose definition, anchor example or coding rule is empty:
        ``codebook check`` lists them and the guideline export marks them."""
        return gaps(book)

    def get(self) -> Codebook:
        with self.database.reading() as reader:
            book = codebook_query.load(reader)
        if book is None or not len(book):
            raise NotFoundError(
                "this project has no codebook yet: load one with 'qualcode codebook load FILE'"
            )
        return book

    def resolve(self, ref: str) -> Category:
        category = self.get().resolve(ref)
        if category is None:
            raise NotFoundError(
                f"there is no category {ref!r}: give its code (e.g. K2.1) or its exact name "
                "(see 'qualcode codebook show')"
            )
        return category

    def install(self, book: Codebook, *, source_name: str) -> LoadReport:
        """Load a codebook into a project; see :meth:`load`."""
        return self._merge(book, source_name=source_name, reason="")

    def load(self, path: Path, *, reason: str = "") -> LoadReport:
        """Load a codebook file: new categories are added, changed ones updated (by code).

        Categories of the project missing from the file are kept and reported, never deleted:
        codings may point at them. Every change is an audit event, and a new codebook version
        is recorded, so codings made before it can be told apart.
        """
        return self._merge(self.check(path), source_name=str(path), reason=reason)

    def _merge(self, book: Codebook, *, source_name: str, reason: str) -> LoadReport:
        from qualcode.domain.audit import CategoryCreated, CodebookVersionCreated
        from qualcode.services.autocoding import store_rules
        from qualcode.storage.codebook import writes as codebook_repo

        report = LoadReport(version=book.version)
        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            tx = uow.tx
            current = codebook_query.load(tx)
            existing = {c.code: c for c in current} if current else {}
            ids = codebook_query.ids_by_code(tx)
            now = uow.now
            new: list[Category] = []
            for category in book:
                old = existing.get(category.code)
                if old is None:
                    new.append(category)
                    continue
                if old.parent != category.parent:
                    raise ConflictError(
                        f"category {category.code} has another parent in the file "
                        f"({category.parent or 'none'}) than in the project "
                        f"({old.parent or 'none'})",
                        file=source_name,
                        line=category.line,
                    )
                why = reason or f"loaded from {Path(source_name).name}"
                change = _guideline_change(ids[category.code], old, category, why)
                if change is None:
                    report.unchanged += 1
                    continue
                codebook_repo.update_category(tx, ids[category.code], category, now=now)
                uow.record(change)
                report.updated.append(category.code)
            same_header = current is not None and (current.version, current.title) == (
                book.version,
                book.title,
            )
            if not new and not report.updated and same_header:
                store_rules(uow, book, ids)
                report.not_in_file = [c for c in existing if book.get(c) is None]
                return report
            versions = codebook_query.versions(tx)
            frozen = require_reason_after_freeze(versions, reason, how=" (--reason)")
            if book.version in {v.label for v in versions} and (new or report.updated):
                label = free_label(versions[-1].label, versions)
                book = dataclass_replace(book, version=label)
                report.version = label
            version_reason = reason or (
                f"loaded from {Path(source_name).name}" if current else "first codebook"
            )
            version_id = codebook_repo.insert_version(
                tx, book, coder_id=uow.coder_id, now=now, reason=version_reason
            )
            uow.record(
                CodebookVersionCreated(
                    entity_id=version_id,
                    label=book.version,
                    title=book.title,
                    source=source_name,
                    reason=version_reason,
                )
            )
            ids = codebook_repo.insert_categories(tx, new, now=now, existing=ids)
            store_rules(uow, book, ids)
            for c in new:
                uow.record(CategoryCreated(entity_id=ids[c.code], category=_snapshot(c)))
            if frozen:
                codebook_repo.mark_revised(
                    tx, [ids[c] for c in [*report.updated, *(c.code for c in new)]], version_id
                )
            report.added = [c.code for c in new]
            report.not_in_file = [c for c in existing if book.get(c) is None]
        return report

    def move(self, code: str, parent: str | None, *, reason: str) -> Category:
        """Put a category (with its subcategories) under another parent.

        Codes say where a category stands (K2.1 is under K2), so the moved category and its
        subcategories get new codes; codings follow them, since they point at the category.
        """
        from qualcode.domain.audit import CategoryMoved
        from qualcode.storage.codebook import writes as codebook_repo

        _need_reason(reason)
        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            tx = uow.tx
            book = self._book(tx)
            moving = _descendants_first(book, self._code(book, code))
            if parent is not None:
                if book.get(parent) is None:
                    raise NotFoundError(f"there is no category {parent!r}")
                if parent in {c.code for c in moving}:
                    raise InvalidInputError(
                        "a category cannot go under itself or its subcategories"
                    )
            if moving[0].parent == parent:
                return moving[0]
            others = [c for c in book if c.code not in {m.code for m in moving}]
            new_code = _next_code(others, parent)
            ids = codebook_query.ids_by_code(tx)
            revise(uow, reason, [ids[c.code] for c in moving])
            positions = codebook_query.next_positions(tx)
            parent_id = ids[parent] if parent else None
            now = uow.now
            renamed = {}
            for index, category in enumerate(moving):
                fresh = new_code + category.code[len(code) :]
                renamed[category.code] = fresh
                codebook_repo.recode(
                    tx,
                    ids[category.code],
                    code=fresh,
                    parent_id=parent_id if index == 0 else ids[category.parent or ""],
                    position=positions.get(parent_id, 0) if index == 0 else category.order,
                    now=now,
                )
            uow.record(
                CategoryMoved(
                    entity_id=ids[code],
                    old_code=code,
                    old_parent=moving[0].parent,
                    code=new_code,
                    parent=parent,
                    renamed=renamed,
                    reason=reason.strip(),
                )
            )
            moved = self._book(tx).get(new_code)
            assert moved is not None
            return moved

    def merge(self, source: str, target: str, *, reason: str) -> int:
        """Merge ``source`` into ``target``: its codings and anchors move, it is retired.

        Returns how many codings moved. A category with subcategories is not merged: move or
        merge those first, so that nothing is folded in unseen.
        """
        from qualcode.domain.audit import CategoryMerged
        from qualcode.storage.codebook import writes as codebook_repo
        from qualcode.storage.codings import writes as codings_repo

        _need_reason(reason)
        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            tx = uow.tx
            book = self._book(tx)
            old, new = book.get(self._code(book, source)), book.get(self._code(book, target))
            assert old is not None and new is not None and old.id and new.id
            if old.code == new.code:
                raise InvalidInputError("a category cannot be merged into itself")
            if book.children(old.code):
                raise InvalidInputError(f"{old.code} has subcategories: move or merge them first")
            revise(uow, reason, [new.id])
            now = uow.now
            moved = codings_repo.reassign(tx, from_category=old.id, to_category=new.id, now=now)
            anchors = new.anchors + tuple(a for a in old.anchors if a not in new.anchors)
            codebook_repo.update_category(
                tx, new.id, dataclass_replace(new, anchors=anchors), now=now
            )
            codebook_repo.set_status(tx, old.id, "retired", now=now)
            uow.record(
                CategoryMerged(
                    entity_id=old.id,
                    code=old.code,
                    old_status=old.status,
                    into=new.code,
                    codings_moved=moved,
                    status="retired",
                    reason=reason.strip(),
                )
            )
            return moved

    def split(self, code: str, *, name: str, reason: str) -> Category:
        """Split off a new sibling from a category; passages are then moved to it one by one."""
        _need_reason(reason)
        original = self.resolve(code)
        return self.create_category(
            name=name,
            parent=original.parent,
            definition=f"Abgespalten aus {original.code} {original.name}: {original.definition}",
            coding_rule=original.coding_rule,
            origin="inductive",
            reason=reason,
            revised=(original.code,),
        )

    def _book(self, reader: Reader) -> Codebook:
        book = codebook_query.load(reader)
        if book is None:
            raise NotFoundError("this project has no codebook yet")
        return book

    @staticmethod
    def _code(book: Codebook, ref: str) -> str:
        found = book.resolve(ref)
        if found is None:
            raise NotFoundError(f"there is no category {ref!r}")
        return found.code

    def create_category(
        self,
        *,
        name: str,
        parent: str | None,
        definition: str,
        coding_rule: str = "",
        anchors: tuple[Anchor, ...] = (),
        origin: str = "inductive",
        reference: str = "",
        reason: str = "",
        revised: tuple[str, ...] = (),
    ) -> Category:
        """A new category under ``parent`` with the next free code (K12 -> K12.4).

        Inductive categories record where and when they were formed, and by whom, as Mayring's
        inductive category formation asks. ``revised``: categories whose meaning this one
        changes (a split), so their codings are flagged for re-checking after a freeze.
        """
        from qualcode.domain.audit import CategoryCreated
        from qualcode.storage.codebook import writes as codebook_repo

        name = name.strip()
        if not name:
            raise InvalidInputError("a new category needs a name")
        limits.CATEGORY_NAME.check(name)
        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            tx = uow.tx
            book = codebook_query.load(tx)
            categories = list(book) if book else []
            if parent is not None and (book is None or book.get(parent) is None):
                raise NotFoundError(f"there is no category {parent!r} to put it under")
            code = _next_code(categories, parent)
            if not reference and origin == "inductive":
                sources = ", ".join(sorted({a.source for a in anchors}))
                reference = (
                    f"induktiv am Material gebildet ({sources or 'ohne Ankerbeispiel'}), "
                    f"{date.today().isoformat()}, {self.coder}"
                )
            category = Category(
                code=code,
                name=name,
                definition=definition.strip(),
                coding_rule=coding_rule.strip(),
                origin=origin,
                reference=reference,
                anchors=anchors,
                parent=parent,
            )
            problems = tree_problems([*categories, category])
            if problems:
                raise InvalidInputError(problems[0][1])
            ids = codebook_repo.insert_categories(
                tx, [category], now=uow.now, existing=codebook_query.ids_by_code(tx)
            )
            revise(uow, reason, [ids[code], *(ids[c] for c in revised if c in ids)])
            uow.record(
                CategoryCreated(entity_id=ids[code], category=_snapshot(category), reason=reason)
            )
            created = codebook_query.load(tx)
            assert created is not None
            found = created.get(code)
            assert found is not None
            return found

    def withdraw_category(self, code: str, *, reason: str = "") -> Category:
        """Take back a category created by mistake (the workbench's undo of a new category).

        Only a category nothing depends on can go: no codings, no subcategories. Anything else
        is retired or merged instead, so that no coding loses its category. The audit trail
        keeps the whole category.
        """
        from qualcode.domain.audit import CategoryWithdrawn
        from qualcode.storage.codebook import writes as codebook_repo

        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            tx = uow.tx
            book = self._book(tx)
            found = book.get(self._code(book, code))
            assert found is not None and found.id is not None
            if book.children(found.code):
                raise ConflictError(f"{found.code} has subcategories; move or merge them first")
            used = codings_query.counts_by_category(tx).get(found.code, 0)
            if used:
                raise ConflictError(
                    f"{found.code} has {used} coding{'' if used == 1 else 's'}; "
                    "merge it into another category instead"
                )
            codebook_repo.delete_category(tx, found.id)
            uow.record(
                CategoryWithdrawn(
                    entity_id=found.id, category=_snapshot(found), reason=reason.strip()
                )
            )
            return found

    def edit_category(
        self,
        code: str,
        *,
        reason: str,
        name: str | None = None,
        definition: str | None = None,
        coding_rule: str | None = None,
        anchors: tuple[Anchor, ...] | None = None,
        expected_version: int | None = None,
    ) -> Category:
        """Change a category's guideline; the reason is required and kept in the audit trail.

        ``expected_version``: the category's version the editor read (``Category.version``);
        when someone changed it since, the edit is refused instead of overwriting theirs.
        """
        from qualcode.storage.codebook import writes as codebook_repo

        if not reason.strip():
            raise InvalidInputError(
                "say why the category changes: the reason goes into the audit trail"
            )
        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            tx = uow.tx
            book = codebook_query.load(tx)
            old = book.get(code) if book else None
            if old is None or old.id is None:
                raise NotFoundError(f"there is no category {code!r}")
            if expected_version is not None and old.version != expected_version:
                raise _changed_meanwhile(tx, old)
            new = dataclass_replace(
                old,
                name=old.name if name is None else name.strip(),
                definition=old.definition if definition is None else definition.strip(),
                coding_rule=old.coding_rule if coding_rule is None else coding_rule.strip(),
                anchors=old.anchors if anchors is None else anchors,
            )
            if not new.name:
                raise InvalidInputError("a category needs a name")
            limits.CATEGORY_NAME.check(new.name)
            change = _guideline_change(old.id, old, new, reason.strip())
            if change is None:
                return old
            revise(uow, reason, [old.id])
            codebook_repo.update_category(tx, old.id, new, now=uow.now)
            uow.record(change)
            return new


def _guideline_change(
    category_id: int, old: Category, new: Category, reason: str
) -> CategoryChanged | None:
    """The guideline fields that differ, before and after; None when nothing does."""
    from qualcode.domain.audit import CategoryChanged

    before, after = _snapshot(old), _snapshot(new)
    changed = [k for k in _GUIDELINE_FIELDS if before[k] != after[k]]
    if not changed and before == after:
        return None
    return CategoryChanged(
        entity_id=category_id,
        old={k: before[k] for k in changed},
        new={k: after[k] for k in changed},
        reason=reason,
    )


def _changed_meanwhile(reader: Reader, category: Category) -> ConflictError:
    """The refusal of an edit made on an older reading: who changed it, and when."""
    assert category.id is not None
    last = codebook_query.last_change(reader, category.id)
    if last is None:
        return ConflictError(f"{category.code} was changed meanwhile; reload and try again")
    who, at = last
    local = at.astimezone()
    when = f"{local:%H:%M}" if local.date() == date.today() else f"{local:%Y-%m-%d %H:%M}"
    return ConflictError(f"{category.code} was changed by {who} at {when}; reload and try again")


def _need_reason(reason: str) -> None:
    if not reason.strip():
        raise InvalidInputError(
            "say why the codebook changes: the reason goes into the audit trail"
        )


def _descendants_first(book: Codebook, code: str) -> list[Category]:
    found = book.get(code)
    assert found is not None
    return [found, *book.descendants(code)]


def _next_code(categories: list[Category], parent: str | None) -> str:
    """The next free code among a parent's children (K2.6 after K2.5; K13 after K12)."""
    if parent is None:
        prefix = "K"
        siblings = [c.code for c in categories if c.parent is None]
    else:
        prefix = parent + "."
        siblings = [c.code for c in categories if c.parent == parent]
    numbers = [int(rest) for code in siblings if (rest := code[len(prefix) :]).isdigit()]
    taken = {c.code for c in categories}
    number = max(numbers, default=0) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"
