"""``qualcode export ...``: tables, quotes, the coding guideline and charts for a thesis.

Every subcommand writes one file (under ``exports/`` unless ``-o`` names another, or ``-o -`` for
standard output in the text formats) and prints where it went. The export services, pandas and
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
from qualcode.domain.coding import PASSES
from qualcode.domain.errors import InvalidInputError

if TYPE_CHECKING:
    from qualcode.services.exports import ExportRequest, ExportService, Table

# Kept here rather than imported from the exporters: the CLI talks to services only.
TABLE_FORMATS = ("csv", "xlsx", "md", "tex", "docx")
TEXT_FORMATS = ("csv", "md", "tex")
CHART_FORMATS = ("png", "svg", "pdf")
UNITS = ("segments", "cases")
LEVELS = ("segment", "turn", "document")
DEFAULT_FOLDER = Path("exports")
PROGRESS_FROM = 10_000  # rows; smaller files are written before anyone would look

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def export() -> None:
    """Export tables, quotes, the coding guideline and charts for a thesis.

    \b
    Tables: frequencies, matrix, attributes, cooccurrence, quotes, guideline
    as CSV (Excel), XLSX, Markdown, LaTeX or Word (--format). Charts: chart.
    Every table carries the method facts a reader needs (counting base,
    roll-up, multi-coding, N, codebook version, date) in a note under it.
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
            help="Only this coder's codings; repeatable.",
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


ROLLUP_HELP = "Count subcategories in their main category (and list main categories only)."


def _rollup(text: str = ROLLUP_HELP) -> Callable[[F], F]:
    return click.option("--rollup/--no-rollup", default=False, show_default=True, help=text)


def _unit(default: str | None, text: str) -> Callable[[F], F]:
    return click.option(
        "--unit",
        type=click.Choice(UNITS),
        default=default,
        show_default=default is not None,
        help=text,
    )


def _output(formats: tuple[str, ...], default: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
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
            type=click.Choice(formats),
            default=None,
            help=f"The file format (default: from the -o file name, else {default}).",
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


def _request(options: dict[str, Any]) -> ExportRequest:
    from qualcode.services.exports import ExportRequest

    as_of: datetime | None = options.get("as_of")
    return ExportRequest(
        rollup=bool(options.get("rollup", False)),
        unit=options.get("unit"),
        categories=tuple(options.get("categories", ())),
        documents=tuple(options.get("documents", ())),
        attributes=_key_values(tuple(options.get("attributes", ()))),
        coders=tuple(options.get("coders", ())),
        passes=tuple(options.get("passes", ())),
        as_of=as_of.date() if as_of is not None else None,
    )


def _service(settings: Settings) -> ExportService:
    from qualcode.services.exports import ExportService

    project = settings.open()
    return ExportService(project.database, project.coder)


def _destination(
    output: str | None, fmt: str | None, name: str, formats: tuple[str, ...], default: str
) -> tuple[Path | None, str]:
    """The file to write (None: standard output) and the format, from -o and --format."""
    if output == "-":
        chosen = fmt or default
        if chosen not in (*TEXT_FORMATS, "svg"):
            raise click.UsageError(f"{chosen} is a binary format: give a file with -o, not '-'")
        return None, chosen
    folder = output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    path = Path(output) if output else None
    if fmt is None and path is not None and not folder:
        suffix = path.suffix.lstrip(".").lower()
        if suffix in formats:
            fmt = suffix
    chosen = fmt or default
    if path is None:
        path = DEFAULT_FOLDER / f"{name}.{chosen}"
    elif folder:
        path = path / f"{name}.{chosen}"
    return path, chosen


@contextmanager
def _stdout() -> Iterator[BinaryIO]:
    """Standard output as a binary stream (kept open), for ``-o -``."""
    with click.open_file("-", "wb") as stream:
        yield cast(BinaryIO, stream)
        stream.flush()


def _progress(done: int, total: int) -> None:
    if total >= PROGRESS_FROM:
        click.echo(f"Writing rows: {done:,} of {total:,}", err=True)


def _emit(
    service: ExportService,
    tables: list[Table],
    options: dict[str, Any],
    name: str,
) -> None:
    path, fmt = _destination(options.get("output"), options.get("fmt"), name, TABLE_FORMATS, "csv")
    sep = options.get("sep", ";")
    if path is None:
        with _stdout() as stream:
            service.write(tables, stream, fmt, sep=sep)
        return
    service.write(tables, path, fmt, sep=sep, progress=_progress)
    shapes = "; ".join(f"{t.title}: {len(t):,} rows x {len(t.columns)} columns" for t in tables)
    click.echo(f"Wrote {path} ({shapes}).")


@export.command("frequencies")
@_rollup()
@_unit(None, "Count segments or cases only (default: both).")
@_filters
@_output(TABLE_FORMATS, "csv")
@_sep
@pass_settings
def frequencies(settings: Settings, /, **options: Any) -> None:
    """Category frequencies: coded segments ("Nennungen") and cases (n of N experts)."""
    service = _service(settings)
    _emit(service, [service.frequencies(_request(options))], options, "frequencies")


@export.command("matrix")
@_rollup()
@_unit("segments", "Cells count segments, or mark cases with the category (✓/–).")
@_filters
@_output(TABLE_FORMATS, "csv")
@_sep
@pass_settings
def matrix(settings: Settings, /, **options: Any) -> None:
    """Category x document matrix: segment counts or presence per case, with a row sum."""
    service = _service(settings)
    _emit(service, [service.matrix(_request(options))], options, "matrix")


@export.command("attributes")
@click.option(
    "--by",
    "attribute",
    required=True,
    metavar="ATTRIBUTE",
    help="The case attribute to group by, e.g. Branche or Unternehmensgröße.",
)
@_rollup()
@_unit("cases", "Cells count cases (with each group's N) or segments.")
@_filters
@_output(TABLE_FORMATS, "csv")
@_sep
@pass_settings
def attributes(settings: Settings, /, attribute: str, **options: Any) -> None:
    """Categories by a case attribute (industry, company size, ...): counts per group."""
    service = _service(settings)
    table = service.attributes(attribute, _request(options))
    _emit(service, [table], options, "attributes")


@export.command("cooccurrence")
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="segment",
    show_default=True,
    help="Together means: overlapping segments, the same turn, or the same document.",
)
@_rollup()
@_filters
@_output(TABLE_FORMATS, "csv")
@_sep
@pass_settings
def cooccurrence(settings: Settings, /, level: str, **options: Any) -> None:
    """Co-occurrence of categories: a category x category matrix of how often they meet."""
    service = _service(settings)
    table = service.cooccurrence(_request(options), level=level)
    _emit(service, [table], options, "cooccurrence")


