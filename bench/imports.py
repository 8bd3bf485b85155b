"""Time `qualcode import` against its floor: the same files read and the same rows inserted with
nothing but the standard library's Python and sqlite3.

The files have the peer corpus's shape (bench/peer_corpus.py: about 6,300 words a transcript,
I/B turns with time marks), generated once per size under bench/out/imports/. Each run starts a
fresh process, alternately for qualcode and for the floor, so both see the same machine load:

- in process: the import through the service (``DocumentService.import_files``) against the
  floor's read, split and bulk insert, each timed inside its process (the interpreter's start
  and qualcode's imports not counted);
- the whole command: ``qualcode import`` of the files, start-up included, against the floor as
  a whole ``python`` command.

    python bench/imports.py [--runs 5] [--documents 200 500 2000] [--no-command]
    python bench/imports.py --pool [--documents 50 200 500 2000]
    python bench/imports.py --against /tmp/old [--runs 5] [--documents 200 500 2000]
    python bench/imports.py --parts [--runs 5] [--documents 200 500 2000]
    python bench/imports.py --cpu-against /tmp/old [--runs 5] [--documents 500]

``--pool`` compares parsing in the worker processes (one a core, or a single one; either way
the importing process parses what they have not begun whenever it would wait) with parsing
only in the importing process at each size (in process, beside the floor), for the choice in
importers/sources.py.

``--parts`` says where an import's time goes, at each size: parsing alone (CPU time in this
process), the inserts alone (the parsed rows through the import's own writes, in one transaction
through the rollback journal, as a large import writes), the same with the turns' secondary index
built after the rows instead of kept during the insert, the floor's inserts of the same rows, and
a whole import's CPU time in the importing process and in its parse workers (``getrusage``).

``--against FOLDER`` measures an older qualcode (a source tree, ``git archive main | tar -x -C
FOLDER``, put first on PYTHONPATH) and this one alternately with the floor, run after run, so
that both see the same load: in process at each size, and the whole command at 500 files.

``--cpu-against FOLDER``: the CPU time of the importing process and of its parse workers
(``getrusage``) of an older qualcode and this one, alternately, at each size: the flat costs of
the writing (modules loaded, events built) that the wall clock's spread hides on a busy machine.

`bench/run.py` calls :func:`figures`.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import OUT as BENCH_OUT  # noqa: E402
from measure import (  # noqa: E402
    Context,
    Figure,
    Sample,
    Series,
    alternately,
    peak_mib_of_this_process,
    run_command,
    run_timed_script,
)

OUT = BENCH_OUT / "imports"
SIZES = (200, 500, 2000)
QUICK_SIZES = (50,)
COMMAND_SIZE = 500  # the whole command's budget: under 1.5 s for 500 documents


def floor_import(files: list[Path], db: Path) -> float:
    """Reading, splitting and bulk-inserting the same files with plain Python and sqlite3: a
    document row with its text, a row per turn (Pos., speaker, start and end offsets)."""
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, name TEXT, text TEXT)")
    conn.execute("CREATE TABLE t (d INTEGER, pos INTEGER, speaker TEXT, s INTEGER, e INTEGER)")
    for i, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        rows, offset = [], 0
        for pos, para in enumerate(p for p in text.split("\n\n") if p.strip()):
            speaker, _, body = para.partition(": ")
            rows.append((i, pos + 1, speaker, offset, offset + len(body)))
            offset += len(body) + 1
        conn.execute("INSERT INTO d VALUES (?, ?, ?)", (i, path.stem, text))
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def generate(folder: Path, documents: int, words: int) -> list[Path]:
    """The bench project's seeded files (bench/make_project.py), kept between runs."""
    import random

    from make_project import transcript, vocabulary

    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"D{i:04d}.txt" for i in range(1, documents + 1)]
    if all(p.exists() for p in files):
        return files
    rng = random.Random(2026)
    vocab = vocabulary()
    for i, path in enumerate(files, start=1):
        path.write_text(transcript(rng, vocab, words, timed=i % 2 == 0), encoding="utf-8")
    return files


