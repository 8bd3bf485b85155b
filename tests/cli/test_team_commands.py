"""qualcode members, qualcode profile and codebook edit, as a team uses them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.errors import ExitCode
from tests.cli.conftest import Run
from tests.helpers import CODEBOOK


def test_members_and_what_a_refused_change_says(run: Run, tmp_path: Path) -> None:
    assert run("init", "--codebook", str(CODEBOOK)).exit_code == 0
    empty = run("members")
    assert "no members yet, so everyone may do everything" in empty.output
    added = run("members", "add", "anna", "--role", "coder")
    assert added.exit_code == 0, added.output
    assert added.output.splitlines() == [
        "anna is now a coder in this project.",
        "You (alice) became the project's admin, as it had none: the admin manages the members.",
    ]
    assert run("members", "add", "ben", "--role", "reviewer").output.strip() == (
        "ben is now a reviewer in this project."
    )
    listed = json.loads(run("members", "list", "--json").output)
    assert listed == [
        {"name": "alice", "role": "admin"},
        {"name": "anna", "role": "coder"},
        {"name": "ben", "role": "reviewer"},
    ]
    project = str(tmp_path / "project.db")
    as_anna = CliRunner().invoke(
        cli,
        [
            "--project",
            project,
            "--coder",
            "anna",
            "codebook",
            "edit",
            "K2.1",
            "--name",
            "X",
            "--reason",
            "kürzer",
        ],
    )
    assert as_anna.exit_code == ExitCode.NOT_ALLOWED == 7
    assert as_anna.output == (
        "qualcode: anna is a coder in this project; editing the codebook needs the admin role\n"
    )
    changed = run("members", "role", "anna", "admin")
    assert changed.output.strip() == "anna is now an admin (was a coder)."
    assert run("members", "remove", "ben").output.strip() == "ben (reviewer) is no longer a member."
    refused = run("members", "role", "bob", "coder")
    assert refused.exit_code == ExitCode.NOT_FOUND
    log = run("log").output
    assert "made anna a member as coder" in log and "changed anna's role from coder to admin" in log


def test_codebook_edit_carries_the_version_it_read(run: Run) -> None:
    assert run("init", "--codebook", str(CODEBOOK)).exit_code == 0
    read = json.loads(run("codebook", "show", "K2.1", "--json").output)
    assert read["version"] == 1
    first = run(
        "codebook",
        "edit",
        "K2.1",
        "--name",
        "Kaltakquise",
        "--reason",
        "kürzer",
        "--if-version",
        "1",
    )
    assert first.exit_code == 0 and first.output.strip() == "Changed K2.1 Kaltakquise."
    again = run(
        "codebook", "edit", "K2.1", "--definition", "anders", "--reason", "x", "--if-version", "1"
    )
    assert again.exit_code == ExitCode.CONFLICT
    assert re.fullmatch(
        r"qualcode: K2\.1 was changed by alice at \d\d:\d\d; reload and try again\n", again.output
    )
    assert json.loads(run("codebook", "show", "K2.1", "--json").output)["version"] == 2
    same = run("codebook", "edit", "K2.1", "--name", "Kaltakquise", "--reason", "x")
    assert same.output.strip() == "K2.1 is unchanged."


def test_profiles_from_the_command_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert "No profiles yet" in run("profile", "list").output
    added = run("profile", "add", "team", "postgresql://anna:geheim@db.example.org/thesis")
    assert added.exit_code == 0
    assert "geheim" not in added.output and "anna:***@db.example.org" in added.output
    assert "readable by you only" in added.output
    listed = json.loads(run("profile", "list", "--json").output)
    assert listed == [{"name": "team", "address": "postgresql://anna:***@db.example.org/thesis"}]
    local = run("profile", "add", "local", str(tmp_path / "project.db"))
    assert local.exit_code == 0 and "qualcode --project local" in local.output
    made = run("init", project_path="local")
    assert made.exit_code == 0 and (tmp_path / "project.db").exists()
    assert run("profile", "remove", "team").output.strip() == "Removed the profile team."
    gone = run("profile", "remove", "team")
    assert gone.exit_code == ExitCode.NOT_FOUND
    bad = run("profile", "add", "my.db", "postgresql:///x")
    assert bad.exit_code == ExitCode.INVALID_INPUT and "no dot or slash" in bad.output
