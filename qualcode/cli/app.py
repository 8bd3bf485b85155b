"""The ``qualcode`` command: global options, the command list, and the error edge.

Commands import the services only when they run, so ``qualcode --help`` and the light
commands start fast (a test checks that pandas, spaCy and Textual stay unloaded).
"""

from __future__ import annotations

import errno
import gc
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import IO, Any, NoReturn

import click

from qualcode import __version__
from qualcode.cli.context import DEFAULT_PROJECT, Settings, default_coder
from qualcode.cli.tui_command import tui
from qualcode.domain.errors import DiskFullError, ExitCode, InvalidInputError, QualcodeError
from qualcode.domain.names import printable

HELP = """\
qualcode: qualitative content analysis of interview transcripts (after Mayring).

\b
A project is one file (qualcode.db in this folder unless you say otherwise)
holding your transcripts, your codebook (the coding guideline) and your codings.

\b
Getting started:
  qualcode demo          (a demo project with sample interviews to look around in)
  qualcode init --codebook my-codebook.yaml
  qualcode import interviews/*.txt --attributes interviews/cases.csv
  qualcode documents
  qualcode code B01 K2.1 --turn 5
  qualcode codings
"""


# Each command's module is imported only when that command runs (or help lists it): importing
# all of them costs a tenth of a second that `qualcode tui` and scripts pay on every start.
COMMANDS = {
    "tui": "qualcode.cli.tui_command:tui",
    "demo": "qualcode.cli.demo_command:demo",
    "init": "qualcode.cli.project_commands:init",
    "status": "qualcode.cli.project_commands:status",
    "project": "qualcode.cli.move_commands:project",
    "import": "qualcode.cli.document_commands:import_",
    "import-project": "qualcode.cli.exchange_commands:import_project",
    "documents": "qualcode.cli.document_commands:documents",
    "show": "qualcode.cli.document_commands:show",
    "rename": "qualcode.cli.document_commands:rename",
    "remove": "qualcode.cli.document_commands:remove",
    "speakers": "qualcode.cli.speaker_commands:speakers",
    "codebook": "qualcode.cli.codebook_commands:codebook",
    "code": "qualcode.cli.coding_commands:code",
    "uncode": "qualcode.cli.coding_commands:uncode",
    "codings": "qualcode.cli.coding_commands:codings",
    "search": "qualcode.cli.search_command:search",
    "confirm": "qualcode.cli.coding_commands:confirm",
    "pass": "qualcode.cli.coding_commands:pass_",
    "export": "qualcode.cli.export_commands:export",
    "agreement": "qualcode.cli.agreement_commands:agreement",
    "log": "qualcode.cli.audit_commands:log",
    "import-review": "qualcode.cli.review_commands:import_review",
    "comments": "qualcode.cli.review_commands:comments",
    "plan": "qualcode.cli.method_commands:plan",
    "memos": "qualcode.cli.method_commands:memos",
    "memo": "qualcode.cli.method_commands:memo",
    "settings": "qualcode.cli.method_commands:settings_group",
    "summary": "qualcode.cli.summary_commands:summary",
    "matrix-summary": "qualcode.cli.summary_commands:matrix_summary",
    "reduce": "qualcode.cli.summary_commands:reduce",
    "anonymise": "qualcode.cli.anonymise_commands:anonymise",
    "undo": "qualcode.cli.history_commands:undo",
    "members": "qualcode.cli.team_commands:members",
    "profile": "qualcode.cli.team_commands:profile",
    "redo": "qualcode.cli.history_commands:redo",
    "words": "qualcode.cli.words_commands:words",
    "autocode": "qualcode.cli.autocode_commands:autocode",
    "proposals": "qualcode.cli.autocode_commands:proposals",
}