@export.command("quotes")
@click.option(
    "--cite",
    "template",
    default="pos",
    show_default=True,
    metavar="TEMPLATE",
    help="How quotes are cited: pos '({doc}, Pos. {pos})', line '({doc}, Z. {line})', "
    "time '({doc}, {time})', or a template of your own with those fields.",
)
@click.option(
    "--max-words",
    type=click.IntRange(min=1),
    metavar="N",
    help="Shorten longer quotes in the middle, at sentence ends where possible, marked […].",
)
@_rollup("List each quote under its main category.")
@_filters
@_output(TABLE_FORMATS, "csv")
@_sep
@pass_settings
def quotes(settings: Settings, /, template: str, max_words: int | None, **options: Any) -> None:
    """Quotes per category in codebook order, in „…“ with a citation such as (B01, Pos. 4–6)."""
    service = _service(settings)
    table = service.quotes(_request(options), template=template, max_words=max_words)
    _emit(service, [table], options, "quotes")


@export.command("guideline")
@_rollup("Count every category's subcategories in its frequency columns.")
@_filters
@_output(TABLE_FORMATS, "csv")
@_sep
@pass_settings
def guideline(settings: Settings, /, **options: Any) -> None:
    """The coding guideline (Kodierleitfaden) and the category tree, with frequencies."""
    service = _service(settings)
    _emit(service, service.guideline(_request(options)), options, "guideline")


@export.command("chart")
@click.argument("kind", type=click.Choice(["bar", "heatmap"]), default="bar", required=False)
@_rollup()
@_unit("segments", "Bars or cells count segments or cases.")
@_filters
@_output(CHART_FORMATS, "png")
@pass_settings
def chart(settings: Settings, /, kind: str, **options: Any) -> None:
    """A chart: frequency bars (bar) or a category x case heat map (heatmap); PNG, SVG or PDF."""
    path, fmt = _destination(
        options.get("output"), options.get("fmt"), f"chart-{kind}", CHART_FORMATS, "png"
    )
    service = _service(settings)
    if path is None:
        with _stdout() as stream:
            service.chart(kind, _request(options), stream, fmt=fmt)
        return
    service.chart(kind, _request(options), path, fmt=fmt)
    click.echo(f"Wrote {path}.")
