"""``qualcode demo``: the demo project from the bundled material, without make."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qualcode import samples
from qualcode.cli.app import cli
from qualcode.platform import user_data_dir
from qualcode.services.project import open_project


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's data folder under tmp_path (XDG on Linux), and no project from outside."""
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    monkeypatch.setenv("QUALCODE_CODER", "anna")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # Linux
    monkeypatch.setenv("HOME", str(tmp_path))  # macOS
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "data"))  # Windows
    monkeypatch.chdir(tmp_path)


def demo(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args])


def test_the_material_is_in_the_package() -> None:
    assert samples.codebook().is_file()
    assert [p.name for p in samples.transcripts()] == [
        "B01.txt",
        "B02.txt",
        "B03.txt",
        "B04.txt",
        "B05.md",
        "B06.txt",
        "B07.txt",
    ]
    assert samples.case_attributes().is_file()


def test_the_demo_goes_to_the_users_data_folder(tmp_path: Path) -> None:
    result = demo("demo")
    assert result.exit_code == 0, result.output
    built = user_data_dir() / "demo.db"
    assert tmp_path in built.parents
    assert f"Built the demo project {built}: 7 interviews" in result.output
    assert f"qualcode --project {built}" in result.output
    assert not (tmp_path / "qualcode.db").exists()  # nothing in the folder the user is in
    project = open_project(str(built), "anna")
    assert len(project.documents.all()) == 7
    assert project.documents.all()[0].attributes  # the case attributes came along
    project.close()


def test_the_demo_goes_where_project_says_and_is_reopened(tmp_path: Path) -> None:
    target = tmp_path / "Meine Demo" / "demo.db"
    first = demo("--project", str(target), "demo")
    assert first.exit_code == 0, first.output
    assert f'qualcode --project "{target}"' in first.output  # quoted: the folder has a space
    project = open_project(str(target), "anna")
    project.coding.code("B01", "K2.1", turns=(9, 9))
    project.close()
    again = demo("--project", str(target), "demo")
    assert again.exit_code == 0 and "from before" in again.output
    kept = open_project(str(target), "anna")
    assert len(kept.coding.query()) == 1
    kept.close()
    fresh = demo("--project", str(target), "demo", "--fresh")
    assert fresh.exit_code == 0 and "Built the demo project" in fresh.output
    anew = open_project(str(target), "anna")
    assert anew.coding.query() == []
    anew.close()


def test_fresh_never_replaces_a_file_that_is_not_a_project(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    target.write_bytes(b"my notes")
    result = demo("--project", str(target), "demo", "--fresh")
    assert result.exit_code != 0
    assert "not a qualcode project" in result.output
    assert target.read_bytes() == b"my notes"
