"""``qualcode undo`` and ``qualcode redo``: the workbench's undo and redo of the day's steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from qualcode.cli.context import Settings, pass_settings

if TYPE_CHECKING:
    from qualcode.services.steps import Step


@click.command()
@pass_settings
def undo(settings: Settings) -> None:
    """Take back your latest change of today (a coding, a removal, a memo, a new category, a
    codebook edit), as u does in the workbench; the undo is kept in the audit trail."""
    done = settings.open().history.undo()
    click.echo(f"Undone: {done.name}")
    _next(done.steps.undo, "undo")


@click.command()
@pass_settings
def redo(settings: Settings) -> None:
    """Do again the change you undid last today, as ctrl+y does in the workbench; the redo is
    kept in the audit trail."""
    done = settings.open().history.redo()
    click.echo(f"Redone: {done.name}")
    _next(done.steps.redo, "redo")


def _next(step: Step | None, word: str) -> None:
    if step is not None:
        click.echo(f"Next {word}: {step.name}")
