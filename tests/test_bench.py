"""The benchmark runs: `bench/run.py --quick` (50 documents, one run each) gives every figure
its baseline and writes its JSON. It checks the script, not the figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.subprocess
def test_the_quick_benchmark_measures_every_figure_beside_a_baseline(tmp_path: Path) -> None:
    env = {**os.environ, "QUALCODE_BENCH_OUT": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", "--runs", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == json.loads((tmp_path / "quick" / "run.json").read_text(encoding="utf-8"))
    assert result["quick"] is True
    assert len(result["machine"]["load_average"]) == 3
    groups = {figure["group"] for figure in result["figures"]}
    assert {"start-up", "reports", "import", "exchange", "words", "suggestions"} <= groups, result[
        "notes"
    ]
    for figure in result["figures"]:
        measured = figure["measured"]
        assert measured["runs"] == 1
        assert 0 < measured["min_s"] <= measured["median_s"] <= measured["max_s"]
        assert figure["baseline"] is not None and figure["ratio"] is not None, figure
    names = [figure["measured"]["name"] for figure in result["figures"]]
    assert "import 50 documents (in process)" in names
    assert any("peer" in note for note in result["notes"])  # left out of a quick run