def corpus(documents: int) -> list[Path]:
    """``documents`` transcripts of the peer corpus's shape (made once, then reused)."""
    from peer_corpus import Shape, write_files

    return write_files(OUT / f"peer-{documents}", Shape(documents=documents))


def fresh_project(path: Path) -> None:
    from qualcode.services.project import init_project

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    init_project(str(path), "coder-a").close()


def in_process(files: list[Path], project_file: Path, pool: str = "auto") -> float:
    """The import through the service, timed alone (the project made before the clock).

    ``pool``: "workers", "one" (a single worker) or "here" decides where the files are parsed,
    instead of the size.
    """
    from qualcode.importers import sources
    from qualcode.services.project import open_project

    if pool != "auto":
        sources.worth_parallel = lambda paths: pool != "here"
    if pool == "one":
        sources.usable_cpus = lambda: 1

    fresh_project(project_file)
    project = open_project(str(project_file), "coder-a")
    started = time.perf_counter()
    project.documents.import_files(files)
    elapsed = time.perf_counter() - started
    project.close()
    return elapsed


def _one(kind: str, folder: Path, target: Path) -> None:
    """One timed run in this fresh process; prints ``seconds peak_mib``."""
    files = sorted(folder.glob("P*.txt"))
    if kind == "floor":
        seconds = floor_import(files, target)
    else:
        seconds = in_process(files, target, pool=kind.partition("-")[2] or "auto")
    print(f"{seconds:.4f} {peak_mib_of_this_process():.1f}")


def _in_process_figure(context: Context, documents: int) -> Figure:
    files = corpus(documents)
    folder = files[0].parent
    me = [context.python, str(Path(__file__).resolve()), "--one"]
    ours, floor = alternately(
        context.runs,
        lambda: run_timed_script([*me, "qualcode", str(folder), str(OUT / "import.db")]),
        lambda: run_timed_script([*me, "floor", str(folder), str(OUT / "floor.db")]),
        warm_up=documents < 1000,
    )
    goal = "within 2x the floor" if documents >= 500 else ""
    return Figure(
        "import",
        Series(f"import {documents:,} documents (in process)", ours),
        Series("floor: Python + sqlite3, the same rows", floor),
        goal,
    )


def _command_figure(context: Context, documents: int) -> Figure:
    files = corpus(documents)
    project = OUT / "import-cli.db"
    floor = [context.python, "-c", _FLOOR_COMMAND, str(files[0].parent), str(OUT / "floor.db")]

    def ours() -> Sample:
        fresh_project(project)
        command = [*context.qualcode, "--project", str(project), "import", *map(str, files)]
        return run_command(command, env=context.env())

    measured, base = alternately(context.runs, ours, lambda: run_command(floor, env=context.env()))
    return Figure(
        "import",
        Series(f"qualcode import, {documents:,} documents (whole command)", measured),
        Series("floor: the same as one python command", base),
        "under 1.5 s" if documents == COMMAND_SIZE else "",
    )


# The floor as a whole command: the interpreter's start, then floor_import's own source, with
# nothing imported but what it uses.
_FLOOR_COMMAND = (
    "import sqlite3, sys, time\n"
    "from pathlib import Path\n"
    + inspect.getsource(floor_import)
    + "floor_import(sorted(Path(sys.argv[1]).glob('P*.txt')), Path(sys.argv[2]))\n"
)


def compare_pool(context: Context, sizes: list[int]) -> list[dict[str, object]]:
    """Parsing in a worker process a core, in one, and here, beside the floor, at each size."""
    me = [context.python, str(Path(__file__).resolve()), "--one"]
    found = []
    for documents in sizes:
        folder = corpus(documents)[0].parent
        series = {kind: Series(f"{kind}, {documents:,} documents") for kind in POOLS}
        for _ in range(context.runs):
            for kind in POOLS:
                target = OUT / f"{kind}.db"
                series[kind].add(run_timed_script([*me, kind, str(folder), str(target)]))
        row: dict[str, object] = {"documents": documents}
        for kind, measured in series.items():
            row[kind] = measured.summary()
        found.append(row)
        medians = ", ".join(f"{k} {v.median:.3f} s" for k, v in series.items())
        print(f"{documents:>5} documents: {medians}", file=sys.stderr)
    return found


