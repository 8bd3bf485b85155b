"""Autocoding proposals travel in a .qdpx: rule, status, who decided and when, the passage, and
the coding an accepted one became; a qualcode receiver gets them back and its trail names them."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.audit import ProposalImported
from qualcode.importers.refi import schema
from qualcode.services.exchange.project_import import (
    ProjectImport,
    import_project_file,
    read_project_file,
)
from qualcode.services.project import Project, init_project
from tests.exchange.conftest import exporter, parse, qde

# Each proposal as a reviewer sees it: by names, and the passage its coding holds.
PROPOSALS = """SELECT d.name, c.code, p.char_start, p.char_end, p.text, p.rule, p.status,
    cr.name, p.created_at, dc.name, p.decided_at, p.coding_pass,
    k.char_start, k.char_end, kc.code
    FROM proposals p JOIN documents d ON d.id = p.document_id
    JOIN categories c ON c.id = p.category_id JOIN coders cr ON cr.id = p.created_by
    LEFT JOIN coders dc ON dc.id = p.decided_by LEFT JOIN codings k ON k.id = p.coding_id
    LEFT JOIN categories kc ON kc.id = k.category_id"""


def proposals(path: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return sorted(map(tuple, connection.execute(PROPOSALS)))
    finally:
        connection.close()


@pytest.fixture
def autocoded(coded: Project) -> Iterator[Project]:
    """The coded sample project with K2.2's rules run on B01: alice accepts two proposals,
    bob rejects one, the rest wait."""
    coded.autocoding.autocode(category="K2.2", document="B01")
    one, two, three, *waiting = coded.autocoding.proposals()
    assert waiting
    coded.autocoding.accept([one.id, two.id])
    coded.as_coder("bob").autocoding.reject([three.id])
    yield coded


def extension(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        data: dict[str, Any] = json.loads(archive.read("sources/qualcode.txt"))
    return data


def test_proposals_survive_a_round_trip(autocoded: Project, tmp_path: Path) -> None:
    exported = tmp_path / "out.qdpx"
    exporter(autocoded).export("qdpx", exported)
    assert schema("project").validate(parse(qde(exported)))  # other programs still read it
    copy, report = import_project_file(str(tmp_path / "copy.db"), "carla", exported)
    try:
        assert not report.left_out
        waiting = len(autocoded.autocoding.proposals())
        assert report.proposals == {"accepted": 2, "rejected": 1, "proposed": waiting}
        assert f"With {waiting + 3} autocoding proposals: 2 accepted, 1 rejected, " in "\n".join(
            report.lines()
        )
        assert copy.autocoding.proposals(status="accepted")[0].decided_by == "alice"
        assert copy.audit.verify().ok
    finally:
        copy.close()
    before, after = proposals(tmp_path / "origin.db"), proposals(tmp_path / "copy.db")
    assert after == before and len(before) == waiting + 3
    assert {row[6] for row in before} == {"accepted", "rejected", "proposed"}
    accepted = [row for row in before if row[6] == "accepted"]
    assert all(row[12:14] == row[2:4] and row[14] == "K2.2" for row in accepted)


def test_the_receivers_log_names_the_rule_a_coding_came_from(
    autocoded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accepted = autocoded.autocoding.proposals(status="accepted")
    rejected = autocoded.autocoding.proposals(status="rejected")[0]
    exported = tmp_path / "out.qdpx"
    exporter(autocoded).export("qdpx", exported)
    copy, _ = import_project_file(str(tmp_path / "copy.db"), "carla", exported)
    try:
        coding = next(
            c
            for c in copy.coding.query(document="B01", category="K2.2")
            if (c.start, c.end) == (accepted[0].start, accepted[0].end)
        )
        history = copy.audit.log(coding=coding.id)
        assert len(history) == 1 and isinstance(history[0].typed(), ProposalImported)
        told = history[0].describe()
        assert (
            told.startswith("proposal ") and " from out.qdpx, accepted there by alice on " in told
        )
        assert f"(coding {coding.id}, rule {accepted[0].rule})" in told
        assert "B01 Pos. " in told and "as K2.2" in told
        refused = [e for e in copy.audit.log() if e.after and e.after.get("status") == "rejected"]
        assert len(refused) == 1 and "rejected there by bob" in refused[0].describe()
        assert refused[0].after["text"] == rejected.text
    finally:
        copy.close()
    monkeypatch.setenv("QUALCODE_CODER", "carla")
    shown = CliRunner().invoke(
        cli, ["--project", str(tmp_path / "copy.db"), "log", "--coding", str(coding.id)]
    )
    assert shown.exit_code == 0, shown.output
    assert "from out.qdpx, accepted there by alice" in shown.output
    assert accepted[0].rule.split(" -> ")[0] in shown.output


def test_proposal_guids_are_stable_across_a_round_trip(autocoded: Project, tmp_path: Path) -> None:
    first = tmp_path / "first.qdpx"
    exporter(autocoded).export("qdpx", first)
    copy, _ = import_project_file(str(tmp_path / "copy.db"), "alice", first)
    second = tmp_path / "second.qdpx"
    exporter(copy).export("qdpx", second)
    copy.close()
    one, two = extension(first)["proposals"], extension(second)["proposals"]
    assert one and sorted(one, key=lambda p: p["guid"]) == sorted(two, key=lambda p: p["guid"])
    codings = extension(first)["codings"]
    assert all(p["coding"] in codings for p in one if p["status"] == "accepted")


def test_a_project_without_proposals_writes_none(coded: Project, tmp_path: Path) -> None:
    exported = tmp_path / "out.qdpx"
    exporter(coded).export("qdpx", exported)
    assert "proposals" not in extension(exported)


def test_merging_the_same_export_adds_no_proposal_twice(autocoded: Project, tmp_path: Path) -> None:
    exported = tmp_path / "out.qdpx"
    exporter(autocoded).export("qdpx", exported)
    before = proposals(tmp_path / "origin.db")
    location = str(tmp_path / "origin.db")
    autocoded.close()
    merged, report = import_project_file(location, "alice", exported, merge=True)
    merged.close()
    assert proposals(tmp_path / "origin.db") == before
    assert not report.proposals


def test_a_proposal_whose_passage_no_longer_fits_is_left_out_and_listed(
    autocoded: Project, tmp_path: Path
) -> None:
    exported = tmp_path / "out.qdpx"
    exporter(autocoded).export("qdpx", exported)
    read, report = read_project_file(exported)
    moved = read.proposals[0]
    read.proposals[0] = type(moved)(**{**_fields(moved), "start": moved.start + 1})
    target = init_project(str(tmp_path / "copy.db"), "alice")
    try:
        ProjectImport(target.database, "alice").import_project(read, report)
        assert report.left_out == ["1 autocoding proposal whose passage no longer holds its text"]
        assert len(target.autocoding.proposals(status=None)) == len(read.proposals) - 1
    finally:
        target.close()


def test_entries_not_well_formed_are_passed_over(autocoded: Project, tmp_path: Path) -> None:
    exported = tmp_path / "out.qdpx"
    exporter(autocoded).export("qdpx", exported)
    data = extension(exported)
    good = data["proposals"][0]
    data["proposals"] = [
        1,
        "x",
        {**good, "status": "maybe"},
        {**good, "start": "3"},
        {**good, "source": "no such source"},
        {**good, "code": None},
        {**good, "rule": ["not", "text"], "decided": 7, "pass": "no such pass"},
    ]
    changed = tmp_path / "changed.qdpx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(changed, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            if name == "sources/qualcode.txt":
                body = json.dumps(data).encode()
            target.writestr(name, body)
    read, _ = read_project_file(changed)
    assert len(read.proposals) == 1
    assert read.proposals[0].rule == "" and read.proposals[0].decided_at is None
    assert read.proposals[0].coding_pass is None


def _fields(value: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__slots__}


def test_the_rules_travel_so_the_receiver_proposes_nothing_twice(
    autocoded: Project, tmp_path: Path
) -> None:
    exported = tmp_path / "out.qdpx"
    exporter(autocoded).export("qdpx", exported)
    copy, _ = import_project_file(str(tmp_path / "copy.db"), "carla", exported)
    try:
        assert copy.autocoding.rules() == autocoded.autocoding.rules()
        assert {r.category for r in copy.autocoding.rules()} == {"K2.1", "K2.2"}
        again = copy.autocoding.autocode(category="K2.2", document="B01")
        assert again.total == 0 and again.known > 0
    finally:
        copy.close()
