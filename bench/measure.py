"""What every bench module hands to bench/run.py: figures, each beside its bare baseline.

A figure is a measurement of qualcode (several runs: min, median, max, and the peak memory of
the process) beside the same work done with nothing of qualcode's (its baseline, measured in the
same run, alternately, so that a busy machine slows both alike), and the ratio of the medians.
Bench modules expose ``figures(context) -> list[Figure]``; run.py lists them in its registry.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Where the bench keeps what it builds (kept out of git); the smoke test points it elsewhere.
OUT = Path(os.environ.get("QUALCODE_BENCH_OUT") or HERE / "out")


@dataclass
class Context:
    """What every bench module gets: how many runs, the projects, where to put files."""

    runs: int = 5
    quick: bool = False
    out: Path = OUT
    peer_project: Path | None = None  # the peer corpus's project (bench/peer_corpus.py)
    peer_files: list[Path] = field(default_factory=list)
    bench_project: Path | None = None  # the bench project (bench/make_project.py)
    notes: list[str] = field(default_factory=list)  # what could not be measured, and why

    @property
    def python(self) -> str:
        return sys.executable

    @property
    def qualcode(self) -> list[str]:
        script = Path(sys.executable).with_name("qualcode")
        return [str(script)] if script.exists() else [sys.executable, "-m", "qualcode.cli.app"]

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "QUALCODE_CODER": "coder-a", **extra}


@dataclass
class Sample:
    seconds: float
    peak_mib: float | None = None
    cpu_seconds: float | None = None  # processor time, user + system (a whole command's)


@dataclass
class Series:
    """Several runs of one thing."""

    name: str
    samples: list[Sample] = field(default_factory=list)

    def add(self, sample: Sample) -> None:
        self.samples.append(sample)

    def summary(self) -> dict[str, object]:
        seconds = [s.seconds for s in self.samples]
        peaks = [s.peak_mib for s in self.samples if s.peak_mib is not None]
        return {
            "name": self.name,
            "runs": len(seconds),
            "min_s": round(min(seconds), 4),
            "median_s": round(statistics.median(seconds), 4),
            "max_s": round(max(seconds), 4),
            "peak_mib": round(max(peaks), 1) if peaks else None,
        }

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)


@dataclass
class Figure:
    """One line of the table: qualcode's series beside its baseline (or a peer's)."""

    group: str
    measured: Series
    baseline: Series | None = None
    goal: str = ""  # the budget it is held to, in words ("within 2x", "under 1.5 s")

    def as_json(self) -> dict[str, object]:
        ratio = None
        if self.baseline is not None and self.baseline.samples and self.baseline.median > 0:
            ratio = round(self.measured.median / self.baseline.median, 2)
        return {
            "group": self.group,
            "measured": self.measured.summary(),
            "baseline": self.baseline.summary() if self.baseline else None,
            "ratio": ratio,
            "goal": self.goal,
        }


# Runs a command and reports its seconds, peak memory and processor time. A child forked from
# the bench process (or spawned by vfork) would be charged the bench process's own memory as its
# peak, so a small interpreter starts the command instead and times it from just before the fork.
_LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
print(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status))
"""


def run_command(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Sample:
    """A whole command, as a user runs it: its seconds, its peak memory (the largest resident
    set of the process, or of a child it waited for) and its processor time (user + system:
    on a busy machine a command waits for a core, and its wall time says more about the
    others)."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed, peak_kib, cpu, code = done.stdout.split()
    if done.returncode != 0 or code != "0":
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return Sample(float(elapsed), int(peak_kib) / 1024, float(cpu))  # KiB on Linux


def run_timed_script(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Sample:
    """A script that times its own work and prints ``seconds peak_mib`` as its last line (the
    work without the interpreter's start; the peak of the whole process)."""
    process = subprocess.Popen(
        list(command), env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, errors = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {errors.decode(errors='replace')}")
    seconds, _, peak = out.decode().strip().splitlines()[-1].partition(" ")
    return Sample(float(seconds), float(peak) if peak else None)


def in_turn(
    runs: int, actions: Mapping[str, Callable[[], Sample]], *, warm_up: bool = True
) -> dict[str, list[Sample]]:
    """Every action measured in turn, round after round, ``runs`` times each, so that a busy
    minute weighs on all of them alike (a warm-up of each first, not counted; left out for
    work of several seconds, which warms the caches in its first moments anyway)."""
    if warm_up:
        for action in actions.values():
            action()
    samples: dict[str, list[Sample]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            samples[name].append(action())
    return samples


def alternately(
    runs: int,
    measured: Callable[[], Sample],
    baseline: Callable[[], Sample] | None,
    *,
    warm_up: bool = True,
) -> tuple[list[Sample], list[Sample]]:
    """Both measured in turn, ``runs`` times each (see :func:`in_turn`)."""
    actions = {"measured": measured} | ({"baseline": baseline} if baseline is not None else {})
    samples = in_turn(runs, actions, warm_up=warm_up)
    return samples["measured"], samples.get("baseline", [])


def command_figure(
    context: Context,
    group: str,
    name: str,
    command: Sequence[str],
    baseline_name: str,
    baseline: Sequence[str] | None,
    *,
    goal: str = "",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    warm_up: bool = True,
) -> Figure:
    """A whole command beside a baseline command, alternately."""
    env = env or context.env()
    ours, theirs = alternately(
        context.runs,
        lambda: run_command(command, env=env, cwd=cwd),
        (lambda: run_command(baseline, env=env, cwd=cwd)) if baseline else None,
        warm_up=warm_up,
    )
    return Figure(
        group,
        Series(name, ours),
        Series(baseline_name, theirs) if baseline else None,
        goal,
    )


def peak_mib_of_this_process() -> float:
    """The peak resident set of this process so far (for scripts that report their own)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
