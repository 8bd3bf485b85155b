"""Measure coding suggestions (top-1 and top-3 accuracy) and the speed of word frequencies.

Suggestions are measured three ways, each beside the baseline of always suggesting the most
frequent category of what the index was built from:

- the sample project: each anchor example of the bundled codebook is taken out of its category
  in turn and ranked (leave one out); the index keeps the other anchors and every definition;
- real codings: the SERDIF usability study's 1,930 coded quotes with its 22 described codes
  (../shared/reference, English), one document held out at a time, when the material is there;
- the bench project (bench/make_project.py): the codings of every fifth document held out, the
  index built from the codebook and the other documents' codings. Its texts and codings are
  random, so this measures the speed and checks that nothing leaks, not the usefulness.

The index is also timed as the workbench builds it (``SuggestionService.live``: reading the
codebook and every coding, then building), ``--runs`` times. Word frequencies are timed on the
bench project beside a bare ``collections.Counter`` over the
same texts split at blanks (no lemmas, no stop words, no punctuation handling).

    python bench/suggestions.py [--bench bench/out/bench.db] [--runs 3] [--held-out 2000]

`bench/run.py` calls :func:`figures`: the index as the workbench builds it on the bench project
(the peer corpus in a quick run) beside a bare ``Counter`` per category over the coded passages'
words split beforehand; the accuracies on the sample codebook and the real codings go to the
run's notes (they are shares, not times).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from qualcode import samples
from qualcode.analysis.suggestions import SuggestionIndex
from qualcode.domain.codebook import Codebook
from qualcode.services.project import open_project
from qualcode.services.suggestions import DEFINITION_WEIGHT, build_index

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from measure import Context, Figure, Sample, Series, alternately  # noqa: E402

SERDIF = (
    HERE.parent.parent / "shared" / "reference" / "transcripts" / "serdif-usability_en_odt_taguette"
)


@dataclass
class Score:
    cases: int = 0
    top1: int = 0
    top3: int = 0
    baseline1: int = 0
    baseline3: int = 0

    def add(self, truth: str, ranked: list[str], frequent: list[str]) -> None:
        self.cases += 1
        self.top1 += ranked[:1] == [truth]
        self.top3 += truth in ranked[:3]
        self.baseline1 += frequent[:1] == [truth]
        self.baseline3 += truth in frequent[:3]

    def as_dict(self) -> dict[str, float | int]:
        n = self.cases or 1
        return {
            "cases": self.cases,
            "top1": round(self.top1 / n, 3),
            "top3": round(self.top3 / n, 3),
            "baseline_top1": round(self.baseline1 / n, 3),
            "baseline_top3": round(self.baseline3 / n, 3),
        }


def _frequent(counts: Counter[str], codes: Iterable[str]) -> list[str]:
    """The categories by how often they were coded (ties in codebook order): the baseline."""
    order = {code: i for i, code in enumerate(codes)}
    return sorted(order, key=lambda code: (-counts[code], order[code]))


def sample_project() -> dict[str, float | int]:
    """Leave one anchor out: does its text rank its own category first?"""
    book = samples_codebook()
    index = build_index(book, [])
    anchors = [(c.code, a.text) for c in book for a in c.anchors if c.status != "retired"]
    counts = Counter(code for code, _ in anchors)
    codes = [c.code for c in book if c.status != "retired"]
    score = Score()
    for code, text in anchors:
        keys = index.keys(text)
        for _ in range(DEFINITION_WEIGHT):
            index.remove_keys(code, keys)
        ranked = [s.category for s in index.rank_keys(keys, among=codes)]
        left = counts.copy()
        left[code] -= 1
        score.add(code, ranked, _frequent(left, codes))
        for _ in range(DEFINITION_WEIGHT):
            index.add_keys(code, keys)
    return score.as_dict()


def samples_codebook() -> Codebook:
    from qualcode.importers.codebook_yaml import load_codebook

    return load_codebook(samples.codebook())


def serdif() -> dict[str, float | int] | None:
    """One document of the study held out at a time; its quotes ranked against the others'."""
    tags, quotes = SERDIF / "codebook_20220303_8.csv", SERDIF / "all_tags_20220303.csv"
    if not tags.exists() or not quotes.exists():
        return None
    with tags.open(encoding="utf-8") as handle:
        described = {row["tag"]: row["description"] for row in csv.DictReader(handle)}
    with quotes.open(encoding="utf-8") as handle:
        coded = [(r["document"], r["tag"], r["content"]) for r in csv.DictReader(handle)]
    codes = sorted(described)
    score = Score()
    for held in sorted({d for d, _, _ in coded}):
        index = SuggestionIndex("en")
        for tag, description in described.items():
            index.add(tag, f"{tag}\n{description}", weight=DEFINITION_WEIGHT)
        counts: Counter[str] = Counter()
        for document, tag, text in coded:
            if document != held and tag in described:
                index.add(tag, text)
                counts[tag] += 1
        frequent = _frequent(counts, codes)
        for document, tag, text in coded:
            if document == held and tag in described:
                score.add(tag, [s.category for s in index.rank(text, among=codes)], frequent)
    return score.as_dict()


