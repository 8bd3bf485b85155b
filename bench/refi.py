"""Time the REFI-QDA export and import on the bench project, beside bare lxml baselines.

    python bench/refi.py [--runs 5] [--project bench/out/bench.db]

The budget: exporting the bench project (500 documents, 100,000 codings) as .qdpx, and
importing that file into a new project, each under 10 s. The baselines are what the same work
costs with nothing of qualcode's: writing the same project.qde with lxml alone (serialising the
finished tree and zipping it with the same sources), and reading the same file with lxml alone
(unzipping it, parsing project.qde and visiting every selection). Each run works on a copy of the
project. Results go to bench/out/refi.json. Build the project first with
``python bench/make_project.py``.

    python bench/refi.py --memory [--runs 3] [--code /tmp/older-checkout]

measures the export's peak memory instead: each run exports in a fresh process and reports its
peak resident set (``ru_maxrss``) and time, beside the same for the bare lxml baseline (reading
the exported project.qde and sources, and writing them again from the finished tree) and for
a process that only opens the project (the floor). ``--code`` runs the export from another
checkout's ``qualcode`` package (``git archive COMMIT qualcode | tar -x -C DIR``), to compare
the code before a change with the code after it in the same minutes. Results go to
bench/out/refi-memory.json.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from qualcode.exporters.output import Destination
from qualcode.services.exchange.export import ProjectExport
from qualcode.services.exchange.project_import import import_project_file
from qualcode.services.project import open_project

HERE = Path(__file__).resolve().parent


def seconds(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(samples), 2),
        "median_s": round(statistics.median(samples), 2),
        "max_s": round(max(samples), 2),
    }


def bare_write(tree: etree._Element, sources: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "project.qde", etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        )
        for name, data in sources.items():
            archive.writestr(name, data)


def bare_read(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        texts = [archive.read(n) for n in archive.namelist() if n.startswith("sources/")]
    selections = root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
    return sum(int(s.get("endPosition")) - int(s.get("startPosition")) for s in selections) + len(
        texts
    )


def figures(context):  # type: ignore[no-untyped-def]
    """For bench/run.py: the REFI-QDA export and import of the peer corpus (in process, each
    on a copy), beside lxml alone writing and reading the same file."""
    sys.path.insert(0, str(HERE))
    from measure import Figure, Sample, Series

    samples: dict[str, list[float]] = {k: [] for k in ("export", "write", "import", "read")}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy = work / "peer.db"
        shutil.copy(context.peer_project, copy)
        project = open_project(str(copy), "bench")
        service = ProjectExport(project.database, "bench")
        exported = work / "peer.qdpx"
        service.export("qdpx", exported)
        with zipfile.ZipFile(exported) as archive:
            tree = etree.fromstring(archive.read("project.qde"))
            sources = {n: archive.read(n) for n in archive.namelist() if n.startswith("sources/")}
        for run in range(context.runs):
            again = Destination(exported, force=True)
            samples["export"].append(seconds(lambda d=again: service.export("qdpx", d)))
            samples["write"].append(seconds(lambda: bare_write(tree, sources)))
            target = work / f"imported-{run}.db"
            samples["import"].append(
                seconds(lambda t=target: import_project_file(str(t), "bench", exported)[0].close())
            )
            samples["read"].append(seconds(lambda: bare_read(exported)))
            target.unlink()
        project.close()

    def series(name: str, key: str) -> Series:
        return Series(name, [Sample(s) for s in samples[key]])

    return [
        Figure(
            "exchange",
            series("export qdpx, peer corpus (in process)", "export"),
            series("lxml alone: the same project.qde, zipped", "write"),
        ),
        Figure(
            "exchange",
            series("import-project of that .qdpx (in process)", "import"),
            series("lxml alone: unzip, parse, visit every selection", "read"),
        ),
    ]


_CHILD = {
    "floor": """
from qualcode.services.project import open_project
open_project(PROJECT, "bench").close()
""",
    "export": """
from qualcode.exporters.output import Destination
from qualcode.services.exchange.export import ProjectExport
from qualcode.services.project import open_project
project = open_project(PROJECT, "bench")
ProjectExport(project.database, "bench").export("qdpx", Destination(TARGET, force=True))
project.close()
""",
    "lxml": """
