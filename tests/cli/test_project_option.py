"""The global ``-p`` is ``--project`` wherever it stands among the global options."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.services.project import init_project
from tests.helpers import CODEBOOK


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    init_project(str(path), "alice", CODEBOOK).close()
    return path


@pytest.mark.parametrize(
    "spelled",
    [
        ["-p", "{p}"],
        ["--project", "{p}"],
        ["--project={p}"],
        ["-p{p}"],
        ["--debug", "-p", "{p}"],
        ["--coder", "alice", "-p", "{p}"],
        ["-p", "elsewhere.db", "-p", "{p}"],
    ],
)
def test_each_spelling_opens_the_same_project(
    spelled: list[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUALCODE_CODER", "alice")
    args = [a.format(p=project) for a in spelled]
    result = CliRunner().invoke(cli, [*args, "status"])
    assert result.exit_code == 0, result.output
    assert result.output == CliRunner().invoke(cli, ["--project", str(project), "status"]).output


def test_a_short_option_after_the_command_is_the_command_s() -> None:
    result = CliRunner().invoke(cli, ["-p", "x.db", "documents", "-p"])
    assert result.exit_code == 2 and "no such option '-p'" in result.output


def test_a_missing_value_keeps_click_s_message() -> None:
    result = CliRunner().invoke(cli, ["-p"])
    assert result.exit_code == 2 and "option '-p' requires an argument" in result.output
