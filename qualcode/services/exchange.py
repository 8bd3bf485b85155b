"""Exchanging whole projects with other programs: REFI-QDA export, and import from REFI-QDA,
Taguette and QualCoder.

An export reads the project in one snapshot into an :class:`~qualcode.domain.exchange.ExProject`
and hands it to the writer; an import reads the other program's file completely (nothing is
stored if it cannot be read) and stores it in one unit of work, recording one audit event.

GUIDs: an entity made in qualcode gets a GUID derived from the project's own GUID (kept in the
settings) and its id, so every export gives it the same one; an imported entity keeps the GUID
the other program gave it (kept in the settings under ``exchange:guids``), so a re-export lets
that program recognise it. What qualcode has no table for (an imported audit trail) is kept in the
settings too and travels on export; project notes and document memos go into the memo store
and travel back as notes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from qualcode.domain.audit import ProjectImported, ProjectMerged
from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.coding import PASSES, Coding
from qualcode.domain.errors import ConflictError
from qualcode.domain.exchange import (
    ExchangeReport,
    ExCoder,
    ExCoding,
    ExDocument,
    ExNote,
    ExProject,
    ExVersion,
    derived_guid,
)
from qualcode.domain.roles import Permission
from qualcode.domain.text import word_count
from qualcode.domain.transcript import turn_rows
from qualcode.services._base import Service, UnitOfWork
from qualcode.services.documents import document_memos
from qualcode.services.sets import SETS_KEY, load_sets, stored_sets
from qualcode.storage.audit import reads as audit_query
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.coders import reads as coders_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.memos import reads as memos_query
from qualcode.storage.reader import Reader
from qualcode.storage.reports import exports as exports_query
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:
    from qualcode.domain.anonymisation import Anonymiser
    from qualcode.exporters.output import Destination
    from qualcode.services.project import Project

__all__ = ["ExchangeService", "import_project_file", "read_project_file"]

PROJECT_KEY = "exchange:project"
GUIDS_KEY = "exchange:guids"
NAME_KEY = "exchange:name"
AUDIT_KEY = "exchange:audit"
_OWN_EVENTS = "project"  # imports and merges stay with the project that made them


def read_project_file(path: Path) -> tuple[ExProject, ExchangeReport]:
    """Another program's project file, read whole (nothing is stored here)."""
    from qualcode.importers.projects import read_project_file as read

    return read(path)


def import_project_file(
    location: str, coder: str, path: Path, *, merge: bool = False
) -> tuple[Project, ExchangeReport]:
    """Import the project in ``path`` into the project at ``location``: a new one (created
    here; removed again if the import fails) or, with ``merge``, an existing one."""
    from qualcode.services.project import init_project, open_project
    from qualcode.storage.location import parse_location

    exchange, report = read_project_file(path)  # all of it, before anything is created
    file = parse_location(location).path
    created = file is not None and not file.exists()
    if merge and created:
        raise ConflictError(f"there is no project {location} to merge into")
    project = init_project(location, coder) if created else open_project(location, coder)
    try:
        ExchangeService(project.database, coder).import_project(exchange, report, merge=merge)
    except BaseException:
        project.close()
        if created and file is not None:
            for suffix in ("", "-wal", "-shm"):
                file.with_name(file.name + suffix).unlink(missing_ok=True)
        raise
    return project, report


class ExchangeService(Service):
    """Project export (REFI-QDA) and import; see the module docstring."""

    # -- export -------------------------------------------------------------------------

    def snapshot(self) -> ExProject:
        """The whole project as it travels, with stable GUIDs."""
        project_guid = self._project_guid()
        with self.database.reading() as reader:
            return _snapshot(reader, project_guid, self.database.describe())

    def _project_guid(self) -> str:
        with self.database.reading() as reader:
            project_guid = settings_query.get(reader, PROJECT_KEY)
        if not project_guid:
            from qualcode.storage.settings import writes as settings_repo

            with self.unit_of_work() as uow:
                project_guid = settings_query.get(uow.tx, PROJECT_KEY) or str(uuid.uuid4())
                settings_repo.put(uow.tx, PROJECT_KEY, project_guid)
        return str(project_guid)

    def export(
        self,
        fmt: str,
        target: Path | Destination | IO[bytes],
        *,
        positions: str = "code-points",
        anonymiser: Anonymiser | None = None,
    ) -> None:
        """Write the project as ``qdpx`` or its codebook as ``qdc`` to ``target``, its texts
        anonymised with ``anonymiser`` (see services/anonymisation.py).

        A ``qdpx`` streams: each document's codings are read from the project while the
        writer is at that document, in one read transaction, so memory does not grow with
        the number of codings (see docs/refi-qda.md). An anonymised one is written from the
        whole snapshot, as the codings' offsets move with the replaced words."""
        from qualcode.exporters import refi
        from qualcode.services import anonymisation

        if fmt == "qdc" or anonymiser:
            whole = anonymisation.project(self.snapshot(), anonymiser)
            if fmt == "qdc":
                refi.write_qdc(whole, target)
            else:
                refi.write_qdpx(whole, target, positions=positions)
            return
        project_guid = self._project_guid()
        with self.database.reading() as reader:
            project = _snapshot(reader, project_guid, self.database.describe(), streamed=True)
            refi.write_qdpx(project, target, positions=positions)

    # -- import -------------------------------------------------------------------------

    def import_project(
        self, project: ExProject, report: ExchangeReport, *, merge: bool = False
    ) -> ExchangeReport:
        """Store a project read by :func:`read_project_file`: into an empty project, or with
        ``merge`` into one that has material already."""
        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            if not merge:
                _require_empty(uow.tx)
            _Store(uow, project, report, merge=merge).run()
        return report


