"""``qualcode import``, ``documents``, ``show``, ``rename`` and ``remove``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table, thousands, width, wrapped
from qualcode.domain.errors import InvalidInputError
from qualcode.domain.names import natural_order, printable
from qualcode.domain.plurals import counted
from qualcode.domain.timecode import format_seconds

if TYPE_CHECKING:
    from qualcode.domain.transcript import DocumentInfo


def _key_value(values: tuple[str, ...]) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInputError(f"--attr takes key=value, not {item!r}")
        result[key.strip()] = value.strip()
    return result


@click.command("import")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--attributes",
    "attributes_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A CSV table of case attributes: one row per document, first column the document name.",
)
@click.option(
    "--attr",
    "attrs",
    multiple=True,
    metavar="KEY=VALUE",
    help="An attribute for every file of this import, e.g. --attr Branche=Logistik (repeatable).",
)
@click.option(
    "--encoding", help="The files' text encoding, when detection gets it wrong (e.g. cp1252)."
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Import the good files and list the bad ones, instead of stopping.",
)
@click.option(
    "--speaker-map",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A YAML file saying which labels are the same speaker and each speaker's role "
    "(kept in the project for later imports).",
)
@click.option(
    "--name",
    metavar="NAME",
    help="The document's name, for a single FILE (default: the file name, a long one shortened).",
)
@click.option(
    "--replace",
    "replace_doc",
    metavar="DOC",
    help="Replace document DOC's text with the corrected FILE; its codings move with their text.",
)
@pass_settings
def import_(
    settings: Settings,
    files: tuple[Path, ...],
    attributes_file: Path | None,
    attrs: tuple[str, ...],
    encoding: str | None,
    skip_bad: bool,
    speaker_map: Path | None,
    name: str | None,
    replace_doc: str | None,
) -> None:
    """Import transcripts and case attributes into the project.

    Each file becomes one document named after the file (B01.txt -> B01; a name longer than
    40 characters is shortened, see the README), split into numbered turns at its speaker
    labels (I:, B:, B1:, ...). Everything is imported in one go: if one
    file cannot be read, nothing is imported (unless --skip-bad). Reads .txt and .md, and the
    other formats listed in the README.
    """
    if name is not None and (replace_doc is not None or len(files) != 1):
        raise click.UsageError(
            "--name NAME names one new document: give exactly one FILE "
            "(rename an existing one with: qualcode rename DOC NEW)"
        )
    if replace_doc is not None:
        if len(files) != 1:
            raise click.UsageError("--replace DOC takes exactly one FILE: the corrected transcript")
        _replace(settings, replace_doc, files[0], encoding)
        return
    if not files and attributes_file is None:
        raise click.UsageError("name the transcript files to import (or --attributes FILE)")
    project = settings.open()
    report = project.documents.import_files(
        list(files),
        attributes_file=attributes_file,
        attributes=_key_value(attrs),
        encoding=encoding,
        skip_bad=skip_bad,
        speaker_map=speaker_map,
        name=name,
    )
    for warning in report.warnings:
        click.echo(f"warning: {printable(warning)}", err=True)
    for doc in report.imported:
        click.echo(
            f"Imported {doc.name}: {counted(doc.turns, 'turn')}, "
            f"{counted(doc.words, 'word', thousands=True)}."
        )
    if report.attributes_set:
        click.echo(f"Set case attributes of {counted(report.attributes_set, 'document')}.")
    if report.skipped:
        click.echo(f"Skipped {counted(len(report.skipped), 'file')}:", err=True)
        for line in report.skipped:
            click.echo(f"  {line}", err=True)


def _replace(settings: Settings, document: str, path: Path, encoding: str | None) -> None:
    report = settings.open().documents.replace(document, path, encoding=encoding)
    click.echo(
        f"Replaced the text of {report.document} ({counted(report.turns_before, 'turn')} "
        f"before, {report.turns_after} now)."
    )
    click.echo(
        f"Codings: {report.kept} in place, {report.moved} moved with their text, "
        f"{report.changed} moved to a slightly changed passage, {len(report.review)} to check."
    )
    for coding in report.review:
        click.echo(
            f"  check #{coding.id} {coding.category} near Pos. {coding.position}: "
            f"„{coding.text[:70]}{'…' if len(coding.text) > 70 else ''}“"
        )
    if report.review:
        click.echo("List them again with: qualcode codings --review")


def document_json(doc: DocumentInfo) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.name,
        "format": doc.format,
        "turns": doc.turns,
        "words": doc.words,
        "codings": doc.codings,
        "attributes": doc.attributes,
        "source": doc.source_name,
        "sha256": doc.sha256,
        "imported_by": doc.imported_by,
        "imported_at": doc.imported_at,
        "memo": doc.memo,
        "sets": list(doc.sets),
    }


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@click.option(
    "--set",
    "set_name",
    metavar="NAME",
    help="Only the documents in this set (sets come with a project from MAXQDA, ATLAS.ti, ...).",
)
@pass_settings
def documents(settings: Settings, as_json: bool, set_name: str | None) -> None:
    """List the documents with their size, codings and case attributes."""
    project = settings.open()
    docs = project.documents.all()
    if set_name is not None:
        from qualcode.services.sets import SetService

        chosen = SetService(project.database, project.coder).get(set_name)
        docs = [d for d in docs if chosen.name in d.sets]
    if as_json:
        emit_json([document_json(d) for d in docs])
        return
    if not docs:
        click.echo("No documents yet. Import some: qualcode import FILES...")
        return
    docs = sorted(docs, key=lambda d: natural_order(d.name))  # B2 before B10, p1 beside P2
    sets = ["sets"] if any(d.sets for d in docs) else []
    rows = [
        [d.id, d.name, d.format, d.turns, thousands(d.words), d.codings]
        + ([", ".join(d.sets)] if sets else [])
        for d in docs
    ]
    headers = ["id", "name", "format", "turns", "words", "codings", *sets]
    # As many case attributes as the terminal holds beside them: a Markdown transcript's front
    # matter can bring a dozen, and a table wider than the terminal wraps into a jumble.
    keys = sorted({k for d in docs for k in d.attributes}, key=str.casefold)
    room = width() - _width(headers, rows)
    shown = []
    for key in keys:
        values = [d.attributes.get(key, "") for d in docs]
        needed = 2 + max(len(key), *(len(v) for v in values))
        if needed > room:
            break
        room -= needed
        shown.append(key)
        for row, value in zip(rows, values, strict=True):
            row.insert(len(row) - len(sets), value)
    table([*headers[:6], *shown, *sets], rows, right={0, 3, 4, 5})
    if len(shown) < len(keys):
        more = counted(len(keys) - len(shown), "more case attribute")
        wrapped(
            "",
            f"{more} not shown for the width of the terminal ({', '.join(keys[len(shown) :])}): "
            "qualcode show DOC lists a document's, qualcode documents --json all of them.",
        )


def _width(headers: list[str], rows: list[list[object]]) -> int:
    """The columns a plain table of these rows takes."""
    cells = [headers, *([str(c) for c in row] for row in rows)]
    return sum(max(len(row[i]) for row in cells) + 2 for i in range(len(headers))) - 2


@click.command()
@click.argument("document")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def show(settings: Settings, document: str, as_json: bool) -> None:
    """Show a document's turns: Pos. number, speaker, time and text.

    DOCUMENT is the document's name (e.g. B01) or its id.
    """
    transcript = settings.open().documents.transcript(document)
    doc = transcript.document
    if as_json:
        data = document_json(doc)
        data["turns"] = [
            {
                "position": t.position,
                "speaker": t.speaker,
                "start": t.start,
                "end": t.end,
                "char_start": t.char_start,
                "char_end": t.char_end,
                "text": transcript.turn_text(t),
            }
            for t in transcript.turns
        ]
        emit_json(data)
        return
    click.echo(
        f"{doc.name}: {counted(doc.turns, 'turn')}, {counted(doc.words, 'word', thousands=True)} "
        f"({printable(doc.source_name)})"
    )
    if doc.attributes:
        click.echo("  " + "; ".join(f"{k}: {v}" for k, v in doc.attributes.items()))
    if doc.sets:
        click.echo("  Sets: " + ", ".join(printable(s) for s in doc.sets))
    for number, paragraph in enumerate(doc.memo.splitlines() if doc.memo else []):
        wrapped("  Memo: " if number == 0 else "        ", paragraph)
    click.echo()
    speaker_width = max((len(t.speaker or "") for t in transcript.turns), default=1)
    timed = any(t.start is not None for t in transcript.turns)
    for turn in transcript.turns:
        time = f"{format_seconds(turn.start):8}  " if timed else ""
        prefix = f"{turn.position:>4}  {(turn.speaker or ''):<{speaker_width}}  {time}"
        wrapped(prefix, transcript.turn_text(turn))


@click.command()
@click.argument("document")
@click.argument("new_name", metavar="NEW")
@click.option("--reason", default="", help="Why it is renamed (kept in the audit trail).")
@pass_settings
def rename(settings: Settings, document: str, new_name: str, reason: str) -> None:
    """Give a document the name the thesis cites it by, e.g. qualcode rename B01 "Interview 1".

    Citations, retrieval and exports use the new name from then on; the audit trail keeps
    the old one in its earlier entries.
    """
    renamed = settings.open().documents.rename(document, new_name, reason=reason)
    click.echo(f"Renamed document {printable(renamed.old)} to {printable(renamed.new)}.")


@click.command()
@click.argument("document")
@click.option("--force", is_flag=True, help="Also remove it when it has codings (they go with it).")
@click.option("--reason", default="", help="Why it is removed (kept in the audit trail).")
@pass_settings
def remove(settings: Settings, document: str, force: bool, reason: str) -> None:
    """Remove a document from the project, e.g. a file imported by mistake.

    A document with codings is kept unless you add --force.
    """
    removed = settings.open().documents.remove(document, force=force, reason=reason)
    gone = f" and its {counted(removed.codings, 'coding')}" if removed.codings else ""
    click.echo(f"Removed document {removed.name}{gone}.")
