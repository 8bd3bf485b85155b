"""Time reading every coding with its memo now that coding memos live in the memo store.

    python bench/memos.py [--project bench/out/bench.db] [--rounds 7] [--share 0.1]

Migration 0010 moved a coding's memo from the coding row into ``memos``; every read of codings
now finds it with a correlated lookup in the memo table's unique index on ``coding_id``. This
gives ``share`` of the bench project's codings a memo (in a copy of the project, so the bench
project stays as built) and times the export read of all codings (``exports.codings``, the
statement every table export and the REFI export run) against the same statement with the
lookup replaced by an empty text: the bare baseline, measured in the same run, alternately.
Results go to bench/out/memos.json. Build the project first with ``python bench/make_project.py``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from qualcode.storage._compiled import SQLITE

HERE = Path(__file__).resolve().parent
LOOKUP = "coalesce((SELECT m.text FROM memos AS m WHERE m.coding_id = k.id), '')"


def _time(connection: sqlite3.Connection, sql: str) -> tuple[float, int]:
    start = time.perf_counter()
    rows = connection.execute(sql).fetchall()
    return time.perf_counter() - start, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--share", type=float, default=0.1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(args.project, copy)
        connection = sqlite3.connect(copy)
        every = max(1, round(1 / args.share))
        connection.execute(
            "INSERT INTO memos (target, coding_id, title, text, author_id, created_at, updated_at)"
            " SELECT 'coding', id, '', 'Memo zu ' || text, coder_id, updated_at, updated_at"
            f" FROM codings WHERE id % {every} = 0"
        )
        connection.commit()
        memos = connection.execute("SELECT count(*) FROM memos").fetchone()[0]
        statement = SQLITE["exports.codings"].replace("__[filters]", "1 = 1")
        assert LOOKUP in statement, "the statement no longer reads the memo this way"
        bare = statement.replace(LOOKUP, "''")
        with_memo, without = [], []
        for _ in range(args.rounds):
            seconds, rows = _time(connection, statement)
            with_memo.append(seconds)
            seconds, _ = _time(connection, bare)
            without.append(seconds)
        connection.close()
    result = {
        "codings": rows,
        "memos": memos,
        "with_memo": [min(with_memo), statistics.median(with_memo), max(with_memo)],
        "bare": [min(without), statistics.median(without), max(without)],
        "ratio": statistics.median(with_memo) / statistics.median(without),
    }
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "memos.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
