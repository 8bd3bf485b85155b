"""Reading a user's file: one error per way it can fail, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.importers.files import read_file


def test_reads_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "B01.txt"
    path.write_bytes(b"I: Guten Tag.\n")
    assert read_file(path) == b"I: Guten Tag.\n"


def test_a_missing_file_says_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"fall\.csv: there is no such attributes file"):
        read_file(tmp_path / "fall.csv", "attributes file")


def test_a_folder_is_refused_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="name the files to import"):
        read_file(tmp_path)
    with pytest.raises(InvalidInputError, match="this is a folder; not a codebook file"):
        read_file(tmp_path, "codebook file")


def test_a_path_that_cannot_be_read(tmp_path: Path) -> None:
    """Any other failure of the system (here: a file used as a folder) is told in its words."""
    (tmp_path / "B01.txt").write_text("x")
    with pytest.raises(InvalidInputError, match="B01.txt/x: cannot read it: Not a directory"):
        read_file(tmp_path / "B01.txt" / "x")
