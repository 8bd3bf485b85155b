"""Team mode under load: ten coders (processes) code at once on PostgreSQL while a reader exports.

    python bench/team_load.py [--coders 10] [--codings 1000] [--url postgresql://...]

Each coder is a process of its own with its own connection, as on ten computers, adding its
codings one at a time through the service a keystroke uses (one unit of work each: the coding,
its audit event, the chain's head). A reader process builds the code x document matrix over and
over until they are done. Measured: the throughput, every write's time (min / median / max:
the slowest write), the reader's exports, and at the end the lost and doubled writes (the
codings stored against the successes reported) and the audit chain's check.

Two baselines in the same run, on the same server: one coder alone doing the same codings
(what the team run costs each coder), and the bare floor: ten processes inserting one row per
transaction into a plain table with psycopg (what the server does without qualcode).

Without --url a throw-away server is started from the machine's PostgreSQL programs, as the
tests do. Results go to bench/out/team_load.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from qualcode import samples
from qualcode.services.exports import ExportRequest
from qualcode.services.project import init_project, open_project

HERE = Path(__file__).resolve().parent
# Leaf categories the coders use in turn.
CATEGORIES = ("K1.1", "K1.2", "K2.1", "K2.2", "K3.1", "K4.1", "K5.1", "K6.1")
SPAN, STEP = 40, 45  # each coding: 40 characters, the next one 45 further on


@contextmanager
def throwaway_server() -> Iterator[str]:
    """A PostgreSQL server in a temporary folder (Unix socket, no fsync), like the tests'."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    initdb = found[-1] if found else shutil.which("initdb")
    if not initdb:
        sys.exit("no PostgreSQL programs here: give --url, or run 'make services'")
    bindir = Path(initdb).parent
    base = Path(tempfile.mkdtemp(prefix="qualcode-bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    base.chmod(0o755)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = base / "data"
    run = {"check": True, "capture_output": True}
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "qualcode", "--auth=trust",
         "-E", "UTF8", "--no-locale", "--no-sync"],
        **run,
    )  # fmt: skip
    options = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=60"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
         str(base / "log"), "-w", "start"],
        **run,
    )  # fmt: skip
    try:
        yield f"postgresql://qualcode@/postgres?host={base}&port={port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


