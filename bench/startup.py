"""Time whole qualcode commands as a user runs them (fresh process each time), beside Python.

    python bench/startup.py [--runs 15] [--project bench/out/bench.db] [--small demo/qualcode.db]
                            [--corpus bench/out/peer.db]

Prints min, median and max of several runs for each command and its ratio to ``python -c pass``
measured in the same run (the budget: ``qualcode --help`` and ``qualcode documents`` within 3x),
next to the cost of importing click and SQLAlchemy. Commands and the baseline run alternately,
so that a busy machine slows both alike. Results go to bench/out/startup.json.

``figures(context)`` gives bench/run.py (``make bench``) the two start-up figures on the peer
corpus: ``qualcode --help`` and ``qualcode documents`` beside ``python -c pass``.
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
sys.path.insert(0, str(HERE))

from measure import Context, Figure, command_figure  # noqa: E402

GOAL = "within 3x python -c pass"


def figures(context: Context) -> list[Figure]:
    """``qualcode --help`` and ``qualcode documents`` (on the peer corpus) as whole commands,
    each beside ``python -c pass`` run alternately with it."""
    assert context.peer_project is not None
    baseline = [context.python, "-c", "pass"]
    cases = [
        ("qualcode --help", [*context.qualcode, "--help"]),
        (
            "qualcode documents",
            [*context.qualcode, "--project", str(context.peer_project), "documents"],
        ),
    ]
    return [
        command_figure(context, "start-up", name, command, "python -c pass", baseline, goal=GOAL)
        for name, command in cases
    ]


def once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--small", type=Path, default=None, help="a small project (the demo)")
    parser.add_argument("--corpus", type=Path, default=HERE / "out" / "peer.db")
    args = parser.parse_args()
    runs = max(args.runs, 5)
    qualcode = str(Path(sys.executable).parent / "qualcode")
    env = {**os.environ, "QUALCODE_CODER": "bench"}
    baseline = [sys.executable, "-c", "pass"]
    cases = {
        "import click, sqlalchemy": [sys.executable, "-c", "import click, sqlalchemy"],
        "qualcode --help": [qualcode, "--help"],
    }
    projects = [("bench", args.project), ("peer", args.corpus)]
    if args.small:
        projects.insert(0, ("demo", args.small))
    for label, project in projects:
        if project.exists():
            cases[f"qualcode documents ({label})"] = [qualcode, "-p", str(project), "documents"]
            cases[f"qualcode status ({label})"] = [qualcode, "-p", str(project), "status"]
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()}
    for name, command in cases.items():
        ours, base = [], []
        for _ in range(runs):
            ours.append(once(command, env))
            base.append(once(baseline, env))
        ratio = statistics.median(ours) / statistics.median(base)
        results[name] = {
            "min_s": round(min(ours), 3),
            "median_s": round(statistics.median(ours), 3),
            "max_s": round(max(ours), 3),
            "python_c_pass_median_s": round(statistics.median(base), 3),
            "ratio": round(ratio, 2),
        }
        print(
            f"{name:34} {min(ours) * 1000:5.0f} {statistics.median(ours) * 1000:5.0f} "
            f"{max(ours) * 1000:5.0f} ms   python -c pass {statistics.median(base) * 1000:4.0f} ms"
            f"   {ratio:4.1f}x",
            flush=True,
        )
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "startup.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