POOLS = ("qualcode-workers", "qualcode-one", "qualcode-here", "floor")


def compare_versions(context: Context, older: Path, sizes: list[int]) -> list[dict[str, object]]:
    """The older qualcode in ``older`` and this one, alternately with the floor, at each size
    (in process), then the whole command at 500 files."""
    me = [context.python, str(Path(__file__).resolve()), "--one"]
    old_env = context.env(PYTHONPATH=os.pathsep.join([str(older), str(HERE)]))
    found: list[dict[str, object]] = []

    def row(label: str, series: dict[str, Series]) -> None:
        summary: dict[str, object] = {"figure": label}
        for kind, measured in series.items():
            summary[kind] = measured.summary()
        floor = series["floor"].median
        summary["ratios"] = {k: round(v.median / floor, 2) for k, v in series.items()}
        summary["load"] = os.getloadavg()
        found.append(summary)
        medians = ", ".join(f"{k} {v.median:.3f} s" for k, v in series.items())
        print(f"{label}: {medians}", file=sys.stderr)

    for documents in sizes:
        folder = str(corpus(documents)[0].parent)
        scripts = {
            "old": ([*me, "qualcode", folder, str(OUT / "import.db")], old_env),
            "new": ([*me, "qualcode", folder, str(OUT / "import.db")], context.env()),
            "floor": ([*me, "floor", folder, str(OUT / "floor.db")], context.env()),
        }
        series = {kind: Series(kind) for kind in scripts}
        for take in range(context.runs + 1):  # the first round warms the caches, uncounted
            for kind, (script, env) in scripts.items():
                sample = run_timed_script(script, env=env)
                if take:
                    series[kind].add(sample)
        row(f"import {documents:,} documents (in process)", series)

    files = corpus(COMMAND_SIZE)
    project = OUT / "import-cli.db"
    floor = [context.python, "-c", _FLOOR_COMMAND, str(files[0].parent), str(OUT / "floor.db")]
    command = [*context.qualcode, "--project", str(project), "import", *map(str, files)]

    def whole(env: dict[str, str]) -> Sample:
        fresh_project(project)
        return run_command(command, env=env)

    commands: dict[str, Callable[[], Sample]] = {
        "old": lambda: whole(context.env(PYTHONPATH=str(older))),
        "new": lambda: whole(context.env()),
        "floor": lambda: run_command(floor, env=context.env()),
    }
    series = {kind: Series(kind) for kind in commands}
    for take in range(context.runs + 1):
        for kind, run in commands.items():
            sample = run()
            if take:
                series[kind].add(sample)
    row(f"qualcode import, {COMMAND_SIZE:,} documents (whole command)", series)
    return found


def _parsed(files: list[Path]) -> tuple[list[Any], float]:
    """Every file parsed here (``SourceFile``s), and the CPU seconds it took."""
    from qualcode.importers.sources import read_source

    started = time.process_time()
    parsed = [read_source(path) for path in files]
    return parsed, time.process_time() - started


def _inserts(parsed: list[Any], target: Path, *, index_after: bool) -> float:
    """The parsed files' rows stored as an import stores them (``plain_writes``), in one
    transaction through the rollback journal; wall seconds of the transaction, commit included.
    ``index_after``: the turns' secondary index dropped first and built after the rows."""
    from datetime import UTC, datetime

    from qualcode.services.project import open_project
    from qualcode.storage.db import SqliteTransaction
    from qualcode.storage.documents import plain_writes

    fresh_project(target)
    if index_after:
        with closing(sqlite3.connect(target)) as raw:
            raw.execute("DROP INDEX ix_turns_document_start")
    project = open_project(str(target), "coder-a")
    now = datetime.now(UTC)
    started = time.perf_counter()
    with project.database.light_transaction(bulk=True) as tx:
        assert isinstance(tx, SqliteTransaction)
        for source in parsed:
            plain_writes.insert(
                tx,
                name=source.name,
                source_name=source.path.name,
                sha256=source.sha256,
                fmt=source.format,
                text=source.content,
                cells=source.cells,
                words=source.words,
                coder_id=1,
                now=now,
            )
        if index_after:
            tx.execute(
                "CREATE INDEX ix_turns_document_start ON turns (document_id, char_start, position)"
            )
    elapsed = time.perf_counter() - started
    project.close()
    return elapsed


