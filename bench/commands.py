"""The whole commands held to a start-up or report budget, old code beside new, beside their floor.

    python bench/commands.py [--runs 7] [--old PATH] [--old-corpus FILE] [--cpu]
                             [--corpus bench/out/peer/peer.db] [--only documents,matrix,...]

Each case is one command as a user types it (the ``qualcode`` console script, a fresh process),
timed with bench/measure.py's launcher and loop (``run_command``, ``in_turn``). It runs
alternately with its baseline (``python -c pass`` for ``qualcode documents`` and ``--help``;
the standard-library floor of bench/exports.py for the reports) and, with ``--old PATH``, with
older code (a ``git archive main qualcode`` unpacked at PATH, put first on ``PYTHONPATH``;
compile it first, ``python -m compileall -q PATH``, when ``PYTHONDONTWRITEBYTECODE`` is set;
``--old-corpus``: a copy of the corpus at the old code's schema), so that a busy machine slows
all of them alike. Prints min, median and max of each and the ratios of the medians (``--cpu``:
of the processor time, user + system, which a busy machine disturbs less than the wall time);
results go to bench/out/commands.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Sample, in_turn, run_command  # noqa: E402

from exports import FLOORS  # noqa: E402

QUALCODE = str(Path(sys.executable).with_name("qualcode"))


def cases(project: Path, out: Path) -> dict[str, tuple[list[str], dict[str, list[str]]]]:
    """name -> (qualcode's arguments, {baseline's name: its command}); the first baseline is the
    one of record (bench/run.py's), a second one the floor as lean as it can be."""
    floor_out = str(out / "floor.out")
    pass_ = {"python -c pass": [sys.executable, "-c", "pass"]}

    def floor(*names: str, target: str = floor_out) -> dict[str, list[str]]:
        return {
            f"floor {name!r}": [sys.executable, "-c", FLOORS[name], str(project), target]
            for name in names
        }

    def export(kind: str) -> list[str]:
        return ["export", kind, "--format", "csv", "-o", str(out / f"{kind}.csv"), "--force"]

    return {
        "help": (["--help"], pass_),
        "documents": (["--project", str(project), "documents"], pass_),
        "documents -p": (["-p", str(project), "documents"], pass_),  # as typed most often
        "matrix": (["--project", str(project), *export("matrix")], floor("matrix")),
        "frequencies": (["--project", str(project), *export("frequencies")], floor("frequencies")),
        "quotes": (["--project", str(project), *export("quotes")], floor("quotes", "quotes lean")),
        "codings": (
            ["--project", str(project), "codings", "--json"],
            floor("codings --json", "codings --json same keys", target="-"),
        ),
    }


def fmt(samples: list[Sample]) -> str:
    seconds = [s.seconds * 1000 for s in samples]
    return f"{min(seconds):6.1f} {statistics.median(seconds):6.1f} {max(seconds):6.1f}"


def median(samples: list[Sample]) -> float:
    return statistics.median(s.seconds for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--old", type=Path, help="older code (its qualcode package's parent)")
    parser.add_argument("--corpus", type=Path, default=HERE / "out" / "peer" / "peer.db")
    parser.add_argument(
        "--old-corpus", type=Path, help="the corpus for the old code (one of its schema)"
    )
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument(
        "--cpu", action="store_true", help="processor time (user + system) instead of wall time"
    )
    args = parser.parse_args()
    runs = max(args.runs, 5)
    env = {**os.environ, "QUALCODE_CODER": "bench"}
    old_env = None
    if args.old:  # both on PYTHONPATH: the same search path, so neither pays more to import
        old_env = {**env, "PYTHONPATH": str(args.old)}
        env = {**env, "PYTHONPATH": str(HERE.parent)}
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()}

    def measure(command: list[str], env: dict[str, str]) -> Sample:
        sample = run_command(command, env=env)
        if args.cpu:  # the processor time, which a busy machine disturbs less
            assert sample.cpu_seconds is not None
            return Sample(sample.cpu_seconds)
        return sample

    unit = "processor ms" if args.cpu else "ms"
    print(f"load {os.getloadavg()[0]:.2f}   {unit}: min median max")
    results["unit"] = unit
    with tempfile.TemporaryDirectory() as folder:
        chosen = cases(args.corpus, Path(folder))
        old_chosen = cases(args.old_corpus or args.corpus, Path(folder))
        wanted = [n for n in args.only.split(",") if n] or list(chosen)
        for name in wanted:
            arguments, baselines = chosen[name]
            command = [QUALCODE, *arguments]
            old_command = [QUALCODE, *old_chosen[name][0]]
            run_command(command, env=env)  # warm-up (and a project upgrade) not counted
            if old_env is not None:
                run_command(old_command, env=old_env)
            actions = {"new": lambda c=command: measure(c, env)}
            if old_env is not None:
                actions["old"] = lambda c=old_command, e=old_env: measure(c, e)
            for b, baseline in baselines.items():
                actions[b] = lambda c=baseline: measure(c, env)
            samples = in_turn(runs, actions, warm_up=False)
            new, old = samples.pop("new"), samples.pop("old", [])
            print(f"{name:12} new {fmt(new)}", flush=True)
            entry: dict[str, object] = {"new_ms": [round(s.seconds * 1000, 1) for s in new]}
            if old:
                print(f"{'':12} old {fmt(old)}", flush=True)
                entry["old_ms"] = [round(s.seconds * 1000, 1) for s in old]
            for b, base in samples.items():
                ratios = f"new {median(new) / median(base):4.2f}x"
                if old:
                    ratios += f", old {median(old) / median(base):4.2f}x"
                print(f"{'':16}{fmt(base)}  {b}: {ratios}", flush=True)
                entry[b] = {
                    "ms": [round(s.seconds * 1000, 1) for s in base],
                    "new_ratio": round(median(new) / median(base), 2),
                    "old_ratio": round(median(old) / median(base), 2) if old else None,
                }
            results[name] = entry
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "commands.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
