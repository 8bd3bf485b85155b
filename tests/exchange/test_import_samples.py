"""Importing REFI-QDA files as real programs wrote them (skipped without ../shared)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise
from qualcode.services.exchange.project_import import import_project_file, read_project_file
from tests.exchange.conftest import NS
from tests.helpers import SHARED

SAMPLES = SHARED / "reference" / "refi" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared is not here")


def xml_of(path: Path) -> Any:
    from lxml import etree

    if path.suffix == ".qdpx":
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
            return etree.fromstring(archive.read(name))
    return etree.parse(str(path)).getroot()


def count(root: Any, path: str) -> int:
    return len(root.findall(path, NS))


def fold(text: str) -> str:
    return " ".join(normalise(text).split())


@needs_samples
def test_an_atlas_ti_project_whose_sources_are_missing(tmp_path: Path) -> None:
    path = SAMPLES / "sky-loom_refi-qda" / "TestProject.qdpx"
    root = xml_of(path)
    project, report = import_project_file(str(tmp_path / "p.db"), "alice", path)
    try:
        assert report.codes == count(root, ".//q:Code") == 14
        assert report.coders == count(root, "q:Users/q:User") == 3
        assert report.documents == 0  # the archive's Sources/ folder is empty
        missing = [line for line in report.left_out if "is missing" in line]
        texts = count(root, "q:Sources/q:TextSource") + count(
            root, "q:Sources/q:PDFSource/q:Representation"
        )
        assert len(missing) == texts == 8  # six text sources, two PDFs with their text
        assert "Simon.docx" in " ".join(missing) and "3 codings left out" in " ".join(missing)
        assert any("video source" in line for line in report.left_out)
        assert len(project.codebook.get()) == 14
        assert project.summary().coders[:1] and report.memos == count(root, "q:Notes/q:Note")
    finally:
        project.close()


@needs_samples
def test_the_bare_atlas_ti_qde_imports_its_codes(tmp_path: Path) -> None:
    project, report = read_project_file(SAMPLES / "sky-loom_refi-qda" / "Project.qde")
    assert report.codes == 14 and project.codebook is not None
    colours = {c.name: c.colour for c in project.codebook.categories}
    assert colours["happiness"] == "#F00082"


@needs_samples
def test_an_open_tool_project_with_exact_coded_text(tmp_path: Path) -> None:
    path = SAMPLES / "qualitative-coding" / "demo.qdpx"
    root = xml_of(path)
    project, report = import_project_file(str(tmp_path / "p.db"), "alice", path)
    try:
        assert report.documents == count(root, "q:Sources/q:TextSource") == 2
        assert report.codes == count(root, ".//q:Code")
        assert report.coders == count(root, "q:Users/q:User")
        codings = project.coding.query()
        assert len(codings) == count(root, ".//q:PlainTextSelection/q:Coding") - len(
            [x for x in report.left_out if "selection" in x]
        )
        with zipfile.ZipFile(path) as archive:
            source = root.find("q:Sources/q:TextSource", NS)
            text = archive.read("sources/" + source.get("plainTextPath")).decode()
        name = Path(source.get("plainTextPath")).stem
        checked = 0
        for selection in source.findall("q:PlainTextSelection", NS)[:10]:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            mine = [
                c for c in codings if c.document == name and fold(c.text) == fold(text[start:end])
            ]
            assert mine, text[start:end]
            checked += 1
        assert checked == 10
    finally:
        project.close()


@needs_samples
def test_an_nvivo_project(tmp_path: Path) -> None:
    path = SAMPLES / "qualitative-coding" / "nvivo_project.qdpx"
    root = xml_of(path)
    project, report = read_project_file(path)
    assert report.codes == count(root, ".//q:Code") == 262
    assert report.coders == count(root, "q:Users/q:User") == 2
    assert project.codebook is not None
    tree = {c.code: c for c in project.codebook.categories}
    assert all(c.parent is None or c.parent in tree for c in tree.values())
    # The sample's sources are empty: the plain text is one line break, and the Word file
    # beside it (read in its place) holds no text either; both are listed, not imported.
    assert report.documents == 0
    assert len(report.left_out) == count(root, "q:Sources/q:TextSource") == 2
    assert all("Word document holds no text" in line for line in report.left_out)


@needs_samples
def test_a_codebook_that_breaks_the_schema_still_loads_with_a_warning(tmp_path: Path) -> None:
    path = SAMPLES / "openqda_refi-tools_qdc" / "example_codebook.qdc"
    root = xml_of(path)
    project, report = import_project_file(str(tmp_path / "p.db"), "alice", path)
    try:
        expected = len(root.findall(".//{urn:QDA-XML:codebook:1.0}Code"))
        assert report.codes == expected == len(project.codebook.get())
        assert any("'c001'" in w for w in report.warnings)
    finally:
        project.close()


@needs_samples
def test_a_codebook_that_is_not_well_formed_is_one_line_and_stores_nothing(
    tmp_path: Path,
) -> None:
    path = SAMPLES / "openqda_refi-tools_qdc" / "example_codebook_defect.qdc"
    with pytest.raises(InvalidInputError, match="not well-formed XML") as caught:
        import_project_file(str(tmp_path / "p.db"), "alice", path)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "p.db").exists()
