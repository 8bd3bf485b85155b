"""The whole commands held to a start-up or report budget, old code beside new, beside their floor.

    python bench/commands.py [--runs 7] [--old PATH] [--old-corpus FILE] [--cpu]
                             [--corpus bench/out/peer/peer.db] [--only documents,matrix,...]

Each case is one command as a user types it (the ``qualcode`` console script, a fresh process),
timed with bench/measure.py's launcher. It runs alternately with its baseline (``python -c pass``
for ``qualcode documents`` and ``--help``; the standard-library floor of bench/exports.py for the
reports) and, with ``--old PATH``, with older code (a ``git archive main qualcode`` unpacked at
PATH, put first on ``PYTHONPATH``; compile it first, ``python -m compileall -q PATH``, when
``PYTHONDONTWRITEBYTECODE`` is set; ``--old-corpus``: a copy of the corpus at the old code's
schema), so that a busy machine slows all of them alike. Prints min, median and max of each and
the ratios of the medians (``--cpu``: of the processor time, user + system, which a busy machine
disturbs less than the wall time); results go to bench/out/commands.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Sample, run_command  # noqa: E402

# bench/measure.py's launcher, also reporting the processor time of the command (user + system):
# on a busy machine a command waits for a core, and its wall time says more about the others.
_CPU_LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
print(elapsed, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status))
"""


def processor_time(command: list[str], env: dict[str, str]) -> Sample:
    """A whole command's processor time (user + system), as a Sample's seconds."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _CPU_LAUNCHER, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    _, cpu, code = done.stdout.split()
    if code != "0":
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return Sample(float(cpu))


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
    measure = processor_time if args.cpu else (lambda c, env: run_command(c, env=env))
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
            new: list[Sample] = []
            old: list[Sample] = []
            base: dict[str, list[Sample]] = {b: [] for b in baselines}
            for _ in range(runs):
                new.append(measure(command, env))
                if old_env is not None:
                    old.append(measure(old_command, old_env))
                for b, baseline in baselines.items():
                    base[b].append(measure(baseline, env))
            print(f"{name:12} new {fmt(new)}", flush=True)
            entry: dict[str, object] = {"new_ms": [round(s.seconds * 1000, 1) for s in new]}
            if old:
                print(f"{'':12} old {fmt(old)}", flush=True)
                entry["old_ms"] = [round(s.seconds * 1000, 1) for s in old]
            for b, samples in base.items():
                ratios = f"new {median(new) / median(samples):4.2f}x"
                if old:
                    ratios += f", old {median(old) / median(samples):4.2f}x"
                print(f"{'':16}{fmt(samples)}  {b}: {ratios}", flush=True)
                entry[b] = {
                    "ms": [round(s.seconds * 1000, 1) for s in samples],
                    "new_ratio": round(median(new) / median(samples), 2),
                    "old_ratio": round(median(old) / median(samples), 2) if old else None,
                }
            results[name] = entry
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "commands.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
