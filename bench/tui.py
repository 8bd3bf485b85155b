"""Time the workbench: launch to first screen, painting a huge transcript, a key press, and
switching documents in the bench project.

    python bench/tui.py [--project bench/out/bench.db]

Runs the real app headless (Textual's run_test). Prints the figures and writes
bench/out/tui.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

LAUNCH = """
import asyncio, os, sys, time
from qualcode.services.project import open_project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.widgets.transcript_view import TranscriptView

async def main():
    app = QualcodeApp(open_project(sys.argv[1], "bench"))
    async with app.run_test(size=(160, 48)) as pilot:
        while True:
            view = app.screen.query(TranscriptView)
            if view and view.first().transcript is not None:
                break
            await asyncio.sleep(0.005)
        await pilot.pause()
        print(time.time() - float(os.environ["BENCH_T0"]))

asyncio.run(main())
"""


def launch(project: Path, runs: int) -> float:
    """Median seconds from starting the process to the first transcript on screen."""
    samples = []
    for _ in range(runs):
        env = {**os.environ, "BENCH_T0": repr(time.time())}
        out = subprocess.run(
            [sys.executable, "-c", LAUNCH, str(project)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    return statistics.median(samples)


def huge_transcript(turns: int, codings: int):  # type: ignore[no-untyped-def]
    """A synthetic transcript and codings as the services would hand them over."""
    import random

    from qualcode.domain.coding import Coding
    from qualcode.domain.transcript import DocumentInfo, Transcript, Turn

    rng = random.Random(1)
    words = [
        "Kunde",
        "Vertrieb",
        "Messe",
        "Angebot",
        "Vertrauen",
        "Service",
        "Preis",
        "Vertrag",
        "Termin",
        "Anfrage",
    ]
    pieces, turn_list, offset = [], [], 0
    for i in range(turns):
        text = " ".join(rng.choices(words, k=rng.randint(8, 60))) + "."
        turn_list.append(Turn(i + 1, "I" if i % 2 == 0 else "B", offset, offset + len(text)))
        pieces.append(text)
        offset += len(text) + 1
    now = datetime.now(UTC)
    info = DocumentInfo(1, "huge", "huge.txt", "text", "x", "bench", now, turns, 0)
    transcript = Transcript(info, "\n".join(pieces), tuple(turn_list))
    found = []
    for i in range(codings):
        t = turn_list[rng.randrange(turns)]
        found.append(
            Coding(
                i + 1,
                "huge",
                1,
                f"K{rng.randint(1, 12)}.1",
                "x",
                t.char_start,
                t.char_end,
                "",
                "bench",
                "",
                now,
                now,
            )
        )
    return transcript, found


async def in_app(project: Path) -> dict[str, float]:
    from qualcode.services.project import open_project
    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.coding import CodingScreen
    from qualcode.tui.widgets.transcript_view import TranscriptView

    app = QualcodeApp(open_project(str(project), "bench"))
    results: dict[str, float] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        view = screen.query_one(TranscriptView)
        transcript, codings = huge_transcript(10_000, 2_000)
        colours = {f"K{i}.1": "#4477AA" for i in range(1, 13)}
        started = time.perf_counter()
        view.show(transcript, codings, colours)
        for y in range(view.size.height):  # what a paint of the screen asks for
            view.render_line(y)
        results["paint_10000_turns_2000_codings_ms"] = (time.perf_counter() - started) * 1000
        await pilot.pause()
        presses = []
        for _ in range(30):
            started = time.perf_counter()
            await pilot.press("down")
            presses.append((time.perf_counter() - started) * 1000)
        results["key_press_median_ms"] = statistics.median(presses)
        names = [d.name for d in screen.query_one("#documents").documents][:40]  # type: ignore[attr-defined]
        switches = []
        for name in names[1:21]:
            started = time.perf_counter()
            screen.open_document(name)
            await app.workers.wait_for_complete()
            await pilot.pause()
            switches.append((time.perf_counter() - started) * 1000)
        results["switch_document_median_ms"] = statistics.median(switches)
        results["documents"] = len(screen.query_one("#documents").documents)  # type: ignore[attr-defined]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results = {"launch_to_first_screen_s": launch(args.project, args.runs)}
    results.update(asyncio.run(in_app(args.project)))
    for key, value in results.items():
        print(f"{key:40} {value:8.3f}")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "tui.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
