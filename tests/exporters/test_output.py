"""The safe output module on real files: what it refuses, and that a failed write changes nothing.

A full disk is a real one: a 64 KiB tmpfs where the system allows mounting it (root on Linux),
and a file size limit (RLIMIT_FSIZE, which makes writes past it fail with EFBIG) in a child
process everywhere on Unix.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.exporters.output import (
    TEMP_MARK,
    Destination,
    FileExists,
    FolderMissing,
    WriteFailed,
    check,
    replacing,
    write_bytes,
)

PREVIOUS = b"the previous file\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMP_MARK in p.name)


def sqlite_file(path: Path) -> bytes:
    with sqlite3.connect(path) as db:
        db.execute("create table t (x)")
    return path.read_bytes()


def test_a_new_file_and_a_replaced_one(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_bytes(b"one", target)
    assert target.read_bytes() == b"one"
    with pytest.raises(FileExists, match=r"out.csv already exists; add --force to replace it"):
        write_bytes(b"two", target)
    assert target.read_bytes() == b"one"
    write_bytes(b"two", Destination(target, force=True))
    assert target.read_bytes() == b"two" and leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["p.db", "p.db-wal", "p.db-shm", "p.db-journal", "p.db.bak-1-x"])
def test_the_project_and_its_companions_are_never_written(tmp_path: Path, name: str) -> None:
    project = tmp_path / "p.db"
    sqlite_file(project)
    target = tmp_path / name
    if not target.exists():
        target.write_bytes(PREVIOUS)
    before = target.read_bytes()
    for dest in (
        Destination(target, force=True, projects=(project,)),
        # the same file named through another path
        Destination(tmp_path / "." / name, force=True, projects=(project,)),
    ):
        with pytest.raises(ConflictError, match="never writes over it") as refused:
            write_bytes(b"x", dest)
        assert "\n" not in str(refused.value) and "(nothing was written)" in str(refused.value)
    assert target.read_bytes() == before and leftovers(tmp_path) == []


def test_a_hard_link_to_the_project_is_the_project(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    before = sqlite_file(project)
    (tmp_path / "other").mkdir()
    alias = tmp_path / "other" / "export.csv"
    os.link(project, alias)
    with pytest.raises(ConflictError, match="is the project file itself"):
        write_bytes(b"x", Destination(alias, force=True, projects=(project,)))
    assert project.read_bytes() == before


def test_any_sqlite_file_is_refused_even_with_force(tmp_path: Path) -> None:
    other = tmp_path / "someone-else.csv"
    before = sqlite_file(other)
    with pytest.raises(ConflictError, match="is an SQLite database; an export never writes"):
        write_bytes(b"x", Destination(other, force=True))
    assert other.read_bytes() == before


def test_a_symbolic_link_is_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(PREVIOUS)
    (tmp_path / "work").mkdir()
    link = tmp_path / "work" / "export.csv"
    link.symlink_to(outside)
    with pytest.raises(InvalidInputError, match=r"is a symbolic link \(to .*outside.txt\)"):
        write_bytes(b"x", Destination(link, force=True))
    assert link.is_symlink() and outside.read_bytes() == PREVIOUS
    dangling = tmp_path / "work" / "new.csv"
    dangling.symlink_to(tmp_path / "not-yet.csv")
    with pytest.raises(InvalidInputError, match="symbolic link"):
        write_bytes(b"x", dangling)
    assert not (tmp_path / "not-yet.csv").exists()


def test_a_folder_link_out_of_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative path stays in the working folder; a path typed in full is the user's."""
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    (work / "exports").symlink_to(elsewhere)
    (work / "inside").mkdir()
    (work / "alias").symlink_to(work / "inside")
    monkeypatch.chdir(work)
    with pytest.raises(InvalidInputError, match="the folder exports leads out of the working"):
        write_bytes(b"x", Path("exports/f.csv"))
    assert list(elsewhere.iterdir()) == []
    write_bytes(b"in", Path("alias/f.csv"))  # a link that stays inside
    assert (work / "inside" / "f.csv").read_bytes() == b"in"
    write_bytes(b"full", work / "exports" / "f.csv")  # typed in full
    write_bytes(b"up", Path("../elsewhere/g.csv"))  # reaching above, typed on purpose
    assert sorted(p.name for p in elsewhere.iterdir()) == ["f.csv", "g.csv"]


