"""REFI-QDA export: valid against the vendored schemas, stable GUIDs, readable guidelines."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from qualcode.domain.codebook import Anchor, Category
from qualcode.domain.exchange import describe_category, read_description
from qualcode.exporters.refi import project_xml
from qualcode.importers.refi import schema
from qualcode.services.exports import ExportRequest, ExportService
from qualcode.services.project import Project
from tests.exchange.conftest import NS, exporter, parse, qde

_DATES = re.compile(rb'(creation|modified)DateTime="[^"]*"')


def test_the_project_export_is_valid_against_project_xsd(coded: Project, tmp_path: Path) -> None:
    target = tmp_path / "project.qdpx"
    ExportService(coded.database, "alice").run("qdpx", "qdpx", ExportRequest(), target)
    validator = schema("project")
    assert validator.validate(parse(qde(target))), validator.error_log
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        texts = [archive.read(n) for n in names if n.startswith("sources/")]
        assert b'"format": "qualcode-refi/1"' in archive.read("sources/qualcode.txt")
    assert names[0] == "project.qde" and len(texts) == 8  # and the qualcode note
    assert all(not t.startswith(b"\xef\xbb\xbf") and b"\r" not in t for t in texts)
    assert any(t.startswith(b"I: ") or b"\nB: " in t for t in texts)  # speakers shown


def test_the_codebook_export_is_valid_against_codebook_xsd(coded: Project, tmp_path: Path) -> None:
    target = tmp_path / "codebook.qdc"
    ExportService(coded.database, "alice").run("qdc", "qdc", ExportRequest(), target)
    validator = schema("codebook")
    root = parse(target.read_bytes())
    assert validator.validate(root), validator.error_log
    codes = root.findall(".//{urn:QDA-XML:codebook:1.0}Code")
    assert len(codes) == len(coded.codebook.get())


def test_guids_are_stable_across_exports(coded: Project, tmp_path: Path) -> None:
    exporter(coded).export("qdpx", tmp_path / "one.qdpx")
    exporter(coded).export("qdpx", tmp_path / "two.qdpx")
    one, two = qde(tmp_path / "one.qdpx"), qde(tmp_path / "two.qdpx")
    assert _DATES.sub(b"", one) == _DATES.sub(b"", two)
    guids = re.findall(rb'guid="([^"]+)"', one)
    assert len(guids) == len(set(guids))  # every element its own GUID


def test_codings_point_at_the_coded_words_in_the_written_text(
    coded: Project, tmp_path: Path
) -> None:
    target = tmp_path / "p.qdpx"
    exporter(coded).export("qdpx", target)
    root = parse(qde(target))
    checked = 0
    with zipfile.ZipFile(target) as archive:
        for source in root.iterfind("q:Sources/q:TextSource", NS):
            text = archive.read("sources/" + source.get("plainTextPath")[11:]).decode()
            for selection in source.iterfind("q:PlainTextSelection", NS):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                words = text[start:end]
                assert words.startswith(selection.get("name")[:20]), words
                checked += 1
    assert checked == len(coded.coding.query())


def test_utf16_positions_count_an_emoji_as_two() -> None:
    from qualcode.domain.exchange import ExCoding, ExDocument, ExProject
    from qualcode.domain.transcript import Turn

    text = "Das war 😀 gut so"
    document = ExDocument(
        "B01", "11111111-1111-1111-1111-111111111111", text, (Turn(1, "B", 0, len(text)),)
    )
    coding = ExCoding("22222222-2222-2222-2222-222222222222", "B01", "K1", 11, 14, "gut", "alice")
    project = ExProject(
        "p", "33333333-3333-3333-3333-333333333333", documents=[document], codings=[coding]
    )
    project.category_guids = {"K1": "44444444-4444-4444-4444-444444444444"}
    when = datetime(2026, 1, 1, tzinfo=UTC)
    points, _, _ = project_xml(project, now=when)
    units, _, _ = project_xml(project, now=when, positions="utf-16")
    assert b'startPosition="14" endPosition="17"' in points  # "B: " before the text
    assert b'startPosition="15" endPosition="18"' in units


def test_a_guideline_reads_back_into_its_fields() -> None:
    category = Category(
        code="K1",
        name="Preis",
        definition="Alles zum Preis.\nAuch Rabatte.",
        coding_rule="Nur explizite Nennungen.",
        origin="deductive",
        reference="Mayring 2015",
        anchors=(Anchor("„Zu teuer.“", "B01", 4), Anchor("Rabatt", "B02, Teil 2", 12)),
    )
    shown = describe_category(category)
    assert shown.startswith("Definition:\nAlles zum Preis.")
    back = read_description(shown)
    assert (back.definition, back.coding_rule, back.anchors, back.reference) == (
        category.definition,
        category.coding_rule,
        category.anchors,
        category.reference,
    )
    assert read_description("A note from MAXQDA.").definition == "A note from MAXQDA."


def test_control_characters_do_not_break_the_xml() -> None:
    from qualcode.domain.exchange import ExCoding, ExDocument, ExProject
    from qualcode.domain.transcript import Turn

    text = 'Seite\x0c zwei & "drei" <vier>'
    document = ExDocument(
        "B\x1b01", "11111111-1111-1111-1111-111111111111", text, (Turn(1, None, 0, len(text)),)
    )
    coding = ExCoding(
        "22222222-2222-2222-2222-222222222222", "B\x1b01", "K1", 0, len(text), text, "al\x07ice"
    )
    project = ExProject(
        "p", "33333333-3333-3333-3333-333333333333", documents=[document], codings=[coding]
    )
    project.category_guids = {"K1": "44444444-4444-4444-4444-444444444444"}
    data, _, _ = project_xml(project)
    root = parse(data)
    assert schema("project").validate(root)
    selection = root.find(".//q:PlainTextSelection", NS)
    assert selection.get("name") == 'Seite zwei & "drei" <vier>'
