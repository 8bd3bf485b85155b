"""Time the exports on the bench project: whole commands, and the matrix against bare SQL.

    python bench/exports.py [--runs 7] [--project bench/out/bench.db] [--quick]

The budget: ``qualcode export matrix --format csv`` under 1.5 s end to end (a fresh process, as a
user runs it), and the matrix computation (read, group, roll up, build the table) within three
times the bare SQL aggregate it rests on (the same GROUP BY, run by sqlite3 alone). SQL and
computation are timed alternately so that a busy machine slows both alike. Results go to
bench/out/exports.json. Build the project first with ``python bench/make_project.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from qualcode.cli.app import cli
from qualcode.services.exports import ExportRequest, ExportService
from qualcode.services.project import open_project

HERE = Path(__file__).resolve().parent
# The SQL of storage.reports.exports.grouped_counts, and the obvious form for comparison.
GROUPED = (
    "SELECT +k.document_id AS document_id, k.category_id AS category_id, count(*) AS n"
    " FROM codings k GROUP BY 1, 2"
)
NAIVE = (
    "SELECT document_id, category_id, count(*) AS n FROM codings GROUP BY document_id, category_id"
)
# Until the lead registers the group in cli/app.py, run qualcode with it added.
WITH_EXPORT = (
    "from qualcode.cli.app import cli, main\n"
    "from qualcode.cli.export_commands import export\n"
    "cli.add_command(export)\nmain()\n"
)


def qualcode_command() -> list[str]:
    if "export" in cli.commands:
        return [str(Path(sys.executable).parent / "qualcode")]
    return [sys.executable, "-c", WITH_EXPORT]


def seconds(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def summary(samples: list[float]) -> dict[str, float]:
    return {"median_s": round(statistics.median(samples), 3), "best_s": round(min(samples), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--quick", action="store_true", help="skip the slow whole-project exports")
    args = parser.parse_args()
    if not args.project.exists():
        sys.exit(f"{args.project} is missing: build it with python bench/make_project.py")
    results: dict[str, object] = {}

    # 1. The matrix computation against the bare SQL aggregate, alternately.
    connection = sqlite3.connect(args.project)
    project = open_project(str(args.project), "bench")
    service = ExportService(project.database, "bench")
    service.matrix(ExportRequest())  # warm the page cache and the imports
    sql, naive, matrix, rolled = [], [], [], []
    for _ in range(args.runs):
        sql.append(seconds(lambda: connection.execute(GROUPED).fetchall()))
        matrix.append(seconds(lambda: service.matrix(ExportRequest())))
        naive.append(seconds(lambda: connection.execute(NAIVE).fetchall()))
        rolled.append(seconds(lambda: service.matrix(ExportRequest(rollup=True))))
    ratio = statistics.median(matrix) / statistics.median(sql)
    results["sql_aggregate"] = summary(sql)
    results["sql_aggregate_naive_group_by"] = summary(naive)
    results["matrix_computation"] = summary(matrix)
    results["matrix_computation_rollup"] = summary(rolled)
    results["matrix_over_sql"] = round(ratio, 2)
    project.close()
    connection.close()
    print(f"{'SQL aggregate (the query exports use)':52} {summary(sql)}")
    print(f"{'SQL aggregate, plain GROUP BY (index scan)':52} {summary(naive)}")
    print(f"{'matrix computation (no roll-up)':52} {summary(matrix)}")
    print(f"{'matrix computation (roll-up)':52} {summary(rolled)}")
    print(f"{'matrix / SQL (medians; budget 3.0)':52} {ratio:.2f}")

    # 2. Whole commands in fresh processes.
    command = [*qualcode_command(), "-p", str(args.project), "export"]
    env = {**os.environ, "QUALCODE_CODER": "bench"}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cases: list[tuple[str, list[str], int]] = [
            ("export matrix --format csv", ["matrix", "--format", "csv"], args.runs),
            ("export matrix --rollup --format xlsx", ["matrix", "--rollup", "--format", "xlsx"], 3),
            ("export frequencies --format docx", ["frequencies", "--format", "docx"], 3),
            (
                "export attributes --by Branche --format tex",
                ["attributes", "--by", "Branche", "--format", "tex"],
                3,
            ),
            ("export guideline --format xlsx", ["guideline", "--format", "xlsx"], 3),
            ("export chart bar --format png", ["chart", "bar", "--format", "png"], 3),
        ]
        if not args.quick:
            cases += [
                ("export cooccurrence --format csv", ["cooccurrence", "--format", "csv"], 1),
                ("export chart heatmap --format png", ["chart", "heatmap"], 1),
                ("export quotes --format csv (100,000 rows)", ["quotes", "--format", "csv"], 1),
                ("export quotes --format xlsx (100,000 rows)", ["quotes", "--format", "xlsx"], 1),
            ]
        for label, extra, runs in cases:
            target = out / label.replace(" ", "_").replace("/", "")
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                subprocess.run(
                    [*command, *extra, "-o", str(target) + "/", "--mkdir", "--force"],
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                samples.append(time.perf_counter() - started)
            results[label] = summary(samples)
            print(f"{label:52} {summary(samples)}")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "exports.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
