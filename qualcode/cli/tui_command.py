"""``qualcode tui`` (and plain ``qualcode``): open the coding workbench."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings


@click.command()
@click.option(
    "--blind",
    is_flag=True,
    help="Code blind: show only your own codings (in the recheck pass only those of that "
    "pass), for independent coding and intracoder re-checks.",
)
@pass_settings
def tui(settings: Settings, blind: bool = False) -> None:
    """Open the coding workbench (also what plain 'qualcode' does).

    Keys: arrows or j/k move by turn, shift+arrows select, c codes the selection, x removes a
    coding, u undoes, ? lists every key, q quits.
    """
    settings.blind = blind
    project = settings.open()
    from qualcode.tui.app import QualcodeApp

    QualcodeApp(project).run()