def conninfo(url: str) -> str:
    """The URL as psycopg takes it (no +driver)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def new_database(server: str) -> str:
    import psycopg

    name = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(conninfo(server), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    head, _, query = server.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def passages(coder: int, count: int, documents: list[str]) -> list[tuple[str, str, int]]:
    """A coder's codings: (document, category, start); the coders overlap in passages."""
    found = []
    for j in range(count):
        document = documents[j % len(documents)]
        start = 200 + (j // len(documents)) * STEP
        found.append((document, CATEGORIES[(j + coder) % len(CATEGORIES)], start))
    return found


def coder(
    location: str, index: int, count: int, documents: list[str], barrier: Any, out: Any
) -> None:
    """One coder: ``count`` codings, one unit of work each, every write timed."""
    times: list[float] = []
    failed = 0
    with open_project(location, f"coder{index:02d}") as project:
        service = project.coding
        service.current_pass()  # warm the imports and the connection
        barrier.wait()
        began = time.perf_counter()
        for document, category, start in passages(index, count, documents):
            t0 = time.perf_counter()
            try:
                service.code(document, category, chars=(start, start + SPAN), coding_pass="main")
            except Exception:  # counted: a failed write is reported, never silently lost
                failed += 1
                continue
            times.append(time.perf_counter() - t0)
        out.put({"coder": index, "ok": len(times), "failed": failed, "times": times,
                 "elapsed": time.perf_counter() - began})  # fmt: skip


def reader(location: str, barrier: Any, stop: Any, out: Any) -> None:
    """Builds the code x document matrix again and again while the coders write."""
    times: list[float] = []
    with open_project(location, "reader") as project:
        exports = project.exports
        exports.matrix(ExportRequest())
        barrier.wait()
        while not stop.is_set():
            t0 = time.perf_counter()
            exports.matrix(ExportRequest())
            times.append(time.perf_counter() - t0)
    out.put({"reader": True, "times": times})


def bare(url: str, index: int, count: int, barrier: Any, out: Any) -> None:
    """The floor: one row per transaction, no qualcode."""
    import psycopg

    times = []
    with psycopg.connect(conninfo(url)) as conn:
        barrier.wait()
        began = time.perf_counter()
        for j in range(count):
            t0 = time.perf_counter()
            with conn.transaction():
                conn.execute(
                    "INSERT INTO bare (coder, start, text) VALUES (%s, %s, %s)",
                    (index, j, "x" * SPAN),
                )
            times.append(time.perf_counter() - t0)
    out.put({"coder": index, "ok": len(times), "failed": 0, "times": times,
             "elapsed": time.perf_counter() - began})  # fmt: skip


def summary(results: list[dict[str, Any]], wall: float) -> dict[str, Any]:
    times = [t for r in results for t in r["times"]]
    ok = sum(r["ok"] for r in results)
    return {
        "writes": ok,
        "failed": sum(r["failed"] for r in results),
        "wall_s": round(wall, 2),
        "per_second": round(ok / wall, 1),
        "write_ms": {
            "min": round(min(times) * 1000, 2),
            "median": round(statistics.median(times) * 1000, 2),
            "p99": round(sorted(times)[int(len(times) * 0.99) - 1] * 1000, 2),
            "max": round(max(times) * 1000, 2),
        },
    }


def run_processes(
    targets: list[tuple[Any, tuple[Any, ...]]], ctx: Any, parties: int
) -> tuple[list[dict[str, Any]], float, Any]:
    barrier, out, stop = ctx.Barrier(parties + 1), ctx.Queue(), ctx.Event()
    processes = [
        ctx.Process(target=t, args=(*a, barrier, stop, out) if t is reader else (*a, barrier, out))
        for t, a in targets
    ]
    for process in processes:
        process.start()
    barrier.wait()
    began = time.perf_counter()
    writers = [t for t, _ in targets if t is not reader]
    results = [out.get(timeout=3600) for _ in writers]
    wall = time.perf_counter() - began
    stop.set()
    extra = [out.get(timeout=600) for _ in range(len(targets) - len(writers))]
    for process in processes:
        process.join(timeout=60)
    return results, wall, extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coders", type=int, default=10)
    parser.add_argument("--codings", type=int, default=1000, help="per coder")
    parser.add_argument("--url", help="a PostgreSQL server (default: a throw-away one)")
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    with throwaway_server() if args.url is None else _given(args.url) as server:
        location = new_database(server)
        setup = init_project(location, "admin", samples.codebook())
        setup.documents.import_files(list(samples.transcripts()))
        documents = [d.name for d in setup.documents.all()]
        setup.close()
        print(f"project ready: {len(documents)} documents", flush=True)

        alone_location = new_database(server)
        alone = init_project(alone_location, "admin", samples.codebook())
        alone.documents.import_files(list(samples.transcripts()))
        alone.close()
        solo, solo_wall, _ = run_processes(
            [(coder, (alone_location, 0, args.codings, documents))], ctx, 1
        )
        print("one coder alone:", summary(solo, solo_wall), flush=True)

        floor_location = new_database(server)
        import psycopg

        with psycopg.connect(conninfo(floor_location), autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE bare (id serial PRIMARY KEY, coder int, start int, text text)"
            )
        floor, floor_wall, _ = run_processes(
            [(bare, (floor_location, i, args.codings)) for i in range(args.coders)],
            ctx,
            args.coders,
        )
        print("bare inserts:", summary(floor, floor_wall), flush=True)

        targets: list[tuple[Any, tuple[Any, ...]]] = [
            (coder, (location, i, args.codings, documents)) for i in range(args.coders)
        ]
        targets.append((reader, (location,)))
        team, team_wall, (read,) = run_processes(targets, ctx, args.coders + 1)
        result = summary(team, team_wall)
        print("team:", result, flush=True)

        with open_project(location, "admin") as project:
            codings = project.coding.query()
            keys = Counter((c.coder, c.category, c.start, c.end) for c in codings)
            check = project.audit.verify()
            created = sum(
                1 for e in project.audit.log() if (e.entity, e.action) == ("coding", "create")
            )
        exports = read["times"]
        report = {
            "date": date.today().isoformat(),
            "load": os.getloadavg(),
            "coders": args.coders,
            "codings_per_coder": args.codings,
            "team": result,
            "stored": len(codings),
            "lost": result["writes"] - len(codings),
            "doubled": sum(n - 1 for n in keys.values()),
            "audit_events_for_codings": created,
            "chain_ok": check.ok,
            "exports": {
                "count": len(exports),
                "median_s": round(statistics.median(exports), 3) if exports else None,
                "max_s": round(max(exports), 3) if exports else None,
            },
            "one_coder_alone": summary(solo, solo_wall),
            "bare_inserts": summary(floor, floor_wall),
        }
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "team_load.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    main()
