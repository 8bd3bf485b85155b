"""``qualcode speakers``: who speaks in the transcripts, under which labels, in which role."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table
from qualcode.domain.plurals import counted


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@click.pass_context
def speakers(ctx: click.Context, as_json: bool) -> None:
    """List the speakers of all transcripts with their role and number of turns."""
    if ctx.invoked_subcommand is not None:
        return
    settings = ctx.find_object(Settings)
    assert settings is not None
    found = settings.open().speakers.list()
    if as_json:
        emit_json(
            [
                {
                    "name": s.name,
                    "role": s.role,
                    "aliases": list(s.aliases),
                    "turns": s.turns,
                    "documents": s.documents,
                }
                for s in found
            ]
        )
        return
    if not found:
        click.echo("No speakers yet: import transcripts with speaker labels (I:, B:, ...).")
        return
    table(
        ["speaker", "role", "turns", "documents", "also labelled"],
        [[s.name, s.role, s.turns, s.documents, ", ".join(s.aliases)] for s in found],
        right={2, 3},
    )


@speakers.command("load")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@pass_settings
def load(settings: Settings, file: Path) -> None:
    """Load a speaker map (YAML) and rename the speakers of imported documents with it."""
    report = settings.open().speakers.load(file)
    if not report.renamed:
        click.echo("Speaker map saved; no speaker needed renaming.")
    for change, turns in report.renamed.items():
        click.echo(f"Renamed {change} in {counted(turns, 'turn')}.")
