"""Project locations as users type them: Unix and Windows paths, spaces, URLs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.storage.location import parse_location
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS


@pytest.mark.parametrize(
    "typed",
    [
        r"C:\Users\Anna Maria\thesis.db",
        r"c:\thesis.db",
        "C:/Users/Anna Maria/thesis.db",
        "C://Users/Anna Maria/thesis.db",  # a URL parser would see the scheme "C"
        r"D:\Daten\Masterarbeit (final)\projekt.db",
        r"\\fileserver\lehrstuhl\thesis.db",
    ],
)
def test_windows_paths_are_sqlite_files_not_urls(typed: str) -> None:
    location = parse_location(typed)
    assert location.is_sqlite
    assert location.path == Path(typed)
    assert location.describe() == str(Path(typed))


def test_a_sqlite_url_may_name_a_windows_file() -> None:
    location = parse_location("sqlite:///C:/Users/Anna Maria/thesis.db")
    assert location.is_sqlite and location.path == Path("C:/Users/Anna Maria/thesis.db")


def test_paths_with_spaces_stay_whole() -> None:
    location = parse_location("/home/anna/Masterarbeit 2026/qualcode.db")
    assert location.path == Path("/home/anna/Masterarbeit 2026/qualcode.db")


def test_a_project_in_a_folder_with_spaces_and_files_with_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--project, the codebook and the transcripts, all in folders whose names have spaces."""
    monkeypatch.delenv("QUALCODE_PROJECT", raising=False)
    monkeypatch.setenv("QUALCODE_CODER", "anna")
    folder = tmp_path / "Anna Maria" / "Masterarbeit (final)"
    folder.mkdir(parents=True)
    codebook = shutil.copy(CODEBOOK, folder / "mein Kodierleitfaden.yaml")
    interview = shutil.copy(SAMPLE_FILES[0], folder / "Interview B01 mit Kunde.txt")
    cases = shutil.copy(TRANSCRIPTS / "cases.csv", folder / "Fälle und Merkmale.csv")
    project = str(folder / "meine Arbeit.db")

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--project", project, *args])
        assert result.exit_code == 0, result.output
        return result.output

    run("init", "--codebook", str(codebook))
    run("import", str(interview), "--attributes", str(cases))
    assert "Interview B01 mit Kunde" in run("documents")
    assert (folder / "meine Arbeit.db").is_file()
