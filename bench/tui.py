"""Time the workbench: launch to first screen, painting a huge transcript, a key press, and
switching documents in the bench project.

    python bench/tui.py [--project bench/out/bench.db]
    python bench/tui.py --steps --runs 3    # every step of the UI thread over 20 ms
    python bench/tui.py --callbacks --runs 3  # callbacks over 12 ms of CPU, the collector's share
    python bench/tui.py --old /tmp/old-tui --runs 5   # older code (its `qualcode` package's
                                                      # parent) beside this, alternately

Runs the real app headless (Textual's run_test), and times the launch once more as a user
sees it: `qualcode tui` in a pseudo-terminal, until the first transcript's words are written to
it. Prints the figures (with `python -c pass` to tell a quiet machine from a busy one, and a
one-line Textual app timed the same way, to tell what Textual costs from what qualcode adds) and
writes bench/out/tui.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# The headless launch, the way `qualcode tui` starts (open_workbench: open the project, start
# reading the first screen's data, import the workbench), then run it. The moment counted is the
# first frame with transcript lines in it that Textual hands to the terminal: a frame drawn
# while the app is still mounting is held back by Textual and never shown, so it does not count
# (until 2026-11-26 it did). "Settled" is when the app is idle afterwards (Textual's
# pilot.pause(), which also waits out work still running after the first paint).
LAUNCH = """
import asyncio, os, sys, time
t0 = float(os.environ["BENCH_T0"])
from qualcode.cli.context import Settings
from qualcode.cli.tui_command import open_workbench
app = open_workbench(Settings(project=sys.argv[1], coder="bench"))
from qualcode.tui.widgets.transcript_view import TranscriptView
import textual.app

seen = {"lines": False, "frame": None}
draw = TranscriptView._draw
def counting_draw(self, line):
    seen["lines"] = seen["lines"] or self.transcript is not None
    return draw(self, line)
TranscriptView._draw = counting_draw
display = textual.app.App._display
def watching_display(self, screen, renderable):
    shown = renderable is not None and not self._batch_count
    if shown and seen["lines"] and seen["frame"] is None:
        seen["frame"] = time.time() - t0
    return display(self, screen, renderable)
textual.app.App._display = watching_display

async def main():
    async with app.run_test(size=(160, 48)) as pilot:
        while seen["frame"] is None:
            await asyncio.sleep(0.002)
        await pilot.pause()
        print(seen["frame"], time.time() - t0)

asyncio.run(main())
"""


# Textual alone, for comparison: an app with one line of text, timed the same way (to its first
# frame). What the workbench adds to it is what qualcode's own start-up costs.
TEXTUAL_ALONE = """
import asyncio, os, time
t0 = float(os.environ["BENCH_T0"])
from textual.app import App
from textual.widgets import Static
import textual.app

seen = {"frame": None}
display = textual.app.App._display
def watching_display(self, screen, renderable):
    if renderable is not None and not self._batch_count and seen["frame"] is None:
        seen["frame"] = time.time() - t0
    return display(self, screen, renderable)
textual.app.App._display = watching_display

class Hello(App):
    def compose(self):
        yield Static("Kundenbindung im B2B-Vertrieb")

async def main():
    async with Hello().run_test(size=(160, 48)) as pilot:
        while seen["frame"] is None:
            await asyncio.sleep(0.002)
        print(seen["frame"], time.time() - t0)

