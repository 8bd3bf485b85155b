"""What the file system does to a project, said in one line: a write-protected project still
reads, an unreadable one says so, a full disk and a damaged page save nothing and say why.

Root ignores file modes, so the write-protection tests run the commands as the user 'nobody' in
a forked child (the interpreter under /root is out of that user's reach, so every module the
commands need is loaded first, by running them once as root on a copy). A full disk is a small
tmpfs, a read-only drive a read-only bind mount; where this machine cannot make them (not
root, no mount), those tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.errors import ExitCode, ReadOnlyProjectError
from qualcode.services.project import init_project, open_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, dump

READ_ONLY_TAIL = "reading works, changes cannot be saved"

Outcome = tuple[int, str, str]  # exit code, stdout, stderr


def qc(project: Path, *args: str) -> Outcome:
    result = CliRunner().invoke(
        cli, ["--project", str(project), *args], env={"QUALCODE_CODER": "alice"}
    )
    return result.exit_code, result.stdout, result.stderr


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def _nobody() -> tuple[int, int]:
    if not hasattr(os, "fork") or os.geteuid() != 0:
        pytest.skip("needs root (to become the user 'nobody') and fork: root ignores file modes")
    import pwd

    try:
        user = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("there is no user 'nobody' to run the commands as")
    return user.pw_uid, user.pw_gid


def as_nobody(project: Path, commands: list[list[str]]) -> list[Outcome]:
    """Run qualcode commands as the user 'nobody', in a forked child; their outcomes in order."""
    uid, gid = _nobody()
    base = str(project.parent.parent)
    warm = Path(tempfile.mkdtemp(prefix="qualcode-warm-")) / "copy"
    try:  # load every module the commands need while the interpreter is still readable
        shutil.copytree(base, warm)
        for command in commands:
            qc(
                Path(str(project).replace(base, str(warm))),
                *[a.replace(base, str(warm)) for a in command],
            )
    finally:
        shutil.rmtree(warm.parent, ignore_errors=True)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            outcomes = [qc(project, *command) for command in commands]
            with os.fdopen(write_end, "w") as out:
                json.dump(outcomes, out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as given:
        text = given.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, text
    return [tuple(o) for o in json.loads(text)]  # type: ignore[misc]


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder every user may enter (pytest's own temporary folder is root's alone)."""
    base = Path(tempfile.mkdtemp(prefix="qualcode-fs-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _make_project(path: Path) -> Path:
    project = init_project(str(path), "alice", CODEBOOK)
    project.documents.import_files(list(SAMPLE_FILES[:2]))
    project.coding.code("B01", "K1", turns=(3, 3))
    project.close()
    assert not path.with_name(path.name + "-wal").exists()
    return path


def _snapshot(path: Path) -> tuple[bytes, dict[str, list[tuple[object, ...]]]]:
    return path.read_bytes(), dump(str(path))


READS = [
    ["status"],
    ["documents"],
    ["show", "B01"],
    ["codings"],
    ["log"],
    ["codebook", "show"],
]
WRITES = [
    ["code", "B01", "K1", "--turn", "5"],
    ["uncode", "1"],
    ["import", str(SAMPLE_FILES[2])],
    ["codebook", "freeze", "--reason", "pilot done"],
]


@pytest.mark.parametrize("protected", ["file", "folder"])
def test_a_write_protected_project_reads_and_refuses_every_write(
    open_dir: Path, protected: str
) -> None:
    _nobody()
    folder = open_dir / "project"
    folder.mkdir()
    project = _make_project(folder / "project.db")
    out = open_dir / "out"
    out.mkdir()
    os.chown(out, *_nobody())
    if protected == "file":  # the user's own file, write-protected, in the user's own folder
        os.chown(folder, *_nobody())
        os.chown(project, *_nobody())
        project.chmod(0o444)
        why = "the file is write-protected"
    else:  # the user's own file in someone else's folder, where no journal can be made
        os.chown(project, *_nobody())
        project.chmod(0o644)
        why = f"its folder {folder} is write-protected, so SQLite cannot keep its journal there"
    before = _snapshot(project)
    exports = [["export", "frequencies", "-o", str(out / "frequencies.csv")]]
    outcomes = as_nobody(project, READS + exports + WRITES)
    for command, (code, stdout, stderr) in zip(READS + exports, outcomes, strict=False):
        assert code == 0, (command, stderr)
        assert stdout or (out / "frequencies.csv").exists()
    assert "B01" in outcomes[1][1] and "B02" in outcomes[1][1]
    assert (out / "frequencies.csv").read_text(encoding="utf-8-sig").count("K1") >= 1
    for command, (code, _, stderr) in zip(WRITES, outcomes[len(READS) + 1 :], strict=True):
        assert code == ExitCode.PROJECT, (command, stderr)
        assert one_line(stderr) == (
            f"qualcode: the project {project} is read-only ({why}): {READ_ONLY_TAIL}"
        ), command
    project.chmod(0o644)
    assert _snapshot(project) == before


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A folder and the same folder mounted read-only elsewhere (a CD, a locked share)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a read-only mount needs root and the mount program")
    source = tmp_path / "source"
    target = tmp_path / "read-only"
    source.mkdir()
    target.mkdir()
    bound = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot mount here: {bound.stderr.decode(errors='replace').strip()}")
    try:
        ro = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(target)], capture_output=True, check=False
        )
        if ro.returncode != 0:
            pytest.skip(f"cannot remount read-only: {ro.stderr.decode(errors='replace').strip()}")
        yield source, target
    finally:
        subprocess.run(["umount", str(target)], check=False)


