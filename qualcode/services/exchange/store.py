"""Writing an exchange project into this one in one unit of work: coders, the codebook (merged
by GUID, then by name), documents, codings, notes, sets and autocoding proposals, with the
GUIDs they came with kept for the next export (see the package docstring)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from qualcode.domain.audit import ProjectImported, ProjectMerged
from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.coding import PASSES
from qualcode.domain.exchange import ExchangeReport, ExCoding, ExProject
from qualcode.domain.text import word_count
from qualcode.domain.transcript import turn_rows
from qualcode.services._base import UnitOfWork
from qualcode.services.autocoding import store_rules
from qualcode.services.exchange.keys import AUDIT_KEY, GUIDS_KEY, NAME_KEY, PROJECT_KEY
from qualcode.services.exchange.proposals import store_proposals
from qualcode.services.sets import SETS_KEY, stored_sets
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reports import exports as exports_query
from qualcode.storage.settings import reads as settings_query

__all__ = ["Store"]


class Store:
    """Writes an exchange project in one unit of work (see ProjectImport.import_project)."""

    def __init__(
        self, uow: UnitOfWork, project: ExProject, report: ExchangeReport, *, merge: bool
    ) -> None:
        self.uow = uow
        self.tx = uow.tx
        self.project = project
        self.report = report
        self.merge = merge
        self.guids: dict[str, dict[str, str]] = settings_query.get(self.tx, GUIDS_KEY) or {}
        self._coders: dict[str, int] = {}
        self.code_map: dict[str, str] = {}  # imported code -> the project's code
        self.matched = 0
        self.clashes: list[str] = []
        self.coding_ids: dict[str, int] = {}  # a coding's GUID in the file -> its id here

    def coder(self, name: str) -> int:
        if not name:
            return self.uow.coder_id
        if name not in self._coders:
            from qualcode.storage.coders import writes as coders_repo

            self._coders[name] = coders_repo.ensure(self.tx, name)
        return self._coders[name]

    def keep(self, kind: str, key: object, guid: str) -> None:
        if guid:
            self.guids.setdefault(kind, {})[str(key)] = guid

    def run(self) -> None:
        from qualcode.storage.settings import writes as settings_repo

        project, tx = self.project, self.tx
        for coder in project.coders:
            self.coder(coder.name)
            self.keep("coder", coder.name, coder.guid)
        new_codes = self._codebook()
        documents = self._documents()
        added = self._codings(documents)
        self._notes()
        self._sets(documents)
        if not self.merge:
            if project.audit:
                settings_repo.put(tx, AUDIT_KEY, project.audit)
            if project.guid:
                settings_repo.put(tx, PROJECT_KEY, project.guid)
            if project.name:
                settings_repo.put(tx, NAME_KEY, project.name)
        report = self.report
        if self.merge:
            self.uow.record(
                ProjectMerged(
                    source=report.source,
                    origin=report.origin,
                    documents=len(documents),
                    codes=new_codes,
                    codings=added,
                    matched=self.matched,
                    clashes=self.clashes,
                )
            )
        else:
            self.uow.record(
                ProjectImported(
                    source=report.source,
                    origin=report.origin,
                    documents=len(documents),
                    codes=new_codes,
                    codings=added,
                    left_out=len(report.left_out),
                )
            )
        store_proposals(self, documents)  # after the import: their events follow its own
        settings_repo.put(tx, GUIDS_KEY, self.guids)

    def _sets(self, documents: dict[str, int]) -> None:
        """The file's sets, members by id; on a merge, a set the project has (by GUID, then
        by name) gains the new members."""
        if not self.project.sets:
            return
        from qualcode.storage.settings import writes as settings_repo

        category_ids = codebook_query.ids_by_code(self.tx)
        stored = stored_sets(self.tx) if self.merge else []
        for new in self.project.sets:
            twin = next((s for s in stored if new.guid and s.get("guid") == new.guid), None)
            twin = twin or next(
                (s for s in stored if str(s.get("name", "")).casefold() == new.name.casefold()),
                None,
            )
            if twin is None:
                twin = {"guid": new.guid, "name": new.name, "description": new.description}
                twin["documents"], twin["categories"] = [], []
                stored.append(twin)
            for key, ids in (
                ("documents", [documents.get(d) for d in new.documents]),
                (
                    "categories",
                    [category_ids.get(self.code_map.get(c, "")) for c in new.categories],
                ),
            ):
                members = list(twin.get(key) or [])
                members += [i for i in ids if i is not None and i not in members]
                twin[key] = members
        settings_repo.put(self.tx, SETS_KEY, stored)

    # -- the codebook -------------------------------------------------------------------

    def _codebook(self) -> int:
        from qualcode.storage.codebook import writes as codebook_repo

        book = self.project.codebook
        if book is None or not len(book):
            return 0
        tx, uow = self.tx, self.uow
        current = codebook_query.load(tx)
        if current is None or not len(current):
            self._versions(book)
            ids = codebook_repo.insert_categories(
                tx, list(book.categories), now=uow.now, existing={}
            )
            self.code_map = {c.code: c.code for c in book.categories}
            store_rules(uow, book, ids)  # a merge keeps the project's rules as they are
            for code, category_id in ids.items():
                self.keep("category", category_id, self.project.category_guids.get(code, ""))
            return len(book)
        return self._merge_codebook(current, book)

    def _versions(self, book: Codebook) -> None:
        from qualcode.storage.codebook import writes as codebook_repo

        versions = self.project.versions
        if not versions:
            codebook_repo.insert_version(
                self.tx,
                book,
                coder_id=self.uow.coder_id,
                now=self.uow.now,
                reason=f"imported from {self.report.source}",
            )
            return
        for version in versions:
            codebook_repo.insert_version_row(
                self.tx,
                book,
                label=version.label,
                coder_id=self.coder(version.created_by),
                created_at=version.created,
                reason=version.reason,
                frozen_at=version.frozen,
                coded_share=version.coded_share,
            )

    def _merge_codebook(self, current: Codebook, book: Codebook) -> int:
        """Codes matched by GUID, then by name; a name whose guideline differs is a clash:
        reported, and the file's code added beside the project's under a name of its own."""
        from qualcode.storage.codebook import writes as codebook_repo

        by_guid = {g: int(i) for i, g in self.guids.get("category", {}).items()}
        id_to_code = {c.id: c.code for c in current.categories}
        by_name: dict[str, Category] = {}
        for category in current.categories:
            by_name.setdefault(category.name.casefold(), category)
        used = {c.code for c in current.categories}
        new: list[Category] = []
        counters: dict[str | None, int] = {}
        for category in book.categories:
            guid = self.project.category_guids.get(category.code, "")
            if guid in by_guid and by_guid[guid] in id_to_code:
                self.code_map[category.code] = id_to_code[by_guid[guid]]
                self.matched += 1
                continue
            twin = by_name.get(category.name.casefold())
            name = category.name
            if twin is not None:
                if not category.definition or category.definition == twin.definition:
                    self.code_map[category.code] = twin.code
                    self.matched += 1
                    continue
                self.clashes.append(category.name)
                self.report.warnings.append(
                    f"the code {category.name!r} is in the project already with another "
                    f"definition: not merged; added as {category.name!r} (imported)"
                )
                name = f"{category.name} (imported)"
            parent = self.code_map.get(category.parent) if category.parent else None
            code = category.code
            if (
                code in used
                or (parent and not code.startswith(parent + "."))
                or (not parent and "." in code)
            ):
                number = counters.get(parent, 0)
                while True:
                    number += 1
                    code = f"{parent}.{number}" if parent else f"M{number}"
                    if code not in used:
                        break
                counters[parent] = number
            used.add(code)
            self.code_map[category.code] = code
            new.append(
                Category(
                    code=code,
                    name=name,
                    definition=category.definition,
                    coding_rule=category.coding_rule,
                    origin=category.origin,
                    reference=category.reference,
                    anchors=category.anchors,
                    parent=parent,
                    colour=category.colour,
                    status=category.status,
                )
            )
        if new:
            ids = codebook_repo.insert_categories(
                self.tx, new, now=self.uow.now, existing=codebook_query.ids_by_code(self.tx)
            )
            back = {v: k for k, v in self.code_map.items()}
            for category in new:
                guid = self.project.category_guids.get(back.get(category.code, ""), "")
                self.keep("category", ids[category.code], guid)
        return len(new)

    def _notes(self) -> None:
        """Another program's project notes become project memos (titled as it named them)."""
        from qualcode.domain.limits import MEMO_TITLE
        from qualcode.storage.memos import writes as memos_repo

        for note in self.project.notes:
            text = note.text.strip() or note.name.strip()
            if not text:
                continue
            memo_id = memos_repo.insert(
                self.tx,
                target="project",
                target_id=None,
                title=" ".join(note.name.split())[: MEMO_TITLE.most],
                text=text,
                author_id=self.uow.coder_id,
                now=self.uow.now,
            )
            self.keep("project-memo", memo_id, note.guid)

    # -- documents and codings ----------------------------------------------------------

    def _documents(self) -> dict[str, int]:
        from qualcode.storage.documents import writes as documents_repo
        from qualcode.storage.memos import writes as memos_repo

        tx, uow = self.tx, self.uow
        existing = documents_query.id_by_name(tx) if self.merge else {}
        hashes = documents_query.names_by_sha256(tx) if self.merge else {}
        ids: dict[str, int] = {}
        for document in self.project.documents:
            sha = document.sha256 or hashlib.sha256(document.text.encode("utf-8")).hexdigest()
            if document.name in existing and hashes.get(sha) == document.name:
                ids[document.name] = existing[document.name]  # the same text: codings join it
                continue
            name, n = document.name, 2
            while name in existing:
                name = f"{document.name} ({n})"
                n += 1
            if name != document.name:
                self.report.warnings.append(
                    f"a document named {document.name!r} with another text is in the project "
                    f"already; imported as {name!r}"
                )
            document_id = documents_repo.insert(
                tx,
                name=name,
                source_name=document.source_name or document.name,
                sha256=sha,
                fmt=document.format[:20] or "refi",
                text=document.text,
                turns=turn_rows(document.turns),
                words=word_count(document.text),
                coder_id=self.coder(document.imported_by),
                now=document.imported_at or uow.now,
            )
            ids[document.name] = document_id
            self.keep("document", document_id, document.guid)
            if document.attributes:
                documents_repo.set_attributes(tx, document_id, dict(document.attributes))
            if document.memo:
                memos_repo.insert(
                    tx,
                    target="document",
                    target_id=document_id,
                    title="",
                    text=document.memo,
                    author_id=self.coder(document.imported_by),
                    now=document.imported_at or uow.now,
                )
                self.keep("document-memo", document_id, document.memo_guid)
        return ids

    def _codings(self, documents: dict[str, int]) -> int:
        from qualcode.storage.codings import writes as codings_repo

        tx, uow = self.tx, self.uow
        category_ids = codebook_query.ids_by_code(tx)
        current = codebook_query.current_version(tx)
        versions = {v.label: v.id for v in codebook_query.versions(tx)}
        rows: list[dict[str, Any]] = []
        kept: list[ExCoding] = []
        seen: dict[tuple[int, int, int, int, int], int | None] = {}
        if self.merge:
            seen = {
                (c.document_id, category_ids[c.category], c.start, c.end, self.coder(c.coder)): c.id
                for c in exports_query.codings(tx)
                if c.category in category_ids
            }
        for coding in self.project.codings:
            document_id = documents.get(coding.document)
            code = self.code_map.get(coding.category)
            if document_id is None or code is None:
                continue
            category_id = category_ids[code]
            coder_id = self.coder(coding.coder)
            key = (document_id, category_id, coding.start, coding.end, coder_id)
            if key in seen:
                known = seen[key]  # merged twice: the same coding is there already
                if known is not None and coding.guid:
                    self.coding_ids.setdefault(coding.guid, known)
                continue
            seen[key] = None
            version = versions.get(coding.codebook_version or "") if not self.merge else None
            if version is None and current is not None:
                version = current.id
            created = coding.created or uow.now
            rows.append(
                {
                    "document_id": document_id,
                    "category_id": category_id,
                    "char_start": coding.start,
                    "char_end": coding.end,
                    "text": coding.text,
                    "coder_id": coder_id,
                    "coding_pass": coding.coding_pass if coding.coding_pass in PASSES else "main",
                    "codebook_version_id": version,
                    "memo": coding.memo,
                    "created_at": created,
                    "updated_at": coding.updated or created,
                    "review": None,
                }
            )
            kept.append(coding)
        before = codings_repo.last_id(tx)
        codings_repo.insert_rows(tx, rows)
        new_ids = codings_repo.ids_after(tx, before)
        keep: Callable[[str, object, str], None] = self.keep
        for coding_id, coding in zip(new_ids, kept, strict=True):
            keep("coding", coding_id, coding.guid)
            if coding.guid:
                self.coding_ids[coding.guid] = coding_id
            keep("selection", coding_id, coding.selection_guid)
            if coding.memo:
                keep("coding-memo", coding_id, coding.memo_guid)
        return len(rows)