asyncio.run(main())
"""


def launch(project: Path, runs: int, script: str = LAUNCH) -> tuple[float, float]:
    """Medians of seconds from starting the process to the first frame with the transcript,
    and to the app settling after it (headless)."""
    frames, settled = [], []
    for _ in range(runs):
        env = {**os.environ, "BENCH_T0": repr(time.time())}
        out = subprocess.run(
            [sys.executable, "-c", script, str(project)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        frame, idle = out.strip().splitlines()[-1].split()
        frames.append(float(frame))
        settled.append(float(idle))
    return statistics.median(frames), statistics.median(settled)


# Terminal control sequences (CSI, OSC, charset and keypad modes), taken out to find the text.
_ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>NOPc78])"
)


def terminal_launch(project: Path, runs: int) -> float | None:
    """Median seconds from starting `qualcode tui` in a pseudo-terminal (160x48) to the first
    transcript's opening words arriving on that terminal (then q quits it). None without a pty."""
    samples = terminal_samples(*workbench_in_terminal(project), runs)
    return statistics.median(samples) if samples else None


def workbench_in_terminal(project: Path) -> tuple[list[str], bytes]:
    """`qualcode tui` on the project, and the first transcript's first long word."""
    from qualcode.services.project import open_project

    with open_project(str(project), "bench") as opened:
        first = opened.documents.all()[0].name
        words = opened.documents.transcript(first).text.split()
    needle = next((w for w in words if len(w) >= 8), words[0]).encode()
    script = Path(sys.executable).with_name("qualcode")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qualcode.cli.app"]
    command += ["--project", str(project), "--coder", "bench", "tui"]
    return command, needle


# A one-label Textual app, as a user starts it in the terminal: the floor of the workbench's
# first transcript (what Textual itself costs to show a line and wait for keys).
ONE_LABEL = """
from textual.app import App
from textual.widgets import Label

class Hello(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Label("Kundenbindung im B2B-Vertrieb")

Hello().run()
"""


def terminal_samples(command: list[str], needle: bytes, runs: int) -> list[float]:
    """Seconds from starting ``command`` in a pseudo-terminal (160x48) until ``needle`` is
    shown on it, once per run (q then quits it). Empty without a pty (Windows)."""
    try:
        import fcntl
        import pty
        import termios
    except ImportError:  # not on Windows
        return []
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: the workbench on the pseudo-terminal
            os.environ["TERM"] = "xterm-256color"
            os.execv(command[0], command)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
        shown, seen = b"", None
        while seen is None and time.perf_counter() - started < 20:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    shown += os.read(fd, 65536)
                except OSError:
                    break
                if needle in _ESCAPES.sub(b"", shown):
                    seen = time.perf_counter() - started
        os.write(fd, b"q")
        _wait_for_exit(pid, fd)
        os.close(fd)
        if seen is not None:
            samples.append(seen)
        time.sleep(0.2)
    return samples


def _wait_for_exit(pid: int, fd: int) -> None:
    """Let the workbench quit (reading what it still writes), or kill it after 10 s."""
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        if select.select([fd], [], [], 0.05)[0]:
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
    os.kill(pid, 9)
    os.waitpid(pid, 0)


def python_floor(runs: int) -> float:
    """Median seconds of `python -c pass`: tells a quiet machine (~0.03 s) from a busy one."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def _finished(app: Any) -> None:
    """Every worker done but the coding screen's "live" one, which runs until it closes."""
    ours = [w for w in app.workers if w.group != "live"]
    if ours:
        await app.workers.wait_for_complete(ours)


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
            await _finished(app)
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        view = screen.query_one(TranscriptView)
        transcript, codings = huge_transcript(10_000, 2_000)
        # The same transcript as another document each time, so that every show lays it out.
        other = replace(transcript, document=replace(transcript.document, id=2))
        colours = {f"K{i}.1": "#4477AA" for i in range(1, 13)}
        paints = []
        for shown in [transcript, other] * 3:
            started = time.perf_counter()
            view.show(shown, codings, colours)
            for y in range(view.size.height):  # what a paint of the screen asks for
                view.render_line(y)
            paints.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
        results["paint_10000_turns_2000_codings_ms"] = statistics.median(paints)
        results["paint_10000_turns_2000_codings_worst_ms"] = max(paints)
        await pilot.pause()
        # A key press until its frame is handed to the terminal (the pilot itself then waits
        # for the app to be idle, ~65 ms more, which is reported apart).
        frames: list[float] = []
        display = app._display

        def watching_display(screen: object, renderable: object) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            display(screen, renderable)  # type: ignore[arg-type]

        app._display = watching_display  # type: ignore[method-assign]
        presses, to_frame = [], []
        for _ in range(30):
            frames.clear()
            started = time.perf_counter()
            await pilot.press("down")
            presses.append((time.perf_counter() - started) * 1000)
            if frames:
                to_frame.append((frames[0] - started) * 1000)
        app._display = display  # type: ignore[method-assign]
        results["key_press_to_frame_median_ms"] = statistics.median(to_frame)
        results["key_press_through_pilot_median_ms"] = statistics.median(presses)
        names = [d.name for d in screen.query_one("#documents").documents][:40]  # type: ignore[attr-defined]
        switches = []
        for name in names[1:21]:
            started = time.perf_counter()
            screen.open_document(name)
            await _finished(app)
            await pilot.pause()
            switches.append((time.perf_counter() - started) * 1000)
        results["switch_document_median_ms"] = statistics.median(switches)
        results["documents"] = len(screen.query_one("#documents").documents)  # type: ignore[attr-defined]
    return results


