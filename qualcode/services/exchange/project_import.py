"""Another program's project brought in: its file read whole (nothing is stored if it cannot
be read), then stored into a new project or merged into one (:mod:`.store`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain.errors import ConflictError
from qualcode.domain.exchange import ExchangeReport, ExProject
from qualcode.domain.roles import Permission
from qualcode.services._base import Service
from qualcode.services.exchange.store import Store
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader

if TYPE_CHECKING:
    from qualcode.services.project import Project

__all__ = ["ProjectImport", "import_project_file", "read_project_file"]


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
        ProjectImport(project.database, coder).import_project(exchange, report, merge=merge)
    except BaseException:
        project.close()
        if created and file is not None:
            for suffix in ("", "-wal", "-shm"):
                file.with_name(file.name + suffix).unlink(missing_ok=True)
        raise
    return project, report


class ProjectImport(Service):
    """Storing a project read from another program's file."""

    def import_project(
        self, project: ExProject, report: ExchangeReport, *, merge: bool = False
    ) -> ExchangeReport:
        """Store a project read by :func:`read_project_file`: into an empty project, or with
        ``merge`` into one that has material already."""
        with self.unit_of_work(needs=Permission.EDIT_CODEBOOK) as uow:
            if not merge:
                _require_empty(uow.tx)
            Store(uow, project, report, merge=merge).run()
        return report


def _require_empty(reader: Reader) -> None:
    documents, _, _ = documents_query.totals(reader)
    book = codebook_query.load(reader)
    if documents or (book is not None and len(book)):
        raise ConflictError(
            "this project already holds documents or a codebook: import into a new project "
            "(--project NEW.db), or add --merge to merge into this one"
        )
