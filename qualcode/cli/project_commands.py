"""``qualcode init`` and ``qualcode status``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table, thousands
from qualcode.domain.plurals import counted

if TYPE_CHECKING:
    from qualcode.domain.audit_chain import ChainCheck


@click.command()
@click.option(
    "--codebook",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A codebook (YAML coding guideline) to start with, "
    "e.g. my-codebook.yaml (docs/codebook-format.md describes the format).",
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
    """Show the project and its progress: documents, codebook versions, codings per coder,
    and per document how far each coder has got."""
    project = settings.open()
    summary = project.summary()
    progress = project.progress()
    trail = project.audit.at_a_glance()
    frozen = [v for v in summary.versions if v.frozen is not None]
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
                    "frozen": [
                        {"version": v.label, "at": v.frozen, "coded_share": v.coded_share}
                        for v in frozen
                    ],
                },
                "codings": summary.codings,
                "codings_by_coder": summary.codings_by_coder,
                "needs_recheck": summary.needs_recheck,
                "pass": summary.current_pass,
                "audit_trail": {
                    "ok": trail.ok,
                    "events": trail.checked,
                    "head": trail.head,
                    "every_link_checked": not trail.quick,
                    "summary": trail.summary,
                },
                "progress": [
                    {
                        "document": p.document,
                        "turns": p.turns,
                        "words": p.words,
                        "coders": {
                            name: {
                                "codings": c.codings,
                                "by_pass": c.by_pass,
                                "reached": c.reached,
                                "needs_recheck": c.needs_recheck,
                            }
                            for name, c in p.coders.items()
                        },
                    }
                    for p in progress
                ],
            }
        )
        return
    click.echo(f"Project   {summary.location}")
    click.echo(
        f"Documents {summary.documents} ({counted(summary.turns, 'turn', thousands=True)}, "
        f"{counted(summary.words, 'word', thousands=True)})"
    )
    if summary.categories:
        click.echo(
            f"Codebook  {summary.codebook_title}, version {summary.codebook_version}: "
            f"{summary.main_categories} main categories, "
            f"{summary.categories - summary.main_categories} subcategories"
        )
        if frozen:
            first = frozen[0]
            click.echo(
                f"          frozen after the pilot: version {first.label} on "
                f"{first.frozen:%Y-%m-%d}, at {first.coded_share or 0:.0%} of the material"
            )
        else:
            click.echo("          not frozen yet: pilot run (qualcode codebook freeze)")
    else:
        click.echo("Codebook  none yet (qualcode codebook load FILE)")
    check = (
        f" ({thousands(summary.needs_recheck)} to check again: qualcode codings --review)"
        if summary.needs_recheck
        else ""
    )
    click.echo(f"Codings   {thousands(summary.codings)}{check}")
    for coder, count in summary.codings_by_coder.items():
        click.echo(f"          {coder}: {thousands(count)}")
    click.echo(f"You       {project.coder}, coding in the {summary.current_pass} pass")
    click.echo(_trail_line(trail))
    coders = sorted({name for p in progress for name in p.coders})
    if not progress or not coders:
        return
    click.echo()
    click.echo("Progress per document: codings, and the last Pos. coded of all turns")
    rows = []
    for p in progress:
        cells: list[object] = [p.document, p.turns]
        for name in coders:
            c = p.coders.get(name)
            if c is None:
                cells.append("-")
                continue
            flag = f", {c.needs_recheck} to check" if c.needs_recheck else ""
            cells.append(f"{c.codings} to Pos. {c.reached or 0}{flag}")
        rows.append(cells)
    table(["document", "turns", *coders], rows, right={1})


def _trail_line(trail: ChainCheck) -> str:
    """One line: intact, or broken and where; after a quick check, how to check every link."""
    if not trail.quick:
        return trail.summary
    if trail.ok:
        return (
            f"Audit trail: intact at its end ({thousands(trail.checked)} events; "
            "'qualcode log --verify' checks every link)"
        )
    return f"{trail.summary} ('qualcode log --verify' names the first broken link)"
