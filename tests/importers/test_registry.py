"""Choosing the importer: by content first, so a wrong or missing extension does not matter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.registry import IMPORTERS, choose, supported_extensions
from tests.importers.makers import PNG, RANDOM, RTF, SRT, VTT, docx_bytes, odt_bytes, pdf_bytes

TURNS = ["I: Wie gewinnen Sie neue Kunden?", "B: Über Messen."]
# kind: (the file's bytes, the importer that must read it, the speakers of its turns)
FILES: dict[str, tuple[bytes, str, list[str | None]]] = {
    "docx": (docx_bytes(TURNS), "docx", ["I", "B"]),
    "odt": (odt_bytes(TURNS), "odt", ["I", "B"]),
    "rtf": (RTF.encode("ascii"), "rtf", [None, "I", "B", "B", "I"]),
    "pdf": (pdf_bytes([TURNS]), "pdf", ["I", "B"]),
    "vtt": (VTT.encode("utf-8"), "subtitles", ["Interviewerin", "Herr Braun", "Interviewerin"]),
    "srt": (SRT.encode("utf-8"), "subtitles", ["Anna Maier", "Jonas Weber", "Anna Maier"]),
    "text": ("\n\n".join(TURNS).encode("utf-8"), "text", ["I", "B"]),
}
# Plain text does not announce itself, so only a text extension or none leads to it.
CASES = [
    (kind, name)
    for kind in FILES
    for name in ("interview", "interview.txt", "interview.md", "interview.docx", "x.srt")
    if kind != "text" or not name.endswith((".docx", ".srt"))
]


def load(path: Path, data: bytes) -> ParsedTranscript:
    """What ``qualcode import`` does with a file: choose an importer, then parse."""
    return choose(path, data).parse(data, source=str(path))


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_content_picks_the_importer_whatever_the_name(kind: str, name: str) -> None:
    data, importer_name, speakers = FILES[kind]
    importer = choose(Path(name), data)
    assert importer.name == importer_name
    assert [t.speaker for t in importer.parse(data, source=name).turns] == speakers


def test_a_named_format_that_its_content_does_not_show_gets_that_importers_error() -> None:
    # a cut-off .docx no longer reads as a ZIP, but its name still sends it to the Word importer
    with pytest.raises(InvalidInputError, match="damaged or cut off"):
        load(Path("cut.docx"), FILES["docx"][0][:300])
    # a subtitle file with a broken first cue is not taken for a text transcript
    broken = SRT.replace("00:00:01,000 --> 00:00:04,500", "00:00:01,000 -> 00:00:04,500")
    with pytest.raises(InvalidInputError) as info:
        load(Path("broken.srt"), broken.encode())
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.txt", PNG, "broken.*PNG image, not a text transcript"),
        ("interview.docx", RANDOM, "not a Word document"),
        ("interview.odt", RANDOM, "not an OpenDocument text"),
        ("interview.pdf", PNG, "PNG image, not a PDF document"),
        ("interview", PNG, "PNG image; qualcode imports .docx"),
        ("interview", RANDOM, "cannot read this kind of file"),
        ("cases.csv", b"document;Alter\nB01;41\n", "case-attribute table.*--attributes"),
        ("cases.tsv", b"document\tAlter\n", "case-attribute table, not a transcript"),
    ],
)
def test_wrong_files_give_one_readable_line(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        load(Path("broken") / name, data)
    text = str(info.value)
    assert "\n" not in text and "Traceback" not in text
    assert text.startswith(f"broken/{name}: ")
    assert re.search(message, text), text


def test_every_format_is_registered_once() -> None:
    names = [imp.name for imp in IMPORTERS]
    assert names == [
        "docx",
        "odt",
        "rtf",
        "pdf",
        "subtitles",
        "html",
        "whisperx-json",
        "whisperx-tsv",
        "text",
    ]
    extensions = supported_extensions()
    assert len(extensions) == len(set(extensions))
    assert {
        ".docx",
        ".odt",
        ".rtf",
        ".pdf",
        ".vtt",
        ".srt",
        ".html",
        ".json",
        ".txt",
        ".md",
    } <= set(extensions)
