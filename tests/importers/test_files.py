"""Reading a user's file: one error per way it can fail, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.names import printable
from qualcode.importers.files import document_name, read_file


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


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("B01.txt", "B01"),
        (" B02 .txt", "B02"),
        ("B03\nrm -rf.txt", "B03 rm -rf"),
        ("B04\x1b[31m\t.docx", "B04 [31m"),
        ("Frau\u202eMüller.txt", "Frau Müller"),
        ("Interview  Müller.md", "Interview Müller"),
    ],
)
def test_document_names_are_cleaned(file_name: str, name: str) -> None:
    assert document_name(Path(file_name)) == name


def test_a_file_name_of_nothing_but_blanks_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        document_name(Path("folder/ \n\t.txt"))
    assert str(info.value).startswith("'folder/ \\n\\t.txt': this file name gives no document name")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("B01.txt", "B01.txt"),
        ("Müller Ä.txt", "Müller Ä.txt"),
        ("B01\n.txt", "'B01\\n.txt'"),
        (" B02.txt ", "' B02.txt '"),
        ("x\x1b[2J\u202e.txt", "'x\\x1b[2J\\u202e.txt'"),
    ],
)
def test_printable_names_are_one_visible_line(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_errors_show_the_file_name_on_one_line() -> None:
    error = InvalidInputError("the file is empty", file="transcripts/B01\n.txt", line=3)
    assert str(error) == "'transcripts/B01\\n.txt':3: the file is empty"
