"""Time the reviewer's page on the bench project: writing it, and its first screen in Chromium.

    python bench/review.py [--runs 3] [--project bench/out/bench.db]

The budget: ``qualcode export review`` written in under 20 s (a fresh process, as a user runs
it), and its first screen painted in under 2 s in Chromium. Beside each, a bare baseline: the
same embedded data as ``json.dumps`` written to a file, and a trivial HTML page's first paint in
the same browser. Wall-clock and CPU time (user + system) are both given: on a shared machine
the wall clock waits for the processor. Results go to bench/out/review.json. Build the project
first with ``python bench/make_project.py``; Chromium comes from scripts/ensure-chromium.sh.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qualcode.services.exports import ExportRequest
from qualcode.services.project import open_project
from qualcode.services.review.service import ReviewService

HERE = Path(__file__).resolve().parent

FIRST_PAINT = """() => new Promise(resolve => {
  const done = () => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    if (paint) resolve(paint.startTime); else setTimeout(done, 20);
  };
  done();
})"""


def stats(samples: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(samples), 3),
        "median_s": round(statistics.median(samples), 3),
        "max_s": round(max(samples), 3),
    }


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_times(project: Path, out: Path, runs: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds of ``qualcode export review`` in a fresh process, and the size."""
    command = [str(Path(sys.executable).parent / "qualcode"), "--project", str(project)]
    walls, cpus = [], []
    for _ in range(runs):
        before, started = children_cpu(), time.perf_counter()
        subprocess.run(
            [*command, "export", "review", "-o", str(out), "--force"],
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - started)
        cpus.append(children_cpu() - before)
    return walls, cpus, out.stat().st_size


def baseline_write(project: Path, out: Path, runs: int) -> list[float]:
    """The same data the page embeds, as plain json.dumps written to a file."""
    opened = open_project(str(project), "bench")
    page = ReviewService(opened.database, "bench").page(ExportRequest())
    opened.close()
    data = {"meta": page.data, "transcripts": page.transcripts}
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        samples.append(time.perf_counter() - started)
    return samples


def paint_times(url: str, runs: int, executable: str) -> dict[str, list[float]]:
    """First contentful paint, and the first transcript drawn after a click, in Chromium."""
    from playwright.sync_api import sync_playwright

    found: dict[str, list[float]] = {"first_paint": [], "load": [], "first_transcript": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url, wait_until="commit")
            found["first_paint"].append(page.evaluate(FIRST_PAINT) / 1000)
            if url.endswith("review.html"):
                page.wait_for_load_state("load")
                found["load"].append(
                    page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                    / 1000
                )
                started = time.perf_counter()
                page.click("#tabs a[data-view=transcripts]")
                page.wait_for_selector("#transcript .turn")
                found["first_transcript"].append(time.perf_counter() - started)
            page.close()
        browser.close()
    return {k: v for k, v in found.items() if v}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    args = parser.parse_args()
    if not args.project.exists():
        sys.exit(f"{args.project} is missing: build it with python bench/make_project.py")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        sys.exit("no Chromium here: run scripts/ensure-chromium.sh")
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "review.html"
        walls, cpus, size = write_times(args.project, page_file, args.runs)
        results["write_wall"] = stats(walls)
        results["write_cpu"] = stats(cpus)
        results["file_mib"] = round(size / 2**20, 1)
        results["baseline_json_write"] = stats(
            baseline_write(args.project, Path(folder) / "data.json", args.runs)
        )
        for name, samples in paint_times(page_file.as_uri(), args.runs, executable).items():
            results[name] = stats(samples)
        trivial = Path(folder) / "trivial.html"
        trivial.write_text("<!DOCTYPE html><title>x</title><h1>Hello</h1>", encoding="utf-8")
        results["baseline_trivial_first_paint"] = stats(
            paint_times(trivial.as_uri(), args.runs, executable)["first_paint"]
        )
    out = HERE / "out" / "review.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
