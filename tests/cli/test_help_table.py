"""`qualcode --help` lists the commands from a table, so that it imports none of them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from qualcode.cli.app import COMMANDS, SHORT_HELP, _shortened, cli


def test_the_table_names_every_command() -> None:
    assert list(SHORT_HELP) == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("limit", [2, 20, 45, 60, 80, 1000])
def test_the_table_says_what_each_command_says_of_itself(name: str, limit: int) -> None:
    command = cli.commands[name]
    assert _shortened(SHORT_HELP[name], limit) == command.get_short_help_str(limit)


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_help_lists_every_command_as_click_would(width: int) -> None:
    import click

    output = CliRunner().invoke(cli, ["--help"]).output
    for name in COMMANDS:
        assert f"\n  {name} " in output
    written = []
    for format_commands in (
        cli.format_commands,
        lambda c, f: click.Group.format_commands(cli, c, f),
    ):
        context = click.Context(cli, info_name="qualcode", terminal_width=width)
        formatter = context.make_formatter()
        format_commands(context, formatter)
        written.append(formatter.getvalue())
    assert written[0] == written[1]  # the text click writes when it asks every command