def test_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "f.csv"
    with pytest.raises(FolderMissing, match=r"the folder .*a/b does not exist.*--mkdir"):
        write_bytes(b"x", target)
    assert isinstance(FolderMissing("x"), NotFoundError)
    assert not (tmp_path / "a").exists()
    assert check(Destination(target, mkdir=True)) == tmp_path / "a"
    assert not (tmp_path / "a").exists()  # checking creates nothing
    write_bytes(b"x", Destination(target, mkdir=True))
    assert target.read_bytes() == b"x"
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(InvalidInputError, match="is a file, not a folder"):
        write_bytes(b"x", tmp_path / "file" / "f.csv")
    with pytest.raises(InvalidInputError, match="is a folder, not a file"):
        write_bytes(b"x", Destination(tmp_path / "a", force=True))


def test_an_error_while_writing_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(PREVIOUS)
    with (
        pytest.raises(RuntimeError, match="the format library failed"),
        replacing(Destination(target, force=True)) as temp,
    ):
        temp.write_bytes(b"half a file")
        raise RuntimeError("the format library failed")
    assert target.read_bytes() == PREVIOUS and leftovers(tmp_path) == []


def test_left_overs_of_killed_exports_are_removed(tmp_path: Path) -> None:
    """Those of the same file at once; those of other files once they are stale."""
    own = tmp_path / f".out.csv{TEMP_MARK}abc123"
    fresh = tmp_path / f".other.csv{TEMP_MARK}def456"
    stale = tmp_path / f".old.csv{TEMP_MARK}ghi789"
    for path in (own, fresh, stale):
        path.write_bytes(b"half")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    write_bytes(b"x", tmp_path / "out.csv")
    assert leftovers(tmp_path) == [fresh.name]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 64 KiB (tmpfs), where the system lets this process mount one."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mount = shutil.which("mount")
    if sys.platform != "linux" or mount is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_leaves_the_previous_file(tiny_disk: Path) -> None:
    target = tiny_disk / "quotes.csv"
    target.write_bytes(PREVIOUS)
    with pytest.raises(WriteFailed) as failed:
        write_bytes(b"x" * 200_000, Destination(target, force=True))
    message = str(failed.value)
    assert message == (
        f"could not write {target} (No space left on device); the previous {target} is unchanged"
    )
    assert target.read_bytes() == PREVIOUS and leftovers(tiny_disk) == []
    with pytest.raises(WriteFailed, match=r"No space left on device\); it was not created$"):
        write_bytes(b"x" * 200_000, tiny_disk / "new.csv")
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["quotes.csv"]


FILE_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from qualcode.exporters import xlsx
from qualcode.exporters.output import Destination, WriteFailed
from tests.exporters.samples import quote_table

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail with EFBIG instead of being killed
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    xlsx.write([quote_table()] * 3, Destination(Path(sys.argv[1]), force=True))
except WriteFailed as exc:
    print(exc)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is a Unix limit")
def test_a_file_size_limit_leaves_the_previous_file(tmp_path: Path) -> None:
    """A format library (openpyxl) that writes the file itself fails the same way."""
    target = tmp_path / "tables.xlsx"
    target.write_bytes(PREVIOUS)
    done = subprocess.run(
        [sys.executable, "-c", FILE_SIZE_LIMIT, str(target)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    assert done.stdout == (
        f"could not write {target} (File too large); the previous {target} is unchanged\n"
    )
    assert target.read_bytes() == PREVIOUS and leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="Unix file modes")
def test_the_file_gets_the_mode_of_a_new_file_or_of_the_one_it_replaces(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    fresh = tmp_path / "fresh.csv"
    write_bytes(b"x", fresh)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask
    shared = tmp_path / "shared.csv"
    shared.write_bytes(PREVIOUS)
    shared.chmod(0o664)
    write_bytes(b"x", Destination(shared, force=True))
    assert shared.stat().st_mode & 0o777 == 0o664