# What `qualcode --help` lists beside each command, so that the help loads no command's module;
# a test keeps it equal to the commands' own first sentences.
SHORT_HELP = {
    "tui": "Open the coding workbench (also what plain 'qualcode' does).",
    "demo": (
        "Build a demo project from the bundled codebook and seven sample interviews, then open "
        "the workbench (when there is a terminal)."
    ),
    "init": "Create a new, empty project (the file given by --project).",
    "status": (
        "Show the project and its progress: documents, codebook versions, codings per coder, "
        "and per document how far each coder has got."
    ),
    "project": "Copy a project between SQLite and PostgreSQL, or back up one in use.",
    "import": "Import transcripts and case attributes into the project.",
    "import-project": (
        "Import a whole project: REFI-QDA (.qdpx, .qde; .qdc codebooks) from MAXQDA, ATLAS.ti, "
        "NVivo or QualCoder, a Taguette database (.sqlite3) or a QualCoder project (.qda "
        "folder)."
    ),
    "documents": "List the documents with their size, codings and case attributes.",
    "show": "Show a document's turns: Pos. number, speaker, time and text.",
    "rename": (
        'Give a document the name the thesis cites it by, e.g. qualcode rename B01 "Interview 1".'
    ),
    "remove": "Remove a document from the project, e.g. a file imported by mistake.",
    "speakers": "List the speakers of all transcripts with their role and number of turns.",
    "codebook": "The codebook: categories with definition, anchor example and coding rule.",
    "code": "Code a passage of DOCUMENT with CATEGORY.",
    "uncode": "Remove a coding (its number is in 'qualcode codings').",
    "codings": "List codings: where, which category, who, and the coded text.",
    "search": "Find a word, phrase or pattern in every transcript and show it in its context.",
    "confirm": (
        "Confirm codings after checking them again ('qualcode codings --review' lists them)."
    ),
    "pass": "Show or choose your coding pass: pilot, main or recheck.",
    "export": "Export tables, quotes, the coding guideline and charts for a thesis.",
    "agreement": (
        "Intercoder agreement of two coders, per category and overall, with the disagreements."
    ),
    "log": "Show the audit trail: who changed what, when, and why (oldest first).",
    "import-review": "Bring in a reviewer's comments, downloaded from the reviewer's page.",
    "comments": "Reviewers' comments brought in with import-review, oldest first.",
    "plan": "The analysis plan (Ablaufmodell): research questions, technique, units and rules.",
    "memos": "List the memos on the project, documents, categories and codings, oldest first.",
    "memo": "Write, change, read and remove one memo.",
    "settings": "Project settings: the words the exports use (qualcode settings terms).",
    "summary": (
        "The case summary (Fallzusammenfassung) of DOCUMENT: show it, or write a new version."
    ),
    "matrix-summary": (
        "The summary of one cell of the theme matrix: what DOCUMENT says on CATEGORY."
    ),
    "reduce": "Mayring's summarising content analysis: paraphrase, generalise, reduce (Z1-Z4).",
    "anonymise": (
        "Replace names, firms, places, e-mail addresses and phone numbers in every export."
    ),
    "undo": (
        "Take back your latest change of today (a coding, a removal, a memo, a new category, a "
        "codebook edit), as u does in the workbench; the undo is kept in the audit trail."
    ),
    "members": "List the project's members and their roles (the same as 'members list').",
    "profile": "Named addresses of team projects: 'qualcode --project NAME' then connects to one.",
    "redo": (
        "Do again the change you undid last today, as ctrl+y does in the workbench; the redo is"
        " kept in the audit trail."
    ),
    "words": "Word frequencies without stop words (spaCy's list and the project's stop list).",
    "autocode": (
        "Run the codebook's autocode rules and store what they find as proposals to review."
    ),
    "proposals": (
        "List proposed codings, or accept or reject them by number (--accept 3 4, --reject 5)."
    ),
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The command table, loading a command's module the first time it is looked up."""

    def __init__(self, specs: dict[str, str]) -> None:
        self._specs = dict(specs)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attribute = self._specs[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(module), attribute)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._specs[name] = ""
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._specs[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs


class OneLineClickError(click.ClickException):
    """click's own complaints (an unknown option, a missing argument, a bad choice) as one line.

    click prints a usage block, a hint and the error; qualcode prints every error as one line
    starting with ``qualcode:``, keeping click's exit code (2 for a command typed wrongly).
    """

    def __init__(self, original: click.ClickException) -> None:
        message = " ".join(original.format_message().split()).rstrip(".")
        if message[:1].isupper() and not message[1:2].isupper():
            message = message[:1].lower() + message[1:]
        super().__init__(message)
        ctx = getattr(original, "ctx", None)
        self.hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"qualcode: {self.format_message()}{self.hint}", err=True)


class OneLineUsageError(OneLineClickError):
    exit_code = ExitCode.USAGE


def _one_line(exc: click.ClickException) -> click.ClickException:
    if isinstance(exc, OneLineClickError | click.exceptions.NoArgsIsHelpError):
        return exc  # already one line, or the help a bare group shows
    if isinstance(exc, click.UsageError):
        return OneLineUsageError(exc)
    return OneLineClickError(exc)


class QualcodeGroup(click.Group):
    """The error edge: every failure becomes one line and a named exit code (--debug: traceback)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:  # the global options, typed wrongly
            one_line = _one_line(exc)
            if one_line is exc:
                raise
            raise one_line from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`SHORT_HELP`, shortened as click shortens a command's
        help, without importing the commands (a command added otherwise is asked)."""
        names = [n for n in self.list_commands(ctx) if n in SHORT_HELP or self._shows(ctx, n)]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            text = SHORT_HELP.get(name)
            if text is None:
                command = self.get_command(ctx, name)
                text = command.get_short_help_str(limit) if command is not None else ""
            rows.append((name, _shortened(text, limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _shows(self, ctx: click.Context, name: str) -> bool:
        command = self.get_command(ctx, name)
        return command is not None and not command.hidden

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _project_spelled_long(args))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:  # a command or its options, typed wrongly
            one_line = _one_line(exc)
            if one_line is exc:
                raise
            raise one_line from exc
        except (click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except QualcodeError as exc:
            if _debugging(ctx):
                raise
            _fail(ctx, str(exc), exc.exit_code)
        except Exception as exc:
            if _debugging(ctx):
                raise
            known = _file_failure(exc)
            if known is not None:
                _fail(ctx, str(known), known.exit_code)
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            _fail(
                ctx,
                f"internal error ({type(exc).__name__}: {message}); nothing was changed. "
                "Run again with --debug and report it.",
                ExitCode.INTERNAL,
            )


def _project_spelled_long(args: list[str]) -> list[str]:
    """``-p PATH`` among the global options as ``--project PATH``: the same option, but click
    looks a short option up among the long ones first and, not finding it there, loads difflib
    for a suggestion it then drops (nearly a millisecond of each start)."""
    args = list(args)
    i = 0
    while i < len(args) - 1:  # a last "-p" without its value keeps click's own message
        if args[i] == "-p":
            args[i] = "--project"
        elif args[i] not in ("--project", "--coder"):
            if args[i] != "--debug" and not args[i].startswith(("--project=", "--coder=")):
                break  # the command's name, or an option that ends the global ones
            i += 1
            continue
        i += 2
    return args


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at a word to ``limit`` characters with "...", as click cuts a short help."""
    if len(text) <= limit:
        return text
    if limit < len("..."):
        return "..."
    import textwrap

    return textwrap.shorten(text, limit, placeholder="...", break_on_hyphens=False)


def _file_failure(exc: Exception) -> QualcodeError | None:
    """A file the system would not let qualcode read or write (an export, an import), if so."""
    if not isinstance(exc, OSError) or exc.errno is None:
        return None
    name = printable(str(exc.filename)) if exc.filename is not None else "the file"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFullError(f"the disk is full: {name} could not be written")
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "its drive is mounted read-only",
    }
    if exc.errno in reasons:
        return InvalidInputError(f"cannot use {name}: {reasons[exc.errno]}")
    return None


def _fail(ctx: click.Context, message: str, code: ExitCode) -> NoReturn:
    click.echo(f"qualcode: {message}", err=True)
    ctx.exit(int(code))


def _debugging(ctx: click.Context) -> bool:
    settings = ctx.obj
    return bool(getattr(settings, "debug", False) or os.environ.get("QUALCODE_DEBUG"))


@click.group(
    cls=QualcodeGroup,
    invoke_without_command=True,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--project",
    "-p",
    envvar="QUALCODE_PROJECT",
    default=DEFAULT_PROJECT,
    show_default=True,
    metavar="PATH_OR_URL",
    help="The project file, a postgresql:// address for a team project, or the name of a "
    "profile ('qualcode profile add'). Also set by QUALCODE_PROJECT.",
)
@click.option(
    "--coder",
    envvar="QUALCODE_CODER",
    default=None,
    metavar="NAME",
    help="Your name as a coder, recorded with everything you do. "
    "Also set by QUALCODE_CODER; defaults to your login name.",
)
@click.option("--debug", is_flag=True, help="Show the full technical details of an error.")
@click.version_option(__version__, prog_name="qualcode")
@click.pass_context
def cli(ctx: click.Context, project: str, coder: str | None, debug: bool) -> None:
    settings = Settings(project=project, coder=(coder or default_coder()).strip(), debug=debug)
    ctx.obj = settings
    ctx.call_on_close(settings.close)
    if ctx.invoked_subcommand is None:  # plain `qualcode` opens the workbench
        ctx.invoke(tui)


cli.commands = LazyCommands(COMMANDS)


def main() -> None:
    """Entry point of the ``qualcode`` command."""
    # What start-up made (modules, classes, functions) lasts as long as the process: frozen,
    # the collector's passes no longer walk it again and again (a millisecond or two of a
    # listing's 50). Garbage made later is collected as always.
    gc.freeze()
    try:
        cli.main(prog_name="qualcode")
    except BrokenPipeError:  # output piped into head or less that closed early
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
