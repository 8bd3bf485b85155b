"""A seeded plain-text interview transcript of any size, written as it is generated.

A 200 MB file is generated in about half a minute without holding it in memory: I:/B: turns
of German words drawn from the sample interviews (as the bench project's), blank lines between
them, f4 time marks at the turns' ends, a blank line between turns.

    python bench/big_transcript.py OUT.txt [--megabytes 200] [--seed 2026]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_project import vocabulary  # noqa: E402


def write_big_transcript(path: Path, megabytes: float, seed: int = 2026) -> Path:
    """``path`` with a transcript of about ``megabytes`` MiB; kept when it is there already."""
    size = int(megabytes * 2**20)
    if path.exists() and abs(path.stat().st_size - size) < 2**20:
        return path
    rng = random.Random(seed)
    words = vocabulary()
    seconds, speaker, written = 0.0, "I", 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("Synthetisches Interview in Überlänge, zufällig erzeugt.\n\n")
        while written < size:
            n = rng.randint(8, 25) if speaker == "I" else rng.randint(60, 250)
            body = " ".join(rng.choices(words, k=n)).capitalize()
            seconds += n / 2.3 + rng.uniform(0.5, 3)
            whole, tenth = int(seconds), int(seconds * 10) % 10
            mark = f"#{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}-{tenth}#"
            line = f"{speaker}: {body}. {mark}\n\n"
            handle.write(line)
            written += len(line.encode())
            speaker = "B" if speaker == "I" else "I"
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--megabytes", type=float, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_big_transcript(args.out, args.megabytes, args.seed)


if __name__ == "__main__":
    main()
