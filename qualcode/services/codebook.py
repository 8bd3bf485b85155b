"""The project's category system: loading it from YAML, reading it, finding categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from datetime import date
from pathlib import Path
from typing import Any

from qualcode.domain.codebook import Anchor, Category, Codebook, tree_problems
from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.domain.versions import CodebookVersion, CodedShare, next_version_label
from qualcode.services._base import Service
from qualcode.storage.db import Transaction
from qualcode.storage.queries import codebook as codebook_query
from qualcode.storage.queries import codings as codings_query
from qualcode.storage.reader import Reader

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
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo

        report = LoadReport(version=book.version)
        with self.database.transaction() as tx:
            current = codebook_query.load(tx)
            existing = {c.code: c for c in current} if current else {}
            ids = codebook_query.ids_by_code(tx)
            coder_id = self._coder_id(tx)
            now = self.now()
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
                before, after = _snapshot(old), _snapshot(category)
                if before == after:
                    report.unchanged += 1
                    continue
                codebook_repo.update_category(tx, ids[category.code], category, now=now)
                changed = [k for k in _GUIDELINE_FIELDS if before[k] != after[k]]
                audit.record(
                    tx,
                    coder_id=coder_id,
                    action="update",
                    entity="category",
                    entity_id=ids[category.code],
                    before={k: before[k] for k in changed},
                    after={k: after[k] for k in changed},
                    reason=reason or f"loaded from {Path(source_name).name}",
                )
                report.updated.append(category.code)
            same_header = current is not None and (current.version, current.title) == (
                book.version,
                book.title,
            )
            if not new and not report.updated and same_header:
                report.not_in_file = [c for c in existing if book.get(c) is None]
                return report
            versions = codebook_query.versions(tx)
            frozen = _require_reason_after_freeze(versions, reason, how=" (--reason)")
            if book.version in {v.label for v in versions} and (new or report.updated):
                label = next_version_label(versions[-1].label)
                while label in {v.label for v in versions}:
                    label = next_version_label(label)
                book = dataclass_replace(book, version=label)
                report.version = label
            version_reason = reason or (
                f"loaded from {Path(source_name).name}" if current else "first codebook"
            )
            version_id = codebook_repo.insert_version(
                tx, book, coder_id=coder_id, now=now, reason=version_reason
            )
            audit.record(
                tx,
                coder_id=coder_id,
                action="create",
                entity="codebook_version",
                entity_id=version_id,
                after={"label": book.version, "title": book.title, "source": source_name},
                reason=version_reason,
            )
            ids = codebook_repo.insert_categories(tx, new, now=now, existing=ids)
            audit.record_many(
                tx,
                [
                    {
                        "coder_id": coder_id,
                        "action": "create",
                        "entity": "category",
                        "entity_id": ids[c.code],
                        "after": _snapshot(c),
                    }
                    for c in new
                ],
            )
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
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo

        _need_reason(reason)
        with self.database.transaction() as tx:
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
            self._revise(tx, reason, [ids[c.code] for c in moving])
            positions = codebook_query.next_positions(tx)
            parent_id = ids[parent] if parent else None
            now = self.now()
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
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="move",
                entity="category",
                entity_id=ids[code],
                before={"code": code, "parent": moving[0].parent},
                after={"code": new_code, "parent": parent, "renamed": renamed},
                reason=reason.strip(),
            )
            moved = self._book(tx).get(new_code)
            assert moved is not None
            return moved

    def merge(self, source: str, target: str, *, reason: str) -> int:
        """Merge ``source`` into ``target``: its codings and anchors move, it is retired.

        Returns how many codings moved. A category with subcategories is not merged: move or
        merge those first, so that nothing is folded in unseen.
        """
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo
        from qualcode.storage.repositories import codings as codings_repo

        _need_reason(reason)
        with self.database.transaction() as tx:
            book = self._book(tx)
            old, new = book.get(self._code(book, source)), book.get(self._code(book, target))
            assert old is not None and new is not None and old.id and new.id
            if old.code == new.code:
                raise InvalidInputError("a category cannot be merged into itself")
            if book.children(old.code):
                raise InvalidInputError(f"{old.code} has subcategories: move or merge them first")
            self._revise(tx, reason, [new.id])
            now = self.now()
            moved = codings_repo.reassign(tx, from_category=old.id, to_category=new.id, now=now)
            anchors = new.anchors + tuple(a for a in old.anchors if a not in new.anchors)
            codebook_repo.update_category(
                tx, new.id, dataclass_replace(new, anchors=anchors), now=now
            )
            codebook_repo.set_status(tx, old.id, "retired", now=now)
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="merge",
                entity="category",
                entity_id=old.id,
                before={"code": old.code, "status": old.status},
                after={"into": new.code, "codings_moved": moved, "status": "retired"},
                reason=reason.strip(),
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

    def versions(self) -> list[CodebookVersion]:
        """The codebook's versions, oldest first (the last one is current)."""
        with self.database.reading() as reader:
            return codebook_query.versions(reader)

    def coded_share(self) -> CodedShare:
        with self.database.reading() as reader:
            return codebook_query.coded_share(reader)

    def freeze(self, *, reason: str = "") -> tuple[CodebookVersion, CodedShare]:
        """Freeze the current version after the pilot run, recording how much was coded.

        From then on every change to the codebook needs a reason and opens a new version;
        codings of a changed category made under an older version are flagged for re-checking.
        """
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo

        with self.database.transaction() as tx:
            versions = codebook_query.versions(tx)
            if not versions:
                raise NotFoundError(
                    "this project has no codebook yet: load one with 'qualcode codebook load FILE'"
                )
            current = versions[-1]
            if current.frozen is not None:
                raise ConflictError(
                    f"codebook version {current.label} is frozen already "
                    f"(since {current.frozen:%Y-%m-%d}); a change opens the next version"
                )
            share = codebook_query.coded_share(tx)
            now = self.now()
            codebook_repo.freeze_version(tx, current.id, now=now, coded_share=share.share)
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="freeze",
                entity="codebook_version",
                entity_id=current.id,
                after={
                    "label": current.label,
                    "coded_share": round(share.share, 4),
                    "documents_coded": share.documents_coded,
                    "documents": share.documents,
                },
                reason=reason.strip(),
            )
            frozen = codebook_query.versions(tx)[-1]
            return frozen, share

    def _revise(self, tx: Transaction, reason: str, category_ids: list[int]) -> None:
        """Apply the freeze rules to a codebook change inside its transaction.

        Before the first freeze (the pilot run) the category system may change freely. After
        it, a change needs a reason; a change to a frozen version opens the next version; and
        the changed categories remember that version, which flags their older codings.
        """
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo

        versions = codebook_query.versions(tx)
        if not _require_reason_after_freeze(versions, reason):
            return
        current = versions[-1]
        version_id = current.id
        if current.frozen is not None:
            label = next_version_label(current.label)
            taken = {v.label for v in versions}
            while label in taken:
                label = next_version_label(label)
            version_id = codebook_repo.open_version(
                tx,
                current.id,
                label=label,
                coder_id=self._coder_id(tx),
                now=self.now(),
                reason=reason.strip(),
            )
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="create",
                entity="codebook_version",
                entity_id=version_id,
                before={"label": current.label},
                after={"label": label},
                reason=reason.strip(),
            )
        codebook_repo.mark_revised(tx, category_ids, version_id)

    def pinned(self) -> list[str]:
        """The acting coder's pinned categories (keys 1-9 in the workbench)."""
        from qualcode.storage.queries import settings as settings_query

        with self.database.reading() as reader:
            value = settings_query.get(reader, f"pinned:{self.coder}")
        return [str(code) for code in value] if isinstance(value, list) else []

    def set_pinned(self, codes: list[str]) -> list[str]:
        """Store the acting coder's pins (at most nine, in order)."""
        from qualcode.storage.repositories import settings as settings_repo

        codes = list(dict.fromkeys(codes))[:9]
        with self.database.transaction() as tx:
            settings_repo.put(tx, f"pinned:{self.coder}", codes)
        return codes

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
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo

        name = name.strip()
        if not name:
            raise InvalidInputError("a new category needs a name")
        with self.database.transaction() as tx:
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
                tx, [category], now=self.now(), existing=codebook_query.ids_by_code(tx)
            )
            self._revise(tx, reason, [ids[code], *(ids[c] for c in revised if c in ids)])
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="create",
                entity="category",
                entity_id=ids[code],
                after=_snapshot(category),
                reason=reason,
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
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo

        with self.database.transaction() as tx:
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
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="delete",
                entity="category",
                entity_id=found.id,
                before=_snapshot(found),
                reason=reason.strip(),
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
    ) -> Category:
        """Change a category's guideline; the reason is required and kept in the audit trail."""
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codebook as codebook_repo

        if not reason.strip():
            raise InvalidInputError(
                "say why the category changes: the reason goes into the audit trail"
            )
        with self.database.transaction() as tx:
            book = codebook_query.load(tx)
            old = book.get(code) if book else None
            if old is None or old.id is None:
                raise NotFoundError(f"there is no category {code!r}")
            new = dataclass_replace(
                old,
                name=old.name if name is None else name.strip(),
                definition=old.definition if definition is None else definition.strip(),
                coding_rule=old.coding_rule if coding_rule is None else coding_rule.strip(),
                anchors=old.anchors if anchors is None else anchors,
            )
            if not new.name:
                raise InvalidInputError("a category needs a name")
            before, after = _snapshot(old), _snapshot(new)
            changed = [k for k in _GUIDELINE_FIELDS if before[k] != after[k]]
            if not changed:
                return old
            self._revise(tx, reason, [old.id])
            codebook_repo.update_category(tx, old.id, new, now=self.now())
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="update",
                entity="category",
                entity_id=old.id,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
                reason=reason.strip(),
            )
            return new


def _require_reason_after_freeze(
    versions: list[CodebookVersion], reason: str, *, how: str = ""
) -> bool:
    """Whether the codebook has been frozen; if so, a change without a reason is refused."""
    frozen = [v for v in versions if v.frozen is not None]
    if frozen and not reason.strip():
        raise InvalidInputError(
            f"the codebook was frozen after the pilot (version {frozen[0].label}): "
            f"say why it changes{how}; the reason goes into the audit trail"
        )
    return bool(frozen)


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
