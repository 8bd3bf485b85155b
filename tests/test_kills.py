"""A command killed outright (SIGKILL, at a random moment) leaves the project as it was before
the command, the previous export file whole, and no process behind.

Each test runs the installed ``qualcode`` in child processes and kills them a bounded number of
times, with seeded random delays. The processes are found through ``/proc`` (Linux), by their
parent or by the test's own project path on their command line.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.helpers import CODEBOOK, SAMPLE_FILES, dump

pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc"),
]

KILLS = 5  # per test: enough to hit different moments, few enough to stay well under a minute
GONE_WITHIN = 5.0  # seconds for a killed command's workers to end


def qualcode_command() -> list[str]:
    found = shutil.which("qualcode", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "qualcode.cli.app"]


def _stat(pid: int) -> tuple[int, str] | None:
    """A process's parent and state, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0]


def _pids() -> Iterator[int]:
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            yield int(entry.name)


def descendants(pid: int) -> set[int]:
    """Every process started by ``pid``, and by those, now."""
    parents: dict[int, list[int]] = {}
    for child in _pids():
        stat = _stat(child)
        if stat is not None:
            parents.setdefault(stat[0], []).append(child)
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie waiting for its reaper has ended)."""
    return {pid for pid in pids if (stat := _stat(pid)) is not None and stat[1] != "Z"}


def none_alive(pids: set[int]) -> bool:
    return not alive(pids)


def processes_naming(text: str) -> set[int]:
    """Live processes whose command line holds ``text`` (the test's own project path)."""
    found = set()
    for pid in _pids():
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if text.encode() in command and pid != os.getpid():
            found.add(pid)
    return alive(found)


def wait_until(condition: Callable[[], object], seconds: float = GONE_WITHIN) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def workers_of(pid: int, seconds: float = 10) -> set[int]:
    """The processes ``pid`` started, once it started any (waiting at most ``seconds``)."""
    found: set[int] = set()
    wait_until(lambda: found.update(descendants(pid)) or found, seconds)
    return found


def integrity(project: Path) -> str:
    with sqlite3.connect(project) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def many_files(folder: Path, count: int, tag: str = "", repeat: int = 1) -> list[Path]:
    """Copies of the sample interviews, each a different file: enough to start the workers."""
    folder.mkdir()
    files = []
    for i in range(count):
        source = SAMPLE_FILES[i % len(SAMPLE_FILES)]
        target = folder / f"{folder.name}-{i:03d}{source.suffix}"
        target.write_bytes(source.read_bytes() * repeat + f"\n\nI: Nachfrage {i}. {tag}\n".encode())
        files.append(target)
    return files


def new_project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    project = tmp_path / "kill-project.db"
    env = {**os.environ, "QUALCODE_PROJECT": str(project), "QUALCODE_CODER": "kim"}
    for args in (["init", "--codebook", str(CODEBOOK)], ["import", *map(str, SAMPLE_FILES[:2])]):
        subprocess.run([*qualcode_command(), *args], env=env, check=True, capture_output=True)
    return project, env


def test_a_killed_import_leaves_no_workers_and_stores_nothing(tmp_path: Path) -> None:
    project, env = new_project(tmp_path)
    # Above the pool's threshold (importers/sources.py), and a few seconds' work.
    files = many_files(tmp_path / "in", 80, repeat=6)
    before = dump(str(project))
    assert not Path(f"{project}-wal").exists()
    pristine = project.read_bytes()
    finished = 0
    rng = random.Random(11)
    killed_with_workers = 0
    for _ in range(KILLS):
        command = subprocess.Popen(
            [*qualcode_command(), "--project", str(project), "import", *map(str, files)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers = workers_of(command.pid)
        time.sleep(rng.uniform(0, 0.3))
        workers |= descendants(command.pid)
        command.send_signal(signal.SIGKILL)
        command.wait()
        killed_with_workers += bool(workers)
        assert wait_until(partial(none_alive, workers)), f"workers left: {alive(workers)}"
        assert integrity(project) == "ok"
        after = dump(str(project))
        if after != before:  # killed after it committed, as the workers were stopping
            assert len(after["documents"]) == len(before["documents"]) + len(files)
            finished += 1
            for suffix in ("-wal", "-shm"):
                Path(f"{project}{suffix}").unlink(missing_ok=True)
            project.write_bytes(pristine)
    assert killed_with_workers >= KILLS - 1  # the kills came while the workers were parsing
    assert finished <= 1  # and, but for the odd one, before the import committed
    assert not processes_naming(str(project))


def test_kills_at_random_moments_leave_the_project_and_the_export_whole(tmp_path: Path) -> None:
    """An import of a batch, an export over an existing file, and coding one passage after
    another, each killed at random moments; the project checks out after every kill."""
    project, env = new_project(tmp_path)
    rng = random.Random(2026)
    qualcode = [*qualcode_command(), "--project", str(project)]  # (found by its path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*qualcode, *args], env=env, capture_output=True, text=True)

    def kill_at_random(args: list[str], longest: float) -> None:
        command = subprocess.Popen(
            [*qualcode, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, longest))
        command.send_signal(signal.SIGKILL)
        command.wait()
        check_project()

    def check_project() -> None:
        assert integrity(project) == "ok"
        with sqlite3.connect(project) as conn:
            codings = {r[0] for r in conn.execute("SELECT id FROM codings")}
            created = {
                r[0]
                for r in conn.execute(
                    "SELECT entity_id FROM audit_events WHERE entity = 'coding' "
                    "AND action = 'create'"
                )
            }
        assert codings <= created  # every coding has the event that made it
        verified = run("log", "--verify")  # the audit chain holds, and its triggers are there
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert wait_until(lambda: not processes_naming(str(project)))

    # (a) importing a batch: the documents of a killed import are all there or none is
    for round_ in range(KILLS):
        files = many_files(tmp_path / f"batch{round_}", 30, tag=f"Runde {round_}")
        before = len(dump(str(project))["documents"])
        kill_at_random(["import", *map(str, files)], 1.5)
        assert len(dump(str(project))["documents"]) in (before, before + len(files))
    # (c) coding one turn after another
    for i in range(KILLS):
        for turn in (3, 5):
            run("code", "B01", "K2.1", "--turn", str(turn + 4 * i))
        kill_at_random(["code", "B01", "K1", "--turn", str(4 + 4 * i)], 0.8)
    assert run("uncode", "1").returncode == 0
    check_project()
    # (b) exporting over an existing file (--force: a new file moved over the old one): the old
    # file stays whole, or the new one is complete; a coding between rounds makes them differ
    output = tmp_path / "quotes.csv"
    assert run("export", "quotes", "-o", str(output)).returncode == 0, "first export"
    for i in range(KILLS):
        previous = output.read_bytes()
        assert run("code", "B02", "K2.1", "--turn", str(3 + i)).returncode == 0
        reference = tmp_path / f"reference-{i}.csv"
        assert run("export", "quotes", "-o", str(reference)).returncode == 0
        expected = reference.read_bytes()
        assert expected != previous
        kill_at_random(["export", "quotes", "-o", str(output), "--force"], 1.2)
        assert output.read_bytes() in (previous, expected)
        leftovers = [p for p in tmp_path.iterdir() if ".qualcode-tmp-" in p.name]
        assert all(p.name.startswith(".quotes.") for p in leftovers)
    # the next export cleans up what a killed one left
    assert run("export", "quotes", "-o", str(output), "--force").returncode == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".quotes.")]
