"""Streamed output is what it was: the exports and the JSON listings of the sample project.

The files under ``golden/streamed/`` were written by ``tests/cli/streamed_material.py`` before
the exports ran on plain rows and the listings were streamed; JSON is compact now by default and
indented as before with ``--pretty``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from tests.cli.streamed_material import EXPORTS, JSON, build, masked

GOLDEN = Path(__file__).parent / "golden" / "streamed"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("streamed") / "p.db"
    build(path)
    return path


def run(project: Path, args: list[str]) -> bytes:
    result = CliRunner().invoke(cli, ["-p", str(project), "--coder", "alice", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_exports_are_byte_identical(project: Path, name: str) -> None:
    assert run(project, EXPORTS[name]) == (GOLDEN / name).read_bytes()


@pytest.mark.parametrize("name", sorted(JSON))
def test_json_is_compact_by_default_and_indented_as_before_with_pretty(
    project: Path, name: str
) -> None:
    golden = (GOLDEN / name).read_text(encoding="utf-8")
    compact = masked(run(project, JSON[name]).decode("utf-8"))
    assert compact.count("\n") == 1  # one line
    assert json.dumps(json.loads(compact), ensure_ascii=False, indent=2) + "\n" == golden
    assert masked(run(project, [*JSON[name], "--pretty"]).decode("utf-8")) == golden
