"""Time word frequencies and keyness on the bench project, beside a bare ``Counter``.

    python bench/words.py [--project bench/out/bench.db] [--runs 3] [--only all] [--out NAME]
    python bench/words.py --index [--project bench/out/bench.db] [--runs 3]

Works on a copy of the project. Each grouping of ``qualcode words`` (the whole project by lemma
and by word form, per document, speaker role, category and case attribute, and a keyness by
speaker) is timed through the service, beside ``collections.Counter(text.lower().split())`` over
the same texts read with sqlite3 (no lemmas, no stop words, punctuation left on the words), in
the same run, each ``--runs`` times. ``--only all`` times the whole project by lemma alone (to
run the code of an earlier version beside it: put that version first on PYTHONPATH). Results go
to bench/out/words.json (or ``--out``).

``--index`` asks whether counting could read the search index instead of the texts: it builds
the index on the copy, then times reading every document's word forms with their counts from
it (what the index stores: per form and segment, each document's number of places and the
places) beside reading the texts and counting their words split at blanks.

`bench/run.py` calls :func:`figures`: the whole project by lemma, by speaker, by category and a
keyness by speaker on the bench project (the peer corpus in a quick run), each beside a bare
``Counter`` over the same words split beforehand (the documents' words, or for the categories
the coded passages' words), alternately in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import qualcode
from qualcode.services.project import open_project

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Context, Figure, Sample, Series, alternately  # noqa: E402


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def spread(samples: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(samples), 3),
        "median_s": round(statistics.median(samples), 3),
        "max_s": round(max(samples), 3),
    }


def texts(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT text FROM documents")]
    finally:
        connection.close()


def attribute_key(path: Path) -> str | None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT key FROM attributes ORDER BY key LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return str(row[0]) if row else None


def coded_texts(path: Path) -> list[str]:
    """The coded passages' texts, each passage once however many coders coded it alike (as
    ``--by category`` counts them)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT DISTINCT category_id, document_id, char_start, char_end, text FROM codings"
        )
        return [row[4] for row in rows]
    finally:
        connection.close()


def _sample(action: Callable[[], object]) -> Sample:
    started = time.perf_counter()
    action()
    # no peak memory: the baseline's lists share the process
    return Sample(time.perf_counter() - started)


def _timing(action: Callable[[], object]) -> Callable[[], Sample]:
    return lambda: _sample(action)


def figures(context: Context) -> list[Figure]:
    """Word frequencies and keyness through the service, each beside a bare ``Counter``."""
    source = context.bench_project or context.peer_project
    if source is None:
        context.notes.append("bench/words.py: no project to count")
        return []
    folder = context.out / "words"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "project.db"
    for suffix in ("-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copy(source, copy)
    split = [w for t in texts(copy) for w in t.split()]
    coded = [w for t in coded_texts(copy) for w in t.split()]
    name = "bench project" if context.bench_project else "peer corpus"
    project = open_project(str(copy), "bench")
    words = project.words
    cases: list[tuple[str, Callable[[], object], list[str], str]] = [
        ("whole project, lemmas", lambda: words.frequencies(top=20), split, "the documents'"),
        ("by speaker", lambda: words.frequencies(by="speaker", top=20), split, "the documents'"),
        ("by category", lambda: words.frequencies(by="category", top=20), coded, "the coded"),
        (
            "keyness interviewer vs respondent",
            lambda: words.keyness("interviewer", "respondent", by="speaker"),
            split,
            "the documents'",
        ),
    ]
    found = []
    try:
        for label, action, baseline_words, whose in cases:
            if not baseline_words:
                context.notes.append(f"bench/words.py: nothing to count {label}")
                continue
            ours, theirs = alternately(
                context.runs, _timing(action), _timing(partial(Counter, baseline_words))
            )
            found.append(
                Figure(
                    "words",
                    Series(
                        f"qualcode words, {label} ({name}, {len(baseline_words):,} words)", ours
                    ),
                    Series(f"bare Counter over {whose} words, split beforehand", theirs),
                )
            )
    finally:
        project.close()
    return found


def index_against_texts(path: Path, runs: int) -> dict[str, object]:
    """Per-document word counts from the search index beside those of the texts themselves."""
    from array import array

    project = open_project(str(path), "bench")
    try:
        started = time.perf_counter()
        project.search.build_index()
        built = time.perf_counter() - started
    finally:
        project.close()

    def from_index() -> object:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            forms = dict(connection.execute("SELECT id, form FROM search_terms"))
            live = dict(connection.execute("SELECT document_id, segment FROM search_documents"))
            per_document: dict[int, Counter[str]] = {}
            for term, segment, data in connection.execute(
                "SELECT term_id, segment, data FROM search_postings"
            ):
                places = array("I")
                places.frombytes(data)
                at, form = 0, forms[term]
                while at < len(places):
                    document, count = places[at], places[at + 1]
                    if live.get(document) == segment:
                        per_document.setdefault(document, Counter())[form] += count
                    at += 2 + count
            return per_document
        finally:
            connection.close()

    def from_texts() -> object:
        return [Counter(text.split()) for text in texts(path)]

    index_times = timed(from_index, runs)
    text_times = timed(from_texts, runs)
    return {
        "index_build_s": round(built, 2),
        "counts_from_the_index": spread(index_times),
        "counts_from_the_texts": spread(text_times),
        "ratio_median": round(statistics.median(index_times) / statistics.median(text_times), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["all"], default=None)
    parser.add_argument("--out", default="words.json")
    parser.add_argument("--index", action="store_true", help="the search index against the texts")
    args = parser.parse_args()
    if not args.project.exists():
        raise SystemExit(f"no bench project at {args.project} (bench/make_project.py)")
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "code": str(Path(qualcode.__file__).parent),
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(args.project, copy)
        corpus = texts(copy)
        results["words"] = sum(len(t.split()) for t in corpus)
        key = attribute_key(copy)
        if args.index:
            results["index_against_texts"] = index_against_texts(copy, args.runs)
            print(json.dumps(results, indent=2))
            return
        project = open_project(str(copy), "bench")
        words = project.words
        cases: dict[str, Callable[[], object]] = {
            "all, lemmas": lambda: words.frequencies(top=20),
        }
        if args.only is None:
            cases.update(
                {
                    "all, word forms": lambda: words.frequencies(lemma=False, top=20),
                    "by document": lambda: words.frequencies(by="document", top=20),
                    "by speaker": lambda: words.frequencies(by="speaker", top=20),
                    "by category": lambda: words.frequencies(by="category", top=20),
                    "keyness interviewer vs respondent": lambda: words.keyness(
                        "interviewer", "respondent", by="speaker"
                    ),
                }
            )
            if key is not None:
                cases[f"by attr:{key}"] = lambda: words.frequencies(by=f"attr:{key}", top=20)
        measured: dict[str, object] = {}
        try:
            for name, action in cases.items():
                baseline = timed(
                    lambda: Counter(w for t in corpus for w in t.lower().split()), args.runs
                )
                ours = timed(action, args.runs)
                measured[name] = {
                    "qualcode": spread(ours),
                    "bare_counter": spread(baseline),
                    "ratio_median": round(statistics.median(ours) / statistics.median(baseline), 2),
                }
                print(name, json.dumps(measured[name]), flush=True)
        finally:
            project.close()
        results["cases"] = measured
    results["uptime"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    out = HERE / "out" / args.out
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
