"""Time moving the bench project between SQLite and PostgreSQL, and backing it up.

    python bench/moving.py [--runs 3] [--project bench/out/bench.db] [--postgres URL]
                           [--old PATH --old-project FILE] [--only-copy]

Measures, in process, `qualcode project copy` SQLite -> PostgreSQL and back, and `qualcode
project backup` of the project file and of the server copy, beside the bare tools doing the
nearest thing: sqlite3's `.backup`, `pg_dump` of the same database, and `pg_dump | pg_restore`
into a new database. Without --postgres, a throw-away server is started from the machine's
PostgreSQL programs (as the tests do). With ``--old PATH`` (a ``git archive main qualcode``
unpacked at PATH) the older code's copy SQLite -> PostgreSQL runs in the same rounds, in a
process of its own with PATH first on ``PYTHONPATH`` (``--old-project``: a copy of the project
at the old code's schema); the copies then all run that way, each timing ``copy_project``
alone, and beside the wall time of the copies and of the bare tools the bench gives their
processor time, the client's and the throw-away server's (its connections', read from /proc
when they end), which a busy machine disturbs less. ``--only-copy`` leaves out the backups and
the way back. Writes bench/out/moving.json.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


@contextmanager
def throwaway_server() -> Iterator[str]:
    """A PostgreSQL server on a Unix socket in a temporary folder, for this run only."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    bindir = Path(found[-1]).parent if found else Path(shutil.which("initdb") or "x").parent
    base = Path(tempfile.mkdtemp(prefix="qualcode-bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    base.chmod(0o755)
    data = base / "data"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    run = [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "qualcode", "--auth=trust"]
    subprocess.run([*run, "-E", "UTF8", "--no-locale"], check=True, capture_output=True)
    options = f"-k {base} -p {port} -c listen_addresses=''"
    start = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l"]
    subprocess.run([*start, str(base / "log"), "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://qualcode@/postgres?host={base}&port={port}"
    finally:
        stop = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(stop, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def new_database(server: str) -> str:
    import psycopg

    name = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.replace("/postgres?", f"/{name}?")


def timed(step: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    step(*args)
    return time.perf_counter() - started


def quiet(*command: str) -> None:
    subprocess.run(list(command), check=True, capture_output=True)


# copy_project timed in a process of its own (the imports it needs not counted).
_COPY = """
import sys, time
import qualcode
from qualcode.services.project_copy import copy_project
started = time.perf_counter()
copy_project(sys.argv[1], sys.argv[2])
print(qualcode.__file__, time.perf_counter() - started)
"""


def copy_elsewhere(code: Path, source: str, target: str) -> float:
    """The seconds ``copy_project`` of the code at ``code`` takes, in a fresh process (started
    in ``code``: ``python -c`` looks in its working folder first)."""
    env = {**os.environ, "PYTHONPATH": str(code.resolve()), "QUALCODE_CODER": "bench"}
    done = subprocess.run(
        [sys.executable, "-c", _COPY, str(Path(source).resolve()), target],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    used, seconds = done.stdout.split()[-2:]
    assert Path(used).resolve().is_relative_to(code.resolve()), (used, code)
    return float(seconds)


def server_processor_time(server: str) -> Callable[[], float] | None:
    """The processor seconds the throw-away server's processes have used so far, counting
    each connection's when it has ended (the postmaster's own and its ended children's, read
    from /proc); None for another server or without /proc."""
    from urllib.parse import parse_qs, urlsplit

    host = parse_qs(urlsplit(server).query).get("host", [""])[0]
    pid_file = Path(host) / "data" / "postmaster.pid"
    if not host or not pid_file.exists() or not Path("/proc").is_dir():
        return None
    postmaster = int(pid_file.read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / tick  # utime, stime, cutime, cstime

    return used


def processor_time(
    action: Callable[[], object], server: Callable[[], float] | None
) -> tuple[float, float]:
    """The wall seconds of ``action``, and the processor seconds of its child processes and of
    the server's connections it made: what a busy machine disturbs less than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    at_server = server() if server else 0.0
    started = time.perf_counter()
    action()
    wall = time.perf_counter() - started
    time.sleep(0.5)  # the connection's process ends and is counted
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, client + ((server() - at_server) if server else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--project", type=Path, default=OUT / "bench.db")
    parser.add_argument("--postgres", help="a server URL (default: a throw-away server)")
    parser.add_argument("--old", type=Path, help="older code (its qualcode package's parent)")
    parser.add_argument("--old-project", type=Path, help="the project at the old code's schema")
    parser.add_argument("--only-copy", action="store_true", help="the copy to the server alone")
    args = parser.parse_args()
    if not args.project.exists():
        raise SystemExit(f"{args.project} is missing: run python bench/make_project.py first")
    if args.postgres:
        run(args, args.postgres)
    else:
        with throwaway_server() as server:
            run(args, server)


def run(args: argparse.Namespace, server: str) -> None:
    from qualcode.services.project import open_project
    from qualcode.services.project_copy import backup_project, copy_project

    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-moving-", dir=OUT))
    samples: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        samples.setdefault(name, []).append(seconds)
        print(f"{name:58} {seconds:7.2f} s", flush=True)

    source = str(args.project)
    cpu = server_processor_time(server)
    copied: list[float] = []

    def note_copy(code: Path, source: str, target: str) -> None:
        copied.append(copy_elsewhere(code, source, target))

    pg_dump = shutil.which("pg_dump") or "pg_dump"
    pg_restore = shutil.which("pg_restore") or "pg_restore"
    try:
        for n in range(args.runs):
            there = new_database(server)
            dump = str(work / f"dump-{n}.pgdump")
            if args.old:
                old_source = str(args.old_project or args.project)
                steps: dict[str, Callable[[], object]] = {
                    "project copy SQLite -> PostgreSQL": partial(
                        note_copy, HERE.parent, source, there
                    ),
                    "older code: project copy SQLite -> PostgreSQL": partial(
                        note_copy, args.old, old_source, new_database(server)
                    ),
                    "baseline: pg_dump -Fc": partial(
                        quiet, pg_dump, "-Fc", "-f", dump, "-d", there
                    ),
                    "baseline: pg_restore of that dump into a new database": partial(
                        quiet, pg_restore, "--no-owner", "-d", new_database(server), dump
                    ),
                }
                for name, step in steps.items():
                    wall, processor = processor_time(step, cpu)
                    note(name, copied.pop() if "copy" in name else wall)  # a copy: itself alone
                    note(f"{name} (processor s, client + server)", processor)
            else:
                note("project copy SQLite -> PostgreSQL", timed(copy_project, source, there))
            if args.only_copy:
                continue
            back = str(work / f"back-{n}.db")
            note("project copy PostgreSQL -> SQLite", timed(copy_project, there, back))
            with open_project(source, "bench") as project:
                target = str(work / f"backup-{n}.db")
                note("project backup (SQLite)", timed(backup_project, project, target))
            with open_project(there, "bench") as project:
                target = str(work / f"server-backup-{n}.db")
                note(
                    "project backup (PostgreSQL -> SQLite)", timed(backup_project, project, target)
                )
            plain = work / f"plain-{n}.db"
            note("baseline: sqlite3 .backup", timed(quiet, "sqlite3", source, f".backup '{plain}'"))
            note("baseline: pg_dump -Fc", timed(quiet, pg_dump, "-Fc", "-f", dump, "-d", there))
            restored = new_database(server)
            note(
                "baseline: pg_restore of that dump into a new database",
                timed(quiet, pg_restore, "--no-owner", "-d", restored, dump),
            )
            for leftover in work.iterdir():
                leftover.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {
        name: {
            "min_s": round(min(v), 2),
            "median_s": round(statistics.median(v), 2),
            "max_s": round(max(v), 2),
        }
        for name, v in samples.items()
    }
    print()
    for name, figures in summary.items():
        print(
            f"{name:58} {figures['min_s']:6.2f} {figures['median_s']:6.2f} {figures['max_s']:6.2f}"
        )
    OUT.mkdir(exist_ok=True)
    (OUT / "moving.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
