"""Exchange files come from strangers: entities, climbing members, bombs, cut-off archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.services.exchange.project_import import import_project_file

SECRET = "top-secret-line-from-a-local-file"
PROJECT = (
    '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
    '<TextSource guid="11111111-1111-1111-1111-111111111111" name="B01">'
    "<PlainTextContent>{text}</PlainTextContent></TextSource></Sources></Project>"
)


def qdpx(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refused(tmp_path: Path, path: Path, match: str) -> str:
    target = tmp_path / "p.db"
    with pytest.raises(InvalidInputError, match=match) as caught:
        import_project_file(str(target), "alice", path)
    message = str(caught.value)
    assert "\n" not in message and SECRET not in message
    assert not target.exists()  # nothing stored, not even an empty project
    return message


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_an_external_entity_is_refused(tmp_path: Path, secret: Path) -> None:
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file://{secret}">]>'
        + PROJECT.format(text="&x;")
    )
    path = qdpx(tmp_path / "xxe.qdpx", {"project.qde": xml.encode()})
    refused(tmp_path, path, "declares a DTD")
    bare = tmp_path / "xxe.qde"
    bare.write_text(xml, encoding="utf-8")
    refused(tmp_path, bare, "declares a DTD")


def test_a_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    xml = f"<!DOCTYPE Project [{entities}]>" + PROJECT.format(text="&a9;")
    bare = tmp_path / "laughs.qde"
    bare.write_text(xml, encoding="utf-8")
    refused(tmp_path, bare, "declares a DTD")


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "sources/../../evil.txt"])
def test_members_that_climb_out_are_refused(tmp_path: Path, name: str) -> None:
    path = qdpx(
        tmp_path / "climb.qdpx",
        {"project.qde": PROJECT.format(text="Hallo").encode(), name: b"x"},
    )
    refused(tmp_path, path, "cannot be imported")
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_source_path_outside_the_archive_is_not_read(tmp_path: Path, secret: Path) -> None:
    xml = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
        '<TextSource guid="11111111-1111-1111-1111-111111111111" name="B01" '
        f'plainTextPath="file://{secret}"/>'
        '<TextSource guid="22222222-2222-2222-2222-222222222222" name="B02" '
        'plainTextPath="internal://../../secret.txt"/>'
        "</Sources></Project>"
    )
    path = qdpx(tmp_path / "outside.qdpx", {"project.qde": xml.encode()})
    project, report = import_project_file(str(tmp_path / "p.db"), "alice", path)
    try:
        assert report.documents == 0 and len(report.left_out) == 2
        assert all("outside the project file" in line for line in report.left_out)
    finally:
        project.close()
    assert SECRET.encode() not in (tmp_path / "p.db").read_bytes()


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = b"\0" * (8 * 2**20)  # 8 MB of zeros pack into a few kilobytes
    path = qdpx(
        tmp_path / "bomb.qdpx",
        {"project.qde": PROJECT.format(text="Hallo").encode(), "sources/bomb.txt": bomb},
    )
    assert path.stat().st_size < 100_000
    refused(tmp_path, path, "ZIP bomb")


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", PROJECT.format(text="Hallo"))
        for i in range(10_001):
            archive.writestr(f"sources/{i}.txt", b"")
    path = tmp_path / "many.qdpx"
    path.write_bytes(buffer.getvalue())
    refused(tmp_path, path, "cannot be imported")


def test_a_truncated_archive_is_one_line_and_stores_nothing(tmp_path: Path) -> None:
    whole = qdpx(
        tmp_path / "whole.qdpx",
        {"project.qde": PROJECT.format(text="Hallo " * 2000).encode()},
    )
    cut = tmp_path / "cut.qdpx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    refused(tmp_path, cut, "damaged or cut off")
