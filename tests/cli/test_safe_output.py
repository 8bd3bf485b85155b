"""An export can never destroy anything: ``qualcode export`` and ``agreement`` on real files.

Refusals are one line with an exit code and leave every file byte for byte as it was; a
killed export leaves the previous file or the complete new one, never half of either.
"""

from __future__ import annotations

import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from qualcode.services.coding import CodingRequest
from qualcode.services.project import open_project
from tests.cli.conftest import Run
from tests.cli.test_agreement_commands import _two_coders
from tests.cli.test_subprocess import qualcode_command

PREVIOUS = b"my own table, keep it\n"
BACKUP = "project.db.bak-0001-20260101T000000"
TEMP_MARK = ".qualcode-tmp-"


def one_line(result: Result, code: int, text: str) -> str:
    """The refusal's single line on standard error."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == code, result.output
    assert len(lines) == 1 and lines[0].startswith("qualcode: ") and text in lines[0], lines
    assert "Wrote" not in result.stdout
    return lines[0]


@pytest.fixture
def project_files(sample: Run, tmp_path: Path) -> Iterator[Run]:
    """The sample project while another program has it open, so that its write-ahead log and
    shared-memory file exist, with a backup beside it."""
    assert sample("code", "B01", "K2.1", "--turn", "9").exit_code == 0
    (tmp_path / BACKUP).write_bytes((tmp_path / "project.db").read_bytes())
    holder = sqlite3.connect(tmp_path / "project.db")
    holder.execute("select count(*) from codings").fetchone()
    assert (tmp_path / "project.db-wal").exists() and (tmp_path / "project.db-shm").exists()
    yield sample
    holder.close()


@pytest.mark.parametrize("name", ["project.db", "project.db-wal", "project.db-shm", BACKUP])
def test_the_project_and_its_files_are_refused(
    project_files: Run, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    for extra in ([], ["--force"], ["--format", "csv", "--force"]):
        result = project_files("export", "frequencies", "-o", str(target), *extra)
        line = one_line(result, 6, f"{target}")
        assert "never writes over it" in line and "(nothing was written)" in line
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_another_sqlite_file_is_refused_even_with_force(sample: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    with sqlite3.connect(other) as db:
        db.execute("create table t (x)")
    before = other.read_bytes()
    line = one_line(sample("export", "matrix", "-o", str(other), "--force"), 6, "SQLite database")
    assert "not even with --force" in line
    assert other.read_bytes() == before


def test_an_existing_file_is_replaced_only_with_force(sample: Run, tmp_path: Path) -> None:
    target = tmp_path / "frequencies.csv"
    target.write_bytes(PREVIOUS)
    line = one_line(sample("export", "frequencies", "-o", str(target)), 6, "already exists")
    assert (
        line
        == f"qualcode: {target} already exists; add --force to replace it (nothing was written)"
    )
    assert target.read_bytes() == PREVIOUS
    done = sample("export", "frequencies", "-o", str(target), "--force")
    assert done.exit_code == 0 and done.output.startswith(f"Wrote {target} (")
    assert target.read_bytes().startswith("\ufeffCode;Kategorie".encode())
    notes = tmp_path / "frequencies.notes.txt"
    assert notes.read_text(encoding="utf-8").startswith("Häufigkeit der Kategorien")
    # The notes beside the table follow the same rule: an existing one refuses the export.
    notes.write_bytes(PREVIOUS)
    target.unlink()
    line = one_line(sample("export", "frequencies", "-o", str(target)), 6, "already exists")
    assert "frequencies.notes.txt already exists" in line and not target.exists()
    assert notes.read_bytes() == PREVIOUS
    assert sample("export", "frequencies", "-o", str(target), "--force").exit_code == 0
    assert notes.read_text(encoding="utf-8").startswith("Häufigkeit der Kategorien")
    assert [p.name for p in tmp_path.iterdir() if TEMP_MARK in p.name] == []


def test_a_link_out_of_the_folder_is_refused(
    sample: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.txt").write_bytes(PREVIOUS)
    work = tmp_path / "received"
    work.mkdir()
    (work / "exports").symlink_to(outside)  # a project folder someone sent
    (work / "quotes.csv").symlink_to(outside / "notes.txt")
    monkeypatch.chdir(work)
    line = one_line(sample("export", "frequencies", "--force"), 4, "leads out of the working")
    assert "the folder exports" in line
    line = one_line(sample("export", "quotes", "-o", "quotes.csv", "--force"), 4, "symbolic link")
    assert sorted(p.name for p in outside.iterdir()) == ["notes.txt"]
    assert (outside / "notes.txt").read_bytes() == PREVIOUS


def test_a_missing_folder_is_named(sample: Run, tmp_path: Path) -> None:
    target = tmp_path / "chapter" / "4" / "f.csv"
    line = one_line(sample("export", "frequencies", "-o", str(target)), 3, "does not exist")
    assert f"the folder {target.parent} does not exist" in line and "--mkdir" in line
    assert not (tmp_path / "chapter").exists()
    done = sample("export", "frequencies", "-o", str(target), "--mkdir")
    assert done.output.startswith(f"Created the folder {tmp_path / 'chapter'}.\nWrote {target}")


def test_the_file_ending_and_the_format_agree(sample: Run, tmp_path: Path) -> None:
    pdf = tmp_path / "table.pdf"
    line = one_line(sample("export", "frequencies", "-o", str(pdf)), 4, "table.pdf")
    assert "the frequencies export is written as csv, xlsx, md, tex, docx, not pdf" in line
    assert not pdf.exists()
    xlsx = tmp_path / "table.xlsx"
    assert sample("export", "frequencies", "-o", str(xlsx)).exit_code == 0
    assert load_workbook(xlsx).active["A1"].value == "Häufigkeit der Kategorien"
    clash = sample("export", "frequencies", "-o", str(tmp_path / "t.xlsx"), "--format", "csv")
    one_line(clash, 4, "t.xlsx ends in .xlsx but the format is csv")
    assert not (tmp_path / "t.xlsx").exists()
    chart = sample("export", "chart", "-o", str(tmp_path / "c.csv"))
    one_line(chart, 4, "the chart export is written as png, svg, pdf, not csv")


def test_agreement_files_are_written_as_safely(sample: Run, tmp_path: Path) -> None:
    _two_coders(sample)
    args = ["agreement", "--coders", "alice", "bob", "--level", "unit"]
    project = tmp_path / "project.db"
    before = project.read_bytes()
    one_line(sample(*args, "-o", str(project), "--format", "md"), 6, "the project file itself")
    one_line(sample(*args, "--data", str(project)), 6, "the project file itself")
    assert project.read_bytes() == before
    one_line(sample(*args, "-o", str(tmp_path / "a.pdf")), 4, "not pdf")
    one_line(sample(*args, "--data", str(tmp_path / "u.xlsx")), 4, "not xlsx")
    report = tmp_path / "agreement.md"
    report.write_bytes(PREVIOUS)
    one_line(sample(*args, "-o", str(report)), 6, "already exists; add --force")
    assert report.read_bytes() == PREVIOUS
    recal = tmp_path / "units-recal.csv"
    recal.write_bytes(PREVIOUS)
    one_line(sample(*args, "--data", str(tmp_path / "units.csv")), 6, "units-recal.csv already")
    assert not (tmp_path / "units.csv").exists()  # neither file is written when one is refused
    done = sample(*args, "-o", str(report), "--data", str(tmp_path / "units.csv"), "--force")
    assert done.exit_code == 0, done.output
    assert report.read_text(encoding="utf-8").startswith("## Intercoder-Übereinstimmung")
    assert recal.read_bytes() != PREVIOUS
    assert f"Wrote {report}\n" in done.output
    missing = tmp_path / "appendix" / "agreement.xlsx"
    one_line(sample(*args, "-o", str(missing)), 3, "--mkdir")
    made = sample(*args, "-o", str(missing), "--mkdir")
    assert f"Created the folder {missing.parent}.\nWrote {missing}" in made.output


def body(docx: bytes) -> bytes:
    """The text of a Word file whose every part is whole (the zip's dates differ per run)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert archive.testzip() is None
        return archive.read("word/document.xml")


@pytest.mark.subprocess
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a Unix signal")
def test_a_killed_export_leaves_the_previous_file_or_the_whole_new_one(
    sample: Run, tmp_path: Path
) -> None:
    """SIGKILL at random moments of a large export: never half a file, and the next export
    removes what a killed one left."""
    with open_project(str(tmp_path / "project.db"), "alice") as project:
        requests = []
        for document in project.documents.all():
            transcript = project.documents.transcript(document.name)
            for turn in transcript.turns:
                for code in ("K1.1", "K2.1", "K6"):
                    requests.append(
                        CodingRequest(document.name, code, turn.char_start, turn.char_end)
                    )
        project.coding.add_many(requests)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "quotes.docx"
    env = {**os.environ, "QUALCODE_PROJECT": str(tmp_path / "project.db"), "QUALCODE_CODER": "a"}
    command = [*qualcode_command(), "export", "quotes", "-o", str(target), "--force"]
    command += ["--date", "2026-03-14"]
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    duration = time.monotonic() - started
    complete = target.read_bytes()
    assert len(complete) > 100_000
    rng = random.Random(7)
    outcomes = set()
    for _ in range(8):
        target.write_bytes(PREVIOUS)
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(rng.uniform(duration * 0.2, duration))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.stderr is not None
        child.stderr.close()
        now = target.read_bytes()
        assert now == PREVIOUS or body(now) == body(complete)
        outcomes.add("previous" if now == PREVIOUS else "new")
        others = [p.name for p in folder.iterdir() if p.name != "quotes.docx"]
        assert all(n.startswith(f".quotes.docx{TEMP_MARK}") for n in others), others
    subprocess.run(command, env=env, check=True, capture_output=True)
    assert sorted(p.name for p in folder.iterdir()) == ["quotes.docx"]
    assert body(target.read_bytes()) == body(complete)
    assert "previous" in outcomes  # at least one kill came before the rename


def test_force_and_mkdir_everywhere_and_in_the_readme() -> None:
    """Every export subcommand and ``agreement`` take --force and --mkdir, and README says what
    is refused."""
    from qualcode.cli.agreement_commands import agreement
    from qualcode.cli.export_commands import export
    from tests.helpers import ROOT

    for command in (*export.commands.values(), agreement):
        options = {o for p in command.params for o in getattr(p, "opts", ())}
        assert {"--force", "--mkdir"} <= options, command.name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("`qualcode export` writes") : readme.index("## Output for")]
    for words in (
        "`--force`",
        "`--mkdir`",
        "`-wal`",
        "`-shm`",
        "SQLite",
        "symbolic link",
        "`-o table.pdf`",
        "qualcode-tmp",
    ):
        assert words in section, words
