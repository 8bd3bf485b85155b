"""What a failed database call means to a researcher: one line, with no SQL and no project text.

SQLite and PostgreSQL report a write-protected project, a full disk and a damaged file each in
their own words (and SQLAlchemy adds the statement and its values, which may quote a transcript).
:func:`translate` turns them into the error family; anything else is left alone, a bug to report.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from qualcode.domain.errors import (
    DamagedProjectError,
    DiskFullError,
    ProjectError,
    QualcodeError,
    ReadOnlyProjectError,
)
from qualcode.storage.location import Location

# SQLite's primary result codes (an extended code keeps them in its low byte).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# PostgreSQL's SQLSTATEs for the same situations.
PG_READ_ONLY = "25006"
PG_NO_PRIVILEGE = "42501"
PG_DISK_FULL = "53100"
PG_DAMAGED = {"XX001", "XX002"}
# A transaction that lost a race and may simply be tried again.
PG_TRY_AGAIN = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock timeout

NEARLY_FULL = 2**20  # bytes: with less left, an I/O error is taken for a full disk

READ_ONLY_TAIL = "reading works, changes cannot be saved"


def read_only(location: Location, why: str) -> ReadOnlyProjectError:
    return ReadOnlyProjectError(
        f"the project {location.describe()} is read-only ({why}): {READ_ONLY_TAIL}"
    )


def is_busy(exc: BaseException) -> bool:
    """Whether the call failed only because another writer held the project: try again."""
    cause = getattr(exc, "orig", None) or exc
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", 0) or 0
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return getattr(cause, "sqlstate", None) in PG_TRY_AGAIN


def translate(
    exc: BaseException, location: Location, *, writing: bool = True
) -> QualcodeError | None:
    """The error a researcher should see for a failed database call, or None (not ours to say).

    ``writing``: the call was part of a change (a server's "permission denied" then means the
    user may read but not write).
    """
    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if is_busy(exc):  # after the retries (see Database.transaction)
        return ProjectError(
            f"the project {location.describe()} is busy: another change held it too long, "
            "so nothing was saved. Try again"
        )
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        if code is None or location.path is None:
            return None
        return _sqlite(code & 0xFF, location, location.path)
    sqlstate = getattr(cause, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _server(sqlstate, location, writing=writing)
    return None


def _sqlite(code: int, location: Location, path: Path) -> QualcodeError | None:
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN):
        why = why_read_only(path)
        if why is not None:
            return read_only(location, why)
        if code == SQLITE_CANTOPEN and not os.access(path, os.R_OK):
            return ProjectError(f"cannot read {path}: permission denied")
        return None  # a write where the code said it would only read: a bug, not the file
    if code == SQLITE_FULL or (code == SQLITE_IOERR and _nearly_full(path.parent)):
        return disk_full(location)  # a full disk fails the -shm file as an I/O error
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path)
    if code == SQLITE_IOERR:
        return ProjectError(
            f"the disk holding {path} reported an error while reading or writing it; "
            "nothing was saved. Check the drive (or its network connection) and try again"
        )
    return None


def _server(sqlstate: str, location: Location, *, writing: bool) -> QualcodeError | None:
    if sqlstate == PG_READ_ONLY:
        return read_only(location, "the server accepts no changes")
    if sqlstate == PG_NO_PRIVILEGE:
        if writing:
            return read_only(location, "your database role may not change it")
        return ProjectError(
            f"cannot read {location.describe()}: your database role may not read it"
        )
    if sqlstate == PG_DISK_FULL:
        return disk_full(location)
    if sqlstate in PG_DAMAGED:
        return DamagedProjectError(
            f"the database {location.describe()} reports damaged data; nothing was changed. "
            "Ask its administrator to check it, or restore a backup"
        )
    return None


def disk_full(location: Location) -> DiskFullError:
    return DiskFullError(
        f"the disk holding {location.describe()} is full; nothing was saved. "
        "Free some space and try again"
    )


def damaged(path: Path) -> DamagedProjectError:
    return DamagedProjectError(
        f"the project file {path} is damaged (SQLite cannot read one of its pages); "
        f'nothing was changed. Check it with `sqlite3 "{path}" "PRAGMA integrity_check"`, '
        "or restore a backup copy"
    )


def _nearly_full(folder: Path) -> bool:
    try:
        import shutil  # only on a failure: opening a project need not load it

        return shutil.disk_usage(folder).free < NEARLY_FULL
    except OSError:
        return False


def why_read_only(path: Path) -> str | None:
    """Why SQLite may not write the project, in the user's terms (None: nothing stops it)."""
    folder = path.parent
    statvfs = getattr(os, "statvfs", None)  # not on Windows
    if statvfs is not None:
        try:
            if statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1):
                return "its drive is mounted read-only"
        except OSError:
            pass
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is write-protected"
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is write-protected, so SQLite cannot keep its journal there"
    for suffix in ("-wal", "-shm"):
        beside = path.with_name(path.name + suffix)
        if beside.exists() and not os.access(beside, os.W_OK):
            return f"{beside.name} beside it is write-protected"
    return None