def _require_empty(reader: Reader) -> None:
    documents, _, _ = documents_query.totals(reader)
    book = codebook_query.load(reader)
    if documents or (book is not None and len(book)):
        raise ConflictError(
            "this project already holds documents or a codebook: import into a new project "
            "(--project NEW.db), or add --merge to merge into this one"
        )


def _snapshot(
    reader: Reader, project_guid: str, location: str, *, streamed: bool = False
) -> ExProject:
    guids: dict[str, dict[str, str]] = settings_query.get(reader, GUIDS_KEY) or {}

    def guid(kind: str, key: object) -> str:
        return guids.get(kind, {}).get(str(key)) or derived_guid(project_guid, kind, key)

    book = codebook_query.load(reader)
    memos = document_memos(reader)
    documents = documents_query.list_all(reader)
    transcripts = exports_query.transcripts(reader, documents) if documents else {}
    name = settings_query.get(reader, NAME_KEY)
    project = ExProject(
        name=name or (Path(location).stem if "://" not in location else location.rsplit("/")[-1]),
        guid=project_guid,
        codebook=book,
    )
    if book is not None:
        project.category_guids = {c.code: guid("category", c.id) for c in book.categories}
    project.coders = [ExCoder(name, guid("coder", name)) for name in coders_query.names(reader)]
    for info in documents:
        transcript = transcripts[info.name]
        project.documents.append(
            ExDocument(
                name=info.name,
                guid=guid("document", info.id),
                text=transcript.text,
                turns=transcript.turns,
                source_name=info.source_name,
                format=info.format,
                attributes=dict(info.attributes),
                memo=memos.get(info.id, ""),
                memo_guid=guid("document-memo", info.id),
                imported_by=info.imported_by,
                imported_at=info.imported_at,
                sha256=info.sha256,
            )
        )

    def ex_coding(c: Coding) -> ExCoding:
        return ExCoding(
            guid=guid("coding", c.id),
            document=c.document,
            category=c.category,
            start=c.start,
            end=c.end,
            text=c.text,
            coder=c.coder,
            memo=c.memo,
            memo_guid=guid("coding-memo", c.id) if c.memo else "",
            created=c.created,
            updated=c.updated,
            coding_pass=c.coding_pass,
            codebook_version=c.codebook_version,
            selection_guid=guid("selection", c.id),
        )

    if streamed:
        ids = {d.name: d.id for d in documents}

        def codings_of(document: ExDocument) -> Iterator[ExCoding]:
            scope = exports_query.Scope(document_ids=[ids[document.name]])
            return map(ex_coding, exports_query.codings(reader, scope))

        project.codings_of = codings_of
    else:
        project.codings = [ex_coding(c) for c in exports_query.codings(reader)]
    project.versions = [
        ExVersion(v.label, v.created, v.created_by, v.reason, v.frozen, v.coded_share)
        for v in codebook_query.versions(reader)
    ]
    project.notes = [
        ExNote(guid("project-memo", m.id), m.title or "Memo", m.text)
        for m in memos_query.memos(reader, target="project")
    ]
    project.sets = load_sets(reader)
    project.audit = list(settings_query.get(reader, AUDIT_KEY) or []) + [
        {
            "at": e.at.isoformat(),
            "coder": e.coder,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "before": e.before,
            "after": e.after,
            "reason": e.reason,
        }
        for e in audit_query.events(reader)
        if e.entity != _OWN_EVENTS
    ]
    return project


class _Store:
    """Writes an exchange project in one unit of work (see ExchangeService.import_project)."""

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
        settings_repo.put(tx, GUIDS_KEY, self.guids)
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
        seen: set[tuple[int, int, int, int, int]] = set()
        if self.merge:
            seen = {
                (c.document_id, category_ids[c.category], c.start, c.end, self.coder(c.coder))
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
                continue  # merged twice: the same coding is there already
            seen.add(key)
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
            keep("selection", coding_id, coding.selection_guid)
            if coding.memo:
                keep("coding-memo", coding_id, coding.memo_guid)
        return len(rows)
