"""``qualcode export ...``: tables, quotes, the coding guideline and charts for a thesis.

Every subcommand writes one file (under ``exports/`` unless ``-o`` names another, or ``-o -`` for
standard output in the text formats) and prints where it went. Files are written safely (see
:mod:`qualcode.exporters.output`): never over the project or an SQLite file, an existing file
only with ``--force``, a missing folder made only with ``--mkdir`` (``exports/`` itself is made
when needed, saying so), and never half. The export services, pandas and
the format libraries load only when a subcommand runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar, cast

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.domain.errors import InvalidInputError
from qualcode.domain.passes import PASSES
from qualcode.domain.plurals import counted
from qualcode.services import export_catalogue as catalogue
from qualcode.services.export_catalogue import DEFAULT_FOLDER, ExportKind, Option

if TYPE_CHECKING:
    from qualcode.services.exports import ExportRequest, ExportService

PROGRESS_FROM = 10_000  # rows; smaller files are written before anyone would look

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def export() -> None:
    """Export tables, quotes, the coding guideline and charts for a thesis.

    \b
    Tables: frequencies, matrix, attributes, cooccurrence, quotes, guideline,
    words, keyness, search (hits in context) as CSV (Excel), XLSX, Markdown,
    LaTeX or Word (--format).
    Charts: chart, wordchart.
    For a reviewer: review, one HTML file that opens in any browser.
    Case-oriented: theme-matrix (cases x categories with summaries and
    passages) and summary-table (Mayring's reduction table).
    For the thesis text: methods (a draft of the methods chapter from the
    analysis plan) and memos, in Markdown, Word or LaTeX.

    For the appendix: transcripts, with numbered lines that --cite line cites.
    Every export applies the anonymisation table ('qualcode anonymise').
    Every table carries the method facts a reader needs (counting base,
    roll-up, multi-coding, N, codebook version, date) in a note under it.
    For MAXQDA, ATLAS.ti, NVivo and QualCoder: qdpx (the whole project)
    and qdc (the codebook), in the REFI-QDA exchange format.
    """


def _filters(func: F) -> F:
    """The options that choose what is counted, shared by every export."""
    options = [
        click.option(
            "--category",
            "categories",
            multiple=True,
            metavar="CODE",
            help="Only this category (and its subcategories); repeatable.",
        ),
        click.option(
            "--doc",
            "documents",
            multiple=True,
            metavar="DOC",
            help="Only this document (name or id); repeatable. Changes N.",
        ),
        click.option(
            "--attr",
            "attributes",
            multiple=True,
            metavar="KEY=VALUE",
            help="Only cases with this attribute value, e.g. --attr Branche=Logistik; "
            "repeatable. Changes N.",
        ),
        click.option(
            "--coder",
            "coders",
            multiple=True,
            metavar="NAME",
            help="Only this coder's codings; repeatable. Without it, several coders' codings "
            "are counted together, a passage they coded alike once.",
        ),
        click.option(
            "--pass",
            "passes",
            multiple=True,
            type=click.Choice(PASSES),
            help="Only codings of this pass (pilot, main, recheck); repeatable.",
        ),
        click.option(
            "--date",
            "as_of",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help="The date printed under the table (default: today).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _flag(option: Option) -> Callable[[F], F]:
    return click.option(
        f"--{option.name}/--no-{option.name}",
        default=option.default,
        show_default=True,
        help=option.help,
    )


def _choice(option: Option) -> Callable[[F], F]:
    return click.option(
        f"--{option.name}",
        type=click.Choice(option.choices),
        default=option.default,
        show_default=option.default is not None,
        help=option.help,
    )


def _by(option: Option) -> Callable[[F], F]:
    return click.option("--by", "attribute", required=True, metavar="ATTRIBUTE", help=option.help)


def _cite(option: Option) -> Callable[[F], F]:
    if option.type == "choice":  # the theme matrix: pos or line
        return _choice(option)
    return click.option(
        "--cite",
        "cite",
        default=option.default,
        show_default=True,
        metavar="TEMPLATE",
        help=option.help,
    )


def _max_words(option: Option) -> Callable[[F], F]:
    return click.option("--max-words", type=click.IntRange(min=1), metavar="N", help=option.help)


def _header(option: Option) -> Callable[[F], F]:
    return click.option(
        "--header", "header", multiple=True, metavar="KEY", help=option.help + " Also --attr KEY."
    )


def _chart(option: Option) -> Callable[[F], F]:
    return click.argument(
        "chart", type=click.Choice(option.choices), default=option.default, required=False
    )


def _text(option: Option) -> Callable[[F], F]:
    return click.option(
        f"--{option.name}",
        option.name,
        default=None if option.required else option.default,
        required=option.required,
        metavar="TEXT",
        help=option.help,
    )


def _count(option: Option) -> Callable[[F], F]:
    return click.option(
        f"--{option.name}", option.name, type=click.IntRange(min=1), metavar="N", help=option.help
    )


def _query(option: Option) -> Callable[[F], F]:
    return click.option("--query", required=True, metavar="TEXT", help=option.help)


def _switch(option: Option) -> Callable[[F], F]:
    dashed = option.name.replace("_", "-")
    return click.option(
        f"--{dashed}", option.name, is_flag=True, default=bool(option.default), help=option.help
    )


def _speaker(option: Option) -> Callable[[F], F]:
    return click.option("--speaker", default="", metavar="ROLE", help=option.help)


OPTIONS: dict[str, Callable[[Option], Callable[[F], F]]] = {
    "rollup": _flag,
    "unit": _choice,
    "attribute": _by,
    "level": _choice,
    "cite": _cite,
    "max_words": _max_words,
    "chart": _chart,
    "positions": _choice,
    "uncoded": _flag,
    "query": _query,
    "lemma": _switch,
    "parts": _switch,
    "whole_word": _switch,
    "regex": _switch,
    "speaker": _speaker,
    "lang": _choice,
    "on": _choice,
    "group": _text,
    "forms": _flag,
    "top": _count,
    "compare": _text,
    "columns": _choice,
    "header": _header,
    "timestamps": _flag,
}
"""How each option of the catalogue is spelt on the command line."""


def _output(kind: ExportKind) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        func = click.option(
            "--no-anonymise",
            is_flag=True,
            help="Leave names, firms and places as they are (the anonymisation table, "
            "'qualcode anonymise', is applied otherwise).",
        )(func)
        func = click.option(
            "--mkdir", is_flag=True, help="Create the folder of -o if it does not exist."
        )(func)
        func = click.option(
            "--force",
            is_flag=True,
            help="Replace the file if it exists (never the project or another SQLite file).",
        )(func)
        func = click.option(
            "-o",
            "--output",
            metavar="PATH",
            help="Where to write (a file or a folder; '-' for standard output in text "
            f"formats). Default: {DEFAULT_FOLDER}/NAME.FORMAT.",
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(kind.formats),
            default=None,
            help=f"The file format (default: from the -o file name, else {kind.default_format}).",
        )(func)

    return decorate


def _sep(func: F) -> F:
    return click.option(
        "--sep",
        type=click.Choice([";", ","]),
        default=";",
        show_default=True,
        help="CSV separator: ';' with decimal commas (German Excel) or ',' with decimal points.",
    )(func)


def _key_values(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInputError(f"--attr takes key=value, not {item!r}")
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def _request(kind: ExportKind, options: dict[str, Any]) -> ExportRequest:
    from qualcode.services.exports import ExportRequest

    as_of: datetime | None = options.get("as_of")
    chosen = {o.name: options[o.name] for o in kind.options if o.name in options}
    attributes = tuple(options.get("attributes", ()))
    if kind.option("header") is not None:
        # The appendix: --attr KEY (no value) names an attribute to print, as --header KEY.
        keys = [*options.get("header", ()), *(a for a in attributes if "=" not in a)]
        chosen["header"] = ",".join(keys)
        attributes = tuple(a for a in attributes if "=" in a)
    return ExportRequest(
        **chosen,
        categories=tuple(options.get("categories", ())),
        documents=tuple(options.get("documents", ())),
        attributes=_key_values(attributes),
        coders=tuple(options.get("coders", ())),
        passes=tuple(options.get("passes", ())),
        as_of=as_of.date() if as_of is not None else None,
        anonymise=not options.get("no_anonymise", False),
    )


def _service(settings: Settings) -> ExportService:
    from qualcode.services.exports import ExportService

    project = settings.open()
    return ExportService(project.database, project.coder)


def _destination(
    output: str | None, fmt: str | None, kind: ExportKind, options: dict[str, Any]
) -> tuple[Path | None, str]:
    """The file to write (None: standard output) and the format, from -o and --format."""
    if output == "-":
        chosen = fmt or kind.default_format
        if not catalogue.format_of(chosen).text:
            raise click.UsageError(f"{chosen} is a binary format: give a file with -o, not '-'")
        return None, chosen
    folder = output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    path = Path(output) if output else None
    if fmt is None and path is not None and not folder:
        # An ending that names another format is refused by the service, in one line.
        fmt = catalogue.format_named(path, kind.formats)
    chosen = fmt or kind.default_format
    if path is None or folder:
        name = kind.file_name(chosen, {o.name: options[o.name] for o in kind.options})
        path = (path or DEFAULT_FOLDER) / name
    return path, chosen


@contextmanager
def _stdout() -> Iterator[BinaryIO]:
    """Standard output as a binary stream (kept open), for ``-o -``."""
    with click.open_file("-", "wb") as stream:
        yield cast(BinaryIO, stream)
        stream.flush()


def _progress(done: int, total: int) -> None:
    """Rows written so far, on standard error (a streamed table's total is not known: 0)."""
    if total >= PROGRESS_FROM:
        click.echo(f"Writing rows: {done:,} of {total:,}", err=True)
    elif not total and done >= PROGRESS_FROM:
        click.echo(f"Writing rows: {done:,}", err=True)


def _run(settings: Settings, kind: ExportKind, options: dict[str, Any]) -> None:
    """Write one export as the options say and tell where it went."""
    path, fmt = _destination(options.get("output"), options.get("fmt"), kind, options)
    request = _request(kind, options)
    service = _service(settings)
    sep = options.get("sep", ";")
    if path is None:
        with _stdout() as stream:
            shown = service.run(kind.name, fmt, request, stream, sep=sep)
        if shown.anonymised:
            click.echo(shown.anonymised, err=True)
        return
    written = service.run(
        kind.name,
        fmt,
        request,
        path,
        sep=sep,
        progress=_progress,
        force=options.get("force", False),
        # The default folder is qualcode's own choice, made when needed; others on request.
        mkdir=options.get("mkdir", False) or not options.get("output"),
    )
    if written.created is not None:
        click.echo(f"Created the folder {written.created}.")
    if not written.tables:
        click.echo(f"Wrote {path}.")
    else:
        shapes = "; ".join(
            f"{t.title}: {counted(t.rows, 'row', thousands=True)} x {counted(t.columns, 'column')}"
            for t in written.tables
        )
        click.echo(f"Wrote {path} ({shapes}).")
    if written.beside:
        click.echo(f"Also wrote {', '.join(map(str, written.beside))}.")
    if written.anonymised:
        click.echo(written.anonymised)


def _command(kind: ExportKind) -> click.Command:
    """The subcommand of one catalogue entry: its own options, the filters, -o and --format."""

    @pass_settings
    def run(settings: Settings, /, **options: Any) -> None:
        _run(settings, kind, options)

    func: Callable[..., None] = run
    decorators = [OPTIONS[o.name](o) for o in kind.options]
    decorators += [_filters, _output(kind)] if kind.filters else [_output(kind)]
    if kind.separator:
        decorators.append(_sep)
    for decorate in reversed(decorators):
        func = decorate(func)
    return click.command(kind.name, help=kind.description)(func)


for _kind in catalogue.KINDS:
    export.add_command(_command(_kind))
