"""README and help stay true: every command has help text and appears in README."""

from __future__ import annotations

import re

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


def _tables() -> list[list[tuple[int, str]]]:
    """The README's tables outside code blocks: their rows (line number, text), header first.

    Rows are grouped as Markdown sees them, so a blank line between rows starts a new group.
    """
    tables: list[list[tuple[int, str]]] = []
    fenced, previous = False, ""
    for n, line in enumerate(README.splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("|"):
            if previous.startswith("|"):
                tables[-1].append((n, line))
            else:
                tables.append([(n, line)])
        previous = "" if fenced else line
    return tables


def test_readme_tables_are_not_cut_by_blank_lines() -> None:
    """A blank line ends a Markdown table: every row after it shows as raw ``| … |`` text."""
    for table in _tables():
        (n, _), *rest = table
        assert rest and rest[0][1].startswith("| ---"), f"README line {n} is outside its table"


def _commands_in(cell: str) -> list[str]:
    return [span for span in re.findall(r"`([^`]+)`", cell) if span.startswith("qualcode ")]


def _command_of(words: list[str]) -> click.Command:
    """The (sub)command the first words name; the rest are its arguments and options."""
    command: click.Command = cli
    for word in words:
        if not isinstance(command, click.Group) or word not in command.commands:
            break
        command = command.commands[word]
    return command


def test_readme_command_rows_are_each_listed_once_with_real_options() -> None:
    """A section's command table lists each form of a command once (rows left from a merge
    repeat it, often with other options), with options ``--help`` knows."""
    headings = [n for n, line in enumerate(README.splitlines(), 1) if line.startswith("## ")]
    seen: dict[tuple[int, str], int] = {}
    for table in _tables():
        section = max(h for h in headings if h < table[0][0])
        for n, line in table:
            for usage in _commands_in(line.split(" | ")[0]):
                form = re.sub(r"\s*\[.*\]", "", usage.replace("\\|", "|")).strip()
                first = seen.setdefault((section, form), n)
                assert first == n, f"README line {n} repeats {form!r} of line {first}"
                command = _command_of(usage.split()[1:])
                known = {o for p in command.params for o in getattr(p, "opts", [])}
                known |= {o for p in command.params for o in getattr(p, "secondary_opts", [])}
                for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", usage):
                    assert option in known, f"README line {n}: {usage!r} has no {option}"