def _floor_inserts(parsed: list[Any], target: Path) -> float:
    """The floor's inserts alone (its two bare tables), of the rows qualcode parsed."""
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, name TEXT, text TEXT)")
        conn.execute("CREATE TABLE t (d INTEGER, pos INTEGER, speaker TEXT, s INTEGER, e INTEGER)")
        files = [(source.name, source.text, source.turns) for source in parsed]  # (as read)
        started = time.perf_counter()
        for i, (name, text, turns) in enumerate(files):
            conn.execute("INSERT INTO d VALUES (?, ?, ?)", (i, name, text))
            rows = [(i, *row[:4]) for row in turns]
            conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
        conn.commit()
        return time.perf_counter() - started


def _import_cpu(folder: Path, target: Path) -> None:
    """One whole import in this fresh process: prints its wall seconds, then the CPU seconds
    of this process and of its parse workers."""
    import resource

    from qualcode.services.project import open_project

    def used() -> tuple[float, float]:
        me = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime

    files = sorted(folder.glob("P*.txt"))
    fresh_project(target)
    project = open_project(str(target), "coder-a")
    documents = project.documents
    before = used()
    started = time.perf_counter()
    documents.import_files(files)
    wall = time.perf_counter() - started
    after = used()
    project.close()
    print(f"{wall:.4f} {after[0] - before[0]:.4f} {after[1] - before[1]:.4f}")


PARTS = ("parse (CPU)", "inserts", "inserts, index after", "floor inserts")
WHOLE = ("import (wall)", "importing process (CPU)", "parse workers (CPU)")


