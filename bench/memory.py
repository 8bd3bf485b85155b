"""Peak memory of `qualcode import`: a 200 MB transcript, and the 500 bench transcripts.

Each run starts a fresh project and imports in a child process, beside a bare baseline in the
same round (plain Python reading the same files: ``open().read()`` and a split into lines).
What is recorded for each:

- the importing process's peak resident memory (max RSS, from ``wait4``; for the 500 files it
  is the larger of the importer's and any one worker's, as the kernel counts it), and
- for the 500 files, the peak of the whole process tree's proportional memory (PSS, sampled
  every 20 ms from /proc on Linux), since the workers share pages with the importer.

Prints min/median/max over the rounds and writes them to bench/out/memory.json.

    python bench/memory.py [--rounds 3] [--megabytes 200] [--skip-many]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from big_transcript import write_big_transcript  # noqa: E402
from imports import generate  # noqa: E402

OUT = HERE / "out" / "memory"
QUALCODE = Path(sys.executable).with_name("qualcode")
# The bare baseline: the same files read and split into lines with plain Python, all kept.
BASELINE = (
    "import sys\n"
    "kept = []\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as handle:\n"
    "        kept.append(handle.read().split('\\n'))\n"
)


def _pss_of_tree(root: int) -> int:
    """The proportional memory (kB) of ``root`` and every process below it, now."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def measured(command: list[str], *, tree: bool = False) -> tuple[float, float, float]:
    """Runs ``command``: its peak RSS (MiB), the tree's sampled peak PSS (MiB) and seconds."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss
        while not done.wait(0.02):
            peak_pss = max(peak_pss, _pss_of_tree(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if tree and Path("/proc/self/smaps_rollup").exists():
        sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    if sampler.is_alive():
        sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command[:4])} ...")
    # ru_maxrss is in kB on Linux, in bytes on macOS.
    rss = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    return rss, peak_pss / 2**10, time.perf_counter() - started


def fresh_project(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    subprocess.run(
        [str(QUALCODE), "--project", str(path), "init"], check=True, stdout=subprocess.DEVNULL
    )


def spread(values: list[float]) -> dict[str, float]:
    return {
        "min": round(min(values), 1),
        "median": round(statistics.median(values), 1),
        "max": round(max(values), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=200)
    parser.add_argument("--skip-many", action="store_true", help="only the large transcript")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    big = write_big_transcript(OUT / f"transcript-{args.megabytes:g}mb.txt", args.megabytes)
    many = [] if args.skip_many else generate(HERE / "out" / "imports" / "transcripts", 500, 8000)
    project = OUT / "memory.db"
    runs: dict[str, list[tuple[float, float, float]]] = {}
    python = [sys.executable, "-c", BASELINE]
    for round_ in range(1, args.rounds + 1):
        cases = [
            ("large: baseline (read + split lines)", [*python, str(big)], False),
            (
                "large: qualcode import",
                [str(QUALCODE), "--project", str(project), "import", str(big)],
                False,
            ),
        ]
        if many:
            cases += [
                ("500 files: baseline (read + split lines)", [*python, *map(str, many)], False),
                (
                    "500 files: qualcode import",
                    [str(QUALCODE), "--project", str(project), "import", *map(str, many)],
                    True,
                ),
            ]
        for name, command, tree in cases:
            if "qualcode import" in name:
                fresh_project(project)
            runs.setdefault(name, []).append(measured(command, tree=tree))
            rss, pss, seconds = runs[name][-1]
            print(f"round {round_}: {name}: {rss:.0f} MiB max RSS, {seconds:.1f} s", flush=True)
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "large_file_mib": round(big.stat().st_size / 2**20, 1),
        "rounds": args.rounds,
    }
    for name, values in runs.items():
        results[name] = {
            "max_rss_mib": spread([v[0] for v in values]),
            "seconds": spread([v[2] for v in values]),
        }
        if any(v[1] for v in values):
            results[name]["tree_pss_mib"] = spread([v[1] for v in values])  # type: ignore[index]
    (OUT.parent / "memory.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
