"""Transcripts and tables from strangers: each hostile file is refused in one line, quickly.

The files are built by :mod:`tests.hostile_material` (``scripts/hostile_campaign.py`` runs the
same files through the real commands).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.importers.archives import check_archive, open_archive
from qualcode.importers.attributes_csv import parse_attributes
from qualcode.importers.files import read_file
from qualcode.importers.html import HtmlImporter
from qualcode.importers.sources import read_source
from qualcode.importers.whisperx import WhisperxJsonImporter
from tests import hostile_material as hostile


def one_line(exc: pytest.ExceptionInfo[InvalidInputError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "B01.txt"
    os.mkfifo(pipe)
    started = time.perf_counter()
    with pytest.raises(InvalidInputError, match="not a file but a named pipe") as caught:
        read_source(pipe)
    assert time.perf_counter() - started < 2
    assert "B01.txt" in one_line(caught)


def test_a_device_is_refused_before_reading_without_end() -> None:
    with pytest.raises(InvalidInputError, match="/dev/zero: this is not a file but a device"):
        read_file(Path("/dev/zero"), "attributes file")


@pytest.mark.parametrize(
    "data",
    [
        b"document,age\nB01," + b"a" * 200_000 + b"\n",
        b'document,age\nB01,"' + b"a" * 200_000 + b"\n",  # a quote left open to the end
    ],
)
def test_an_attribute_cell_longer_than_csv_allows_is_one_line(data: bytes) -> None:
    with pytest.raises(InvalidInputError, match="cases.csv:2: .*longer than 131,072") as caught:
        parse_attributes(data, source="cases.csv")
    one_line(caught)


def test_json_nested_thousands_deep_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="nests lists or objects thousands of levels"):
        WhisperxJsonImporter().parse(b"[" * 200_000 + b"]" * 200_000, source="deep.json")


def test_a_json_number_of_100000_digits_is_refused() -> None:
    data = b'{"segments": [{"start": ' + b"9" * 100_000 + b', "end": 1, "text": "Hallo"}]}'
    with pytest.raises(InvalidInputError, match="a number in it has thousands of digits"):
        WhisperxJsonImporter().parse(data, source="big.json")


def test_html_nested_past_the_parsers_depth_is_refused_not_emptied() -> None:
    data = (
        b"<html><body><p><b>INT:</b> Hallo</p>" + b"<div>" * 300 + b"<p><b>B:</b> Ja</p>"
        + b"</div>" * 300 + b"</body></html>"
    )  # fmt: skip
    with pytest.raises(InvalidInputError, match="nest more than 256 levels deep"):
        HtmlImporter().parse(data, source="deep.html")


def test_html_nested_as_deep_as_real_pages_is_read() -> None:
    data = b"<html><body>" + b"<div>" * 100 + b"<p><b>INT:</b> Hallo</p>" + b"</div>" * 100
    parsed = HtmlImporter().parse(data, source="deep.html")
    assert parsed.turn_text(parsed.turns[0]) == "Hallo"


@pytest.mark.parametrize(
    ("case", "kind"),
    [("docx-deepxml-stored", "Word document"), ("odt-deepxml-stored", "OpenDocument file")],
)
def test_an_office_file_nested_past_the_parsers_depth_says_so(
    tmp_path: Path, case: str, kind: str
) -> None:
    """Not "damaged (XMLSyntaxError)": the user learns what is wrong with the file."""
    build = next(c[2] for c in hostile.CASES if c[0] == case)
    path = build(tmp_path)
    with pytest.raises(InvalidInputError) as caught:
        read_source(path)
    message = one_line(caught)
    assert f"this {kind} cannot be imported: its XML nests more than 256 levels deep" in message
    assert "XMLSyntaxError" not in message


def test_an_archive_member_marked_as_a_link_is_refused(tmp_path: Path) -> None:
    path = hostile.write_zip(
        tmp_path / "link.docx",
        {"[Content_Types].xml": "<Types/>"},
        symlinks={"word/document.xml": "/etc/passwd"},
    )
    with pytest.raises(InvalidInputError, match="word/document.xml is a link to another file"):
        check_archive(path.read_bytes(), source="link.docx", kind="Word document")
    with pytest.raises(InvalidInputError, match="is a link"):
        open_archive(path.read_bytes(), source="link.docx")


def test_an_archive_with_plain_members_is_not_taken_for_links(tmp_path: Path) -> None:
    path = hostile.docx(tmp_path / "B01.docx")
    assert "word/document.xml" in check_archive(path.read_bytes(), source="B01.docx")
