"""The audit trail read back: filters by time, coder, category and coding."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qualcode.domain.audit import CodingCreated, coding_view
from qualcode.domain.coding import Coding
from qualcode.domain.errors import NotFoundError
from qualcode.services.project import Project
from tests.helpers import TRANSCRIPTS


def test_every_kind_of_change_is_in_the_log(sample_project: Project) -> None:
    alice = sample_project
    coding = alice.coding.code("B01", "K2.1", turns=(9, 9))
    alice.coding.set_memo(coding.id, "klar")
    alice.coding.reassign(coding.id, "K2.2", reason="eher Messe")
    alice.codebook.edit_category("K2.2", definition="Messen", reason="knapper")
    alice.coding.uncode(coding.id, reason="doch nicht")
    actions = [(e.entity, e.action) for e in alice.audit.log()]
    for expected in [
        ("document", "import"),
        ("category", "create"),
        ("coding", "create"),
        ("coding", "memo"),
        ("coding", "reassign"),
        ("category", "update"),
        ("coding", "delete"),
    ]:
        assert expected in actions
    history = alice.audit.log(coding=coding.id)
    assert [e.action for e in history] == ["create", "memo", "reassign", "delete"]
    assert history[2].before == {"category": "K2.1"} and history[2].reason == "eher Messe"
    assert history[2].describe() == f"coding {coding.id}: K2.1 → K2.2"
    update = next(e for e in alice.audit.log() if e.action == "update")
    assert update.describe() == "changed K2.2: definition"
    # A coding's entries name its Pos., by which a reader finds the passage.
    assert history[0].describe().startswith("coded B01 Pos. 9 as K2.1: “")
    assert history[-1].describe().startswith("removed the coding K2.2 in B01 Pos. 9: “")
    longer = alice.coding.code("B01", "K2.1", turns=(9, 10))
    made = alice.audit.log(coding=longer.id)[-1]
    assert made.describe().startswith("coded B01 Pos. 9–10 as K2.1")
    # An entry written before the Pos. was kept says so, unless the Pos. was found for it.
    old = {k: v for k, v in made.after.items() if not k.startswith("position")}
    assert replace(made, after=old).describe().startswith("coded B01 Pos. – as K2.1: “")
    assert replace(made, after=old, place=(9, 10)).describe().startswith("coded B01 Pos. 9–10 as")


def test_filters(sample_project: Project) -> None:
    alice, bob = sample_project, sample_project.as_coder("bob")
    first = alice.coding.code("B01", "K2.1", turns=(9, 9))
    bob.coding.code("B01", "K2.2", turns=(7, 7))
    bob.coding.code("B02", "K3.1", turns=(5, 5))
    by_bob = bob.audit.log(coder="bob")
    assert {e.coder for e in by_bob} == {"bob"} and len(by_bob) == 2
    k2 = alice.audit.log(category="K2")  # with its subcategories
    assert {e.after["category"] for e in k2 if e.entity == "coding"} == {"K2.1", "K2.2"}
    assert any(e.entity == "category" for e in k2)  # the categories' own creation
    assert alice.audit.log(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    recent = alice.audit.log(since=datetime.now(UTC) - timedelta(minutes=5))
    assert first.id in {e.entity_id for e in recent if e.entity == "coding"}
    with pytest.raises(NotFoundError, match="no coder 'carol'"):
        alice.audit.log(coder="carol")
    with pytest.raises(NotFoundError, match="no category 'K99'"):
        alice.audit.log(category="K99")


def test_the_log_cannot_be_edited(sample_project: Project) -> None:
    import sqlalchemy as sa

    sample_project.coding.code("B01", "K2.1", turns=(9, 9))
    engine = sample_project.database.engine
    with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET reason = 'forged'"))
    with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_events"))


def _record_old_coding(project: Project, coding: Coding) -> None:
    """A coding's entry as versions before the Pos. was kept wrote it."""
    view = {k: v for k, v in coding_view(coding).items() if not k.startswith("position")}
    with project.coding.unit_of_work() as uow:
        uow.record(CodingCreated(entity_id=coding.id, coding=view))


def _old_entry(project: Project, coding_id: int) -> str:
    """The sentence of the coding's older entry (recorded last of its "coded" entries)."""
    made = [e.describe() for e in project.audit.log(coding=coding_id) if e.action == "create"]
    return made[-1]


def test_older_entries_get_the_pos_their_passage_has_in_the_transcript(
    sample_project: Project, tmp_path: Path
) -> None:
    """Entries without a recorded Pos. are placed by their offsets; where the transcript no
    longer has the passage (replaced, removed) they say "Pos. –" rather than a wrong one."""
    project = sample_project
    kept = project.coding.code("B01", "K2.1", turns=(9, 10))
    moved = project.coding.code("B02", "K2.2", turns=(5, 5))
    gone = project.coding.code("B03", "K2.3", turns=(4, 4))
    for coding in (kept, moved, gone):
        _record_old_coding(project, coding)
    project.documents.rename("B01", "Interview 1")  # placed under the name it had then
    # B02 replaced by a transcript with a new first turn: its offsets now point elsewhere.
    text = (TRANSCRIPTS / "B02.txt").read_text(encoding="utf-8")
    corrected = tmp_path / "B02.txt"
    corrected.write_text("I: Eine neue erste Frage, die das Transkript verschiebt.\n\n" + text)
    project.documents.replace("B02", corrected)
    project.coding.uncode(gone.id)
    project.documents.remove("B03", force=True)

    assert _old_entry(project, kept.id).startswith("coded B01 Pos. 9–10 as K2.1")
    assert _old_entry(project, moved.id).startswith("coded B02 Pos. – as K2.2")
    assert _old_entry(project, gone.id).startswith("coded B03 Pos. – as K2.3")
    # The JSON keeps what was stored: the Pos. found is in the sentence only.
    assert "position" not in project.audit.log(coding=kept.id)[-1].after


def test_autocoding_decisions_name_the_pos(sample_project: Project) -> None:
    project = sample_project
    project.autocoding.autocode(category="K2.2")
    waiting = project.autocoding.proposals()
    first, second = waiting[0], waiting[1]
    project.autocoding.accept([first.id])
    project.autocoding.reject([second.id])
    sentences = [e.describe() for e in project.audit.log() if e.entity == "proposal"]
    assert any(
        s.startswith(f"accepted proposal {first.id}: {first.document} Pos. {first.position} as")
        for s in sentences
    ), sentences
    assert any(
        s.startswith(f"rejected proposal {second.id}: {second.document} Pos. {second.position} as")
        for s in sentences
    ), sentences


def test_a_codings_history_and_its_category_hold_the_autocoding_decisions(
    sample_project: Project,
) -> None:
    """`log --coding ID` of an accepted proposal's coding names the rule that found it;
    `log --category` lists the proposals accepted and rejected in it."""
    project = sample_project
    project.autocoding.autocode(category="K2.2")
    first, second = project.autocoding.proposals()[:2]
    (coding,) = project.autocoding.accept([first.id])
    project.autocoding.reject([second.id])
    history = [(e.entity, e.action) for e in project.audit.log(coding=coding.id)]
    assert history == [("coding", "create"), ("proposal", "accept")]
    decided = {
        (e.action, e.entity_id) for e in project.audit.log(category="K2") if e.entity == "proposal"
    }
    assert {("accept", first.id), ("reject", second.id)} <= decided
    assert not [e for e in project.audit.log(category="K3") if e.entity == "proposal"]
