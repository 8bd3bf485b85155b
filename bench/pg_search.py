"""Time project search on PostgreSQL, with and without the trigram index, beside SQLite and a
bare floor.

    python bench/pg_search.py [--runs 5] [--project bench/out/bench.db] [--postgres URL]

Copies the bench project (upgraded, its search index built) twice into databases on a
throw-away PostgreSQL server (started from the machine's PostgreSQL programs in a temporary
folder, as the tests do; or the server given with --postgres), one with the lines' trigram
index and one without it, then times each search through the service (``SearchService.rows``:
every hit's keyword-in-context line, as ``qualcode search`` lists them) on both and on the
SQLite file, and the server's narrowing step alone; beside them the bare floor: psycopg and
Python's ``re`` over each turn's text, each hit's line built as bench/search.py's floor does
(its ``floor_of``), with nothing of qualcode's. Each configuration runs once untimed,
then the configurations take turns, run after run (the machine is shared). Every configuration
must give the same hits. Writes bench/out/pg_search.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from moving import new_database, throwaway_server  # noqa: E402
from search import floor_of, forms_pattern  # noqa: E402

from qualcode.analysis.search import text_pattern  # noqa: E402
from qualcode.domain.search import SearchQuery  # noqa: E402
from qualcode.services.project import Project, open_project  # noqa: E402
from qualcode.services.project_copy import copy_project  # noqa: E402

QUERIES = {
    "plain 'Kunde'": SearchQuery("Kunde"),
    "whole word 'Kunden'": SearchQuery("Kunden", whole_word=True),
    "--regex 'Kunden(bindung|gewinnung)'": SearchQuery("Kunden(bindung|gewinnung)", regex=True),
    "--regex 'Messest[aä]nd' (no hit)": SearchQuery("Messest[aä]nd", regex=True),
    "phrase 'die Kunden'": SearchQuery("die Kunden"),
    "lemma 'Kunde'": SearchQuery("Kunde", lemma=True),
}
INDEX = "ix_search_lines_trigram"


def spread(samples: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(samples), 4),
        "median_s": round(statistics.median(samples), 4),
        "max_s": round(max(samples), 4),
    }


def interleaved(actions: dict[str, Callable[[], int]], runs: int) -> dict[str, dict[str, object]]:
    """Each action once not timed, then ``runs`` rounds of each in turn (the machine is shared:
    a busy minute then weighs on every configuration alike); min/median/max and the result."""
    found = {name: action() for name, action in actions.items()}
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            found[name] = action()
            samples[name].append(time.perf_counter() - started)
    return {name: {**spread(samples[name]), "result": found[name]} for name in actions}


def floor(conninfo: str, pattern: re.Pattern[str]) -> int:
    """The bare floor: bench/search.py's, every line of the hits of ``pattern`` in each turn,
    read with psycopg (documents in name order, each turn's text searched with Python's
    ``re``)."""
    import psycopg

    with psycopg.connect(conninfo) as db:
        return len(floor_of(db, pattern))


def floor_pattern(project: Project, query: SearchQuery) -> re.Pattern[str]:
    """The query's pattern; for a lemma search the forms it finds, as whole words."""
    if not query.lemma:
        return text_pattern(query)
    return re.compile(forms_pattern(row[4] for row in project.search.rows(query)))


def server_copy(server: str, local: Path) -> tuple[str, float]:
    """A copy of the project on the server (its address) and the seconds the copy took."""
    target = new_database(server).replace("postgresql://", "postgresql+psycopg://", 1)
    started = time.perf_counter()
    copy_project(str(local), target)
    return target, time.perf_counter() - started


def run(args: argparse.Namespace, server: str) -> dict[str, object]:
    import psycopg

    from qualcode.services.server_search import server_candidates

    work = OUT / "pg_search"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    local = work / "bench.db"
    shutil.copy(args.project, local)
    on_file = open_project(str(local), "bench")
    on_file.search.build_index()
    indexed, copied = server_copy(server, local)
    bare, _ = server_copy(server, local)
    conninfo = indexed.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(bare.replace("+psycopg", ""), autocommit=True) as db:
        db.execute(f"DROP INDEX {INDEX}")
    with psycopg.connect(conninfo) as db:
        lines, size = db.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('search_lines'))"
            " FROM search_lines"
        ).fetchone() or (0, "")
        started = time.perf_counter()
        db.execute("CREATE INDEX again ON search_lines USING gin (text gin_trgm_ops)")
        built = time.perf_counter() - started
        db.rollback()
    with_index = open_project(indexed, "bench")
    without = open_project(bare, "bench")
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "copy_to_server_s": round(copied, 2),
        "trigram_index_build_s": round(built, 2),
        "server_lines": lines,
        "server_lines_size": size,
    }
    print(
        f"copied in {copied:.1f} s; the server keeps {lines:,} lines ({size}); "
        f"their trigram index builds in {built:.1f} s"
    )
    with psycopg.connect(conninfo) as db:
        every = {int(row[0]) for row in db.execute("SELECT id FROM documents")}
    searches: dict[str, dict[str, object]] = {}
    for name, query in QUERIES.items():
        pattern = floor_pattern(on_file, query)

        def listing(project: Project, q: SearchQuery = query) -> Callable[[], int]:
            return lambda: sum(1 for _ in project.search.rows(q))

        def narrowing(project: Project, q: SearchQuery = query) -> Callable[[], int]:
            def action() -> int:
                with project.database.reading() as reader:
                    found = server_candidates(reader, q, every)
                return -1 if found is None else len(found)

            return action

        row = interleaved(
            {
                "postgresql, trigram index": listing(with_index),
                "postgresql, no trigram index": listing(without),
                "sqlite": listing(on_file),
                "floor: psycopg + re over the turns": lambda p=pattern: floor(conninfo, p),
                "the server's narrowing alone, trigram index": narrowing(with_index),
                "the server's narrowing alone, no trigram index": narrowing(without),
            },
            args.runs,
        )
        hits = {row[k]["result"] for k in ("postgresql, trigram index", "sqlite")}
        hits.add(row["postgresql, no trigram index"]["result"])
        assert len(hits) == 1, (name, hits)
        searches[name] = row
        print(f"{name}: {hits.pop():,} hits")
    on_file.close()
    with_index.close()
    without.close()
    results["searches"] = searches
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return results


def show(results: dict[str, object]) -> None:
    searches = results["searches"]
    assert isinstance(searches, dict)
    for name, row in searches.items():
        print(f"{name} ({row['sqlite']['result']:,} hits)")
        for column, figure in row.items():
            numbers = " / ".join(f"{figure[k]:.3f}" for k in ("min_s", "median_s", "max_s"))
            print(f"    {column:48s} {numbers} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=OUT / "bench.db")
    parser.add_argument("--postgres", help="a server's base URL (postgresql://...)")
    args = parser.parse_args()
    os.environ.setdefault("QUALCODE_CODER", "bench")
    if args.postgres:
        results = run(args, args.postgres)
    else:
        with throwaway_server() as server:
            results = run(args, server)
    show(results)
    out = OUT / "pg_search.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"load {results['load_before']} -> {results['load_after']}; wrote {out}")


if __name__ == "__main__":
    main()
