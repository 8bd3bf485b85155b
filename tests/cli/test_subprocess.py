"""The installed ``qualcode`` command, run as a real child process, as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS, dump

pytestmark = pytest.mark.subprocess


def qualcode_command() -> list[str]:
    found = shutil.which("qualcode", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "qualcode.cli.app"]


def test_a_session_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "QUALCODE_PROJECT": str(tmp_path / "p.db"), "QUALCODE_CODER": "carla"}

    def qc(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*qualcode_command(), *args], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    qc("init", "--codebook", str(CODEBOOK))
    qc("import", *map(str, SAMPLE_FILES), "--attributes", str(TRANSCRIPTS / "cases.csv"))
    assert len(json.loads(qc("documents", "--json").stdout)) == len(SAMPLE_FILES)
    assert json.loads(qc("show", "B03", "--json").stdout)["turns"][1]["speaker"] == "I"
    qc("codebook", "show")
    qc("codebook", "check", str(CODEBOOK))
    for turn in ("5", "7", "9"):
        qc("code", "B01", "K2.1", "--turn", turn)
    codings = json.loads(qc("codings", "--json").stdout)
    assert [c["coder"] for c in codings] == ["carla"] * 3
    qc("uncode", str(codings[0]["id"]))
    assert "Codings   2" in qc("status").stdout
    before = dump(env["QUALCODE_PROJECT"])
    for args in (["import", "does-not-exist.txt"], ["--project", str(CODEBOOK), "documents"]):
        failed = qc(*args, ok=False)
        assert failed.returncode != 0
        assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr
    assert dump(env["QUALCODE_PROJECT"]) == before
    assert "Usage:" in qc("--help").stdout
