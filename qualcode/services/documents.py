"""Importing and reading documents.

Reading (the document list, a transcript) is what the workbench does on every start, so this
module loads nothing else: the file importers, the parse pool (``importers/sources.py``) and the
relocation of codings are imported by the import and replace methods when they run.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain import limits, names
from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError, QualcodeError
from qualcode.domain.plurals import counted
from qualcode.domain.roles import Permission
from qualcode.domain.transcript import DocumentInfo, Transcript
from qualcode.services._base import Service
from qualcode.storage.db import SqliteTransaction
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:
    from qualcode.importers.sources import SourceFile
    from qualcode.services.document_changes import ImportReport, Renamed, ReplaceReport
    from qualcode.storage.db import Transaction


def _check_sizes(source: SourceFile) -> None:
    """A transcript's names fit the project's limits (the same on SQLite and PostgreSQL)."""
    speakers = source.speakers  # a few labels over a hundred turns: each once
    problem = (
        limits.DOCUMENT_NAME.problem(source.name)
        or limits.SOURCE_NAME.problem(source.path.name)
        or next(filter(None, (limits.SPEAKER.problem(s or "") for s in speakers)), None)
    )
    if problem is None:
        _check_attributes(source.attributes, source.path)
        return
    raise InvalidInputError(problem, file=str(source.path))


def _check_attributes(values: dict[str, str], source: Path | None) -> None:
    """Case attributes fit the limits; a problem names the file they came from."""
    for key, value in values.items():
        problem = limits.ATTRIBUTE_KEY.problem(key) or limits.ATTRIBUTE_VALUE.problem(value)
        if problem:
            raise InvalidInputError(problem, file=str(source) if source else None)


def checked_name(name: str) -> str:
    """A name the user gave a document, cleaned as a file name is and within the limit."""
    cleaned = names.document_name(name)
    if not cleaned:
        raise InvalidInputError("a document needs a name (it was empty)")
    return limits.DOCUMENT_NAME.check(cleaned)


# An import of this many bytes writes through SQLite's rollback journal when it has the project
# to itself (Database.light_transaction): every page is then written once instead of twice.
# Below it, switching the journal costs more than it saves.
BULK_IMPORT_BYTES = 2 * 2**20

REVIEW_NOTE = "the transcript was replaced and this passage was not found again; check it"


def document_memos(reader: Reader) -> dict[int, str]:
    """Every document's memo by document id (see :func:`document_memo`)."""
    from qualcode.storage.memos import reads as memos_query

    return {k: v for k, v in memos_query.document_memos(reader).items() if v}


def document_memo(reader: Reader, document: DocumentInfo | int) -> str:
    """A document's memo: the one place every front end and the export read it from.

    Read from the memo store (``qualcode memo add document ...``, or another program's
    source notes brought in by an import).
    """
    doc_id = document if isinstance(document, int) else document.id
    return document_memos(reader).get(doc_id, "")


def _forget_notes(tx: Transaction, doc_id: int) -> None:
    """A removed document's set memberships go with it (its id may be given again); its memos
    go with its row in the memo store."""
    from qualcode.services.sets import SETS_KEY, stored_sets
    from qualcode.storage.settings import writes as settings_repo

    sets = stored_sets(tx)
    if any(doc_id in (s.get("documents") or ()) for s in sets):
        for found in sets:
            found["documents"] = [i for i in found.get("documents") or () if i != doc_id]
        settings_repo.put(tx, SETS_KEY, sets)


def _with_notes(reader: Reader, documents: list[DocumentInfo]) -> list[DocumentInfo]:
    """The documents with their memo and the sets they are in."""
    from qualcode.services.sets import document_sets

    memos, sets = document_memos(reader), document_sets(reader)
    if not memos and not sets:
        return documents
    return [
        dataclasses.replace(d, memo=memos.get(d.id, ""), sets=sets.get(d.id, ())) for d in documents
    ]


