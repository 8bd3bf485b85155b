"""The project's category system: loading it from YAML, reading it, finding categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.errors import ConflictError, NotFoundError
from qualcode.services._base import Service
from qualcode.storage.queries import codebook as codebook_query

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
            report.added = [c.code for c in new]
            report.not_in_file = [c for c in existing if book.get(c) is None]
        return report
