"""Exchange files come from strangers: entities, climbing members, bombs, cut-off archives."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.services.exchange.project_import import import_project_file
from tests import hostile_material as hostile

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


def test_an_xml_error_with_a_line_break_in_it_stays_one_line(tmp_path: Path) -> None:
    bare = tmp_path / "junk.qde"
    bare.write_bytes(b"<" + bytes(range(256)) * 10)
    message = refused(tmp_path, bare, "not well-formed XML")
    assert "Char 0x0 out of allowed range" in message


def test_a_member_marked_as_a_link_is_refused(tmp_path: Path) -> None:
    path = hostile.write_zip(
        tmp_path / "link.qdpx",
        {"project.qde": hostile.project_qde(attrs=' plainTextPath="internal://a.txt"')},
        symlinks={"sources/a.txt": "/etc/passwd"},
    )
    refused(tmp_path, path, "sources/a.txt is a link to another file")


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_bare_qde_whose_source_is_a_link_is_refused(
    tmp_path: Path, secret: Path, link: str
) -> None:
    """A project folder from someone else may link sources/B01.txt (or sources/ itself) to a
    file of the user's; read, it would end up in the project and in every export."""
    folder = tmp_path / "received"
    folder.mkdir()
    if link == "folder":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "b01.txt").symlink_to(secret)
        (folder / "sources").symlink_to(tmp_path / "elsewhere")
    else:
        (folder / "sources").mkdir()
        (folder / "sources" / "b01.txt").symlink_to(secret)
    bare = folder / "p.qde"
    bare.write_text(
        hostile.project_qde(content="", attrs=' plainTextPath="internal://b01.txt"'),
        encoding="utf-8",
    )
    refused(tmp_path, bare, "is a link to another file")


def test_a_bare_qde_reads_its_real_source_file_beside_it(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "b01.txt").write_text("INT: Hallo Welt.", encoding="utf-8")
    bare = tmp_path / "p.qde"
    bare.write_text(
        hostile.project_qde(content="", attrs=' plainTextPath="internal://b01.txt"'),
        encoding="utf-8",
    )
    _, report = import_project_file(str(tmp_path / "p.db"), "alice", bare)
    assert report.documents == 1


ROWS = "INSERT INTO projects VALUES (1, 'p', '');"


@pytest.mark.parametrize(
    ("rows", "column"),
    [
        (ROWS + "INSERT INTO documents VALUES (1, 'B01', x'00ff', 'B.txt', 1, '<p>x</p>');",
         "description"),
        (ROWS + "INSERT INTO documents VALUES (1, 'B01', '', 'B.txt', 1, '<p>Hallo</p>');"
         "INSERT INTO tags VALUES (1, 1, 'a', '');"
         "INSERT INTO highlights VALUES (1, 1, 'zwei', 5, 'Hallo');"
         "INSERT INTO highlight_tags VALUES (1, 1);", "start_offset"),
    ],
)  # fmt: skip
def test_a_taguette_value_of_the_wrong_type_is_one_line(
    tmp_path: Path, rows: str, column: str
) -> None:
    path = hostile.taguette(tmp_path / "types.sqlite3", rows)
    refused(tmp_path, path, f"its column {column} holds something other than")


def test_taguette_numbers_where_text_belongs_are_read_as_their_digits(tmp_path: Path) -> None:
    path = hostile.taguette(
        tmp_path / "digits.sqlite3",
        "INSERT INTO projects VALUES (1, 2024, 7);"
        "INSERT INTO documents VALUES (1, 42, '', 'B.txt', 1, '<p>INT: Hallo Welt</p>');",
    )
    _, report = import_project_file(str(tmp_path / "p.db"), "alice", path)
    assert report.documents == 1


def test_a_taguette_command_log_nested_thousands_deep_is_passed_over(tmp_path: Path) -> None:
    payload = "[" * 100_000 + '"highlight_add"' + "]" * 100_000
    path = hostile.taguette(
        tmp_path / "payload.sqlite3",
        ROWS + "INSERT INTO documents VALUES (1, 'B01', '', 'B.txt', 1, '<p>INT: Hallo</p>');"
        f"INSERT INTO commands VALUES (1, '2020-01-01', 'anna', 1, 1, '{payload}');",
    )
    _, report = import_project_file(str(tmp_path / "p.db"), "alice", path)
    assert report.documents == 1


def test_a_qualcoder_value_of_the_wrong_type_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "p.qda"
    folder.mkdir()
    hostile.sqlite_file(
        folder / "data.qda",
        "CREATE TABLE source (id, name, fulltext, memo, owner, mediapath);"
        "CREATE TABLE code_name (cid, name, memo, catid, color, owner, date);"
        "CREATE TABLE code_text (ctid, cid, fid, seltext, pos0, pos1, owner, date, memo);"
        "INSERT INTO source VALUES (1, 'B01', x'ff00', '', '', NULL);",
    )
    refused(tmp_path, folder, "its column fulltext holds something other than text")


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "p.qdpx"
    os.mkfifo(pipe)
    refused(tmp_path, pipe, "not a file but a named pipe")
