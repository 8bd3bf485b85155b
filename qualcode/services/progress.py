"""The project at a glance: the summary `qualcode status` and the workbench's header show, and
each coder's progress per document.

Kept apart from :mod:`qualcode.services.project` so that opening a project (which every
command does) does not build these types or load the reads behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualcode.domain.versions import CodebookVersion
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.coders import reads as coders_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reports import progress as progress_query

if TYPE_CHECKING:
    from qualcode.services.project import Project
    from qualcode.storage.db import Database


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """What `qualcode status` shows and the TUI header reads."""

    location: str
    documents: int
    turns: int
    words: int
    categories: int
    main_categories: int
    codebook_title: str
    codebook_version: str
    codings: int
    codings_by_coder: dict[str, int]
    coders: list[str]
    versions: list[CodebookVersion] = field(default_factory=list)
    needs_recheck: int = 0
    current_pass: str = "pilot"


@dataclass(frozen=True, slots=True)
class CoderProgress:
    """One coder's work in one document."""

    codings: int
    by_pass: dict[str, int]
    reached: int | None  # the last Pos. this coder has coded in the document
    needs_recheck: int


@dataclass(frozen=True, slots=True)
class DocumentProgress:
    document: str
    turns: int
    words: int
    coders: dict[str, CoderProgress]


def project_summary(project: Project) -> ProjectSummary:
    """The counts of the whole project, read in one snapshot."""
    with project.database.reading() as reader:
        docs, turns, words = documents_query.totals(reader)
        book = codebook_query.load(reader)
        return ProjectSummary(
            location=project.location,
            documents=docs,
            turns=turns,
            words=words,
            categories=len(book) if book else 0,
            main_categories=len(book.main_categories) if book else 0,
            codebook_title=book.title if book else "",
            codebook_version=book.version if book else "",
            codings=codings_query.count(reader),
            codings_by_coder=codings_query.counts_by_coder(reader),
            coders=coders_query.names(reader),
            versions=codebook_query.versions(reader),
            needs_recheck=codings_query.count_needing_review(reader),
            current_pass=project.coding.current_pass(reader),
        )


def document_progress(database: Database) -> list[DocumentProgress]:
    """Per document and coder: codings by pass, how far each got, what needs a re-check."""
    with database.reading() as reader:
        infos = documents_query.list_all(reader)
        rows = progress_query.by_document_coder_pass(reader)
    grouped: dict[str, dict[str, list[Any]]] = {}
    for row in rows:
        grouped.setdefault(row["document"], {}).setdefault(row["coder"], []).append(row)
    result = []
    for info in infos:
        coders = {}
        for coder, parts in grouped.get(info.name, {}).items():
            reached = [int(r["reached"]) for r in parts if r["reached"] is not None]
            coders[coder] = CoderProgress(
                codings=sum(int(r["n"]) for r in parts),
                by_pass={r["coding_pass"]: int(r["n"]) for r in parts},
                reached=max(reached) if reached else None,
                needs_recheck=sum(int(r["stale"] or 0) for r in parts),
            )
        result.append(DocumentProgress(info.name, info.turns, info.words, coders))
    return result
