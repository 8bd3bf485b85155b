"""``qualcode tui`` (and plain ``qualcode``): open the coding workbench."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings


@click.command()
@pass_settings
def tui(settings: Settings) -> None:
    """Open the coding workbench (also what plain 'qualcode' does).

    Keys: arrows or j/k move by turn, shift+arrows select, c codes the selection, x removes a
    coding, u undoes, ? lists every key, q quits.
    """
    project = settings.open()
    from qualcode.tui.app import QualcodeApp

    QualcodeApp(project).run()
