"""``qualcode tui`` (and plain ``qualcode``): open the coding workbench."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import click

from qualcode.cli.context import Settings, pass_settings

if TYPE_CHECKING:
    from qualcode.tui.app import QualcodeApp


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
    app = open_workbench(settings)
    try:
        app.run()
    finally:
        gc.enable()  # in case the app ended before turning it back on


def open_workbench(settings: Settings) -> QualcodeApp:
    """The workbench on the settings' project, started the quick way (bench/tui.py times this):

    - the first screen's data is read in a thread while Textual is imported, and the screen is
      composed with it (no round trip through a worker after the first paint);
    - the garbage collector stays off until the user is reading (the app turns it back on and
      freezes what start-up made): start-up creates a few hundred thousand lasting objects and
      next to no garbage, and collecting passes over them cost a tenth of a second or more.
    """
    from qualcode.services.workbench import Preload

    gc.disable()
    try:
        project = settings.open()
        preload = Preload(project)
        from qualcode.tui.app import QualcodeApp
    except BaseException:
        gc.enable()
        raise
    return QualcodeApp(project, preload)
