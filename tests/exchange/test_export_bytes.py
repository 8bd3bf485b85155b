"""The qdpx export byte for byte: a golden archive of the sample project, written before the
export learned to stream, so that any change to how it is written shows as a changed byte."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import qualcode
from qualcode.domain.exchange import ExNote, ExProject, ExProposal
from qualcode.exporters.refi import write_qdpx
from qualcode.services.exchange.keys import PROJECT_KEY
from qualcode.services.project import Project
from tests.exchange.conftest import exporter

GOLDEN = Path(__file__).parent / "golden" / "sample.qdpx"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
GUID = "6b1d0c57-0b8e-4b8a-9a52-3f1e2a4c6e8d"


def fixed_snapshot(project: Project) -> ExProject:
    """The sample project's snapshot with its own GUID and every time set to one moment."""
    from qualcode.storage.settings import writes as settings_repo

    service = exporter(project)
    with service.unit_of_work() as uow:
        settings_repo.put(uow.tx, PROJECT_KEY, GUID)
    snap = service.snapshot()
    snap.codings = [
        dataclasses.replace(c, created=WHEN, updated=WHEN, memo=c.memo + " & <more>")
        for c in snap.codings
    ]
    snap.documents = [
        dataclasses.replace(d, imported_at=WHEN, memo=f"About {d.name}\nline two" if i else "")
        for i, d in enumerate(snap.documents)
    ]
    snap.versions = [dataclasses.replace(v, created=WHEN) for v in snap.versions]
    # The codebook's source path depends on where the checkout lies: one fixed folder instead.
    here = json.dumps(str(Path(qualcode.__file__).parent))[1:-1]
    snap.audit = [
        json.loads(json.dumps({**row, "at": WHEN.isoformat()}).replace(here, "/qualcode"))
        for row in snap.audit
    ]
    snap.notes = [ExNote("0e2a4c6e-8d0f-4130-8f0b-6a523f1e5d0c", "Project memo", "Plan & aim")]
    snap.proposals = proposals(snap)
    return snap


def proposals(snap: ExProject) -> list[ExProposal]:
    """An accepted proposal (the first coding's passage), a rejected and a waiting one."""
    coding = snap.codings[0]
    rule = "lemmas: Messe -> sentence (respondent)"
    made = {"rule": rule, "created_by": "alice", "created_at": WHEN, "coding_pass": "main"}
    passage = {"document": coding.document, "category": coding.category, "text": coding.text}
    text = next(d.text for d in snap.documents if d.name == coding.document)
    return [
        ExProposal(
            guid="3f1e2a4c-6e8d-4f13-8b0b-6a520c579a52",
            start=coding.start,
            end=coding.end,
            status="accepted",
            decided_by="alice",
            decided_at=WHEN,
            coding=coding.guid,
            **passage,
            **made,
        ),
        ExProposal(
            guid="3f1e2a4c-6e8d-4f13-8b0b-6a520c579a53",
            document=coding.document,
            category=coding.category,
            start=0,
            end=5,
            text=text[0:5],
            status="rejected",
            decided_by="bob",
            decided_at=WHEN,
            **made,
        ),
        ExProposal(
            guid="3f1e2a4c-6e8d-4f13-8b0b-6a520c579a54",
            document=coding.document,
            category=coding.category,
            start=5,
            end=9,
            text=text[5:9],
            status="proposed",
            **made,
        ),
    ]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_export_is_byte_identical_to_the_golden_archive(coded: Project) -> None:
    out = io.BytesIO()
    write_qdpx(fixed_snapshot(coded), out, now=WHEN)
    if os.environ.get("QUALCODE_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(out.getvalue())
    golden = members(GOLDEN.read_bytes())
    written = members(out.getvalue())
    assert list(written) == list(golden)
    for name, data in golden.items():
        assert written[name] == data, name
    assert out.getvalue() == GOLDEN.read_bytes()


def test_the_streamed_export_is_the_snapshots_export(coded: Project, tmp_path: Path) -> None:
    """The service streams each document's codings from the database; the file is the one
    written from the whole snapshot, apart from the project's date."""
    import re

    service = exporter(coded)
    streamed = tmp_path / "streamed.qdpx"
    service.export("qdpx", streamed)
    whole = io.BytesIO()
    write_qdpx(service.snapshot(), whole)
    dates = re.compile(rb'(creation|modified)DateTime="[^"]*"')
    got, expected = members(streamed.read_bytes()), members(whole.getvalue())
    assert list(got) == list(expected)
    for name in expected:
        if name == "project.qde":
            head = dates.sub(b"", got[name][:400]) + got[name][400:]
            assert head == dates.sub(b"", expected[name][:400]) + expected[name][400:]
        else:
            assert got[name] == expected[name], name
