"""Time the search index and searching on the bench project, beside bare baselines.

    python bench/search.py [--runs 5] [--project bench/out/bench.db]

Measures, on a copy of the project: building the index (each turn's sentences and where every
word form stands, 4 million words) against spaCy's blank German pipeline with its sentencizer
over the same texts; then plain, whole-word, lemma and compound searches through the service
and as whole ``qualcode search`` commands, against Python's ``re`` over the texts read with
sqlite3. Results go to bench/out/search.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from qualcode.domain.search import SearchQuery
from qualcode.services.project import open_project

HERE = Path(__file__).resolve().parent

QUERIES = {
    "plain 'Kunde'": SearchQuery("Kunde"),
    "whole word 'Kunden'": SearchQuery("Kunden", whole_word=True),
    "whole word 'Messe'": SearchQuery("Messe", whole_word=True),
    "lemma 'Messe'": SearchQuery("Messe", lemma=True),
    "lemma 'Kunde'": SearchQuery("Kunde", lemma=True),
    "lemma and parts 'Kunde'": SearchQuery("Kunde", lemma=True, parts=True),
    "phrase 'die Kunden'": SearchQuery("die Kunden"),
}


CPU: list[float] = []  # the processor time of the latest timed() runs (the machine is shared)


def timed(action: Callable[[], object], runs: int) -> tuple[list[float], object]:
    samples, result = [], None
    CPU.clear()
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        samples.append(time.perf_counter() - started)
        CPU.append(time.process_time() - cpu)
    return samples, result


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(samples), 4),
        "median_s": round(statistics.median(samples), 4),
        "max_s": round(max(samples), 4),
        "cpu_median_s": round(statistics.median(CPU), 4) if CPU else 0.0,
    }


def baseline_re(path: Path, word: str) -> int:
    """Python's re over every text, read with sqlite3: the bare plain search."""
    connection = sqlite3.connect(path)
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    found = 0
    for (text,) in connection.execute("SELECT text FROM documents"):
        found += sum(1 for _ in pattern.finditer(text))
    connection.close()
    return found


def baseline_spacy(path: Path) -> tuple[float, int]:
    """spaCy's blank German pipeline with the sentencizer over every turn: seconds, words."""
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    connection = sqlite3.connect(path)
    texts = [text for (text,) in connection.execute("SELECT text FROM documents")]
    connection.close()
    words = 0
    started = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=20):
        words += sum(1 for token in doc if token.is_alpha)
        sum(1 for _ in doc.sents)
    return time.perf_counter() - started, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    args = parser.parse_args()
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(args.project, copy)
        project = open_project(str(copy), "bench")
        words = project.search.index_state().pending_words

        started = time.perf_counter()
        built = project.search.build_index()
        seconds = time.perf_counter() - started
        results["index"] = {
            "documents": built,
            "words": words,
            "seconds": round(seconds, 2),
            "words_per_second": round(words / seconds),
        }
        print(
            f"index: {built} documents, {words:,} words in {seconds:.1f} s "
            f"= {words / seconds:,.0f} words/s"
        )
        spacy_seconds, spacy_words = baseline_spacy(copy)
        results["baseline spaCy blank pipeline + sentencizer"] = {
            "seconds": round(spacy_seconds, 2),
            "words": spacy_words,
            "words_per_second": round(spacy_words / spacy_seconds),
        }
        print(
            f"baseline spaCy: {spacy_words:,} words in {spacy_seconds:.1f} s "
            f"= {spacy_words / spacy_seconds:,.0f} words/s"
        )

        for word in ("Kunde", "Messe"):
            samples, found = timed(lambda w=word: baseline_re(copy, w), args.runs)
            results[f"baseline re '{word}'"] = {**summary(samples), "hits": found}
            print(
                f"{'baseline re ' + word:28s} {statistics.median(samples):6.3f} s  {found:,} hits"
            )
        for name, query in QUERIES.items():
            list(project.search.search(query))  # the first run reads the pages into the cache
            samples, hits = timed(lambda q=query: list(project.search.search(q)), args.runs)
            count = len(hits)  # type: ignore[arg-type]
            results[f"service {name}"] = {**summary(samples), "hits": count}
            print(
                f"{'service ' + name:28s} {statistics.median(samples):6.3f} s "
                f"(cpu {statistics.median(CPU):.3f})  {count:,} hits"
            )
        samples, _ = timed(
            lambda: next(iter(project.search.search(QUERIES["plain 'Kunde'"]))), args.runs
        )
        results["service first hit of plain 'Kunde'"] = summary(samples)
        print(f"{'service first hit Kunde':28s} {statistics.median(samples):6.3f} s")
        project.close()

        command = [str(Path(sys.executable).parent / "qualcode"), "--project", str(copy)]
        for name, extra in (
            ("plain 'Kunde'", []),
            ("lemma 'Kunde'", ["--lemma"]),
            ("lemma and parts 'Kunde'", ["--lemma", "--parts"]),
        ):
            samples, _ = timed(
                lambda extra=extra: subprocess.run(
                    [*command, "search", "Kunde", *extra, "--json"],
                    check=True,
                    stdout=subprocess.DEVNULL,
                ),
                args.runs,
            )
            results[f"command {name}"] = summary(samples)
            print(f"{'command ' + name:28s} {statistics.median(samples):6.3f} s")
        samples, _ = timed(
            lambda: subprocess.run([*command, "documents"], check=True, stdout=subprocess.DEVNULL),
            args.runs,
        )
        results["command qualcode documents (for scale)"] = summary(samples)
        print(f"{'command documents':28s} {statistics.median(samples):6.3f} s")
    out = HERE / "out" / "search.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
