"""Time the REFI-QDA export and import on the bench project, beside bare lxml baselines.

    python bench/refi.py [--runs 5] [--project bench/out/bench.db]

The budget: exporting the bench project (500 documents, 100,000 codings) as .qdpx, and
importing that file into a new project, each under 10 s. The baselines are what the same work
costs with nothing of qualcode's: writing the same project.qde with lxml alone (serialising the
finished tree and zipping it with the same sources), and reading the same file with lxml alone
(unzipping it, parsing project.qde and visiting every selection). Each run works on a copy of the
project. Results go to bench/out/refi.json. Build the project first with
``python bench/make_project.py``.
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
from qualcode.services.exchange import ExchangeService, import_project_file
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
        service = ExchangeService(project.database, "bench")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    args = parser.parse_args()
    if not args.project.exists():
        sys.exit(f"{args.project} is missing: build it with python bench/make_project.py")
    samples: dict[str, list[float]] = {
        k: [] for k in ("export", "lxml_write", "import", "lxml_read")
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy = work / "bench.db"
        shutil.copy(args.project, copy)
        project = open_project(str(copy), "bench")
        service = ExchangeService(project.database, "bench")
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