def document_list(reader: Reader, coder: str, *, blind: bool) -> list[DocumentInfo]:
    """The documents with their coding counts (a blind coder's: their own codings only)."""
    if not blind:
        return _with_notes(reader, documents_query.list_all(reader))
    from qualcode.services.coding import blind_scope

    coder, coding_pass = blind_scope(reader, coder)
    return _with_notes(
        reader, documents_query.list_all(reader, coder=coder, coding_pass=coding_pass)
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while an import runs (and in its parse workers,
    forked meanwhile): the import makes a hundred thousand small tuples, none in a cycle, and
    every few thousand the collector would walk them and everything else this process holds,
    for nothing (5-13 ms of an import of 500 files)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _as_listed(
    tx: Transaction | SqliteTransaction,
    stored: list[DocumentInfo],
    table: dict[str, dict[str, str]],
    new_ids: dict[str, int],
) -> list[DocumentInfo]:
    """The imported documents as the document list has them (name order, attributes by key).

    On SQLite they are made of what was just stored, which the list would read back the same
    (names and keys in the order of their code points, as SQLite compares them), without
    reading every document of the project again; a server orders by its collation, so its
    list is read.
    """
    if not isinstance(tx, SqliteTransaction):
        return [info for info in documents_query.list_all(tx) if info.name in new_ids]
    listed = []
    for info in sorted(stored, key=lambda d: d.name):
        more = table.get(info.name)
        if not more and list(info.attributes) == sorted(info.attributes):
            listed.append(info)  # (as listed already: most imports' documents)
            continue
        values = {**info.attributes, **(more or {})}
        listed.append(dataclasses.replace(info, attributes=dict(sorted(values.items()))))
    return listed


class DocumentService(Service):
    #: Blind coding: the coding counts shown are the acting coder's own (see CodingService).
    blind: bool = False
    #: An import into a SQLite project writes through sqlite3 (no SQLAlchemy to load); False
    #: writes through SQLAlchemy, as on a server (the tests store an import both ways).
    light_writes: bool = True

    def all(self) -> list[DocumentInfo]:
        with self.database.reading() as reader:
            return document_list(reader, self.coder, blind=self.blind)

    def get(self, ref: str) -> DocumentInfo:
        with self.database.reading() as reader:
            info = documents_query.get(reader, self._find(reader, ref))
            assert info is not None
            return _with_notes(reader, [info])[0]

    def transcript(self, ref: str) -> Transcript:
        with self.database.reading() as reader:
            found = documents_query.transcript(reader, self._find(reader, ref))
            assert found is not None
            return dataclasses.replace(found, document=_with_notes(reader, [found.document])[0])

    @staticmethod
    def _find(reader: Reader, ref: str) -> int:
        doc_id = documents_query.find_id(reader, ref)
        if doc_id is None:
            raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
        return doc_id

    @_collector_paused()
    def import_files(
        self,
        paths: list[Path],
        *,
        attributes_file: Path | None = None,
        attributes: dict[str, str] | None = None,
        encoding: str | None = None,
        skip_bad: bool = False,
        speaker_map: Path | None = None,
        name: str | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> ImportReport:
        """Import transcripts and case attributes in one transaction.

        A bad file stops the whole import (nothing stored) unless ``skip_bad``, which imports
        the rest and reports it. Many files are parsed in worker processes, and each document
        is written as soon as it is parsed while the workers parse the next ones; a few files
        are all read before the transaction. ``progress`` hears of each file in order.

        ``name`` names the document of a single file; otherwise a file's name gives it, a long
        one shortened, and a shortened name that is taken already gets " (2)", " (3)", ...
        """
        from qualcode.importers.sources import (
            cells_with_speakers,
            drain,
            parsed_sources,
            read_sources,
        )

        if name is not None:
            if len(paths) != 1:
                raise InvalidInputError(
                    f"a name is for one file, and {counted(len(paths), 'file')} were given; "
                    "import them one by one to name each"
                )
            name = checked_name(name)
        from qualcode.services.document_changes import ImportReport, ImportWrites

        report = ImportReport()
        read = read_sources(paths, encoding=encoding)
        try:
            # The workers have started: what only the writing needs is imported while they
            # parse the first files. The events are built as rows (audit_rows.py): the event
            # kinds' module alone takes about 20 ms to load.
            from qualcode.domain.audit_rows import attributes_set, document_imported
            from qualcode.domain.speakers import SpeakerMap
            from qualcode.importers.attributes_csv import read_attributes
            from qualcode.importers.files import is_shortened, shortened_names
            from qualcode.importers.speaker_map import read_speaker_map

            sources = parsed_sources(read, paths, skip_bad, report.skipped, progress)
            if not read.parallel:
                # Parsed in this process nothing overlaps the writing: every file is read
                # first, and the project's write lock is held only while writing.
                sources = iter(list(sources))
            try:
                _check_attributes(attributes or {}, None)
                table = read_attributes(attributes_file) if attributes_file else {}
                for values in table.values():
                    _check_attributes(values, attributes_file)
                new_map = read_speaker_map(speaker_map) if speaker_map else None
            except QualcodeError:
                drain(sources)  # a transcript that cannot be read is reported first
                raise
            size = read.total_bytes
            unit = (
                self.light_unit_of_work(needs=Permission.CODE, bulk=size >= BULK_IMPORT_BYTES)
                if self.light_writes
                else self.unit_of_work(needs=Permission.CODE)
            )
            with unit as uow:
                tx = uow.tx
                writes = ImportWrites.of(tx)
                writes.hold_pages(size)
                build_turns_index = writes.defer_turns_index(size)
                speakers = SpeakerMap.from_json(settings_query.get(tx, "speakers"))
                if new_map is not None:
                    speakers = speakers.merged(new_map)
                    writes.put_setting("speakers", speakers.to_json())
                existing = documents_query.id_by_name(tx)
                shortened = shortened_names(paths, existing.keys())
                stored_sha256 = documents_query.names_by_sha256(tx)
                taken_here: dict[str, Path] = {}
                conflicts: list[str] = []
                new_ids: dict[str, int] = {}
                stored: list[DocumentInfo] = []  # as the document list reads them back
                for source in sources:  # in file order, each as soon as it is parsed
                    if name is not None:
                        source = dataclasses.replace(source, name=name)
                    elif is_shortened(source.path, source.name):
                        taken = existing.keys() | taken_here.keys()
                        planned = shortened.get(source.path, source.name)
                        source = dataclasses.replace(source, name=names.numbered(planned, taken))
                    try:
                        _check_sizes(source)
                        hint = "choose another name" if name is not None else "rename the file"
                        self._check_new(source, existing, stored_sha256, taken_here, hint)
                    except QualcodeError as exc:
                        if not skip_bad:
                            # As when every file was read first: a file that cannot be read
                            # is reported before a duplicate.
                            drain(sources)
                            raise
                        conflicts.append(str(exc))
                        continue
                    taken_here[source.name] = source.path
                    doc_id = writes.insert(
                        name=source.name,
                        source_name=source.path.name,
                        sha256=source.sha256,
                        fmt=source.format,
                        text=source.content,
                        cells=cells_with_speakers(source.cells, speakers),
                        words=source.words,
                        coder_id=uow.coder_id,
                        now=uow.now,
                    )
                    new_ids[source.name] = doc_id
                    values = {**source.attributes, **(attributes or {})}
                    writes.set_attributes(doc_id, values)
                    stored.append(
                        DocumentInfo(
                            id=doc_id,
                            name=source.name,
                            source_name=source.path.name,
                            format=source.format,
                            sha256=source.sha256,
                            imported_by=self.coder,
                            imported_at=uow.now,
                            turns=source.turn_count,
                            words=source.words,
                            attributes=values,
                        )
                    )
                    report.warnings.extend(source.warnings)
                    uow.record(
                        document_imported(
                            doc_id,
                            name=source.name,
                            source=source.path.name,
                            sha256=source.sha256,
                            format=source.format,
                            turns=source.turn_count,
                            attributes=values,
                        )
                    )
                build_turns_index()
                report.skipped.extend(conflicts)  # after the files that could not be read
                all_ids = {**existing, **new_ids}
                for name, values in table.items():
                    if name not in all_ids:
                        report.warnings.append(
                            f"{attributes_file}: no document named {name!r}; its row was not used"
                        )
                        continue
                    writes.set_attributes(all_ids[name], values)
                    report.attributes_set += 1
                    uow.record(attributes_set(all_ids[name], values))
                report.imported = _as_listed(tx, stored, table, new_ids)
        finally:
            read.close()  # stops the workers (early, when a bad file ended the import)
        return report

    @staticmethod
    def _check_new(
        source: SourceFile,
        existing: dict[str, int],
        stored_sha256: dict[str, str],
        here: dict[str, Path],
        hint: str,
    ) -> None:
        same = stored_sha256.get(source.sha256)
        if same is not None:
            raise ConflictError(
                f"this file was imported already, as document {same!r}", file=str(source.path)
            )
        if source.name in existing:
            raise ConflictError(
                f"a document named {source.name!r} exists already ({hint})",
                file=str(source.path),
            )
        if source.name in here:
            raise ConflictError(
                f"two files would both become document {source.name!r} (also {here[source.name]})",
                file=str(source.path),
            )

    def rename(self, ref: str, new_name: str, *, reason: str = "") -> Renamed:
        """Give a document the name the thesis cites it by.

        Citations and exports use the new name from then on; the audit trail's earlier events
        keep the name they were recorded under, and the rename itself is recorded with both.
        """
        from qualcode.domain.audit import DocumentRenamed
        from qualcode.storage.documents import writes as documents_repo

        name = checked_name(new_name)
        with self.unit_of_work(needs=Permission.CODE) as uow:
            tx = uow.tx
            doc_id = self._find(tx, ref)
            info = documents_query.get(tx, doc_id)
            assert info is not None
            if info.name == name:
                raise InvalidInputError(f"document {info.name!r} has that name already")
            if documents_query.id_of_name(tx, name) is not None:
                raise ConflictError(f"a document named {name!r} exists already")
            documents_repo.rename(tx, doc_id, name)
            uow.record(
                DocumentRenamed(entity_id=doc_id, old_name=info.name, name=name, reason=reason)
            )
            from qualcode.services.document_changes import Renamed

            return Renamed(id=doc_id, old=info.name, new=name)

    def remove(self, ref: str, *, force: bool = False, reason: str = "") -> DocumentInfo:
        """Take a document out of the project (a file imported by mistake).

        A document with codings is only removed with ``force``: the codings go with it, and
        the audit trail keeps the document and every one of its codings as they were (one
        event each, so a coding's history ends with its removal).
        """
        from qualcode.domain.audit import CodingRemoved, DocumentRemoved
        from qualcode.storage.codings import reads as codings_query
        from qualcode.storage.documents import writes as documents_repo

        with self.unit_of_work(needs=Permission.REMOVE_DOCUMENTS) as uow:
            tx = uow.tx
            doc_id = self._find(tx, ref)
            info = documents_query.get(tx, doc_id)
            assert info is not None
            if info.codings and not force:
                raise ConflictError(
                    f"document {info.name!r} has {counted(info.codings, 'coding')}; "
                    "remove it with them only with --force"
                )
            removed = codings_query.query(tx, document_id=doc_id) if info.codings else []
            documents_repo.delete(tx, doc_id)
            _forget_notes(tx, doc_id)
            uow.record(DocumentRemoved.of(info, reason=reason))
            why = f"removed with the document {info.name}" + (f": {reason}" if reason else "")
            for coding in removed:
                uow.record(CodingRemoved.of(coding, reason=why))
            return info

    def replace(self, ref: str, path: Path, *, encoding: str | None = None) -> ReplaceReport:
        """Give a document a corrected transcript, moving its codings with their text.

        A coding whose passage is still at its place stays; one found elsewhere (verbatim, or
        slightly changed) moves there; one that cannot be found is placed where its turn went
        and flagged for review. None is dropped, and every move is in the audit trail.
        """
        from qualcode.domain.audit import CodingRelocated, DocumentReplaced
        from qualcode.domain.relocation import CHANGED, KEPT, MOVED, relocate
        from qualcode.domain.speakers import SpeakerMap
        from qualcode.importers.sources import read_source, with_speakers
        from qualcode.storage.codings import reads as codings_query
        from qualcode.storage.codings import writes as codings_repo
        from qualcode.storage.documents import writes as documents_repo

        source = read_source(path, encoding=encoding)
        with self.unit_of_work(needs=Permission.CODE) as uow:
            tx = uow.tx
            doc_id = self._find(tx, ref)
            old = documents_query.transcript(tx, doc_id)
            assert old is not None
            if old.document.sha256 == source.sha256:
                raise ConflictError(
                    f"this file is the text {old.document.name!r} already has", file=str(path)
                )
            same = documents_query.find_by_sha256(tx, source.sha256)
            if same is not None:
                raise ConflictError(
                    f"this file was imported already, as document {same!r}", file=str(path)
                )
            speakers = SpeakerMap.from_json(settings_query.get(tx, "speakers"))
            parsed = with_speakers(source.parsed, speakers)
            codings = codings_query.query(tx, document_id=doc_id)
            placements = relocate(
                old.text, parsed.text, [(c.start, c.end, c.text) for c in codings]
            )
            now = uow.now
            documents_repo.replace_text(
                tx, doc_id, source_name=path.name, sha256=source.sha256, parsed=parsed, now=now
            )
            from qualcode.services.document_changes import ReplaceReport

            report = ReplaceReport(
                old.document.name, turns_before=len(old.turns), turns_after=len(parsed.turns)
            )
            uow.record(
                DocumentReplaced(
                    entity_id=doc_id,
                    old_sha256=old.document.sha256,
                    old_turns=len(old.turns),
                    sha256=source.sha256,
                    source=path.name,
                    turns=len(parsed.turns),
                )
            )
            for coding, place in zip(codings, placements, strict=True):
                if place.status == KEPT:
                    report.kept += 1
                    if coding.review == REVIEW_NOTE:  # found again after an earlier replace
                        codings_repo.move(
                            tx,
                            coding.id,
                            start=place.start,
                            end=place.end,
                            text=None,
                            review=None,
                            now=now,
                        )
                    continue
                placed = place.status in (MOVED, CHANGED)
                text = parsed.text[place.start : place.end] if placed else None
                codings_repo.move(
                    tx,
                    coding.id,
                    start=place.start,
                    end=place.end,
                    text=text,
                    review=None if placed else REVIEW_NOTE,
                    now=now,
                )
                if place.status == MOVED:
                    report.moved += 1
                elif place.status == CHANGED:
                    report.changed += 1
                uow.record(CodingRelocated.of(coding, place))
            if any(p.status not in (KEPT, MOVED, CHANGED) for p in placements):
                report.review = [
                    c
                    for c in codings_query.query(tx, document_id=doc_id, needs_review=True)
                    if c.review == REVIEW_NOTE
                ]
            return report
