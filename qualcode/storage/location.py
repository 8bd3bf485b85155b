"""Where a project lives: a SQLite file or a PostgreSQL database, parsed without SQLAlchemy.

Parsing the --project argument happens on every command, so it must not pay SQLAlchemy's import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

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
        return mask_url(self.url)

    def scrub(self, message: str) -> str:
        """A message (a driver's, say) with this location's password masked wherever it is."""
        for secret in _secrets(self.url or ""):
            message = message.replace(secret, MASK)
        return message


MASK = "***"


# The password in ``scheme://user:password@host`` (as SQLAlchemy reads it: up to the first
# "@") and in the query (``?password=...``, which libpq accepts too).
# Patterns, compiled (and cached by re) when an address is first masked: opening a project file
# masks none.
_USER_PASSWORD = r"^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*):[^@]*@"
_QUERY_PASSWORD = r"([?&]password=)[^&#]*"


def mask_url(url: str) -> str:
    """A database address with its password (in the user part or the query) as ``***``."""
    url = re.sub(_USER_PASSWORD, lambda m: f"{m.group(1)}:{MASK}@", url, count=1)
    return re.sub(_QUERY_PASSWORD, lambda m: f"{m.group(1)}{MASK}", url)


def _secrets(url: str) -> list[str]:
    """Every spelling of the passwords in an address, longest first."""
    if not url:
        return []
    parts = urlsplit(url)
    found = [parts.password or ""]
    found += [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if k == "password"]
    spellings = {s for p in found if p for s in (p, unquote(p))}
    return sorted(spellings, key=len, reverse=True)


def parse_location(text: str) -> Location:
    """A project location from what a user typed: a file path, a database URL or a profile.

    Anything that is not a URL is a file, including Windows paths with a drive letter, which a
    URL parser would take for a scheme (``C:\\Users\\Anna Maria\\thesis.db``, ``C://data``);
    a bare name (no dot, no slash) that names a connection profile stands for its address.
    A server address without a password is completed by the driver from the PG* environment
    variables and ~/.pgpass; its query (sslmode, sslrootcert, ...) goes to the driver as given.
    """
    if "://" not in text and "." not in text:
        from qualcode.storage import profiles

        found = profiles.find(text)
        if found is not None:
            if "://" not in found:  # a profile may name a file too
                return Location("sqlite", path=user_path(found))
            text = found
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
