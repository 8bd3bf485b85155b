"""Positions as programs write them: code points, UTF-16 units, bytes, CRLF, a BOM."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.importers.placing import CODE_POINTS, UTF8, UTF16, CountedText, Counting
from qualcode.services.exchange.project_import import import_project_file, read_project_file

TEXT = "I: Wie war das? 😀 Erzählen Sie.\r\nB: Das war 👍 wirklich gut.\r\nI: Danke.\r\n"
CODE = "33333333-3333-3333-3333-333333333333"


def units(text: str, index: int, unit: str) -> int:
    before = text[:index]
    if unit == UTF16:
        return len(before.encode("utf-16-le")) // 2
    if unit == UTF8:
        return len(before.encode("utf-8"))
    return index


def project(
    tmp_path: Path,
    passages: list[tuple[str, int, int, str]],
    *,
    origin: str,
    bom: bool = False,
) -> Path:
    selections = "".join(
        f'<PlainTextSelection guid="4444444{i}-4444-4444-4444-444444444444" name="{name}" '
        f'startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="5555555{i}-5555-5555-5555-555555555555"><CodeRef targetGUID="{CODE}"/>'
        "</Coding></PlainTextSelection>"
        for i, (name, start, end, _) in enumerate(passages)
    )
    xml = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="{origin}">'
        f'<CodeBook><Codes><Code guid="{CODE}" name="Bewertung" isCodable="true"/></Codes>'
        '</CodeBook><Sources><TextSource guid="11111111-1111-1111-1111-111111111111" '
        'name="B01" plainTextPath="internal://b01.txt">'
        f"{selections}</TextSource></Sources></Project>"
    )
    path = tmp_path / "p.qdpx"
    data = ("\ufeff" if bom else "").encode() + TEXT.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
        archive.writestr("sources/b01.txt", data)
    return path


def passage(
    words: str, unit: str, *, lf: bool = False, bom: bool = False
) -> tuple[str, int, int, str]:
    text = TEXT.replace("\r\n", "\n") if lf else TEXT
    at = text.index(words)
    shift = 1 if bom else 0
    start, end = units(text, at, unit) + shift, units(text, at + len(words), unit) + shift
    return words, start, end, words


@pytest.mark.parametrize(
    ("unit", "lf", "bom"),
    [
        (CODE_POINTS, False, False),
        (UTF16, False, False),
        (UTF16, True, False),
        (UTF8, False, False),
        (CODE_POINTS, True, True),
        (UTF16, False, True),
    ],
)
def test_each_way_of_counting_finds_the_coded_words(
    tmp_path: Path, unit: str, lf: bool, bom: bool
) -> None:
    wanted = ["Erzählen Sie.", "wirklich gut.", "Danke."]
    passages = [passage(w, unit, lf=lf, bom=bom) for w in wanted]
    exchange, report = read_project_file(project(tmp_path, passages, origin="X", bom=bom))
    assert [c.text for c in exchange.codings] == wanted, report.warnings
    document = exchange.documents[0]
    assert [t.speaker for t in document.turns] == ["I", "B", "I"]
    assert all(document.text[c.start : c.end] == c.text for c in exchange.codings)


@pytest.mark.parametrize(
    ("origin", "lf"),
    [("MAXQDA 2022", True), ("ATLAS.ti Win 23.4.0", True), ("NVivo 14", False)],
)
def test_without_quoted_text_a_program_is_read_as_it_counts(
    tmp_path: Path, origin: str, lf: bool
) -> None:
    # No names to check against: UTF-16 units; ATLAS.ti and MAXQDA count a CRLF as one
    # character, NVivo for Windows as two (docs/refi-qda.md, from QualCoder's importer).
    words = "wirklich gut."
    _, start, end, _ = passage(words, UTF16, lf=lf)
    exchange, _ = read_project_file(project(tmp_path, [("", start, end, "")], origin=origin))
    assert [c.text for c in exchange.codings] == [words]


def test_a_selection_outside_its_source_is_left_out_not_clamped(tmp_path: Path) -> None:
    good = passage("Danke.", CODE_POINTS)
    path = project(tmp_path, [good, ("far away", 500, 520, "")], origin="X")
    exchange, report = read_project_file(path)
    assert [c.text for c in exchange.codings] == ["Danke."]
    assert len(report.left_out) == 1 and "lies outside its source" in report.left_out[0]


def test_a_passage_from_a_label_keeps_the_words_and_says_so(tmp_path: Path) -> None:
    at = TEXT.index("B: Das")
    path = project(tmp_path, [("B: Das war", at, at + len("B: Das war"), "")], origin="X")
    exchange, report = read_project_file(path)
    assert [c.text for c in exchange.codings] == ["Das war"]
    assert any("speaker label" in w for w in report.warnings)


def test_a_position_inside_a_character_is_outside_the_text() -> None:
    counted = CountedText("a😀b", Counting(UTF16), had_bom=False)
    assert counted.span(1, 3) == (1, 2)
    assert counted.span(2, 3) is None  # between the two halves of the emoji


def test_the_cli_prints_the_summary_and_stores_it(tmp_path: Path) -> None:
    path = project(tmp_path, [passage("Danke.", CODE_POINTS), ("x", 900, 901, "")], origin="X")
    result = CliRunner().invoke(
        cli, ["--project", str(tmp_path / "p.db"), "--coder", "alice", "import-project", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Read 1 document, 1 code, 1 coding, 0 coders")
    assert "Left out (1):" in result.output and "Stored in" in result.output
    again = CliRunner().invoke(
        cli, ["--project", str(tmp_path / "p.db"), "--coder", "alice", "import-project", str(path)]
    )
    assert again.exit_code != 0 and "--merge" in again.output


def test_merging_reports_a_clash_and_keeps_both(tmp_path: Path) -> None:
    first = project(tmp_path, [passage("Danke.", CODE_POINTS)], origin="X")
    stored, _ = import_project_file(str(tmp_path / "p.db"), "alice", first)
    stored.close()
    other = tmp_path / "other"
    other.mkdir()
    second = project(other, [passage("wirklich gut.", CODE_POINTS)], origin="Y")
    with zipfile.ZipFile(second) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["project.qde"] = (
        members["project.qde"]
        .replace(
            b'isCodable="true"/>',
            b'isCodable="true"><Description>Another meaning.</Description></Code>',
        )
        .replace(CODE.encode(), b"66666666-6666-6666-6666-666666666666")
    )
    with zipfile.ZipFile(second, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    merged, report = import_project_file(str(tmp_path / "p.db"), "alice", second, merge=True)
    try:
        names = sorted(c.name for c in merged.codebook.get().categories)
        assert names == ["Bewertung", "Bewertung (imported)"]
        assert any("another definition" in w for w in report.warnings)
        assert len(merged.coding.query()) == 2
    finally:
        merged.close()


def test_an_empty_plain_text_is_read_from_its_word_file(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("I: Wie kaufen Sie ein?")
    document.add_paragraph("B: Meistens online.")
    word = tmp_path / "b01.docx"
    document.save(str(word))
    xml = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="NVivo 15">'
        '<Sources><TextSource guid="11111111-1111-1111-1111-111111111111" name="B01" '
        'plainTextPath="internal://b01.txt" richTextPath="internal://b01.docx"/>'
        "</Sources></Project>"
    )
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
        archive.writestr("sources/b01.txt", "\n")
        archive.writestr("sources/b01.docx", word.read_bytes())
    exchange, report = read_project_file(path)
    assert [d.text for d in exchange.documents] == ["Wie kaufen Sie ein?\nMeistens online."]
    assert [t.speaker for t in exchange.documents[0].turns] == ["I", "B"]
    assert any("read from its Word file" in w for w in report.warnings)


def test_messages_name_a_source_by_its_document_name_in_plain_english(tmp_path: Path) -> None:
    """A source without a name (as QualCoder writes them) is named as its document will be,
    after its text file, not by its GUID; counts are singular for one, with thousands commas."""
    path = project(
        tmp_path, [("B: Das war", TEXT.index("B: Das"), TEXT.index(" wirklich"), "")], origin="X"
    )
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    xml = members["project.qde"].decode()
    xml = xml.replace(
        'name="B01" plainTextPath="internal://b01.txt"', 'plainTextPath="internal://board_2017.txt"'
    )
    xml = xml.replace(
        "</Sources>",
        '<AudioSource guid="66666666-6666-6666-6666-666666666666" name="Aufnahme"/>'
        '<TextSource guid="77777777-7777-7777-7777-777777777777" name="B02" '
        'plainTextPath="internal://missing.txt"/></Sources>',
    )
    members["project.qde"] = xml.encode()
    members["sources/board_2017.txt"] = members.pop("sources/b01.txt")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    exchange, report = read_project_file(path)
    assert [d.name for d in exchange.documents] == ["board_2017"]
    (label,) = [w for w in report.warnings if "speaker label" in w]
    assert label.startswith("board_2017: 1 coding began or ended on a speaker label")
    assert "it holds the words coded" in label and "1111" not in label
    assert "Aufnahme: an audio source (qualcode reads text sources only)" in report.left_out
    assert "B02: its text file internal://missing.txt is missing" in report.left_out  # no "0 …"
    report.codings, report.documents = 1930, 1
    assert report.lines()[0].startswith("Read 1 document, 1 code, 1,930 codings, 0 coders")