def test_a_project_on_a_read_only_drive_reads_and_refuses_writes(
    read_only_mount: tuple[Path, Path],
) -> None:
    source, target = read_only_mount
    _make_project(source / "project.db")
    project = target / "project.db"
    before = _snapshot(source / "project.db")
    for command in READS:
        code, stdout, stderr = qc(project, *command)
        assert code == 0 and stdout, (command, stderr)
    for command in WRITES:
        code, _, stderr = qc(project, *command)
        assert code == ExitCode.PROJECT, (command, stderr)
        assert one_line(stderr) == (
            f"qualcode: the project {project} is read-only "
            f"(its drive is mounted read-only): {READ_ONLY_TAIL}"
        )
    # An export onto the read-only drive goes through the safe output: one line, nothing made.
    code, _, stderr = qc(project, "export", "frequencies", "-o", str(target / "f.csv"))
    assert code == ExitCode.INVALID_INPUT
    assert one_line(stderr) == (
        f"qualcode: could not write {target / 'f.csv'} (Read-only file system); it was not created"
    )
    assert not (target / "f.csv").exists()
    assert _snapshot(source / "project.db") == before


def test_the_workbench_keeps_reading_after_a_refused_write(
    read_only_mount: tuple[Path, Path],
) -> None:
    """The services as the workbench uses them: one open project, a write, then reads again."""
    source, target = read_only_mount
    _make_project(source / "project.db")
    with open_project(str(target / "project.db"), "alice") as project:
        with pytest.raises(ReadOnlyProjectError, match=READ_ONLY_TAIL):
            project.coding.code("B01", "K1", turns=(5, 5))
        with pytest.raises(ReadOnlyProjectError, match=READ_ONLY_TAIL):
            project.coding.set_memo(1, "why")
        assert [d.name for d in project.documents.all()] == ["B01", "B02"]
        assert len(project.coding.query()) == 1


@pytest.mark.parametrize("hidden", ["folder", "file"])
def test_an_unreadable_project_says_permission_denied(open_dir: Path, hidden: str) -> None:
    _nobody()
    folder = open_dir / "private"
    folder.mkdir()
    project = _make_project(folder / "project.db")
    if hidden == "folder":
        folder.chmod(0o700)  # root's folder: others may not even look inside
    else:
        project.chmod(0o600)
    before = _snapshot(project)
    [(code, _, stderr)] = as_nobody(project, [["documents"]])
    assert code == ExitCode.PROJECT
    assert one_line(stderr) == f"qualcode: cannot read {project}: permission denied"
    assert _snapshot(project) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB disk of its own (tmpfs), unmounted afterwards."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small disk of its own needs root and the mount program")
    disk = tmp_path / "disk"
    disk.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def _fill(disk: Path) -> Path:
    """Fill the disk to the last byte with one file; returns it (delete it to free the space)."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (2**16, 512, 1):
            try:
                while handle.write(b"\0" * size):
                    pass
            except OSError:
                pass
    return filler


@pytest.mark.parametrize("left", [0, 2**16], ids=["no-byte-left", "some-pages-left"])
def test_a_full_disk_saves_nothing_and_says_so(small_disk: Path, left: int) -> None:
    project = small_disk / "project.db"
    init_project(str(project), "alice", CODEBOOK).close()
    before = _snapshot(project)
    filler = _fill(small_disk)
    os.truncate(filler, filler.stat().st_size - left)
    code, stdout, stderr = qc(project, "documents")  # reading still works
    assert code == 0 and "No documents" in stdout + stderr, stderr
    code, _, stderr = qc(project, "import", *map(str, SAMPLE_FILES))
    assert code == ExitCode.PROJECT, stderr
    assert one_line(stderr) == (
        f"qualcode: the disk holding {project} is full; nothing was saved. "
        "Free some space and try again"
    )
    if not left:  # an export to the full disk (not the project) fails as one line too
        code, _, stderr = qc(project, "export", "frequencies", "-o", str(small_disk / "f.csv"))
        assert code == ExitCode.INVALID_INPUT, stderr
        assert one_line(stderr) == (
            f"qualcode: could not write {small_disk / 'f.csv'} (No space left on device); "
            "it was not created"
        )
        assert not list(small_disk.glob("*f.csv*"))
    filler.unlink()
    assert _snapshot(project) == before
    code, stdout, _ = qc(project, "import", *map(str, SAMPLE_FILES[:1]))
    assert code == 0 and "Imported B01" in stdout


def _damage_page(path: Path, table: str) -> bytes:
    """Overwrite the middle of a table's root page, as a failing disk might."""
    import sqlite3

    raw = sqlite3.connect(path)
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    raw.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 1 : start + page_size // 2] = b"\xff" * (page_size // 2 - 1)
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("table", ["turns", "codings"])
def test_a_damaged_page_gives_one_line_quoting_nothing(tmp_path: Path, table: str) -> None:
    project = _make_project(tmp_path / "project.db")
    words = {w for w in SAMPLE_FILES[0].read_text(encoding="utf-8").split() if len(w) > 5}
    damaged = _damage_page(project, table)
    expected = (
        f"qualcode: the project file {project} is damaged (SQLite cannot read one of its "
        f'pages); nothing was changed. Check it with `sqlite3 "{project}" '
        '"PRAGMA integrity_check"`, or restore a backup copy'
    )
    reading = [["show", "B01"], ["status"]] if table == "turns" else [["codings"]]
    for command in [*reading, ["code", "B01", "K1", "--turn", "5"]]:
        code, _, stderr = qc(project, *command)
        assert code == ExitCode.PROJECT, (command, stderr)
        assert one_line(stderr) == expected, command
        assert not any(word in stderr for word in words)
    assert project.read_bytes() == damaged


