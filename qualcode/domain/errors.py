"""One error family for everything a user can get wrong.

Every layer raises these; the CLI (and the TUI) turn them into one line and a named exit code,
so a researcher never sees a traceback for bad input.
"""

from __future__ import annotations

from enum import IntEnum

from qualcode.domain.names import printable


class ExitCode(IntEnum):
    """Named process exit codes, documented in README so scripts can rely on them."""

    OK = 0
    USAGE = 2  # click's own code for wrong options
    NOT_FOUND = 3  # a document, category, coding or file that does not exist
    INVALID_INPUT = 4  # a file or value qualcode cannot accept
    PROJECT = 5  # not a qualcode project, or a project qualcode cannot open
    CONFLICT = 6  # the request clashes with what is stored (e.g. a duplicate import)
    NOT_ALLOWED = 7  # the acting coder's role in the project does not allow it
    AUDIT_BROKEN = 9  # `qualcode log --verify`: the audit trail was changed or is unprotected
    INTERNAL = 70  # a bug: please report it (run with --debug for details)


class QualcodeError(Exception):
    """Base class: a message written for a researcher, plus optional file/line context."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            shown = printable(self.file)  # a file name may hold a line break
            where = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        return f"{where}{self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # Files are parsed in worker processes, whose errors travel back pickled. The default
        # pickling calls ``cls(*args)``, which breaks on keyword-only context and on subclasses
        # with other constructors (CodebookError); rebuilding from the attributes never does.
        return _rebuild, (type(self), self.args, self.__dict__)


class NotFoundError(QualcodeError):
    exit_code = ExitCode.NOT_FOUND


class InvalidInputError(QualcodeError):
    exit_code = ExitCode.INVALID_INPUT


class ProjectError(QualcodeError):
    exit_code = ExitCode.PROJECT


class ConflictError(QualcodeError):
    exit_code = ExitCode.CONFLICT


class NotAllowedError(QualcodeError):
    """The acting coder's role does not allow the change (see domain/roles.py)."""

    exit_code = ExitCode.NOT_ALLOWED


class ReadOnlyProjectError(ProjectError):
    """A project that can be read but not changed (a write-protected file, folder or drive)."""


class DiskFullError(ProjectError):
    """The disk holding the project filled up during a write, which was rolled back whole."""


class DamagedProjectError(ProjectError):
    """A project file whose pages SQLite cannot make sense of; the message quotes no content."""


class CodebookError(InvalidInputError):
    """A codebook file that breaks the format; carries every problem found, each with its line."""

    def __init__(self, problems: list[tuple[int | None, str]], *, file: str | None = None) -> None:
        self.problems = problems
        first_line, first_msg = problems[0] if problems else (None, "invalid codebook")
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first_msg + more, file=file, line=first_line)


def _rebuild(
    cls: type[QualcodeError], args: tuple[object, ...], state: dict[str, object]
) -> QualcodeError:
    """A pickled error as it was raised, without running its constructor again."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
