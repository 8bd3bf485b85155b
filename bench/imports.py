"""Time `qualcode import` of the bench transcripts against the plain sqlite3 baseline.

The 500 files are generated once (as bench/make_project.py makes them) under bench/out/imports/.
Each round times, interleaved so that both see the same machine load: the baseline (read, split
on blank lines, bulk-insert with sqlite3), the import through the service in this process, and
`qualcode import` as a fresh process (start-up included). Prints medians and writes them to
bench/out/imports.json.

    python bench/imports.py [--rounds 5] [--documents 500] [--words 8000] [--no-subprocess]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_project import baseline_import, transcript, vocabulary  # noqa: E402

from qualcode.services.project import init_project  # noqa: E402

OUT = HERE / "out" / "imports"


def generate(folder: Path, documents: int, words: int) -> list[Path]:
    """The same seeded files as the bench project; kept between runs."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"D{i:04d}.txt" for i in range(1, documents + 1)]
    if all(p.exists() for p in files):
        return files
    rng = random.Random(2026)
    vocab = vocabulary()
    for i, path in enumerate(files, start=1):
        path.write_text(transcript(rng, vocab, words, timed=i % 2 == 0), encoding="utf-8")
    return files


def fresh_project(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    init_project(str(path), "coder-a").close()


def in_process(files: list[Path], project_file: Path) -> float:
    fresh_project(project_file)
    from qualcode.services.project import open_project

    project = open_project(str(project_file), "coder-a")
    started = time.perf_counter()
    project.documents.import_files(files)
    elapsed = time.perf_counter() - started
    project.close()
    return elapsed


def end_to_end(files: list[Path], project_file: Path) -> float:
    fresh_project(project_file)
    qualcode = Path(sys.executable).with_name("qualcode")
    started = time.perf_counter()
    subprocess.run(
        [str(qualcode), "--project", str(project_file), "import", *map(str, files)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--no-subprocess", action="store_true")
    args = parser.parse_args()
    files = generate(OUT / "transcripts", args.documents, args.words)
    os.environ.setdefault("QUALCODE_CODER", "coder-a")
    times: dict[str, list[float]] = {"baseline": [], "in_process": [], "end_to_end": []}
    for _ in range(args.rounds):
        times["baseline"].append(baseline_import(files, OUT / "baseline.db"))
        times["in_process"].append(in_process(files, OUT / "import.db"))
        if not args.no_subprocess:
            times["end_to_end"].append(end_to_end(files, OUT / "import-cli.db"))
        print({k: round(v[-1], 3) for k, v in times.items() if v}, flush=True)
    results: dict[str, object] = {
        "documents": args.documents,
        "words_per_document": args.words,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
    }
    for key, values in times.items():
        if values:
            results[f"{key}_median"] = round(statistics.median(values), 3)
            results[f"{key}_all"] = [round(v, 3) for v in values]
    base = statistics.median(times["baseline"])
    results["ratio_in_process"] = round(statistics.median(times["in_process"]) / base, 2)
    if times["end_to_end"]:
        results["ratio_end_to_end"] = round(statistics.median(times["end_to_end"]) / base, 2)
    (OUT.parent / "imports.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
