"""What every command knows: where the project is, who is coding, whether to debug."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from qualcode.services.project import Project

DEFAULT_PROJECT = "qualcode.db"


def default_coder() -> str:
    """QUALCODE_CODER, else the login name: who coded what must never be blank."""
    name = os.environ.get("QUALCODE_CODER", "").strip()
    if name:
        return name
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # getpass.getuser's own order
        if login := os.environ.get(variable):
            return login
    import getpass  # its password prompt loads termios; only a login without a variable needs it

    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


@dataclass
class Settings:
    project: str = DEFAULT_PROJECT
    coder: str = field(default_factory=default_coder)
    debug: bool = False
    blind: bool = False  # the workbench hides other coders' codings
    _open: Project | None = None

    def open(self) -> Project:
        """The project, opened on first use (light commands such as --help never open it)."""
        if self._open is None:
            from qualcode.services.project import open_project

            self._open = open_project(self.project, self.coder, blind=self.blind)
            upgraded = self._open.upgraded_from
            if upgraded is not None:
                old, backup = upgraded
                where = f"; the old file is kept as {backup}" if backup else ""
                click.echo(f"Upgraded the project from schema {old}{where}.", err=True)
            warning = self._open.trail_warning
            if warning:
                click.echo(f"qualcode: warning: {warning}", err=True)
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None


pass_settings = click.make_pass_decorator(Settings)