# The longest the UI thread was busy at a stretch, from the launch until the app is idle and
# then through a session (documents switched, keys pressed, the picker opened and closed): a
# task on Textual's event loop that asks to wake every 5 ms notes how late it wakes, and
# Textual's message hook names the message being handled before the longest wait. Every step
# over 20 ms is printed too (when it came, how late, and the UI thread's own CPU time in it,
# which a busy machine inflates far less than the wait), for `bench/tui.py --steps`.
STALLS = """
import asyncio, sys, time
from pathlib import Path
from typing import Any
stalls = {"worst": 0.0, "during": "", "last": "", "steps": [], "t0": time.perf_counter()}

def hook(message):
    stalls["last"] = type(message).__name__

async def watch():
    while True:
        asked, cpu = time.perf_counter(), time.thread_time()
        before = stalls["last"]
        await asyncio.sleep(0.005)
        late = time.perf_counter() - asked - 0.005
        if late > 0.02:
            spent = time.thread_time() - cpu
            at = asked - stalls["t0"]
            stalls["steps"].append(f"step {at:.3f} {late:.4f} {spent:.4f} {before or '-'}")
        if late > stalls["worst"]:
            stalls["worst"], stalls["during"] = late, before or stalls["last"]

def sample():
    # With --detail: every millisecond, what the UI thread is doing (its innermost frames) and how
    # much processor time each thread has used, to tell a step's own work from its waiting.
    import os, sys, threading
    main_id = threading.main_thread().ident
    clocks = {}
    while True:
        now = time.perf_counter()
        frames = sys._current_frames()
        frame, where = frames.get(main_id), []
        while frame is not None and len(where) < 40:
            code = frame.f_code
            where.append((code.co_filename, code.co_name))
            frame = frame.f_back
        used = {}
        for thread in threading.enumerate():
            if thread.ident is None or thread.ident == threading.get_ident():
                continue
            try:
                clock = clocks.get(thread.ident) or time.pthread_getcpuclockid(thread.ident)
                clocks[thread.ident] = clock
                used[thread.name if thread.ident != main_id else "UI"] = time.clock_gettime(clock)
            except OSError:
                pass
        stalls["samples"].append((now, tuple(where), used))
        time.sleep(0.001)

def detail(step_at, late):
    import os
    # The UI thread's frames most often seen in a step, and the other threads' processor time.
    from collections import Counter
    start, end = stalls["t0"] + step_at, stalls["t0"] + step_at + late + 0.005
    inside = [s for s in stalls["samples"] if start <= s[0] <= end]
    if not inside:
        return []
    ours, leaves = Counter(), Counter()
    for _, where, _ in inside:
        named = [f"{os.path.basename(f)}:{n}" for f, n in where if f != "<string>"]
        mine = [f"{os.path.basename(f)}:{n}" for f, n in where if f.startswith(stalls["ours"])]
        qualcode = mine[0] if mine else "-"
        ours[qualcode] += 1
        leaves[" < ".join(named[:3])] += 1
    first, last = inside[0][2], inside[-1][2]
    cpu = {k: last[k] - first.get(k, 0.0) for k in last}
    used = [f"{k} {v * 1000:.0f} ms" for k, v in sorted(cpu.items()) if v >= 0.001]
    lines = ["  cpu " + ", ".join(used)]
    lines += [f"  {n:3} ours {w}" for w, n in ours.most_common(4)]
    lines += [f"  {n:3} leaf {w}" for w, n in leaves.most_common(4)]
    return lines

async def main():
    import os, threading
    if os.environ.get("BENCH_DETAIL"):
        import qualcode
        stalls["ours"] = os.path.dirname(qualcode.__file__)
        stalls["samples"] = []
        sys.setswitchinterval(0.001)  # the sampler gets its turn every millisecond
        threading.Thread(target=sample, daemon=True, name="sampler").start()
    watcher = asyncio.get_running_loop().create_task(watch())
    app = make_app()
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await session(app, pilot)
    watcher.cancel()
    for step in stalls["steps"]:
        print(step)
        if "samples" in stalls:
            _, at, late, *_ = step.split(" ", 4)
            for line in detail(float(at), float(late)):
                print("detail" + line)
    print(f"{stalls['worst']:.4f} {stalls['during'] or '-'}")
"""

