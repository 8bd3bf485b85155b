"""Opening and creating projects; the entry point to every other service."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain import limits
from qualcode.storage import db as storage_db

# Opening a project loads only the database layer: the reads of the summary and the progress
# (and the codebook's domain types they bring) are imported by the methods that use them, so
# that `qualcode documents` starts as fast as it can.
if TYPE_CHECKING:
    from qualcode.services.agreement import AgreementService
    from qualcode.services.anonymisation import AnonymisationService
    from qualcode.services.audit import AuditService
    from qualcode.services.autocoding import AutocodingService
    from qualcode.services.codebook import CodebookService
    from qualcode.services.codebook_versions import CodebookVersionService
    from qualcode.services.coding import CodingService
    from qualcode.services.disagreements import DisagreementService
    from qualcode.services.documents import DocumentService
    from qualcode.services.exports import ExportService
    from qualcode.services.history import HistoryService
    from qualcode.services.members import MemberService
    from qualcode.services.memos import MemoService
    from qualcode.services.pins import PinService
    from qualcode.services.plan import PlanService
    from qualcode.services.progress import DocumentProgress, ProjectSummary
    from qualcode.services.review_comments import ReviewCommentService
    from qualcode.services.search import SearchService
    from qualcode.services.speakers import SpeakerService
    from qualcode.services.suggestions import SuggestionService
    from qualcode.services.summaries import SummaryService
    from qualcode.services.summarising import SummarisingService
    from qualcode.services.words import WordService


class Project:
    """An open project and the services working on it, all acting as one coder."""

    def __init__(self, database: storage_db.Database, coder: str, *, blind: bool = False) -> None:
        limits.CODER_NAME.check(coder)  # as every service would, before any is made
        self.database = database
        self.coder = coder
        self.blind = blind

    # Each service is made (and its module imported) when first used, so that a light command
    # loads only what it needs: listing documents never imports the codebook's or the coding's
    # write paths and their audit events.

    @cached_property
    def documents(self) -> DocumentService:
        """Importing, listing, renaming, replacing and removing transcripts."""
        from qualcode.services.documents import DocumentService

        service = DocumentService(self.database, self.coder)
        service.blind = self.blind
        return service

    @cached_property
    def codebook(self) -> CodebookService:
        """The categories and their changes."""
        from qualcode.services.codebook import CodebookService

        return CodebookService(self.database, self.coder)

    @cached_property
    def versions(self) -> CodebookVersionService:
        """Codebook versions and the freeze after the pilot."""
        from qualcode.services.codebook_versions import CodebookVersionService

        return CodebookVersionService(self.database, self.coder)

    @cached_property
    def pins(self) -> PinService:
        """The acting coder's pinned categories."""
        from qualcode.services.pins import PinService

        return PinService(self.database, self.coder)

    @cached_property
    def coding(self) -> CodingService:
        """Coding passages: applying, removing and listing codings."""
        from qualcode.services.coding import CodingService

        service = CodingService(self.database, self.coder)
        service.blind = self.blind
        return service

    @cached_property
    def search(self) -> SearchService:
        """Searching the project, its index and the sentences of its documents."""
        from qualcode.services.search import SearchService

        service = SearchService(self.database, self.coder)
        service.blind = self.blind
        return service

    @cached_property
    def speakers(self) -> SpeakerService:
        """The speaker map: who is interviewer and who is interviewed."""
        from qualcode.services.speakers import SpeakerService

        return SpeakerService(self.database, self.coder)

    @property
    def members(self) -> MemberService:
        """Who belongs to the project, and the role each has."""
        from qualcode.services.members import MemberService

        return MemberService(self.database, self.coder)

    @property
    def exports(self) -> ExportService:
        """Tables, quotes, guideline and charts (built on first use: it brings in pandas)."""
        from qualcode.services.exports import ExportService

        return ExportService(self.database, self.coder)

    @property
    def audit(self) -> AuditService:
        """The audit trail: who changed what, when and why."""
        from qualcode.services.audit import AuditService

        return AuditService(self.database, self.coder)

    @property
    def history(self) -> HistoryService:
        """Undo and redo of the acting coder's changes of today."""
        from qualcode.services.history import HistoryService

        return HistoryService(self.database, self.coder)

    @property
    def agreement(self) -> AgreementService:
        """Intercoder agreement of two coders, or of one coder in two passes."""
        from qualcode.services.agreement import AgreementService

        return AgreementService(self.database, self.coder)

    @property
    def disagreements(self) -> DisagreementService:
        """Settling the disagreements an agreement report lists, each with a reason."""
        from qualcode.services.disagreements import DisagreementService

        return DisagreementService(self.database, self.coder)

    @property
    def review_comments(self) -> ReviewCommentService:
        """A reviewer's comments from the reviewer's page, brought in for the coder."""
        from qualcode.services.review_comments import ReviewCommentService

        return ReviewCommentService(self.database, self.coder)

    @property
    def memos(self) -> MemoService:
        """Memos on the project, documents, categories and codings."""
        from qualcode.services.memos import MemoService

        return MemoService(self.database, self.coder)

    @property
    def plan(self) -> PlanService:
        """The analysis plan (Ablaufmodell) and the words the exports use."""
        from qualcode.services.plan import PlanService

        return PlanService(self.database, self.coder)

    @property
    def summaries(self) -> SummaryService:
        """Case summaries, the theme matrix and its cell summaries."""
        from qualcode.services.summaries import SummaryService

        return SummaryService(self.database, self.coder)

    @property
    def summarising(self) -> SummarisingService:
        """Mayring's summarising technique: paraphrase, generalisation, reduction."""
        from qualcode.services.summarising import SummarisingService

        return SummarisingService(self.database, self.coder)

    @cached_property
    def words(self) -> WordService:
        from qualcode.services.words import WordService

        return WordService(self.database, self.coder)

    @cached_property
    def autocoding(self) -> AutocodingService:
        from qualcode.services.autocoding import AutocodingService

        service = AutocodingService(self.database, self.coder)
        service.blind = self.blind
        return service

    @cached_property
    def suggestions(self) -> SuggestionService:
        from qualcode.services.suggestions import SuggestionService

        return SuggestionService(self.database, self.coder)

    @property
    def anonymisation(self) -> AnonymisationService:
        """The anonymisation table, its check and the anonymised transcripts."""
        from qualcode.services.anonymisation import AnonymisationService

        return AnonymisationService(self.database, self.coder)

    def as_coder(self, coder: str, *, blind: bool = False) -> Project:
        """The same project, acting as another coder (a second coder's codings, scripts)."""
        return Project(self.database, coder, blind=blind)

    @property
    def location(self) -> str:
        return self.database.describe()

    @property
    def upgraded_from(self) -> tuple[str, Path | None] | None:
        return self.database.upgraded_from

    @property
    def trail_warning(self) -> str | None:
        """One line when opening found the audit trail's append-only triggers missing.

        The project still opens (the damage must be open to inspection); every front end says
        it, and `qualcode log --verify` shows whether events were changed meanwhile.
        """
        missing = self.database.missing_triggers
        if not missing:
            return None
        plural = "s" if len(missing) > 1 else ""
        return (
            f"the audit trail is not protected: its trigger{plural} {', '.join(missing)} "
            f"{'are' if plural else 'is'} missing, so events can be changed or deleted; "
            "'qualcode log --verify' shows whether any were"
        )

    def summary(self) -> ProjectSummary:
        """What `qualcode status` shows and the workbench's header reads."""
        from qualcode.services.progress import project_summary

        return project_summary(self)

    def coders(self) -> list[str]:
        """Everyone who has worked on the project, by name."""
        from qualcode.storage.coders import reads as coders_query

        with self.database.reading() as reader:
            return coders_query.names(reader)

    def progress(self) -> list[DocumentProgress]:
        """Per document and coder: codings by pass, how far each got, what needs a re-check."""
        from qualcode.services.progress import document_progress

        return document_progress(self.database)

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_project(location: str, coder: str, *, blind: bool = False) -> Project:
    """Open an existing project (a file path or a database URL)."""
    limits.CODER_NAME.check(coder)  # before the project is opened, so nothing is left open
    return Project(storage_db.open_database(location), coder, blind=blind)


def init_project(location: str, coder: str, codebook: Path | None = None) -> Project:
    """Create a project, optionally with a codebook, in one go; nothing is left on failure."""
    from qualcode.importers.codebook_yaml import load_codebook
    from qualcode.storage.location import parse_location

    limits.CODER_NAME.check(coder)
    book = load_codebook(codebook) if codebook is not None else None  # check before creating
    path = parse_location(location).path  # None: a server database
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
