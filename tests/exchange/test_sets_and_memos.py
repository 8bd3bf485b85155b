"""Sets of documents and of codes, and document memos: read from other programs' files, shown,
filtered by, and written again with their GUIDs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.services.exchange.project_import import import_project_file
from qualcode.services.sets import SetService
from tests.exchange.conftest import NS, exporter, parse, qde
from tests.helpers import SHARED

SAMPLES = SHARED / "reference" / "refi" / "samples"
CODE_A = "a0000000-0000-4000-8000-000000000001"
CODE_B = "a0000000-0000-4000-8000-000000000002"
DOC_1 = "d0000000-0000-4000-8000-000000000001"
DOC_2 = "d0000000-0000-4000-8000-000000000002"
SET_SITE = "50000000-0000-4000-8000-000000000001"
SET_THEME = "50000000-0000-4000-8000-000000000002"
SET_EMPTY = "50000000-0000-4000-8000-000000000003"
NOTE = "70000000-0000-4000-8000-000000000001"

QDE = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Made up" origin="MAXQDA 2022">
  <CodeBook><Codes>
    <Code guid="{CODE_A}" name="Belastung" isCodable="true"/>
    <Code guid="{CODE_B}" name="Entlastung" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{DOC_1}" name="Interview Nord" plainTextPath="internal://{DOC_1}.txt">
      <Description>Recorded at the depot; the driver asked for a pause.</Description>
      <PlainTextSelection guid="e0000000-0000-4000-8000-000000000001" name="viel zu tun"
          startPosition="3" endPosition="14">
        <Coding guid="c0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="{CODE_A}"/>
        </Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="{NOTE}"/>
    </TextSource>
    <TextSource guid="{DOC_2}" name="Interview Süd" plainTextPath="internal://{DOC_2}.txt"/>
  </Sources>
  <Notes>
    <Note guid="{NOTE}" name="Nord"><PlainTextContent>Second talk planned.</PlainTextContent></Note>
  </Notes>
  <Sets>
    <Set guid="{SET_SITE}" name="Standort Nord">
      <Description>Both depots in the north</Description>
      <MemberSource targetGUID="{DOC_1}"/>
    </Set>
    <Set guid="{SET_THEME}" name="Arbeitslast">
      <MemberCode targetGUID="{CODE_A}"/>
      <MemberCode targetGUID="{CODE_B}"/>
    </Set>
    <Set guid="{SET_EMPTY}" name="Later"/>
  </Sets>
</Project>
"""


def made_up(tmp_path: Path) -> Path:
    path = tmp_path / "made-up.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", QDE)
        archive.writestr(f"sources/{DOC_1}.txt", "B: viel zu tun, jeden Tag.\n")
        archive.writestr(f"sources/{DOC_2}.txt", "B: ruhiger hier.\n")
    return path


def sets_of(data: bytes) -> dict[str, dict[str, Any]]:
    root = parse(data)
    return {
        s.get("guid"): {
            "name": s.get("name"),
            "description": s.findtext("q:Description", namespaces=NS),
            "codes": [m.get("targetGUID") for m in s.findall("q:MemberCode", NS)],
            "sources": [m.get("targetGUID") for m in s.findall("q:MemberSource", NS)],
        }
        for s in root.findall("q:Sets/q:Set", NS)
    }


