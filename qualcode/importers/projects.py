"""Which reader takes a project file from another program: REFI-QDA, Taguette or QualCoder."""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.exchange import ExchangeReport, ExProject
from qualcode.domain.names import printable
from qualcode.importers.files import refuse_special

PROJECT_SUFFIXES = (".qdpx", ".qde", ".qdc", ".qda", ".sqlite3", ".sqlite")
_SQLITE = b"SQLite format 3\x00"


def read_project_file(path: Path) -> tuple[ExProject, ExchangeReport]:
    """The project in ``path`` (a file, or a QualCoder ``.qda`` folder), read whole."""
    if not path.exists():
        raise InvalidInputError(f"there is no file {printable(str(path))}")
    refuse_special(path, "project file")
    if path.is_dir():
        from qualcode.importers.qualcoder import read_qualcoder

        return read_qualcoder(path)
    with path.open("rb") as handle:
        head = handle.read(16)
    if head == _SQLITE:
        from qualcode.importers import qualcoder, taguette

        if taguette.is_taguette(path):
            return taguette.read_taguette(path)
        if qualcoder.is_qualcoder(path):
            return qualcoder.read_qualcoder(path)
        raise InvalidInputError(
            "this database is neither a Taguette nor a QualCoder project", file=path.name
        )
    if path.suffix.lower() in (".qdpx", ".qde", ".qdc") or head.startswith((b"PK", b"<", b"\xef")):
        from qualcode.importers.refi import read_refi

        return read_refi(path)
    raise InvalidInputError(
        "qualcode imports REFI-QDA (.qdpx, .qde, .qdc), Taguette (.sqlite3) and QualCoder "
        "(.qda) projects; this file is none of them",
        file=path.name,
    )
