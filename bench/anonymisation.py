"""Time anonymisation in the exports, the check and the transcript appendix.

    python bench/anonymisation.py [--copies 10] [--runs 3]

Builds a project of the seven sample interviews imported ``--copies`` times (70 documents by
default, each coded every third turn), fills the anonymisation table with 50 terms that occur
in the material and one regular expression, and times, in this process: the quotes export
(CSV) and the transcript appendix (Markdown) with the table applied, each beside the same
export with ``--no-anonymise`` as the baseline, and ``qualcode anonymise check`` over every
document. Results go to bench/out/anonymisation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from qualcode import samples
from qualcode.domain.anonymisation import Rule
from qualcode.services.exports import ExportRequest
from qualcode.services.project import Project, init_project

HERE = Path(__file__).resolve().parent


def build(folder: Path, copies: int) -> Project:
    project = init_project(str(folder / "bench.db"), "bench", samples.codebook())
    files = []
    for copy in range(copies):
        for source in samples.transcripts():
            target = folder / f"{source.stem}-{copy:02d}{source.suffix}"
            text = source.read_text(encoding="utf-8") + f"\n\nI: Kopie {copy}.\n"
            target.write_text(text, encoding="utf-8")
            files.append(target)
    project.documents.import_files(files)
    codes = [c.code for c in project.codebook.get() if c.parent is not None]
    for number, info in enumerate(project.documents.all()):
        for turn in range(3, info.turns + 1, 3):
            project.coding.code(info.name, codes[(number + turn) % len(codes)], turns=(turn, turn))
    return project


def table(project: Project) -> list[Rule]:
    """50 capitalised words that occur most in the material, and one regular expression."""
    counts: Counter[str] = Counter()
    for info in project.documents.all()[:7]:
        text = project.documents.transcript(info.name).text
        counts.update(re.findall(r"(?<![\w\[])[A-ZÄÖÜ][a-zäöüß]{4,}", text))
    words = [w for w, _ in counts.most_common(50)]
    return [Rule(w, f"[{w[:1]}]") for w in words] + [Rule(r"\d{3,}", "[Zahl]", regex=True)]


def timed(runs: int, step: Callable[[], object]) -> list[float]:
    samples_s = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        samples_s.append(time.perf_counter() - started)
    return samples_s


def stats(values: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(values), 3),
        "median_s": round(statistics.median(values), 3),
        "max_s": round(max(values), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qualcode-anon-bench-"))
    try:
        project = build(folder, args.copies)
        project.anonymisation.add_all(table(project))
        documents = len(project.documents.all())
        words = sum(d.words for d in project.documents.all())
        results: dict[str, object] = {"documents": documents, "words": words}
        for kind, fmt in (("quotes", "csv"), ("transcripts", "md")):
            for anonymise in (True, False):
                target = folder / f"{kind}-{anonymise}.{fmt}"

                def run(kind: str = kind, fmt: str = fmt, anonymise: bool = anonymise) -> None:
                    project.exports.run(
                        kind,
                        fmt,
                        ExportRequest(anonymise=anonymise, cite="line"),
                        folder / f"{kind}-{anonymise}.{fmt}",
                        force=True,
                    )

                name = f"{kind} {fmt} " + ("anonymised" if anonymise else "baseline")
                results[name] = stats(timed(args.runs, run))
                results[name + " size"] = target.stat().st_size
        results["check"] = stats(timed(args.runs, project.anonymisation.check))
        results["check found"] = len(project.anonymisation.check())
        results["load"] = os.getloadavg()
        project.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "anonymisation.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
