"""Time whole qualcode commands as a user runs them (fresh process each time).

    python bench/startup.py [--runs 15] [--project bench/out/bench.db]

Prints the median and the best of several runs for each command, next to the cost of starting
Python and importing click and SQLAlchemy, which no command can avoid.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--small", type=Path, default=None, help="a small project (the demo)")
    args = parser.parse_args()
    qualcode = str(Path(sys.executable).parent / "qualcode")
    env = {**os.environ, "QUALCODE_CODER": "bench"}
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import click, sqlalchemy": [sys.executable, "-c", "import click, sqlalchemy"],
        "qualcode --help": [qualcode, "--help"],
    }
    projects = [("bench", args.project)]
    if args.small:
        projects.insert(0, ("demo", args.small))
    for label, project in projects:
        if project.exists():
            cases[f"qualcode documents ({label})"] = [qualcode, "-p", str(project), "documents"]
            cases[f"qualcode status ({label})"] = [qualcode, "-p", str(project), "status"]
    results = {}
    for name, command in cases.items():
        median, best = timed(command, args.runs, env)
        results[name] = {"median_s": round(median, 3), "best_s": round(best, 3)}
        print(f"{name:40} median {median * 1000:6.0f} ms   best {best * 1000:6.0f} ms")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "startup.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
