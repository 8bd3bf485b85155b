"""Reading a user's file, with the one-line errors every reader gives for it, and the document
name its file name gives."""

from __future__ import annotations

import stat
from collections.abc import Container, Sequence
from pathlib import Path

from qualcode.domain import names
from qualcode.domain.errors import InvalidInputError, NotFoundError


def read_file(path: Path, what: str = "file") -> bytes:
    """The file's bytes; a missing, unreadable or folder path raises an error naming ``path``.

    ``what`` says what was expected ("codebook file"), for the message when there is none.
    A named pipe or a device (``/dev/zero``) is refused before it is opened: opening a pipe
    waits for a writer that may never come, and reading a device never ends.
    """
    try:
        _check_plain(path, what)
        return path.read_bytes()  # (a folder is told by the error: one look at the disk less)
    except FileNotFoundError as exc:
        raise NotFoundError(f"there is no such {what}", file=str(path)) from exc
    except OSError as exc:
        if path.is_dir():
            hint = "name the files to import (e.g. folder/*.txt)" if what == "file" else ""
            raise InvalidInputError(
                f"this is a folder; {hint or f'not a {what}'}", file=str(path)
            ) from None
        raise InvalidInputError(f"cannot read it: {exc.strerror}", file=str(path)) from exc


def _check_plain(path: Path, what: str) -> None:
    """The one-line error for a path that names neither a regular file nor a folder (whose
    error the read gives): a pipe, a socket, a device."""
    mode = path.stat().st_mode
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return
    raise InvalidInputError(
        f"this is not a file but a {_special(mode)}; name a saved {what}", file=str(path)
    )


def refuse_special(path: Path, what: str = "file") -> None:
    """The one-line error for a path that is neither a regular file nor a folder, for readers
    that open the file themselves; a missing path is left to them."""
    try:
        _check_plain(path, what)
    except FileNotFoundError:
        return


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def document_name(path: Path) -> str:
    """The name a transcript file gives its document: the file name without its extension,
    with line breaks and other control characters turned into blanks and the blanks at either
    end dropped (see :func:`qualcode.domain.names.document_name`), and a long one shortened
    (:func:`qualcode.domain.names.short_name`); the file's own name is kept beside it."""
    name = names.document_name(path.stem)
    if not name:
        raise InvalidInputError(
            "this file name gives no document name (it is blanks and control characters); "
            "rename the file",
            file=str(path),
        )
    return names.short_name(name)


def shortened_names(paths: Sequence[Path], taken: Container[str]) -> dict[Path, str]:
    """The names files imported together give their documents where their names are long: each
    keeps the words that tell it from the others, and names that still coincide are numbered in
    the order of the file names, past the ``taken`` ones (see
    :func:`qualcode.domain.names.short_names`). Files with names that need no shortening, or
    give none, are left out."""
    stems = {path: names.document_name(path.stem) for path in paths}
    planned = names.short_names([s for s in stems.values() if s], taken)
    return {path: planned[stem] for path, stem in stems.items() if stem and planned[stem] != stem}


def is_shortened(path: Path, name: str) -> bool:
    """Whether ``name`` is a shortened form of the file's name (so that a clash with another
    document is qualcode's to settle, not the user's)."""
    return name != names.document_name(path.stem)
