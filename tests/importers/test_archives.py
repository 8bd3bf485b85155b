"""Hostile ZIP-based files (bombs, lying sizes, escaping names, entities) are refused in one line.

Every file is made here: the bomb is a real .docx whose document part is 1 GiB of zeros,
written in 1 MiB pieces so that the test itself never holds it.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.importers.archives import Limits, SafeArchive, check_archive, open_archive
from qualcode.importers.docx import DocxImporter
from qualcode.importers.odt import OdtImporter
from qualcode.importers.xml_safety import has_dtd, safe_parser
from tests.helpers import CODEBOOK, dump
from tests.importers.makers import (
    ENTITY_DOCUMENT,
    GIB,
    bomb,
    docx_bytes,
    odt_bytes,
    replace_part,
)


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    path.write_bytes(bomb(docx_bytes(["I: Hallo.", "B: Hallo."]), "word/document.xml"))
    return path


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def refused(data: bytes, importer: DocxImporter | OdtImporter, source: str) -> str:
    with pytest.raises(InvalidInputError) as info:
        importer.parse(data, source=source)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{source}: ")
    return message


def test_a_docx_bomb_is_refused_within_a_second_before_unpacking(docx_bomb: Path) -> None:
    data = docx_bomb.read_bytes()
    assert len(data) < 8 * 2**20
    started = time.perf_counter()
    message = refused(data, DocxImporter(), "bomb.docx")
    assert time.perf_counter() - started < 1.0
    assert "word/document.xml would unpack to 1,024 MB" in message and "ZIP bomb" in message


def test_an_odt_bomb_is_refused(tmp_path: Path) -> None:
    data = bomb(odt_bytes(["I: Hallo.", "B: Hallo."]), "content.xml", size=300 * 2**20)
    message = refused(data, OdtImporter(), "bomb.odt")
    assert "content.xml would unpack to 300 MB, more than 256 MB" in message


def test_the_import_of_a_bomb_stays_light_and_leaves_the_project_as_it_was(
    docx_bomb: Path, tmp_path: Path
) -> None:
    """The real command in a child process limited to 1 GiB of address space and 30 s: the
    bomb would need twice that memory, and took a minute before the caps."""
    project = tmp_path / "p.db"
    env = {**os.environ, "QUALCODE_PROJECT": str(project), "QUALCODE_CODER": "carla"}
    command = [sys.executable, "-m", "qualcode.cli.app"]
    subprocess.run([*command, "init", "--codebook", str(CODEBOOK)], env=env, check=True)
    before = dump(str(project))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))

    started = time.perf_counter()
    done = subprocess.run(
        [*command, "import", str(docx_bomb)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=limit,
    )
    assert time.perf_counter() - started < 15
    assert done.returncode == 4, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "ZIP bomb" in line and "Traceback" not in done.stderr
    assert dump(str(project)) == before


def test_a_member_lying_about_its_size_is_stopped_while_unpacking() -> None:
    """The central directory says 10 bytes; the stream holds 5 MiB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(5 * 2**20))
    data = bytearray(out.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 10)  # the uncompressed size
    with pytest.raises(InvalidInputError, match="damaged") as info:
        check_archive(bytes(data), source="lie.docx", kind="Word document")
    assert "\n" not in str(info.value)


def test_the_caps_hold_while_reading_whatever_was_declared() -> None:
    """Reading counts what is unpacked, not what the directory said (checked apart from it)."""
    data = zip_of({"a.bin": bytes(3000), "b.bin": bytes(3000)})
    small = Limits(member_bytes=4000, total_bytes=5000, ratio_floor=10**6)
    unchecked = zipfile.ZipFile(io.BytesIO(data))
    with SafeArchive(unchecked, source="x.zip", kind="document", limits=small) as archive:
        assert archive.read("a.bin") == bytes(3000)
        with pytest.raises(InvalidInputError, match="unpacks to more than 5,000 bytes"):
            archive.read("b.bin")
    with pytest.raises(InvalidInputError, match="would unpack to more than 5,000 bytes"):
        open_archive(data, source="x.zip", limits=small)
    tiny = Limits(member_bytes=2**30, total_bytes=2**30, ratio=10, ratio_floor=1000)
    with pytest.raises(InvalidInputError, match="compressed .* to 1"):
        open_archive(data, source="x.zip", limits=tiny)
    with pytest.raises(InvalidInputError, match="3 parts, more than 2"):
        open_archive(zip_of({"a": b"", "b": b"", "c": b""}), source="x.zip", limits=Limits(2))


@pytest.mark.parametrize(
    "name", ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "C:/evil.xml", "..\\evil.xml"]
)
def test_member_names_outside_the_archive_are_refused(name: str) -> None:
    data = zip_of({"word/document.xml": b"<w/>", name: b"x"})
    with pytest.raises(InvalidInputError, match="outside the archive's folder"):
        open_archive(data, source="x.docx", kind="Word document")


def test_a_docx_with_an_entity_is_refused_rather_than_losing_text() -> None:
    original = docx_bytes(["I: Sie arbeiten bei ENTITY seit zehn Jahren?", "B: Ja."])
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read("word/document.xml")
    body = xml.split(b"?>", 1)[1].replace(b"ENTITY", b"&firma;")
    data = replace_part(original, "word/document.xml", ENTITY_DOCUMENT + body)
    message = refused(data, DocxImporter(), "entity.docx")
    assert "word/document.xml declares a DTD" in message


def test_a_billion_laughs_odt_is_refused() -> None:
    laughs = b"".join(
        b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10 if i else b"ha") for i in range(10)
    )
    original = odt_bytes(["I: Hallo.", "B: Hallo."])
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read("content.xml")
    head, body = xml.split(b"?>", 1)
    doctype = b"<!DOCTYPE office:document-content [" + laughs + b"]>"
    data = replace_part(original, "content.xml", head + b"?>" + doctype + body)
    assert "content.xml declares a DTD" in refused(data, OdtImporter(), "laughs.odt")


def test_a_flat_odt_with_a_dtd_is_refused() -> None:
    flat = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><office:document '
        b'office:mimetype="application/vnd.oasis.opendocument.text"></office:document>'
    )
    assert "declares a DTD" in refused(flat, OdtImporter(), "flat.fodt")


def test_dtds_are_found_in_every_encoding_and_across_chunks() -> None:
    assert has_dtd("<?xml?><!DOCTYPE x>".encode("utf-16-le"))
    assert has_dtd("<!ENTITY x 'y'>".encode("utf-16-be"))
    assert not has_dtd(b"<w:t>&lt;!DOCTYPE is text here</w:t>")
    padding = b"<x>" + b" " * (256 * 1024 - 5)
    data = zip_of({"content.xml": padding + b"<!DOCTYPE x>"})  # straddles two chunks
    with pytest.raises(InvalidInputError, match="declares a DTD"):
        check_archive(data, source="x.odt")


def test_the_safe_parser_leaves_entities_unresolved() -> None:
    from lxml import etree

    root = etree.fromstring(b'<!DOCTYPE r [<!ENTITY e "expanded">]><r>a &e; b</r>', safe_parser())
    assert "expanded" not in etree.tostring(root).decode()


def test_real_documents_pass_untouched() -> None:
    for data, importer in (
        (docx_bytes(["I: Hallo.", "B: Gut."]), DocxImporter()),
        (odt_bytes(["I: Hallo.", "B: Gut."]), OdtImporter()),
    ):
        parsed = importer.parse(data, source="ok")
        assert parsed.text == "Hallo.\nGut."
