"""README and help stay true: every command has help text and appears in README."""

from __future__ import annotations

import click
import pytest

from qualcode.cli.app import cli
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def all_commands() -> list[tuple[str, click.Command]]:
    found = []
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=[n for n, _ in all_commands()])
def test_every_command_has_help_and_is_in_the_readme(name: str, command: click.Command) -> None:
    assert command.help and len(command.help) > 20
    assert f"qualcode {name}" in README, f"README does not show 'qualcode {name}'"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{name} {param.opts} has no help text"


def test_readme_starts_with_the_two_setup_commands() -> None:
    head = README[: README.index("\n## ", README.index("make test"))]
    assert "make demo" in head and "make test" in head


@pytest.mark.parametrize(
    "key",
    [
        "id",
        "name",
        "format",
        "turns",
        "words",
        "attributes",
        "position",
        "speaker",
        "start",
        "end",
        "char_start",
        "char_end",
        "text",
        "code",
        "parent",
        "definition",
        "coding_rule",
        "anchors",
        "source",
        "origin",
        "category",
        "category_name",
        "coder",
        "memo",
        "created",
    ],
)
def test_json_keys_are_documented(key: str) -> None:
    assert f"`{key}`" in README
