from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qualcode.cli.app import cli
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run qualcode in-process against a project file under tmp_path, as coder 'alice'."""
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    monkeypatch.setenv("QUALCODE_CODER", "alice")
    project = str(tmp_path / "project.db")

    def invoke(*args: str, project_path: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["--project", project_path or project, *args])

    return invoke


@pytest.fixture
def sample(run: Run) -> Run:
    """A CLI project with the bundled codebook and the samples imported."""
    assert run("init", "--codebook", str(CODEBOOK)).exit_code == 0
    result = run("import", *map(str, SAMPLE_FILES), "--attributes", str(TRANSCRIPTS / "cases.csv"))
    assert result.exit_code == 0, result.output
    return run
