"""Mayring's procedure: the pilot freeze, codebook versions, re-checks, passes, blind coding."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import ConflictError, InvalidInputError
from qualcode.services.project import Project


def test_freeze_records_the_pilot_share(sample_project: Project) -> None:
    project = sample_project
    assert project.coding.current_pass() == "pilot"
    project.coding.code("B01", "K2.1", turns=(9, 9))
    project.coding.code("B02", "K1.1", turns=(5, 5))
    share = project.versions.coded_share()
    infos = {d.name: d for d in project.documents.all()}
    words = sum(d.words for d in infos.values())
    assert (share.documents, share.documents_coded) == (7, 2)
    assert share.words_coded == infos["B01"].words + infos["B02"].words
    assert share.share == pytest.approx(share.words_coded / words)
    version, recorded = project.versions.freeze(reason="Pilot: B01 und B02")
    assert version.label == "1.0" and version.frozen is not None
    assert version.coded_share == pytest.approx(recorded.share)
    assert project.coding.current_pass() == "main"
    assert project.coding.code("B03", "K2.1", turns=(5, 5)).coding_pass == "main"
    with pytest.raises(ConflictError, match="frozen already"):
        project.versions.freeze()
    frozen = [e for e in project.audit.log() if e.action == "freeze"]
    assert len(frozen) == 1 and frozen[0].reason == "Pilot: B01 und B02"
    assert "after the pilot" in frozen[0].describe()


def test_a_pilot_outside_ten_to_fifty_percent_is_noted(sample_project: Project) -> None:
    assert "only 0%" in (sample_project.versions.coded_share().pilot_warning() or "")
    for name in ("B01", "B02", "B03", "B04", "B05"):
        sample_project.coding.code(name, "K1", turns=(3, 3))
    assert "already coded" in (sample_project.versions.coded_share().pilot_warning() or "")


def test_changes_after_the_freeze_need_a_reason_and_open_a_version(
    sample_project: Project,
) -> None:
    project = sample_project
    before = project.coding.code("B01", "K2.1", turns=(9, 9))
    other = project.coding.code("B01", "K2.2", turns=(7, 7))
    # Before the freeze the category system may change freely.
    project.codebook.edit_category("K2.2", definition="Messen, Events", reason="Pilot")
    assert project.versions.all()[-1].label == "1.0"
    project.versions.freeze()
    with pytest.raises(InvalidInputError, match="frozen after the pilot"):
        project.codebook.create_category(name="Neu", parent="K2", definition="x")
    with pytest.raises(InvalidInputError, match="say why"):
        project.codebook.move("K2.3", "K3", reason="")
    project.codebook.edit_category("K2.1", definition="Nur Telefon.", reason="geschärft")
    versions = project.versions.all()
    assert [v.label for v in versions] == ["1.0", "1.1"]
    assert versions[-1].frozen is None and versions[-1].reason == "geschärft"
    # The coding of the changed category is flagged; the other one is not.
    flagged = project.coding.query(needs_review=True)
    assert [c.id for c in flagged] == [before.id]
    assert "codebook version 1.1" in (flagged[0].review or "")
    assert project.summary().needs_recheck == 1
    # A second change in the open version 1.1 does not open another one.
    project.codebook.edit_category("K2.1", coding_rule="Nur aktive Anrufe.", reason="Regel")
    assert len(project.versions.all()) == 2
    # New codings stand under 1.1 and are not flagged; confirming clears the old one.
    fresh = project.coding.code("B02", "K2.1", turns=(5, 5))
    assert fresh.codebook_version == "1.1" and fresh.review is None
    (confirmed,) = project.coding.confirm([before.id], reason="passt weiterhin")
    assert confirmed.codebook_version == "1.1" and confirmed.review is None
    assert project.coding.query(needs_review=True) == []
    assert other.id not in {c.id for c in project.coding.query(needs_review=True)}
    assert any(e.action == "confirm" for e in project.audit.log(coding=before.id))


def test_a_freeze_then_merge_flags_the_moved_codings(sample_project: Project) -> None:
    project = sample_project
    moved = project.coding.code("B01", "K2.2", turns=(7, 7))
    project.versions.freeze()
    project.codebook.merge("K2.2", "K2.1", reason="zusammengelegt")
    (flagged,) = project.coding.query(needs_review=True)
    assert flagged.id == moved.id and flagged.category == "K2.1"


def test_loading_a_changed_codebook_after_the_freeze(sample_project: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import CODEBOOK

    project = sample_project
    coded = project.coding.code("B01", "K2.1", turns=(9, 9))
    project.versions.freeze()
    changed = tmp_path / "codebook.yaml"
    changed.write_text(
        CODEBOOK.read_text(encoding="utf-8").replace(
            "Kaltakquise per Telefon", "Kaltakquise am Telefon", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError, match="--reason"):
        project.codebook.load(changed)
    report = project.codebook.load(changed, reason="Quelle korrigiert")
    assert report.version == "1.1"  # the file still says 1.0, which is frozen
    assert [c.id for c in project.coding.query(needs_review=True)] == [coded.id]


def test_passes(sample_project: Project) -> None:
    coding = sample_project.coding
    assert coding.current_pass() == "pilot"
    coding.set_pass("recheck")
    assert coding.current_pass() == "recheck"
    assert coding.code("B01", "K1", turns=(3, 3)).coding_pass == "recheck"
    assert coding.code("B01", "K1", turns=(5, 5), coding_pass="main").coding_pass == "main"
    assert sample_project.as_coder("bob").coding.current_pass() == "pilot"  # per coder
    with pytest.raises(InvalidInputError, match="pass must be one of"):
        coding.set_pass("final")
    assert [e.action for e in sample_project.audit.log() if e.entity == "coder"] == ["set-pass"]


def test_blind_coding_hides_other_coders(sample_project: Project) -> None:
    alice = sample_project
    alice.coding.code("B01", "K2.1", turns=(9, 9))
    bob = alice.as_coder("bob")
    bob.coding.code("B01", "K2.2", turns=(7, 7))
    blind = alice.as_coder("bob", blind=True)
    assert [c.coder for c in blind.coding.query(document="B01")] == ["bob"]
    assert blind.coding.counts() == {"K2.2": 1}
    assert blind.coding.query(coder="alice") == []
    assert len(alice.coding.query(document="B01")) == 2  # not blind: everyone's
    counts = {d.name: d.codings for d in blind.documents.all()}
    assert counts["B01"] == 1  # the document list counts bob's own codings only
    assert {d.name: d.codings for d in alice.documents.all()}["B01"] == 2
    # In the re-check pass a blind coder does not see their own earlier codings either.
    blind.coding.set_pass("recheck")
    assert blind.coding.query(document="B01") == []
    blind.coding.code("B01", "K2.2", turns=(7, 7))
    assert [c.coding_pass for c in blind.coding.query(document="B01")] == ["recheck"]


def test_progress_per_document_and_coder(sample_project: Project) -> None:
    alice = sample_project
    alice.coding.code("B01", "K2.1", turns=(9, 9))
    alice.coding.code("B01", "K2.2", turns=(12, 14))
    alice.as_coder("bob").coding.code("B01", "K2.2", turns=(7, 7), coding_pass="main")
    progress = {p.document: p for p in alice.progress()}
    assert len(progress) == 7
    b01 = progress["B01"]
    assert b01.coders["alice"].codings == 2
    assert b01.coders["alice"].reached == 14
    assert b01.coders["alice"].by_pass == {"pilot": 2}
    assert b01.coders["bob"].by_pass == {"main": 1}
    assert b01.coders["bob"].reached == 7
    assert progress["B02"].coders == {}
