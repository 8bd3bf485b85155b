"""Build the bench project: a seeded synthetic project at the scale users reach.

500 transcripts of about 8,000 words (German words drawn from the sample interviews), a codebook of
80 categories in 12 main ones, case attributes, and 100,000 codings by three coders, all written
through the same services the CLI uses. Prints the timings and writes them to bench/out/.

    python bench/make_project.py [--documents 500] [--words 8000] [--codings 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import time
from pathlib import Path

import yaml

from qualcode.services.coding import CodingRequest
from qualcode.services.project import init_project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
INDUSTRIES = [
    "Maschinenbau",
    "Logistik",
    "Chemie",
    "Software",
    "Beratung",
    "Elektrotechnik",
    "Verpackung",
    "Handel",
]
SIZES = ["10–49", "50–249", "250–999", "≥1000"]
ROLES = [
    "Vertriebsleitung",
    "Marketing",
    "Key Account Management",
    "Geschäftsführung",
    "Customer Success",
]


def vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted((ROOT / "qualcode" / "samples" / "transcripts").glob("B0*")):
        words += re.findall(r"[A-Za-zÄÖÜäöüß][\w-]*", path.read_text(encoding="utf-8"))
    return words


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    chosen = rng.choices(words, k=length)
    return " ".join(chosen).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def transcript(rng: random.Random, words: list[str], target: int, timed: bool) -> str:
    lines = ["Synthetisches Benchmark-Interview, zufällig erzeugt.", ""]
    count, seconds, speaker = 0, 0.0, "I"
    while count < target:
        n = rng.randint(8, 25) if speaker == "I" else rng.randint(60, 250)
        parts, left = [], n
        while left > 0:
            k = min(left, rng.randint(6, 22))
            parts.append(sentence(rng, words, k))
            left -= k
        seconds += n / 2.3 + rng.uniform(0.5, 3)
        whole, tenth = int(seconds), int(seconds * 10) % 10
        mark = f" #{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}-{tenth}#"
        lines += [f"{speaker}: {' '.join(parts)}{mark if timed else ''}", ""]
        count += n
        speaker = "B" if speaker == "I" else "I"
    return "\n".join(lines)


def codebook(path: Path) -> list[str]:
    """12 main categories with 68 subcategories between them: 80 in all."""
    rng = random.Random(7)
    subs_per_main = [6] * 8 + [5] * 4  # 48 + 20 = 68
    anchor = [{"text": "Synthetisches", "document": "D0001", "position": 1}]
    cats, codes = [], []
    for m, n in enumerate(subs_per_main, start=1):
        subs = []
        for s in range(1, n + 1):
            code = f"K{m}.{s}"
            codes.append(code)
            subs.append(
                {
                    "code": code,
                    "name": f"Unterkategorie {m}.{s}",
                    "origin": "deductive",
                    "reference": "Benchmark",
                    "definition": "Synthetisch.",
                    "coding_rule": "Synthetisch.",
                    "anchors": [dict(a) for a in anchor],
                }
            )
        codes.append(f"K{m}")
        cats.append(
            {
                "code": f"K{m}",
                "name": f"Hauptkategorie {m}",
                "origin": "deductive",
                "reference": "Benchmark",
                "definition": "Synthetisch.",
                "coding_rule": "Synthetisch.",
                "anchors": [dict(a) for a in anchor],
                "colour": f"#{rng.randint(0, 0xFFFFFF):06X}",
                "subcategories": subs,
            }
        )
    data = {
        "format": "qualcode-codebook/1",
        "title": "Benchmark",
        "version": "1.0",
        "categories": cats,
    }
    # Written out in full: the codebook reader refuses YAML aliases (*id001) that repeat a list.
    text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return codes


class _NoAliases(yaml.SafeDumper):
    """Every anchor list written out: qualcode reads codebooks strictly, without aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def baseline_import(files: list[Path], db: Path) -> float:
    """Reading, splitting and bulk-inserting the same files with plain Python and sqlite3."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    out: Path = args.out
    folder = out / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    words = vocabulary()
    results: dict[str, object] = {
        "documents": args.documents,
        "words_per_document": args.words,
        "codings": args.codings,
    }

    started = time.perf_counter()
    files = []
    for i in range(1, args.documents + 1):
        path = folder / f"D{i:04d}.txt"
        path.write_text(transcript(rng, words, args.words, timed=i % 2 == 0), encoding="utf-8")
        files.append(path)
    with (out / "cases.csv").open("w", encoding="utf-8") as handle:
        handle.write("document,Branche,Unternehmensgröße,Rolle,Berufserfahrung\n")
        for path in files:
            handle.write(
                f"{path.stem},{rng.choice(INDUSTRIES)},{rng.choice(SIZES)},"
                f"{rng.choice(ROLES)},{rng.randint(1, 30)}\n"
            )
    codes = codebook(out / "codebook.yaml")
    results["generate_seconds"] = round(time.perf_counter() - started, 2)

    project_file = out / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(project_file) + suffix).unlink(missing_ok=True)
    build_started = time.perf_counter()
    project = init_project(str(project_file), "coder-a", out / "codebook.yaml")
    started = time.perf_counter()
    report = project.documents.import_files(files, attributes_file=out / "cases.csv")
    results["import_seconds"] = round(time.perf_counter() - started, 2)
    results["total_words"] = sum(d.words for d in report.imported)
    results["baseline_import_seconds"] = round(baseline_import(files, out / "baseline.db"), 2)

    started = time.perf_counter()
    transcripts = {d.name: project.documents.transcript(d.name) for d in report.imported}
    names = sorted(transcripts)
    per_coder = args.codings // 3
    for index, coder in enumerate(["coder-a", "coder-b", "coder-c"]):
        requests = []
        for _ in range(per_coder + (args.codings % 3 if index == 0 else 0)):
            t = transcripts[rng.choice(names)]
            first = rng.randint(2, len(t.turns))
            last = min(len(t.turns), first + rng.choice([0, 0, 0, 1, 2]))
            start, end = t.turns[first - 1].char_start, t.turns[last - 1].char_end
            if rng.random() < 0.3:  # a sentence-sized part of the turn
                length = end - start
                start += rng.randint(0, max(length // 2, 1))
                end = min(end, start + rng.randint(40, 300))
            if end <= start:
                end = start + 1
            requests.append(
                CodingRequest(
                    t.document.name,
                    rng.choice(codes),
                    start,
                    end,
                    coding_pass=rng.choice(["pilot", "main", "main"]),
                )
            )
        project.as_coder(coder).coding.add_many(requests)
    results["coding_seconds"] = round(time.perf_counter() - started, 2)
    project.close()
    results["build_seconds"] = round(time.perf_counter() - build_started, 2)
    results["file_mib"] = round(project_file.stat().st_size / 2**20, 1)
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
