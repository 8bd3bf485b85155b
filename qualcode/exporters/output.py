"""Writing a file a user named, so that an export can never destroy anything.

Every writer of a user-named file (the table formats, charts, the agreement report's data) goes
through :func:`replacing` or :func:`write_bytes`. Before anything is written the target is
checked, and refused in one line when it is

- the project file, its ``-wal``, ``-shm`` or ``-journal`` file, or a backup of it
  (``NAME.bak-*``): the projects are named in :attr:`Destination.projects`;
- an existing SQLite database of any program (its first bytes are ``SQLite format 3``), even
  with ``force``;
- an existing file, unless ``force`` (the workbench asks first);
- a folder, or a file in a folder that does not exist (unless ``mkdir``, which creates it);
- a symbolic link (the finished file is renamed into place, which would replace the link and
  leave what it points to as it was), or, for a relative path, a file in a folder that is a
  link leading out of the working folder: a project folder received from someone else may
  hold ``exports -> ~/.config``. Folders of a path typed in full (absolute, or reaching above
  the working folder with ``..``) are the user's own choice and are taken as they resolve.

The file is then written to a temporary file in the same folder (``.NAME.qualcode-tmp-XXXX``),
flushed to disk and renamed over the target only when complete, so a kill, a full disk or an
error in a format library leaves the previous file as it was. The temporary file is removed on
every error; one left by a killed run is removed by the next export to the same file, and any
left-over in the folder older than :data:`STALE_AFTER` seconds by the next export there.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import (
    ConflictError,
    ExitCode,
    InvalidInputError,
    NotFoundError,
    QualcodeError,
)
from qualcode.domain.names import printable

__all__ = [
    "SQLITE_HEADER",
    "STALE_AFTER",
    "TEMP_MARK",
    "Destination",
    "FileExists",
    "FolderMissing",
    "WriteFailed",
    "check",
    "prepare",
    "replacing",
    "write_bytes",
    "wrote_before",
]

SQLITE_HEADER = b"SQLite format 3\x00"
TEMP_MARK = ".qualcode-tmp-"
STALE_AFTER = 600.0
"""Seconds after which a left-over temporary file of another file in the folder is removed."""

_COMPANIONS = ("-wal", "-shm", "-journal")
_BACKUP = ".bak-"
_NOTHING = "nothing was written"


class WriteFailed(QualcodeError):
    """The file could not be written (a full disk, no permission); the previous one is kept."""

    exit_code = ExitCode.INVALID_INPUT


class FileExists(ConflictError):
    """The file exists and ``force`` was not given: a front end may ask, then force."""


class FolderMissing(NotFoundError):
    """The folder does not exist and ``mkdir`` was not given: a front end may ask."""


@dataclass(frozen=True, slots=True)
class Destination:
    """A file a user named, with what the writer may do there.

    ``force`` replaces an existing file; ``mkdir`` creates a missing folder; ``projects`` are
    the project files (SQLite) open at the time, which are never written over, nor their
    companions and backups. A bare :class:`~pathlib.Path` given to a writer means a new file in
    an existing folder.
    """

    path: Path
    force: bool = False
    mkdir: bool = False
    projects: tuple[Path, ...] = ()


def as_destination(target: Path | Destination) -> Destination:
    return target if isinstance(target, Destination) else Destination(target)


def check(target: Path | Destination) -> Path | None:
    """Refuse a target that must not be written (see the module docstring), without writing.

    Returns the folder that :func:`prepare` would create (with ``mkdir``), else None. Front ends
    call it before the export is computed, so a refusal comes at once.
    """
    dest = as_destination(target)
    path = dest.path
    _check_project(path, dest.projects)
    _check_links(path)
    folder = path.parent
    missing = None
    if not folder.exists():
        if not dest.mkdir:
            raise FolderMissing(
                f"the folder {_shown(folder)} does not exist: create it, or add --mkdir "
                f"to let qualcode create it ({_NOTHING})"
            )
        missing = _topmost_missing(folder)
    elif not folder.is_dir():
        raise InvalidInputError(f"{_shown(folder)} is a file, not a folder ({_NOTHING})")
    _check_existing(dest)
    return missing


def prepare(target: Path | Destination) -> Path | None:
    """:func:`check`, then create the missing folder (with ``mkdir``); returns what it made."""
    dest = as_destination(target)
    missing = check(dest)
    if missing is not None:
        try:
            dest.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteFailed(
                f"could not create the folder {_shown(dest.path.parent)} ({_reason(exc)}); "
                f"{_NOTHING}"
            ) from exc
    return missing


@contextlib.contextmanager
def replacing(target: Path | Destination) -> Iterator[Path]:
    """A temporary path to write the whole file to; renamed over the target when the block ends.

    On any error the temporary file is removed and the target is as it was; an ``OSError``
    (a full disk, no permission) becomes one line saying so.
    """
    dest = as_destination(target)
    path = dest.path
    made = prepare(dest)
    existed = path.exists()
    unchanged = f"the previous {_shown(path)} is unchanged" if existed else "it was not created"
    if made is not None:
        unchanged += f" (the folder {_shown(made)} was made for it)"
    _remove_leftovers(path)
    try:
        name = _new_temporary(path)
        # The temporary file is made private; an export gets the mode a new file (or the one
        # it replaces) would have.
        os.chmod(name, stat.S_IMODE(path.stat().st_mode) if existed else 0o666 & ~_umask())
    except OSError as exc:
        raise WriteFailed(f"could not write {_shown(path)} ({_reason(exc)}); {unchanged}") from exc
    temp = Path(name)
    try:
        yield temp
        _sync(temp)
        _check_existing(dest)  # the target may have appeared while the file was written
        _check_links(path)
        os.replace(temp, path)
    except BaseException as exc:
        left = _discard(temp)
        if isinstance(exc, OSError):
            raise WriteFailed(
                f"could not write {_shown(path)} ({_reason(exc)}); {unchanged}{left}"
            ) from exc
        if left and isinstance(exc, QualcodeError):
            exc.message += left
            exc.args = (exc.message,)
        raise
    _sync_folder(path.parent)


def wrote_before(written: list[Path], exc: QualcodeError) -> QualcodeError:
    """``exc`` saying which files were written before it, so that a message about one file of
    several never suggests that nothing changed."""
    if written:
        exc.message = f"wrote {', '.join(map(_shown, written))}, but {exc.message}"
        exc.args = (exc.message,)
    return exc


def write_bytes(data: bytes, target: Path | Destination) -> None:
    """Write finished bytes to a user-named file, safely (see :func:`replacing`)."""
    with replacing(target) as temp, temp.open("wb") as stream:
        stream.write(data)


# -- the checks -------------------------------------------------------------------------------


def _check_project(path: Path, projects: tuple[Path, ...]) -> None:
    for project in projects:
        if path.exists() and project.exists() and _same_file(path, project):
            raise ConflictError(
                f"{_shown(path)} is the project file itself; an export never writes over it "
                f"({_NOTHING})"
            )
        if not _same_folder(path.parent, project.parent):
            continue
        if path.name in {project.name + s for s in _COMPANIONS}:
            raise ConflictError(
                f"{_shown(path)} belongs to the project {_shown(project)} (its SQLite "
                f"journal); an export never writes over it ({_NOTHING})"
            )
        if path.name.startswith(project.name + _BACKUP):
            raise ConflictError(
                f"{_shown(path)} is a backup of the project {_shown(project)}; an export never "
                f"writes over it ({_NOTHING})"
            )


def _check_links(path: Path) -> None:
    if path.is_symlink():
        raise InvalidInputError(
            f"{_shown(path)} is a symbolic link (to {os.readlink(path)}); qualcode does not "
            f"write through links: name the file itself ({_NOTHING})"
        )
    if path.is_absolute():
        return
    here = Path.cwd()
    typed = Path(os.path.normpath(here / path.parent))
    if not _inside(typed, here):
        return  # a path reaching above the working folder is typed in full
    real = Path(os.path.realpath(typed))
    if not _inside(real, Path(os.path.realpath(here))):
        raise InvalidInputError(
            f"the folder {_shown(path.parent)} leads out of the working folder (a symbolic "
            f"link to {real}); give the path in full if that is where the file belongs "
            f"({_NOTHING})"
        )


def _check_existing(dest: Destination) -> None:
    path = dest.path
    if not path.exists():
        return
    if path.is_dir():
        raise InvalidInputError(f"{_shown(path)} is a folder, not a file ({_NOTHING})")
    try:
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise WriteFailed(f"cannot read {_shown(path)} ({_reason(exc)}); {_NOTHING}") from exc
    if head == SQLITE_HEADER:
        raise ConflictError(
            f"{_shown(path)} is an SQLite database; an export never writes over one, not even "
            f"with --force ({_NOTHING})"
        )
    if not dest.force:
        raise FileExists(f"{_shown(path)} already exists; add --force to replace it ({_NOTHING})")


# -- helpers ----------------------------------------------------------------------------------


def _new_temporary(path: Path) -> str:
    """A new, empty, private file beside ``path`` for it to be written into, as
    ``tempfile.mkstemp`` makes one (never an existing file), without loading tempfile and
    the random module on every export."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = str(path.parent / f".{path.name}{TEMP_MARK}{os.urandom(6).hex()}")
        try:
            os.close(os.open(name, flags, 0o600))
        except FileExistsError:
            continue
        return name
    raise FileExistsError(f"no free temporary name beside {path}")


def _remove_leftovers(path: Path) -> None:
    """Remove what killed exports left: to this file always, to others once they are stale."""
    own = f".{path.name}{TEMP_MARK}"
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(".") or TEMP_MARK not in entry.name:
            continue
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False):
                continue
            if entry.name.startswith(own) or now - entry.stat().st_mtime > STALE_AFTER:
                os.remove(entry.path)


@functools.cache
def _umask() -> int:
    """The process's file creation mask (read by setting it, once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync(temp: Path) -> None:
    handle = os.open(temp, os.O_RDWR)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _discard(temp: Path) -> str:
    """Remove the temporary file; the words to add when that failed too."""
    try:
        temp.unlink(missing_ok=True)
    except OSError:
        return f"; the unfinished copy {temp.name} is left over (the next export removes it)"
    return ""


def _topmost_missing(folder: Path) -> Path:
    missing = folder
    while not missing.parent.exists() and missing.parent != missing:
        missing = missing.parent
    return missing


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _same_folder(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _shown(path: Path) -> str:
    return printable(str(path))
