"""``qualcode import-project``: a whole project from MAXQDA, ATLAS.ti, NVivo, QualCoder or
Taguette (the export is ``qualcode export qdpx``)."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import Settings, pass_settings


@click.command("import-project")
@click.argument("file", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--merge",
    is_flag=True,
    help="Merge into the existing project: codes are matched by GUID, then by name; "
    "a code whose name matches but whose definition differs is reported and kept apart.",
)
@pass_settings
def import_project(settings: Settings, file: Path, merge: bool) -> None:
    """Import a whole project: REFI-QDA (.qdpx, .qde; .qdc codebooks) from MAXQDA, ATLAS.ti,
    NVivo or QualCoder, a Taguette database (.sqlite3) or a QualCoder project (.qda folder).

    \b
    Without --merge the project given by --project must be new or empty:
      qualcode --project thesis.db import-project from-maxqda.qdpx
    Documents become transcripts with turns (speaker labels recognised), codes become
    categories, codings keep the text that was coded, users become coders, notes memos,
    variables, cases and sets case attributes. The summary says what was read and what was
    left out, and why.
    """
    from qualcode.services.exchange.project_import import import_project_file

    project, report = import_project_file(settings.project, settings.coder, file, merge=merge)
    settings._open = project
    for line in report.lines():
        click.echo(line)
    click.echo(f"Stored in {project.location}.")