async def test_a_workbench_keystroke_on_a_read_only_drive_says_so(
    read_only_mount: tuple[Path, Path],
) -> None:
    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.coding import CodingScreen
    from tests.tui.conftest import settle

    source, target = read_only_mount
    _make_project(source / "project.db")
    with open_project(str(source / "project.db"), "alice") as writable:
        writable.pins.set_pinned(["K2.1"])
    before = _snapshot(source / "project.db")
    with open_project(str(target / "project.db"), "alice") as project:
        app = QualcodeApp(project)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, CodingScreen)
            await pilot.press("down", "1")  # code the turn with the first pinned category
            await settle(pilot)
            shown = [n.message for n in app._notifications]
            assert f"the project {target / 'project.db'} is read-only" in "\n".join(shown)
            assert any(m.endswith(READ_ONLY_TAIL) for m in shown)
            await pilot.press("down")  # the workbench goes on reading
            await settle(pilot)
    assert _snapshot(source / "project.db") == before


@pytest.mark.postgres
def test_a_read_only_server_database_reads_and_refuses_writes(postgres_server: str) -> None:
    """The same words for team mode: a database set read-only by its administrator."""
    import sqlalchemy as sa

    from tests.conftest import _fresh_pg_database

    location = _fresh_pg_database(postgres_server)
    init_project(location, "alice", CODEBOOK).close()
    name = sa.engine.make_url(location).database
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    admin.dispose()
    before = dump(location)
    with open_project(location, "alice") as project:
        assert project.summary().categories > 0
        with pytest.raises(ReadOnlyProjectError) as info:
            project.documents.import_files(SAMPLE_FILES[:1])
        described = project.location
    assert str(info.value) == (
        f"the project {described} is read-only (the server accepts no changes): {READ_ONLY_TAIL}"
    )
    assert dump(location) == before


def test_an_older_project_on_a_read_only_drive_is_not_upgraded(
    read_only_mount: tuple[Path, Path],
) -> None:
    from tests.storage.test_db import _make_old_project

    source, target = read_only_mount
    _make_old_project(source / "old.db")
    before = (source / "old.db").read_bytes()
    code, _, stderr = qc(target / "old.db", "documents")
    assert code == ExitCode.PROJECT
    assert one_line(stderr) == (
        f"qualcode: the project {target / 'old.db'} was made by an older qualcode and must be "
        "upgraded, but it is read-only (its drive is mounted read-only): copy it to a folder "
        "you may write to"
    )
    assert (source / "old.db").read_bytes() == before
    assert sorted(p.name for p in source.iterdir()) == ["old.db"]


@pytest.mark.postgres
def test_a_database_role_that_may_only_read_is_told_so(postgres_server: str) -> None:
    import sqlalchemy as sa

    from tests.conftest import _fresh_pg_database

    location = _fresh_pg_database(postgres_server)
    init_project(location, "alice", CODEBOOK).close()
    owner = sa.create_engine(location)
    with owner.begin() as conn:
        conn.exec_driver_sql(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reviewer') "
            "THEN CREATE ROLE reviewer LOGIN; END IF; END $$"
        )
        conn.exec_driver_sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reviewer")
    owner.dispose()
    as_reviewer = sa.engine.make_url(location).set(username="reviewer")
    reviewer = as_reviewer.render_as_string(hide_password=False)
    before = dump(location)
    with open_project(reviewer, "bob") as project:
        assert project.summary().categories > 0
        with pytest.raises(ReadOnlyProjectError) as info:
            project.coding.ensure_coder()
        described = project.location
    assert str(info.value) == (
        f"the project {described} is read-only (your database role may not change it): "
        f"{READ_ONLY_TAIL}"
    )
    assert dump(location) == before
