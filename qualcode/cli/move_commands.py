"""``qualcode project copy`` and ``qualcode project backup``: moving and saving whole projects."""

from __future__ import annotations

import sys

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import thousands
from qualcode.domain.plurals import counted


class _Progress:
    """One line per table on stderr, rewritten while a large table is copied."""

    def __init__(self) -> None:
        self._live = sys.stderr.isatty()

    def __call__(self, table: str, done: int, total: int) -> None:
        if done == total:
            click.echo(f"  {table}: {counted(total, 'row', thousands=True)}", err=True)
        elif self._live and done:
            click.echo(f"  {table}: {thousands(done)} of {thousands(total)}\r", err=True, nl=False)


@click.group()
def project() -> None:
    """Copy a project between SQLite and PostgreSQL, or back up one in use."""


@project.command()
@click.argument("source")
@click.argument("destination")
def copy(source: str, destination: str) -> None:
    """Copy the project SOURCE into DESTINATION, a new file or an empty PostgreSQL database.

    Everything comes along: documents, codebook versions, codings, memos, passes, comments and
    the whole audit trail with its times ('qualcode log --verify' passes on the copy). An
    existing file or a database with tables in it is never overwritten.

    \b
    qualcode project copy thesis.db postgresql://anna@server/thesis
    qualcode project copy postgresql://anna@server/thesis thesis-home.db
    """
    from qualcode.services.project_copy import copy_project

    click.echo(f"Copying {source} to {destination}:", err=True)
    result = copy_project(source, destination, _Progress())
    click.echo(f"Copied the project into {result.target}: {_holding(result.tables)}.")


@project.command()
@click.argument("destination", required=False)
@pass_settings
def backup(settings: Settings, destination: str | None) -> None:
    """Save a consistent copy of the project (--project) as a SQLite file, while others work.

    Without DESTINATION the copy is named with the time, next to a project file
    (thesis-backup-20261207-143005.db), or for a PostgreSQL project in qualcode's data folder.
    Open it like any project: qualcode --project FILE status.
    """
    from qualcode.services.project_copy import backup_project

    opened = settings.open()
    click.echo(f"Backing up {opened.location}:", err=True)
    result = backup_project(opened, destination, _Progress())
    click.echo(f"Saved a backup as {result.target}: {_holding(result.tables)}.")


def _holding(tables: dict[str, int]) -> str:
    """What a copy holds, in the words of the project: documents, codings, audit events."""
    return (
        ", ".join(
            counted(tables.get(name, 0), noun, thousands=True)
            for name, noun in (("documents", "document"), ("codings", "coding"))
        )
        + f" and {counted(tables.get('audit_events', 0), 'audit event', thousands=True)}"
    )