STALLS_WORKBENCH = (
    STALLS
    + """
from qualcode.cli.context import Settings
from qualcode.cli.tui_command import open_workbench

def make_app():
    return open_workbench(Settings(project=sys.argv[1], coder="bench"))

async def settle(app, pilot):
    # The coding screen's "live" worker follows other coders until the screen closes.
    for _ in range(4):
        ours = [w for w in app.workers if w.group != "live"]
        if ours:
            await app.workers.wait_for_complete(ours)
        await pilot.pause()

async def session(app, pilot):
    await settle(app, pilot)
    screen = app.screen
    names = [d.name for d in screen.query_one("#documents").documents][:6]
    for name in names[1:]:
        screen.open_document(name)
        await settle(app, pilot)
        await pilot.press("down", "down", "down")
    await pilot.press("c")
    await settle(app, pilot)
    await pilot.press("escape")
    await settle(app, pilot)

asyncio.run(main())
"""
)

STALLS_ALONE = (
    STALLS
    + """
from textual.app import App
from textual.widgets import Label

class Hello(App):
    def compose(self):
        yield Label("Kundenbindung im B2B-Vertrieb")

def make_app():
    return Hello()

async def session(app, pilot):
    await pilot.pause()
    await pilot.press("down", "down", "down")
    await pilot.pause()

asyncio.run(main())
"""
)


# Each asyncio callback of the session timed by the UI thread's own CPU clock, with the garbage
# collector's time inside it (gc.callbacks): tells the screen's own work from the collector's.
CALLBACKS = (
    """
import atexit, gc, time
from asyncio import events as _events
_spent, _gc, _at = [], [], {}
def _collecting(phase, info):
    if phase == "start":
        _at["gc"] = time.thread_time()
    else:
        _gc.append((info["generation"], time.thread_time() - _at["gc"]))
gc.callbacks.append(_collecting)
_run = _events.Handle._run
def _timed_run(self):
    cpu, seen = time.thread_time(), len(_gc)
    try:
        return _run(self)
    finally:
        spent = time.thread_time() - cpu
        if spent > 0.012:
            _spent.append((spent, _gc[seen:]))
_events.Handle._run = _timed_run
@atexit.register
def _report():
    for spent, passes in _spent:
        full = sum(t for g, t in passes if g == 2)
        young = sum(t for g, t in passes if g < 2)
        print(f"callback {spent:.4f} {full:.4f} {young:.4f}")
"""
    + STALLS_WORKBENCH
)


