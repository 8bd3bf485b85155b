"""``qualcode anonymise ...``: the project's replacement table, the check for names left in the
material, and anonymised transcripts for the appendix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json

if TYPE_CHECKING:
    from qualcode.services.anonymisation import AnonymisationService


def _service(settings: Settings) -> AnonymisationService:
    from qualcode.services.anonymisation import AnonymisationService

    project = settings.open()
    return AnonymisationService(project.database, project.coder)


@click.group()
def anonymise() -> None:
    """Replace names, firms, places, e-mail addresses and phone numbers in every export.

    \b
    qualcode anonymise add "Müller GmbH" "[Firma A]"
    qualcode anonymise list
    qualcode anonymise check
    Every export applies the table (add --no-anonymise to an export to leave
    the text as it is). The table itself is personal data: it is never
    exported.
    """


@anonymise.command("add")
@click.argument("term")
@click.argument("replacement")
@click.option("--regex", is_flag=True, help="TERM is a regular expression (Python syntax).")
@click.option("--ignore-case", is_flag=True, help="Match regardless of upper and lower case.")
@pass_settings
def add(settings: Settings, term: str, replacement: str, regex: bool, ignore_case: bool) -> None:
    """Replace TERM (and its forms: Müllers, Müller') by REPLACEMENT in every export."""
    new = _service(settings).add(term, replacement, regex=regex, ignore_case=ignore_case)
    verb = "Added" if new else "Changed"
    click.echo(f"{verb}: {term} -> {replacement}")


@anonymise.command("remove")
@click.argument("term")
@pass_settings
def remove(settings: Settings, term: str) -> None:
    """Remove TERM from the table."""
    _service(settings).remove(term)
    click.echo(f"Removed {term}.")


@anonymise.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def list_(settings: Settings, as_json: bool) -> None:
    """The table: each term and what stands for it (personal data: keep it to yourself)."""
    from qualcode.services.anonymisation import PERSONAL_DATA

    rules = _service(settings).rules()
    if as_json:
        emit_json(
            {
                "personal_data": True,
                "rules": [
                    {
                        "term": r.term,
                        "replacement": r.replacement,
                        "regex": r.regex,
                        "ignore_case": r.ignore_case,
                        "added_by": r.added_by,
                        "added_at": r.added_at,
                    }
                    for r in rules
                ],
            }
        )
        return
    click.echo(PERSONAL_DATA)
    if not rules:
        click.echo("The table is empty; add a term with 'qualcode anonymise add TERM REPLACEMENT'.")
        return
    width = max(len(r.term) for r in rules)
    for r in rules:
        flags = [f for f, on in (("regex", r.regex), ("ignore case", r.ignore_case)) if on]
        extra = f"  ({', '.join(flags)})" if flags else ""
        click.echo(f"  {r.term.ljust(width)}  ->  {r.replacement}{extra}")


@anonymise.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@pass_settings
def import_(settings: Settings, file: Path) -> None:
    """Add the rules of a CSV file: TERM;REPLACEMENT[;regex[;ignore-case]] per line."""
    new, changed = _service(settings).import_csv(file)
    click.echo(f"Imported {file.name}: {new} new, {changed} changed.")


@anonymise.command("check")
@click.option("--doc", "documents", multiple=True, metavar="DOC", help="Only this document.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def check(settings: Settings, documents: tuple[str, ...], as_json: bool) -> None:
    """List what may still identify someone once the table is applied: e-mail addresses,
    phone numbers, URLs, company names and capitalised words that are not German nouns."""
    found = _service(settings).check(documents)
    if as_json:
        emit_json(
            [
                {
                    "document": f.document,
                    "position": f.position,
                    "kind": f.kind,
                    "text": f.text,
                    "context": f.context,
                }
                for f in found
            ]
        )
        return
    if not found:
        click.echo("Nothing found that looks like a name, address or number.")
        return
    for f in found:
        click.echo(f"{f.document}, Pos. {f.position}  {f.kind:<8} {f.text}   {f.context}")
    terms = len({f.text for f in found})
    click.echo(
        f"{len(found)} places, {terms} different words; add those that identify someone with "
        "'qualcode anonymise add TERM REPLACEMENT'."
    )


@anonymise.command("export-transcripts")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--doc", "documents", multiple=True, metavar="DOC", help="Only this document.")
@click.option("--force", is_flag=True, help="Replace files that exist.")
@pass_settings
def export_transcripts(
    settings: Settings, folder: Path, documents: tuple[str, ...], force: bool
) -> None:
    """Write each transcript, anonymised, as a text file into FOLDER (for the appendix)."""
    from qualcode.services.anonymisation import applied_line

    written, anonymiser = _service(settings).export_transcripts(folder, documents, force=force)
    click.echo(f"Wrote {len(written)} transcripts to {folder}.")
    line = applied_line(anonymiser)
    if line:
        click.echo(line.split(" (add")[0] + ".")
