"""Time intercoder agreement on the bench project: each level in process, and the command.

    python bench/agreement.py [--runs 3] [--project bench/out/bench.db]

The bench project has 100,000 codings by three coders who coded at random, so comparing two of
them is the worst case: about 66,000 codings, 65,000 disagreements at the segment level and
47,000 turns x 80 categories at the unit level. A real check compares a few documents. Works on
a copy of the project (it may be upgraded on opening). Results go to bench/out/agreement.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qualcode.services.agreement import AgreementRequest
from qualcode.services.project import open_project

HERE = Path(__file__).resolve().parent
CODERS = ("coder-a", "coder-b")


# The floor of `qualcode agreement` at the segment level: the two coders' codings read with
# sqlite3 and matched by document, category and span in plain Python (percent agreement).
FLOOR = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def spans(coder):
    return set(db.execute(
        "SELECT k.document_id, k.category_id, k.char_start, k.char_end FROM codings k"
        " JOIN coders c ON c.id = k.coder_id WHERE c.name = ?", (coder,)))
a, b = spans(sys.argv[2]), spans(sys.argv[3])
print(f"{len(a & b) / max(len(a | b), 1):.3f}")
"""


def figures(context):  # type: ignore[no-untyped-def]
    """For bench/run.py: the whole `qualcode agreement` command on (a copy of) the bench
    project, beside the bare percent agreement of the same two coders' codings."""
    sys.path.insert(0, str(HERE))
    from measure import command_figure

    if context.bench_project is None:
        context.notes.append("agreement needs the bench project (two coders); not measured")
        return []
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(context.bench_project, copy)
        return [
            command_figure(
                context,
                "agreement",
                "qualcode agreement --coders coder-a coder-b (bench project)",
                [*context.qualcode, "--project", str(copy), "agreement", "--coders", *CODERS],
                "floor: the two coders' spans matched in Python + sqlite3",
                [context.python, "-c", FLOOR, str(copy), *CODERS],
                warm_up=False,
            )
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(args.project, copy)
        project = open_project(str(copy), "bench")
        for level in ("segment", "presence", "frequency", "unit"):
            samples, found = [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                result = project.agreement.compare(AgreementRequest(CODERS, level=level))
                samples.append(time.perf_counter() - started)
                found = len(result.disagreements)
            results[f"compare {level}"] = {
                "median_s": statistics.median(samples),
                "best_s": min(samples),
                "disagreements": found,
            }
            print(
                f"compare {level:9s} {statistics.median(samples):6.2f} s  ({found:,} disagreements)"
            )
        project.close()
        command = [str(Path(sys.executable).parent / "qualcode"), "--project", str(copy)]
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(
                [*command, "agreement", "--coders", *CODERS],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            samples.append(time.perf_counter() - started)
        results["qualcode agreement (segment), whole command"] = {
            "median_s": statistics.median(samples),
            "best_s": min(samples),
        }
        print(f"qualcode agreement command {statistics.median(samples):6.2f} s")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "agreement.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
