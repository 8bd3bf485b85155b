"""Opening and creating projects; the entry point to every other service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.services.codebook import CodebookService
from qualcode.services.coding import CodingService
from qualcode.services.documents import DocumentService
from qualcode.services.speakers import SpeakerService
from qualcode.storage import db as storage_db
from qualcode.storage.queries import codebook as codebook_query
from qualcode.storage.queries import coders as coders_query
from qualcode.storage.queries import codings as codings_query
from qualcode.storage.queries import documents as documents_query

if TYPE_CHECKING:
    from qualcode.services.exports import ExportService


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


class Project:
    """An open project and the services working on it, all acting as one coder."""

    def __init__(self, database: storage_db.Database, coder: str) -> None:
        self.database = database
        self.coder = coder
        self.documents = DocumentService(database, coder)
        self.codebook = CodebookService(database, coder)
        self.coding = CodingService(database, coder)
        self.speakers = SpeakerService(database, coder)

    @property
    def exports(self) -> ExportService:
        """Tables, quotes, guideline and charts (built on first use: it brings in pandas)."""
        from qualcode.services.exports import ExportService

        return ExportService(self.database, self.coder)

    def as_coder(self, coder: str) -> Project:
        """The same project, acting as another coder (a second coder's codings, scripts)."""
        return Project(self.database, coder)

    @property
    def location(self) -> str:
        return self.database.describe()

    @property
    def upgraded_from(self) -> tuple[str, Path | None] | None:
        return self.database.upgraded_from

    def summary(self) -> ProjectSummary:
        with self.database.reading() as reader:
            docs, turns, words = documents_query.totals(reader)
            book = codebook_query.load(reader)
            return ProjectSummary(
                location=self.location,
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
            )

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_project(location: str, coder: str) -> Project:
    """Open an existing project (a file path or a database URL)."""
    return Project(storage_db.open_database(location), coder)


def init_project(location: str, coder: str, codebook: Path | None = None) -> Project:
    """Create a project, optionally with a codebook, in one go; nothing is left on failure."""
    from qualcode.importers.codebook_yaml import load_codebook

    book = load_codebook(codebook) if codebook is not None else None  # check before creating
    path = None if "://" in location else Path(location).expanduser()
    existed = path is None or path.exists()
    project: Project | None = None
    try:
        project = Project(storage_db.open_database(location, create=True), coder)
        project.coding.ensure_coder()
        if book is not None:
            project.codebook.install(book, source_name=str(codebook))
    except BaseException:
        if project is not None:
            project.close()
        if not existed and path is not None:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        raise
    return project