def test_sets_and_memos_are_kept_shown_and_exported_again(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    project, report = import_project_file(db, "alice", made_up(tmp_path))
    try:
        sets = {s.name: s for s in SetService(project.database, project.coder).all()}
        assert sets["Standort Nord"].documents == ("Interview Nord",)
        assert sets["Standort Nord"].description == "Both depots in the north"
        assert len(sets["Arbeitslast"].categories) == 2 and not sets["Arbeitslast"].documents
        assert sets["Later"].guid == SET_EMPTY
        info = project.documents.get("Interview Nord")
        assert info.sets == ("Standort Nord",)
        assert info.memo == (
            "Recorded at the depot; the driver asked for a pause.\n\nSecond talk planned."
        )
        assert not any("Sets" in d.attributes for d in project.documents.all())
        exported = tmp_path / "again.qdpx"
        exporter(project).export("qdpx", exported)
    finally:
        project.close()
    again = sets_of(qde(exported))
    assert again[SET_SITE] == {
        "name": "Standort Nord",
        "description": "Both depots in the north",
        "codes": [],
        "sources": [DOC_1],
    }
    assert again[SET_THEME]["codes"] == [CODE_A, CODE_B]
    assert again[SET_EMPTY]["sources"] == again[SET_EMPTY]["codes"] == []
    root = parse(qde(exported))
    source = root.find(f"q:Sources/q:TextSource[@guid='{DOC_1}']", NS)
    memo_guid = source.find("q:NoteRef", NS).get("targetGUID")
    assert memo_guid == NOTE  # the memo keeps the GUID of the note it came from
    note = root.find(f"q:Notes/q:Note[@guid='{NOTE}']", NS)
    assert "the driver asked for a pause" in note.findtext("q:PlainTextContent", namespaces=NS)

    # ... and once more: export -> import -> export keeps the sets as they are.
    second, _ = import_project_file(str(tmp_path / "q.db"), "alice", exported)
    try:
        third = tmp_path / "third.qdpx"
        exporter(second).export("qdpx", third)
    finally:
        second.close()
    assert sets_of(qde(third)) == again


def test_the_command_line_shows_sets_and_memos(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["--project", db, "import-project", str(made_up(tmp_path))])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["--project", db, "documents", "--set", "standort nord"])
    assert listed.exit_code == 0, listed.output
    assert "Interview Nord" in listed.output and "Interview Süd" not in listed.output
    unknown = runner.invoke(cli, ["--project", db, "documents", "--set", "Süden"])
    assert unknown.exit_code != 0 and "no set 'Süden'" in unknown.output
    assert "'Standort Nord'" in unknown.output
    data = json.loads(runner.invoke(cli, ["--project", db, "documents", "--json"]).output)
    nord = next(d for d in data if d["name"] == "Interview Nord")
    assert nord["sets"] == ["Standort Nord"] and nord["memo"].endswith("Second talk planned.")
    shown = runner.invoke(cli, ["--project", db, "show", "Interview Nord"]).output
    assert "Sets: Standort Nord" in shown
    assert "Memo: Recorded at the depot" in shown and "Second talk planned." in shown
    book = runner.invoke(cli, ["--project", db, "codebook", "show"]).output
    assert "Sets of categories:" in book and "Arbeitslast: C1, C2" in book
    one = runner.invoke(cli, ["--project", db, "codebook", "show", "C2"]).output
    assert "Sets:" in one and "Arbeitslast" in one
    as_json = json.loads(runner.invoke(cli, ["--project", db, "codebook", "show", "--json"]).output)
    assert as_json["sets"][0]["categories"] == ["C1", "C2"]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared is not here")
def test_the_atlas_ti_sample_keeps_its_sets_with_their_guids(tmp_path: Path) -> None:
    path = SAMPLES / "sky-loom_refi-qda" / "TestProject.qdpx"
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
        original = sets_of(archive.read(name))
    assert len(original) == 16
    project, report = import_project_file(str(tmp_path / "p.db"), "alice", path)
    try:
        kept = {s.guid: s for s in SetService(project.database, project.coder).all()}
        # Its sources are missing from the archive: sets of sources keep their name and GUID,
        # sets of codes their codes.
        assert set(kept) == set(original)
        assert kept["2324B638-D629-4970-B2E8-8B5BFD0A8D6B"].name == "Feelings"
        assert len(kept["2324B638-D629-4970-B2E8-8B5BFD0A8D6B"].categories) == 6
        assert kept["322EDFE7-C248-49CE-A094-477E02CB7177"].name == "<3"
        (partial,) = [w for w in report.warnings if "sets keep only the members" in w]
        assert partial.startswith("11 sets keep") and "Mabel, gender: male" in partial
        exported = tmp_path / "again.qdpx"
        exporter(project).export("qdpx", exported)
    finally:
        project.close()
    again = sets_of(qde(exported))
    assert set(again) == set(original)
    for guid, found in original.items():
        assert again[guid]["name"] == found["name"]
        assert again[guid]["codes"] == found["codes"]  # the codes keep the GUIDs they came with


async def test_the_workbench_shows_a_documents_memo_and_sets(tmp_path: Path) -> None:
    from textual.widgets import Static

    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.widgets.codebook_panel import GuidelinePanel
    from tests.tui.conftest import settle

    project, _ = import_project_file(str(tmp_path / "p.db"), "alice", made_up(tmp_path))
    try:
        app = QualcodeApp(project)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            shown = str(
                app.screen.query_one(GuidelinePanel).query_one("#guideline", Static).render()
            )
            assert "Interview Nord" in shown and "Sets: Standort Nord" in shown
            assert "Memo" in shown and "the driver asked for a pause" in shown
            app.screen.open_document("Interview Süd")  # no memo, no sets: nothing left over
            await settle(pilot)
            panel = app.screen.query_one(GuidelinePanel).query_one("#guideline", Static)
            assert "Interview Nord" not in str(panel.render())
    finally:
        project.close()


def test_a_removed_document_leaves_its_sets_and_takes_its_memo(tmp_path: Path) -> None:
    project, _ = import_project_file(str(tmp_path / "p.db"), "alice", made_up(tmp_path))
    try:
        project.documents.remove("Interview Nord", force=True)
        sets = {s.name: s for s in SetService(project.database, project.coder).all()}
        assert sets["Standort Nord"].documents == ()  # the set stays, empty
        with project.database.reading() as reader:
            from qualcode.services.documents import document_memos

            assert document_memos(reader) == {}
    finally:
        project.close()
