"""``qualcode init`` and ``qualcode status``."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, thousands


@click.command()
@click.option(
    "--codebook",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A codebook (YAML coding guideline) to start with, "
    "e.g. codebooks/b2b-akquise-bindung.yaml.",
)
@pass_settings
def init(settings: Settings, codebook: Path | None) -> None:
    """Create a new, empty project (the file given by --project)."""
    from qualcode.services.project import init_project

    project = init_project(settings.project, settings.coder, codebook)
    settings._open = project
    summary = project.summary()
    click.echo(f"Created the project {summary.location}.")
    if summary.categories:
        click.echo(
            f"Codebook: {summary.codebook_title} (version {summary.codebook_version}), "
            f"{summary.main_categories} main categories, "
            f"{summary.categories - summary.main_categories} subcategories."
        )
    click.echo("Next: qualcode import FILES... [--attributes cases.csv]")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def status(settings: Settings, as_json: bool) -> None:
    """Summarise the project: documents, codebook and codings per coder."""
    summary = settings.open().summary()
    if as_json:
        emit_json(
            {
                "project": summary.location,
                "documents": summary.documents,
                "turns": summary.turns,
                "words": summary.words,
                "codebook": {
                    "title": summary.codebook_title,
                    "version": summary.codebook_version,
                    "categories": summary.categories,
                    "main_categories": summary.main_categories,
                },
                "codings": summary.codings,
                "codings_by_coder": summary.codings_by_coder,
            }
        )
        return
    click.echo(f"Project   {summary.location}")
    click.echo(
        f"Documents {summary.documents} ({thousands(summary.turns)} turns, "
        f"{thousands(summary.words)} words)"
    )
    if summary.categories:
        click.echo(
            f"Codebook  {summary.codebook_title}, version {summary.codebook_version}: "
            f"{summary.main_categories} main categories, "
            f"{summary.categories - summary.main_categories} subcategories"
        )
    else:
        click.echo("Codebook  none yet (qualcode codebook load FILE)")
    click.echo(f"Codings   {thousands(summary.codings)}")
    for coder, count in summary.codings_by_coder.items():
        click.echo(f"          {coder}: {thousands(count)}")
