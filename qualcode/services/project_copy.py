"""Moving a project between SQLite and PostgreSQL, and backing up one in use.

A copy carries everything: documents, turns, codebook versions, categories, codings, memos,
passes, review comments, settings and the whole audit trail with its times and hash chain
(so ``qualcode log --verify`` passes on the copy). A backup is a consistent SQLite copy taken
while coders keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain.errors import ProjectError
from qualcode.platform import user_path
from qualcode.storage import db as storage_db
from qualcode.storage.location import Location, parse_location

if TYPE_CHECKING:
    from qualcode.services.project import Project

#: (table, rows copied so far, rows in the table).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class CopyResult:
    """Where the copy went and how many rows of each table it holds."""

    target: str
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _quiet(_table: str, _done: int, _total: int) -> None:
    return None


def copy_project(source: str, target: str, progress: Progress = _quiet) -> CopyResult:
    """Copy the project at ``source`` into a new file or an empty database at ``target``."""
    from qualcode.storage.copy import copy_database

    to = parse_location(target)
    database = storage_db.open_database(source)
    try:
        if _same_place(database.location, to):
            raise ProjectError("the source and the destination are the same project")
        copied = copy_database(database, to, progress)
    finally:
        database.close()
    return CopyResult(to.describe(), {t.name: t.rows for t in copied})


def backup_project(
    project: Project,
    target: str | None = None,
    progress: Progress = _quiet,
    *,
    now: datetime | None = None,
) -> CopyResult:
    """A consistent SQLite copy of an open project, taken while others write to it.

    Without ``target`` the copy goes next to a project file, or for a server database into
    qualcode's data folder, named with the time: ``thesis-backup-20261207-143005.db``.
    """
    from qualcode.storage.copy import backup_sqlite_file, copy_database

    database = project.database
    location = database.location
    path = user_path(target) if target is not None else default_backup_path(location, now)
    to = Location("sqlite", path=path)
    if _same_place(location, to):
        raise ProjectError("a backup cannot replace the project itself")
    if location.is_sqlite:
        assert location.path is not None
        copied = backup_sqlite_file(location.path, path)
        for table in copied:
            progress(table.name, table.rows, table.rows)
    else:
        copied = copy_database(database, to, progress)
    return CopyResult(str(path), {t.name: t.rows for t in copied})


def default_backup_path(location: Location, now: datetime | None = None) -> Path:
    """Next to a project file, or in qualcode's data folder for a server database."""
    stamp = (now or datetime.now(UTC)).astimezone().strftime("%Y%m%d-%H%M%S")
    if location.path is not None:
        return location.path.with_name(f"{location.path.stem}-backup-{stamp}.db")
    from urllib.parse import urlsplit

    from qualcode.platform import user_data_dir

    assert location.url is not None
    name = urlsplit(location.url).path.strip("/") or "project"
    folder = user_data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}-backup-{stamp}.db"


def _same_place(a: Location, b: Location) -> bool:
    if a.path is not None and b.path is not None:
        return a.path.resolve() == b.path.resolve()
    return a.url is not None and a.url == b.url
