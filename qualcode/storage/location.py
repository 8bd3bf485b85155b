"""Where a project lives: a SQLite file or a PostgreSQL database, parsed without SQLAlchemy.

Parsing the --project argument happens on every command, so it must not pay SQLAlchemy's import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from qualcode.domain.errors import ProjectError
from qualcode.platform import is_windows_path, user_path


@dataclass(frozen=True, slots=True)
class Location:
    kind: str  # "sqlite" or "postgresql"
    path: Path | None = None  # the file, for SQLite
    url: str | None = None  # the full URL, for a server database

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"

    def describe(self) -> str:
        """How messages name the project: the file, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        assert self.url is not None
        parts = urlsplit(self.url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return urlunsplit(parts._replace(netloc=netloc))
        return self.url


def parse_location(text: str) -> Location:
    """A project location from what a user typed: a file path or a database URL.

    Anything that is not a URL is a file, including Windows paths with a drive letter, which a
    URL parser would take for a scheme (``C:\\Users\\Anna Maria\\thesis.db``, ``C://data``).
    """
    if "://" not in text or is_windows_path(text):
        return Location("sqlite", path=user_path(text))
    scheme, _, rest = text.partition("://")
    scheme = scheme.lower()
    if scheme.startswith("sqlite"):
        path = rest[1:] if rest.startswith("/") else rest
        if not path or path == ":memory:":
            raise ProjectError("a project needs a file: give a path, not an in-memory database")
        return Location("sqlite", path=user_path(path))
    if scheme in ("postgres", "postgresql") or scheme.startswith("postgresql+"):
        return Location("postgresql", url=f"postgresql+psycopg://{rest}")
    raise ProjectError(
        f"qualcode projects live in SQLite files or PostgreSQL, not {scheme!r} databases"
    )