def where_time_goes(context: Context, sizes: list[int]) -> list[dict[str, object]]:
    """Parsing, inserting (with and without index upkeep) and the floor's inserts, and a whole
    import's CPU split between the importing process and its workers, round after round."""
    import statistics
    import subprocess

    whole = [context.python, str(Path(__file__).resolve()), "--cpu"]
    found: list[dict[str, object]] = []
    for documents in sizes:
        files = corpus(documents)
        _parsed(files)  # reads the files into the cache
        taken: dict[str, list[float]] = {k: [] for k in (*PARTS, *WHOLE)}
        for _ in range(context.runs):
            parsed, parse = _parsed(files)
            taken["parse (CPU)"].append(parse)
            taken["inserts"].append(_inserts(parsed, OUT / "parts.db", index_after=False))
            after = _inserts(parsed, OUT / "parts.db", index_after=True)
            taken["inserts, index after"].append(after)
            taken["floor inserts"].append(_floor_inserts(parsed, OUT / "parts-floor.db"))
            del parsed
            line = subprocess.run(
                [*whole, str(files[0].parent), str(OUT / "parts.db")],
                env=context.env(),
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            for key, value in zip(WHOLE, line, strict=True):
                taken[key].append(float(value))
        row: dict[str, object] = {"documents": documents, "load": os.getloadavg()}
        for key, values in taken.items():
            median = statistics.median(values)
            row[key] = {
                "min": round(min(values), 4),
                "median": round(median, 4),
                "max": round(max(values), 4),
                "ms a document": round(median / documents * 1000, 3),
            }
        found.append(row)
        shown = ", ".join(f"{k} {statistics.median(v):.3f} s" for k, v in taken.items())
        print(f"{documents:>5} documents: {shown}", file=sys.stderr)
    return found


def compare_cpu(context: Context, older: Path, sizes: list[int]) -> list[dict[str, object]]:
    """A whole import's CPU time in the importing process and its workers, the older qualcode
    in ``older`` and this one alternately (the first round warms the caches, uncounted)."""
    import statistics
    import subprocess

    whole = [context.python, str(Path(__file__).resolve()), "--cpu"]
    envs = {
        "old": context.env(PYTHONPATH=os.pathsep.join([str(older), str(HERE)])),
        "new": context.env(),
    }
    found: list[dict[str, object]] = []
    for documents in sizes:
        folder = str(corpus(documents)[0].parent)
        taken: dict[str, dict[str, list[float]]] = {k: {w: [] for w in WHOLE} for k in envs}
        for take in range(context.runs + 1):
            for kind, env in envs.items():
                line = subprocess.run(
                    [*whole, folder, str(OUT / f"cpu-{kind}.db")],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                if take:
                    for key, value in zip(WHOLE, line, strict=True):
                        taken[kind][key].append(float(value))
        row: dict[str, object] = {"documents": documents, "load": os.getloadavg()}
        for kind, parts in taken.items():
            row[kind] = {
                key: [round(min(v), 4), round(statistics.median(v), 4), round(max(v), 4)]
                for key, v in parts.items()
            }
        found.append(row)
        shown = "; ".join(
            f"{kind} " + ", ".join(f"{k} {statistics.median(v):.3f} s" for k, v in parts.items())
            for kind, parts in taken.items()
        )
        print(f"{documents:>5} documents: {shown}", file=sys.stderr)
    return found


def figures(context: Context) -> list[Figure]:
    """Import at every size in process, and the whole command at 500 (50 when quick)."""
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = QUICK_SIZES if context.quick else SIZES
    found = [_in_process_figure(context, n) for n in sizes]
    found.append(_command_figure(context, QUICK_SIZES[0] if context.quick else COMMAND_SIZE))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--documents", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--no-command", action="store_true")
    parser.add_argument("--pool", action="store_true", help="workers against parsing here")
    parser.add_argument("--against", type=Path, metavar="FOLDER", help="an older qualcode")
    parser.add_argument("--parts", action="store_true", help="where an import's time goes")
    parser.add_argument("--cpu-against", type=Path, metavar="FOLDER", help="CPU, an older one")
    parser.add_argument("--cpu", nargs=2, metavar=("FOLDER", "TARGET"), help="internal")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "FOLDER", "TARGET"), help="internal")
    args = parser.parse_args()
    if args.one:
        _one(args.one[0], Path(args.one[1]), Path(args.one[2]))
        return
    if args.cpu:
        _import_cpu(Path(args.cpu[0]), Path(args.cpu[1]))
        return
    os.environ.setdefault("QUALCODE_CODER", "coder-a")
    context = Context(runs=args.runs)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.parts:
        parts = where_time_goes(context, args.documents)
        (OUT.parent / "imports-parts.json").write_text(json.dumps(parts, indent=2), "utf-8")
        print(json.dumps(parts, indent=2))
        return
    if args.cpu_against:
        compared = compare_cpu(context, args.cpu_against.resolve(), args.documents)
        (OUT.parent / "imports-cpu.json").write_text(json.dumps(compared, indent=2), "utf-8")
        print(json.dumps(compared, indent=2))
        return
    if args.against:
        compared = compare_versions(context, args.against.resolve(), args.documents)
        (OUT.parent / "imports-against.json").write_text(json.dumps(compared, indent=2), "utf-8")
        print(json.dumps(compared, indent=2))
        return
    if args.pool:
        compared = compare_pool(context, args.documents)
        (OUT.parent / "imports-pool.json").write_text(json.dumps(compared, indent=2), "utf-8")
        print(json.dumps(compared, indent=2))
        return
    found = [_in_process_figure(context, n) for n in args.documents]
    if not args.no_command:
        found.append(_command_figure(context, COMMAND_SIZE))
    results = [f.as_json() for f in found]
    (OUT.parent / "imports.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