def _timed(runs: int, work: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def _spread(times: list[float]) -> dict[str, float]:
    return {
        "min": round(min(times), 3),
        "median": round(statistics.median(times), 3),
        "max": round(max(times), 3),
    }


def bench_project(path: Path, runs: int, held_out: int) -> dict[str, object]:
    project = open_project(str(path), "bench")
    try:
        book = project.codebook.get()
        codings = project.coding.query()
        codes = [c.code for c in book if c.status != "retired"]
        ids = {d.name: d.id for d in project.documents.all()}
        train = [c for c in codings if ids[c.document] % 5]
        test = [c for c in codings if not ids[c.document] % 5]
        rng = random.Random(2026)
        test = rng.sample(test, min(held_out, len(test)))
        started = time.perf_counter()
        index = build_index(book, [(c.category, c.text) for c in train])
        build = time.perf_counter() - started
        frequent = _frequent(Counter(c.category for c in train), codes)
        score = Score()
        rank_times = []
        for coding in test:
            started = time.perf_counter()
            ranked = [s.category for s in index.rank(coding.text, among=codes)]
            rank_times.append(time.perf_counter() - started)
            score.add(coding.category, ranked, frequent)
        update_times = []
        for coding in test[:500]:
            started = time.perf_counter()
            index.add(coding.category, coding.text)
            update_times.append(time.perf_counter() - started)
        live = _timed(runs, project.suggestions.live)
        result: dict[str, object] = {
            "codings": len(codings),
            "trained_on": len(train),
            "accuracy": score.as_dict(),
            "index_build_seconds": round(build, 2),
            "workbench_index_seconds": _spread(live),
            "rank_ms": _spread([t * 1000 for t in rank_times]),
            "update_ms": _spread([t * 1000 for t in update_times]),
        }
        texts = _texts(path)
        words = sum(len(t.split()) for t in texts)
        counted = _timed(runs, lambda: project.words.frequencies(top=20))
        baseline = _timed(runs, lambda: Counter(w for t in texts for w in t.lower().split()))
        result["word_frequencies"] = {
            "words": words,
            "qualcode_seconds": _spread(counted),
            "counter_seconds": _spread(baseline),
            "ratio_median": round(statistics.median(counted) / statistics.median(baseline), 1),
            "qualcode_words_per_second": round(words / statistics.median(counted)),
        }
        return result
    finally:
        project.close()


def _texts(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT text FROM documents")]
    finally:
        connection.close()


def _accuracy_note(what: str, score: dict[str, float | int]) -> str:
    return (
        f"suggestions, {what} ({score['cases']:,} passages): top-1 {score['top1']:.1%}, "
        f"top-3 {score['top3']:.1%}; the most frequent category: top-1 "
        f"{score['baseline_top1']:.1%}, top-3 {score['baseline_top3']:.1%}"
    )


def _coded(path: Path) -> list[tuple[int, list[str]]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT category_id, text FROM codings")
        return [(int(category), text.split()) for category, text in rows]
    finally:
        connection.close()


def figures(context: Context) -> list[Figure]:
    """The workbench's index beside a bare count per category; the accuracies as notes."""
    context.notes.append(_accuracy_note("sample codebook, each anchor left out", sample_project()))
    real = None if context.quick else serdif()
    if real is not None:
        context.notes.append(_accuracy_note("SERDIF's real codings, a document held out", real))
    source = context.bench_project or context.peer_project
    if source is None:
        return []
    folder = context.out / "suggestions"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "project.db"
    for suffix in ("-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copy(source, copy)
    coded = _coded(copy)

    def bare() -> object:
        bags: dict[int, Counter[str]] = {}
        for category, words in coded:
            bags.setdefault(category, Counter()).update(words)
        return bags

    def timed(action: Callable[[], object]) -> Callable[[], Sample]:
        def run() -> Sample:
            started = time.perf_counter()
            action()
            # no peak memory: the baseline's lists share the process
            return Sample(time.perf_counter() - started)

        return run

    name = "bench project" if context.bench_project else "peer corpus"
    project = open_project(str(copy), "bench")
    try:
        ours, theirs = alternately(context.runs, timed(project.suggestions.live), timed(bare))
    finally:
        project.close()
    words = sum(len(w) for _, w in coded)
    return [
        Figure(
            "suggestions",
            Series(
                f"suggestions' index as the workbench builds it ({name}, {len(coded):,} "
                f"codings, {words:,} words)",
                ours,
            ),
            Series("bare Counter per category over the coded words, split beforehand", theirs),
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=OUT / "bench.db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--held-out", type=int, default=2000)
    args = parser.parse_args()
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_before": os.getloadavg(),
        "sample_project": sample_project(),
        "serdif_real_codings": serdif(),
    }
    if args.bench.exists():
        results["bench_project"] = bench_project(args.bench, args.runs, args.held_out)
    else:
        results["bench_project"] = f"no bench project at {args.bench} (bench/make_project.py)"
    results["uptime"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    OUT.mkdir(exist_ok=True)
    (OUT / "suggestions.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
