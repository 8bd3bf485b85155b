"""``qualcode demo``: build the demo project and open it, the same on every system."""

from __future__ import annotations

import sys

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.domain.plurals import counted


@click.command()
@click.option(
    "--fresh", is_flag=True, help="Build the demo anew, over the demo project from before."
)
@click.pass_context
@pass_settings
def demo(settings: Settings, ctx: click.Context, fresh: bool) -> None:
    """Build a demo project from the bundled codebook and seven sample interviews, then open
    the workbench (when there is a terminal).

    The project goes where --project says, or else into qualcode's folder in your user data
    (the command says where). Run it again to reopen the demo; --fresh starts it over.
    """
    from click.core import ParameterSource

    from qualcode.services.demo import build_demo, default_demo_location

    given = ctx.parent is not None and ctx.parent.get_parameter_source("project") not in (
        ParameterSource.DEFAULT,
        None,
    )
    location = settings.project if given else default_demo_location()
    made = build_demo(location, settings.coder, fresh=fresh)
    settings.project = location
    settings._open = made.project
    summary = made.project.summary()
    if made.built:
        click.echo(
            f"Built the demo project {summary.location}: "
            f"{counted(summary.documents, 'interview')}, the codebook "
            f"{summary.codebook_title!r} with {counted(summary.categories, 'category')}."
        )
    else:
        click.echo(f"The demo project is {summary.location} (from before; --fresh builds it anew).")
    click.echo()
    from qualcode.cli.project_commands import status

    ctx.invoke(status, as_json=False)
    click.echo()
    click.echo(f"Open it again with: qualcode --project {_quoted(summary.location)}")
    if sys.stdin.isatty() and sys.stdout.isatty():  # the workbench, when there is a terminal
        from qualcode.cli.tui_command import tui

        ctx.invoke(tui)


def _quoted(path: str) -> str:
    """The path as a shell takes it back (spaces are common in Windows and macOS folders)."""
    return f'"{path}"' if any(c.isspace() for c in path) else path
