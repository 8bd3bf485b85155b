"""Several coders at once, from separate processes, on a real SQLite file and on PostgreSQL.

Nothing may be lost or stored twice: the codings counted at the end are the successes the
processes reported, a passage one coder codes from two processes at once is stored once, every
coding is in the audit trail and the trail's chain is whole. A freeze and a merge in the middle
of it change nothing of that. Two editors of one category: one succeeds, one is refused.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.errors import ConflictError
from qualcode.services.project import Project, open_project

CODERS = 4
TURNS = list(range(3, 23))  # the passages every process codes in B01
SHARED = "team"  # the coder every process also codes as: each passage must be stored once


def _context() -> Any:
    # Each process opens the project itself, as a coder's computer would.
    return multiprocessing.get_context("spawn")


@contextmanager
def _reported(results: Any) -> Iterator[None]:
    """A process's failure comes back as a result, so the test fails at once and says why."""
    try:
        yield
    except BaseException as exc:
        results.put(("failed", f"{type(exc).__name__}: {exc}"))
        raise


def _code(location: str, index: int, barrier: Any, results: Any) -> None:
    """One coder's process: their own codings, and the same passages as the shared coder."""
    own = shared = refused = 0
    with (
        _reported(results),
        open_project(location, f"coder{index}") as mine,
        open_project(location, SHARED) as team,
    ):
        barrier.wait()
        for turn in TURNS:
            # One pass throughout: the freeze would otherwise move the default to "main", and
            # a passage coded again in another pass is a coding of its own, not a duplicate.
            mine.coding.code("B01", "K2.1", turns=(turn, turn), coding_pass="main")
            own += 1
            try:
                team.coding.code("B01", "K1.1", turns=(turn, turn), coding_pass="main")
                shared += 1
            except ConflictError:
                refused += 1
    results.put((own, shared, refused))


def _freeze_and_merge(location: str, barrier: Any, results: Any) -> None:
    """The admin revises the codebook while the others code."""
    with _reported(results), open_project(location, "alice") as admin:
        barrier.wait()
        admin.versions.freeze(reason="Pilot beendet")
        moved = admin.codebook.merge("K2.3", "K2.4", reason="fallen zusammen")
    results.put(("merged", moved))


def test_coders_at_once_lose_nothing_and_store_nothing_twice(sample_project: Project) -> None:
    location = _location(sample_project)
    sample_project.coding.code("B02", "K2.3", turns=(5, 5))  # moved by the merge
    ctx = _context()
    barrier, results = ctx.Barrier(CODERS + 1), ctx.Queue()
    processes = [
        ctx.Process(target=_code, args=(location, i, barrier, results)) for i in range(CODERS)
    ]
    processes.append(ctx.Process(target=_freeze_and_merge, args=(location, barrier, results)))
    for process in processes:
        process.start()
    reported = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert not [r for r in reported if r[0] == "failed"], reported
    assert [p.exitcode for p in processes] == [0] * len(processes)
    counts = [r for r in reported if r[0] != "merged"]
    assert ("merged", 1) in reported
    own = sum(r[0] for r in counts)
    shared = sum(r[1] for r in counts)
    assert own == CODERS * len(TURNS)
    assert shared == len(TURNS)  # each passage once; every other try was refused
    assert sum(r[2] for r in counts) == (CODERS - 1) * len(TURNS)

    codings = sample_project.coding.query()
    assert len(codings) == own + shared + 1
    keys = Counter((c.coder, c.category, c.coding_pass, c.start, c.end) for c in codings)
    assert max(keys.values()) == 1
    created = {
        e.entity_id
        for e in sample_project.audit.log()
        if (e.entity, e.action) == ("coding", "create")
    }
    assert {c.id for c in codings} <= created
    check = sample_project.audit.verify()
    assert check.ok, check.summary
    result = CliRunner().invoke(cli, ["--project", location, "log", "--verify"])
    assert result.exit_code == 0, result.output


def _edit(location: str, name: str, barrier: Any, results: Any) -> None:
    with _reported(results), open_project(location, name) as project:
        read = project.codebook.resolve("K2.1")
        barrier.wait()  # both have read the same version before either writes
        try:
            project.codebook.edit_category(
                "K2.1",
                definition=f"Fassung von {name}",
                reason="genauer",
                expected_version=read.version,
            )
            results.put((name, "saved"))
        except ConflictError as exc:
            results.put((name, str(exc)))


def test_two_editors_of_one_category_one_wins_one_is_told(sample_project: Project) -> None:
    location = _location(sample_project)
    ctx = _context()
    barrier, results = ctx.Barrier(2), ctx.Queue()
    processes = [
        ctx.Process(target=_edit, args=(location, name, barrier, results))
        for name in ("anna", "ben")
    ]
    for process in processes:
        process.start()
    outcome = dict(results.get(timeout=300) for _ in processes)
    assert "failed" not in outcome, outcome
    for process in processes:
        process.join(timeout=60)
    saved = [name for name, said in outcome.items() if said == "saved"]
    assert len(saved) == 1
    (loser,) = set(outcome) - set(saved)
    assert re.fullmatch(
        rf"K2\.1 was changed by {saved[0]} at \d\d:\d\d; reload and try again", outcome[loser]
    )
    category = sample_project.codebook.resolve("K2.1")
    assert category.definition == f"Fassung von {saved[0]}"
    assert sample_project.audit.verify().ok


def test_an_edit_on_an_older_reading_is_refused_in_one_process(new_project: Project) -> None:
    read = new_project.codebook.resolve("K2.1")
    anna = new_project.as_coder("anna")
    anna.codebook.edit_category("K2.1", name="Kaltakquise", reason="kürzer")
    assert new_project.codebook.resolve("K2.1").version == read.version + 1
    try:
        new_project.codebook.edit_category(
            "K2.1", name="Telefon", reason="x", expected_version=read.version
        )
    except ConflictError as exc:
        assert re.fullmatch(
            r"K2\.1 was changed by anna at \d\d:\d\d; reload and try again", str(exc)
        )
    else:
        raise AssertionError("the stale edit was saved")
    assert new_project.codebook.resolve("K2.1").name == "Kaltakquise"


def _location(project: Project) -> str:
    """The address another process opens the same project by (with its password, if any)."""
    database = project.database
    if database.location.is_sqlite:
        return str(database.location.path)
    assert database.location.url is not None
    return database.location.url
