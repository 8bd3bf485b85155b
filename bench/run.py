"""One benchmark: every figure of qualcode beside its bare baseline, in one run.

Builds (or reuses) the peer corpus (bench/peer_corpus.py: 200 transcripts, 1.26 million words,
20,000 codings) and the bench project (bench/make_project.py: 500 transcripts, 100,000 codings),
then asks every bench module in the registry below for its figures: each is qualcode measured
several times (min, median, max, peak memory) beside the same work done with nothing of
qualcode's, alternately in the same run, and the ratio of the medians. A module that is not
there (yet) is named in the notes and left out.

    python bench/run.py            # the whole benchmark (make bench): prints the table
    python bench/run.py --json     # the same as JSON (also written to bench/out/run.json)
    python bench/run.py --quick    # a smoke test: 50 documents, two runs, no peer
    python bench/run.py --table bench/out/run.json   # the table of an earlier run

BENCHMARKS.md's table at the top is the table this script prints (with the machine, the date
and the load average).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import OUT, Context  # noqa: E402


@dataclass(frozen=True)
class Bench:
    """A bench module and the function of it that returns its figures."""

    module: str
    function: str = "figures"
    what: str = ""


# Every bench module run.py calls, in the order of the table. Each takes a measure.Context and
# returns measure.Figure objects. A new bench script joins by a line here.
REGISTRY = (
    Bench("startup", what="--help and documents against python -c pass"),
    Bench("exports", what="the reports (frequencies, matrix, quotes, codings --json, XLSX)"),
    Bench("imports", what="import at 200, 500 and 2,000 documents, and the whole command"),
    Bench("agreement", what="intercoder agreement"),
    Bench("refi", what="REFI-QDA export and import"),
    Bench("search", what="qualcode search"),
    Bench("words", what="word frequencies and keyness"),
    Bench("suggestions", what="the suggestions' index (accuracies in the notes)"),
    Bench("tui", what="the workbench's first transcript and its longest step"),
    Bench("peer", what="the open terminal peer, qualitative-coding"),
)


def compiled() -> None:
    """Bytecode for the whole package, as an installed copy has it: with
    PYTHONDONTWRITEBYTECODE set (as on some machines), a module changed since its last
    compilation is compiled again by every command the bench starts, a few milliseconds
    each, which a user's start never pays."""
    import compileall

    import qualcode

    compileall.compile_dir(Path(qualcode.__file__).parent, quiet=1)


def prepare(context: Context) -> None:
    """The peer corpus and its project (built once, reused while unchanged)."""
    compiled()
    from peer_corpus import OUT as PEER_OUT
    from peer_corpus import Shape, build, write_files

    shape = Shape(documents=50) if context.quick else Shape()
    folder = PEER_OUT.with_name("peer-quick") if context.quick else PEER_OUT
    started = time.perf_counter()
    context.peer_project = build(folder, shape)
    context.peer_files = write_files(folder / "transcripts", shape)
    print(f"peer corpus ready ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    bench = OUT / "bench.db"
    if not bench.exists() and not context.quick:
        started = time.perf_counter()
        maker = [context.python, str(HERE / "make_project.py"), "--out", str(OUT)]
        subprocess.run(maker, check=True, stdout=subprocess.DEVNULL)
        print(f"bench project built ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if bench.exists():
        context.bench_project = bench
    else:
        context.notes.append("a quick run leaves out the bench project and the figures on it")


def run(context: Context) -> tuple[list[dict[str, object]], list[str]]:
    """Every registered module's figures, as JSON-ready dictionaries."""
    figures: list[dict[str, object]] = []
    for bench in REGISTRY:
        started = time.perf_counter()
        path = HERE / f"{bench.module}.py"
        if not path.exists():
            context.notes.append(f"bench/{bench.module}.py ({bench.what}) is not there yet")
            continue
        module = importlib.import_module(bench.module)
        function = getattr(module, bench.function, None)
        if function is None:
            context.notes.append(
                f"bench/{bench.module}.py ({bench.what}) offers no {bench.function}() yet"
            )
            continue
        try:
            found = function(context)
        except Exception as exc:  # one bench failing leaves the others' figures
            context.notes.append(f"bench/{bench.module}.py failed: {exc!r}")
            continue
        figures += [f.as_json() for f in found]
        print(
            f"{bench.module}: {len(found)} figures ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
    return figures, context.notes


def machine() -> dict[str, object]:
    load = os.getloadavg()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in load],
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(HERE), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()[:100]
    except (OSError, subprocess.CalledProcessError):
        return ""


def _seconds(value: object) -> str:
    if not isinstance(value, int | float):
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def markdown(result: dict[str, object]) -> str:
    """The table for BENCHMARKS.md: each figure, its baseline, the ratio and the peak memory."""
    about = result["machine"]
    assert isinstance(about, dict)
    lines = [
        f"Measured {about['date']} on {about['cpus']} cores, Python {about['python']}, "
        f"SQLite {about['sqlite']}, {about['system']}; load average "
        f"{' / '.join(map(str, about['load_average']))} at the end; "
        f"{result['runs']} runs each (`python bench/run.py`, commit {about['commit'][:7]}).",
        "",
        "| figure | qualcode min / median / max | peak | baseline | baseline median | ratio "
        "| goal |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    figures = result["figures"]
    assert isinstance(figures, list)
    for figure in figures:
        ours, base = figure["measured"], figure["baseline"] or {}
        spread = " / ".join(_seconds(ours[k]) for k in ("min_s", "median_s", "max_s"))
        peak = f"{ours['peak_mib']:.0f} MiB" if ours.get("peak_mib") else "–"
        ratio = f"{figure['ratio']:.2f}x" if figure["ratio"] is not None else "–"
        lines.append(
            f"| {ours['name']} | {spread} | {peak} | {base.get('name', '–')} | "
            f"{_seconds(base.get('median_s'))} | {ratio} | {figure['goal'] or ''} |"
        )
    notes = result["notes"]
    assert isinstance(notes, list)
    lines += ["", *(f"- {note}" for note in notes)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 50 documents")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (5; quick: 2)")
    parser.add_argument("--only", nargs="*", help="only these bench modules")
    parser.add_argument("--table", type=Path, help="print the table of a run.json, measure nothing")
    args = parser.parse_args()
    if args.table:
        print(markdown(json.loads(args.table.read_text(encoding="utf-8"))))
        return
    runs = args.runs or (2 if args.quick else 5)
    out = OUT / "quick" if args.quick else OUT
    out.mkdir(parents=True, exist_ok=True)
    context = Context(runs=runs, quick=args.quick, out=out)
    started = time.perf_counter()
    prepare(context)
    if args.only:
        global REGISTRY
        REGISTRY = tuple(b for b in REGISTRY if b.module in args.only)
    figures, notes = run(context)
    result: dict[str, object] = {
        "machine": machine(),
        "runs": runs,
        "quick": args.quick,
        "seconds": round(time.perf_counter() - started, 1),
        "figures": figures,
        "notes": notes,
    }
    (out / "run.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(markdown(result))


if __name__ == "__main__":
    main()