def print_callbacks(project: Path, runs: int) -> None:
    """Every callback of the UI thread over 12 ms of its CPU in the bench session (the first is
    the app's own creation), and the collector's full and young passes inside it."""
    for number in range(1, runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", CALLBACKS, str(project)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found = [line.split()[1:] for line in out.splitlines() if line.startswith("callback ")]
        print(f"run {number}:")
        for spent, full, young in found:
            print(
                f"  {float(spent) * 1000:5.1f} ms CPU, of it full collector passes "
                f"{float(full) * 1000:4.1f} ms, young ones {float(young) * 1000:4.1f} ms"
            )


def stall_samples(script: str, project: Path, runs: int) -> list[tuple[float, str]]:
    """The longest stall of the UI thread in each run, with the message handled before it."""
    return [run[0] for run in stall_runs(script, project, runs)]


def stall_runs(script: str, project: Path, runs: int) -> list[tuple[tuple[float, str], list[str]]]:
    """Each run's longest stall (seconds, the message before it) and its steps over 20 ms
    ("step <at s> <late s> <UI thread CPU s> <message>")."""
    found = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", script, str(project)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = out.strip().splitlines()
        worst, _, during = lines[-1].partition(" ")
        found.append(
            ((float(worst), during), [x for x in lines if x.startswith(("step ", "detail"))])
        )
    return found


def print_steps(project: Path, runs: int) -> None:
    """Every step of the UI thread over 20 ms in the bench session, run by run: where to look
    next (the wait is what the user feels, the CPU time what the workbench itself spent)."""
    for number, ((worst, during), steps) in enumerate(
        stall_runs(STALLS_WORKBENCH, project, runs), 1
    ):
        print(f"run {number}: longest {worst * 1000:.0f} ms after a {during} message")
        for step in steps:
            if step.startswith("detail"):
                print(f"       {step.removeprefix('detail')}")
                continue
            _, at, late, cpu, message = step.split(" ", 4)
            print(
                f"  at {float(at):6.2f} s  {float(late) * 1000:4.0f} ms "
                f"(UI thread CPU {float(cpu) * 1000:3.0f} ms)  after {message}"
            )


def compare(project: Path, old: Path, runs: int) -> None:
    """This code, older code (on PYTHONPATH) and the one-label app, alternately in the same
    minutes: the first transcript in a terminal, and the session's longest UI-thread step with
    the most UI-thread CPU of one step (which load inflates less than the wait)."""
    import tempfile

    project = project.resolve()
    command, needle = workbench_in_terminal(project)
    # Elsewhere than in a checkout: `python -c` puts the current directory before PYTHONPATH.
    os.chdir(tempfile.mkdtemp())
    alone = [sys.executable, "-c", ONE_LABEL]
    shown: dict[str, list[float]] = {"old": [], "new": [], "one-label": []}
    steps: dict[str, list[tuple[float, float]]] = {"old": [], "new": [], "one-label": []}
    saved = os.environ.get("PYTHONPATH")

    def as_(which: str) -> None:
        os.environ.pop("PYTHONPATH", None)
        if which == "old":
            os.environ["PYTHONPATH"] = str(old)
        elif saved is not None:
            os.environ["PYTHONPATH"] = saved

    for which in shown:  # warm the page cache for each
        as_(which)
        terminal_samples(alone if which == "one-label" else command, needle, 1)
    for _ in range(runs):
        for which in shown:
            as_(which)
            if which == "one-label":
                shown[which] += terminal_samples(alone, b"Kundenbindung", 1)
                script = STALLS_ALONE
            else:
                shown[which] += terminal_samples(command, needle, 1)
                script = STALLS_WORKBENCH
            (worst, _), found = stall_runs(script, project, 1)[0]
            cpu = max(
                (float(step.split()[3]) for step in found if step.startswith("step ")),
                default=0.0,
            )
            steps[which].append((worst, cpu))
    as_("new")

    def spread(values: list[float]) -> str:
        ms = [v * 1000 for v in values]
        return f"{min(ms):5.0f} /{statistics.median(ms):5.0f} /{max(ms):5.0f} ms"

    print(f"load average {os.getloadavg()[0]:.2f}; min / median / max of {runs}")
    for which in shown:
        waits, cpus = [w for w, _ in steps[which]], [c for _, c in steps[which]]
        print(
            f"{which:10} first transcript {spread(shown[which])}   longest step "
            f"{spread(waits)}   most CPU in one step {spread(cpus)}"
        )


def figures(context):  # type: ignore[no-untyped-def]
    """For bench/run.py: the first transcript in a terminal beside a one-label Textual app in
    the same terminal, and the UI thread's longest stall beside Textual's own."""
    from measure import Figure, Sample, Series

    project = context.bench_project or context.peer_project
    found = []
    command, needle = workbench_in_terminal(project)
    alone = [sys.executable, "-c", ONE_LABEL]
    ours, floor = [], []
    terminal_samples(command, needle, 1)  # warm the page cache, as the others are
    for _ in range(context.runs):
        ours += terminal_samples(command, needle, 1)
        floor += terminal_samples(alone, b"Kundenbindung", 1)
    if ours and floor:
        found.append(
            Figure(
                "workbench",
                Series("qualcode tui: first transcript, in a terminal", [Sample(s) for s in ours]),
                Series("a one-label Textual app, same terminal", [Sample(s) for s in floor]),
                "within 1.5x",
            )
        )
    else:
        context.notes.append("no pseudo-terminal here: the workbench's first paint not timed")
    stalls = stall_samples(STALLS_WORKBENCH, project, context.runs)
    bare = stall_samples(STALLS_ALONE, project, context.runs)
    worst = max(stalls)
    context.notes.append(
        f"the workbench's longest step on the UI thread: {worst[0] * 1000:.0f} ms "
        f"(after a {worst[1]} message)"
    )
    found.append(
        Figure(
            "workbench",
            Series(
                "workbench: longest UI-thread step (launch, 5 documents, keys, picker)",
                [Sample(s) for s, _ in stalls],
            ),
            Series("a one-label Textual app's longest step", [Sample(s) for s, _ in bare]),
            "under 50 ms",
        )
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--steps", action="store_true", help="only list the UI thread's steps over 20 ms"
    )
    parser.add_argument(
        "--detail",
        action="store_true",
        help="--steps, with what the UI thread was doing in each and the other threads' CPU",
    )
    parser.add_argument(
        "--callbacks",
        action="store_true",
        help="only list the UI thread's callbacks over 12 ms of CPU, with the collector's share",
    )
    parser.add_argument("--old", type=Path, help="older code to time beside this, alternately")
    args = parser.parse_args()
    if args.callbacks:
        print_callbacks(args.project, args.runs)
        return
    if args.detail:
        os.environ["BENCH_DETAIL"] = "1"
    if args.steps or args.detail:
        print_steps(args.project, args.runs)
        return
    if args.old:
        compare(args.project, args.old, args.runs)
        return
    results: dict[str, float | None] = {"python_c_pass_s": python_floor(args.runs)}
    results["textual_alone_to_first_frame_s"] = launch(args.project, args.runs, TEXTUAL_ALONE)[0]
    frame, settled = launch(args.project, args.runs)
    results["launch_to_first_screen_s"] = frame
    results["launch_until_settled_s"] = settled
    results["terminal_launch_to_first_screen_s"] = terminal_launch(args.project, args.runs)
    results.update(asyncio.run(in_app(args.project)))
    for key, value in results.items():
        print(f"{key:40} {value:8.3f}" if value is not None else f"{key:40}      n/a")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "tui.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