import io, zipfile
from lxml import etree
with zipfile.ZipFile(TARGET) as archive:
    tree = etree.fromstring(archive.read("project.qde"))
    sources = {n: archive.read(n) for n in archive.namelist() if n.startswith("sources/")}
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
    archive.writestr("project.qde", etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    for name, data in sources.items():
        archive.writestr(name, data)
""",
}


def in_child(kind: str, project: Path, target: Path, code: Path | None) -> tuple[float, float]:
    """Peak resident set (MB) and seconds of one child process doing ``kind``."""
    import os
    import subprocess

    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    script = (
        f"PROJECT = {str(project)!r}\nfrom pathlib import Path\nTARGET = Path({str(target)!r})\n"
    )
    started = time.perf_counter()
    # Run from the project's folder: "-c" puts the working directory first on the path, and
    # the checkout's own package would win over --code's.
    child = subprocess.Popen(
        [sys.executable, "-c", script + _CHILD[kind]], env=env, cwd=project.parent
    )
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the {kind} child failed")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def memory(args: argparse.Namespace) -> None:
    samples: dict[str, list[tuple[float, float]]] = {"floor": [], "export": [], "lxml": []}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(args.project, copy)
        target = Path(folder) / "bench.qdpx"
        in_child("export", copy, target, args.code)  # once first: the project's GUID is stored
        for _ in range(args.runs):
            for kind in samples:
                samples[kind].append(in_child(kind, copy, target, args.code))
    results = {
        kind: {
            "peak_mb": summary([m for m, _ in values]),
            "seconds": summary([s for _, s in values]),
        }
        for kind, values in samples.items()
    }
    out = HERE / "out" / "refi-memory.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| process | peak MB min | median | max | seconds median |")
    print("| --- | --- | --- | --- | --- |")
    for kind, label in (
        ("floor", "opening the project only (the floor)"),
        ("export", "`qualcode export qdpx`" + (f" from {args.code}" if args.code else "")),
        ("lxml", "baseline: lxml alone, project.qde parsed and written again with the sources"),
    ):
        m, t = results[kind]["peak_mb"], results[kind]["seconds"]
        print(f"| {label} | {m['min_s']} | {m['median_s']} | {m['max_s']} | {t['median_s']} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--memory", action="store_true", help="peak memory of the export")
    parser.add_argument("--code", type=Path, help="with --memory: another checkout's code")
    args = parser.parse_args()
    if not args.project.exists():
        sys.exit(f"{args.project} is missing: build it with python bench/make_project.py")
    if args.memory:
        memory(args)
        return
    samples: dict[str, list[float]] = {
        k: [] for k in ("export", "lxml_write", "import", "lxml_read")
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy = work / "bench.db"
        shutil.copy(args.project, copy)
        project = open_project(str(copy), "bench")
        service = ProjectExport(project.database, "bench")
        exported = work / "bench.qdpx"
        service.export("qdpx", exported)  # once first: the project's GUID is stored then
        with zipfile.ZipFile(exported) as archive:
            tree = etree.fromstring(archive.read("project.qde"))
            sources = {n: archive.read(n) for n in archive.namelist() if n.startswith("sources/")}
        for run in range(args.runs):
            again = Destination(exported, force=True)  # replaced each run, as with --force
            samples["export"].append(seconds(lambda d=again: service.export("qdpx", d)))
            samples["lxml_write"].append(seconds(lambda: bare_write(tree, sources)))
            target = work / f"imported-{run}.db"
            samples["import"].append(
                seconds(lambda t=target: import_project_file(str(t), "bench", exported)[0].close())
            )
            samples["lxml_read"].append(seconds(lambda: bare_read(exported)))
            target.unlink()
        project.close()
        size = exported.stat().st_size
    results = {k: summary(v) for k, v in samples.items()}
    results["file"] = {"bytes": size}  # type: ignore[dict-item]
    out = HERE / "out" / "refi.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| measurement | min | median | max |")
    print("| --- | --- | --- | --- |")
    for key, label in (
        ("export", "`qualcode export qdpx` (in process)"),
        ("lxml_write", "baseline: the same project.qde serialised and zipped by lxml alone"),
        ("import", "`qualcode import-project` of that file into a new project (in process)"),
        ("lxml_read", "baseline: the same file unzipped and parsed by lxml alone"),
    ):
        r = results[key]
        print(f"| {label} | {r['min_s']} s | {r['median_s']} s | {r['max_s']} s |")
    print(f"\n.qdpx size: {size / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
