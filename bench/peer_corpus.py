"""The peer corpus: a seeded project of the shape the peer figures were measured on.

200 transcripts of about 6,300 words (1.26 million words in all), `I: [hh:mm:ss] ...` /
`B: ...` turns of German words (umlauts included) drawn from the sample interviews, a codebook
of 20 categories under 5 main ones, and 20,000 codings (100 per document) by one coder, written
through the same services the CLI uses. The files and the project are kept under
bench/out/peer/ and reused while the generator's settings are unchanged.

    python bench/peer_corpus.py [--documents 200] [--words 6300] [--codings-per-document 100]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_project import vocabulary  # noqa: E402
from measure import OUT as BENCH_OUT  # noqa: E402

OUT = BENCH_OUT / "peer"
SEED = 1260
CODER = "coder-a"
MAIN_CATEGORIES = 5
SUBCATEGORIES = 4  # under each main one: 20 in all
ANCHOR = {"text": "Beispiel", "document": "P0001", "position": 1}


@dataclass(frozen=True)
class Shape:
    """What the corpus is made of; a corpus on disk is reused only when its shape is the same."""

    documents: int = 200
    words: int = 6300
    codings_per_document: int = 100
    seed: int = SEED
    attribute: str = "Branche"  # one case attribute (the attributes report needs one)


def german_words() -> list[str]:
    """The sample interviews' words, with umlauts and ß guaranteed among them."""
    words = vocabulary()
    return words + ["Größe", "Kundenbedürfnisse", "Gespräch", "übernehmen", "Märkte", "schließlich"]


def transcript(rng: random.Random, words: list[str], target: int) -> str:
    """One interview: alternating I/B turns, each with its start time, a blank line between."""
    lines: list[str] = []
    count, seconds, speaker = 0, 0.0, "I"
    while count < target:
        n = rng.randint(8, 25) if speaker == "I" else rng.randint(60, 250)
        n = min(n, max(target - count, 4))
        chosen = rng.choices(words, k=n)
        body = " ".join(chosen).capitalize() + rng.choice([".", ".", "?", "!"])
        whole = int(seconds)
        mark = f"[{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}]"
        lines += [f"{speaker}: {mark} {body}" if speaker == "I" else f"{speaker}: {body}", ""]
        seconds += n / 2.3 + rng.uniform(0.5, 3)
        count += n
        speaker = "B" if speaker == "I" else "I"
    return "\n".join(lines)


def codebook_yaml() -> tuple[dict[str, object], list[str]]:
    """5 main categories with 4 subcategories each; the codes codings use (the 20)."""
    categories, codes = [], []
    for m in range(1, MAIN_CATEGORIES + 1):
        subs = []
        for s in range(1, SUBCATEGORIES + 1):
            codes.append(f"P{m}.{s}")
            subs.append(
                {
                    "code": f"P{m}.{s}",
                    "name": f"Unterkategorie {m}.{s} – Äußerung",
                    "origin": "deductive",
                    "reference": "Peer-Korpus",
                    "definition": "Synthetisch.",
                    "coding_rule": "Synthetisch.",
                    "anchors": [dict(ANCHOR)],
                }
            )
        categories.append(
            {
                "code": f"P{m}",
                "name": f"Hauptkategorie {m}",
                "origin": "deductive",
                "reference": "Peer-Korpus",
                "definition": "Synthetisch.",
                "coding_rule": "Synthetisch.",
                "anchors": [dict(ANCHOR)],
                "subcategories": subs,
            }
        )
    data = {"format": "qualcode-codebook/1", "title": "Peer", "version": "1.0"}
    return {**data, "categories": categories}, codes


def write_files(folder: Path, shape: Shape) -> list[Path]:
    """The transcripts (and the codebook beside them); kept while the shape is unchanged."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder.with_name(folder.name + ".json")  # beside the files: a peer imports a folder
    files = [folder / f"P{i:04d}.txt" for i in range(1, shape.documents + 1)]
    same = stamp.exists() and json.loads(stamp.read_text()) == asdict(shape)
    if same and all(p.exists() for p in files):
        return files
    rng = random.Random(shape.seed)
    words = german_words()
    for path in files:
        path.write_text(transcript(rng, words, shape.words), encoding="utf-8")
    stamp.write_text(json.dumps(asdict(shape)), encoding="utf-8")
    return files


def build(out: Path = OUT, shape: Shape | None = None) -> Path:
    """The corpus's files and its project (bench/out/peer/peer.db); returns the project file."""
    from qualcode.services.coding import CodingRequest
    from qualcode.services.project import init_project

    shape = shape or Shape()
    out.mkdir(parents=True, exist_ok=True)
    files = write_files(out / "transcripts", shape)
    project_file = out / "peer.db"
    stamp = out / "peer.json"
    built = stamp.exists() and json.loads(stamp.read_text()).get("shape") == asdict(shape)
    if built and project_file.exists():
        return project_file
    for suffix in ("", "-wal", "-shm"):
        Path(str(project_file) + suffix).unlink(missing_ok=True)
    book, codes = codebook_yaml()
    (out / "codebook.yaml").write_text(
        yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    started = time.perf_counter()
    rng = random.Random(shape.seed + 2)
    cases = out / "cases.csv"
    with cases.open("w", encoding="utf-8") as handle:
        handle.write(f"document,{shape.attribute}\n")
        for file in files:
            handle.write(f"{file.stem},{rng.choice(['Logistik', 'Chemie', 'Software'])}\n")
    project = init_project(str(project_file), CODER, out / "codebook.yaml")
    report = project.documents.import_files(files, attributes_file=cases)
    rng = random.Random(shape.seed + 1)
    requests = []
    for info in report.imported:
        turns = project.documents.transcript(info.name).turns
        for _ in range(shape.codings_per_document):
            turn = turns[rng.randrange(len(turns))]
            start, end = turn.char_start, turn.char_end
            if rng.random() < 0.5:  # a sentence-sized part of the turn
                start += rng.randint(0, max((end - start) // 2, 1))
                end = min(end, start + rng.randint(40, 300))
            requests.append(CodingRequest(info.name, rng.choice(codes), start, max(end, start + 1)))
    project.coding.add_many(requests)
    project.close()
    figures = {
        "shape": asdict(shape),
        "words": sum(d.words for d in report.imported),
        "codings": len(requests),
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    stamp.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return project_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = Shape()
    parser.add_argument("--documents", type=int, default=defaults.documents)
    parser.add_argument("--words", type=int, default=defaults.words)
    parser.add_argument("--codings-per-document", type=int, default=defaults.codings_per_document)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    shape = Shape(args.documents, args.words, args.codings_per_document)
    project_file = build(args.out, shape)
    print(project_file)
    print((args.out / "peer.json").read_text())


if __name__ == "__main__":
    main()
