"""The whole project as it travels: one read of it into an
:class:`~qualcode.domain.exchange.ExProject`, with stable GUIDs (see the package docstring)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from qualcode.domain.coding import Coding
from qualcode.domain.exchange import (
    ExCoder,
    ExCoding,
    ExDocument,
    ExNote,
    ExProject,
    ExProposal,
    ExVersion,
    derived_guid,
)
from qualcode.services.documents import document_memos
from qualcode.services.exchange.keys import AUDIT_KEY, GUIDS_KEY, NAME_KEY, OWN_EVENTS
from qualcode.services.sets import load_sets
from qualcode.storage.audit import reads as audit_query
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.coders import reads as coders_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.memos import reads as memos_query
from qualcode.storage.proposals import reads as proposals_query
from qualcode.storage.reader import Reader
from qualcode.storage.reports import exports as exports_query
from qualcode.storage.settings import reads as settings_query

__all__ = ["snapshot"]


def snapshot(
    reader: Reader, project_guid: str, location: str, *, streamed: bool = False
) -> ExProject:
    """The project read through ``reader`` (``streamed``: each document's codings read as the
    writer comes to it, so a large project is never held whole)."""
    guids: dict[str, dict[str, str]] = settings_query.get(reader, GUIDS_KEY) or {}

    def guid(kind: str, key: object) -> str:
        return guids.get(kind, {}).get(str(key)) or derived_guid(project_guid, kind, key)

    book = codebook_query.load(reader)
    if book is not None:  # the autocoding rules travel with their categories
        book = replace(book, rules=tuple(proposals_query.rules(reader)))
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
    project.proposals = [
        ExProposal(
            guid=guid("proposal", r.id),
            document=r.document,
            category=r.category,
            start=r.start,
            end=r.end,
            text=r.text,
            rule=r.rule,
            status=r.status,
            created_by=r.created_by,
            created_at=r.created_at,
            decided_by=r.decided_by or "",
            decided_at=r.decided_at,
            coding=guid("coding", r.coding_id) if r.coding_id is not None else "",
            coding_pass=r.coding_pass,
        )
        for r in proposals_query.records(reader)
    ]
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
        if e.entity != OWN_EVENTS
    ]
    return project
