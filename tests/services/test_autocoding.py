"""Dictionary autocoding: rules from the codebook propose, the coder accepts or rejects, and the
database and the audit trail say who decided what (both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.audit import ProposalAccepted, ProposalRejected, ProposalsMade
from qualcode.domain.errors import ConflictError, NotFoundError
from qualcode.services.project import Project
from tests.helpers import CODEBOOK


def test_the_sample_codebook_brings_its_rules(sample_project: Project) -> None:
    rules = sample_project.autocoding.rules("K2")
    assert {r.category for r in rules} == {"K2.1", "K2.2"}
    assert any(r.kind == "lemmas" and r.pattern == "Messe" for r in rules)


def test_autocode_proposes_and_codes_nothing(sample_project: Project) -> None:
    before = sample_project.coding.counts()
    report = sample_project.autocoding.autocode(category="K2.2")
    assert report.total > 5 and set(report.proposed) == {"K2.2"}
    assert sample_project.coding.counts() == before  # nothing applied silently
    waiting = sample_project.autocoding.proposals()
    assert len(waiting) == report.total
    first = waiting[0]
    assert first.status == "proposed" and "Messe" in first.text or "messe" in first.text.casefold()
    events = [e.typed() for e in sample_project.audit.log()]
    assert any(isinstance(e, ProposalsMade) and e.count == report.total for e in events)
    # Run again: everything is known, nothing is proposed twice.
    again = sample_project.autocoding.autocode(category="K2.2")
    assert again.total == 0 and again.known == report.total


def test_accept_two_reject_one_in_the_database_and_the_trail(sample_project: Project) -> None:
    service = sample_project.autocoding
    service.autocode(category="K2.2", document="B01")
    one, two, three = service.proposals()[:3]
    made = service.accept([one.id, two.id])
    assert [(c.category, c.start, c.end, c.coder) for c in made] == [
        ("K2.2", one.start, one.end, "alice"),
        ("K2.2", two.start, two.end, "alice"),
    ]
    rejected = service.reject([three.id])
    assert [p.id for p in rejected] == [three.id]
    stored = {p.id: p for p in service.proposals(status=None)}
    assert stored[one.id].status == "accepted" and stored[one.id].coding_id == made[0].id
    assert stored[one.id].decided_by == "alice"
    assert stored[three.id].status == "rejected" and stored[three.id].coding_id is None
    codings = sample_project.coding.query(document="B01", category="K2.2")
    assert {c.id for c in codings} == {c.id for c in made}
    trail = sample_project.audit.log()
    accepted = [e for e in trail if isinstance(e.typed(), ProposalAccepted)]
    assert [(e.entity_id, e.coder) for e in accepted] == [(one.id, "alice"), (two.id, "alice")]
    assert accepted[0].after["rule"] == one.rule and accepted[0].after["coding_id"] == made[0].id
    assert "accepted proposal" in accepted[0].describe()
    refused = [e for e in trail if isinstance(e.typed(), ProposalRejected)]
    assert [e.entity_id for e in refused] == [three.id]
    assert sample_project.audit.verify().ok
    # A rejected passage is not proposed again, and a decided one cannot be decided twice.
    assert service.autocode(category="K2.2", document="B01").total == 0
    with pytest.raises(ConflictError, match="rejected already"):
        service.accept([three.id])
    with pytest.raises(NotFoundError):
        service.reject([99999])


def test_accept_all_of_a_category(sample_project: Project) -> None:
    service = sample_project.autocoding
    service.autocode(document="B06")
    waiting = service.proposals(category="K2.1")
    made = service.accept_all(category="K2.1")
    assert len(made) == len(waiting) > 0
    assert service.proposals(category="K2.1") == []
    assert service.proposals(category="K2.2")  # the other category still waits


def test_in_context_shows_the_text_around(sample_project: Project) -> None:
    service = sample_project.autocoding
    service.autocode(category="K2.2", document="B01")
    proposal = service.proposals()[1]
    seen = service.in_context(proposal, width=40)
    assert seen.left and seen.right and len(seen.left) <= 40
    document = sample_project.documents.transcript("B01").text
    assert document[proposal.start - len(seen.left) : proposal.end + len(seen.right)] == (
        seen.left + proposal.text + seen.right
    )


def test_reloading_the_codebook_replaces_rules_and_records_it(
    sample_project: Project, tmp_path: Path
) -> None:
    changed = tmp_path / "book.yaml"
    text = CODEBOOK.read_text(encoding="utf-8").replace(
        "          - lemmas: [Messe, Messestand]\n", "          - words: [Fachmesse]\n"
    )
    changed.write_text(text, encoding="utf-8")
    sample_project.codebook.load(changed)
    rules = sample_project.autocoding.rules("K2.2")
    assert [(r.kind, r.pattern) for r in rules] == [("words", "Fachmesse"), ("phrases", "am Stand")]
    assert "autocode rules of K2.2" in sample_project.audit.log()[-1].describe()


def test_no_rules_says_where_to_write_them(sample_project: Project) -> None:
    with pytest.raises(NotFoundError, match="autocode"):
        sample_project.autocoding.autocode(category="K5")


def test_undo_of_an_accept_reopens_the_proposals_and_redo_accepts_them_again(
    sample_project: Project,
) -> None:
    service = sample_project.autocoding
    service.autocode(category="K2.2", document="B01")
    one, two = service.proposals()[:2]
    service.accept([one.id, two.id])
    assert len(sample_project.coding.query(category="K2.2")) == 2
    sample_project.history.undo()
    assert sample_project.coding.query(category="K2.2") == []
    waiting = {p.id: p for p in service.proposals()}
    assert one.id in waiting and two.id in waiting and waiting[one.id].coding_id is None
    sample_project.history.redo()
    codings = sample_project.coding.query(category="K2.2")
    decided = {p.id: p for p in service.proposals(status="accepted")}
    assert {decided[one.id].coding_id, decided[two.id].coding_id} == {c.id for c in codings}
    sample_project.history.undo()
    assert {p.id for p in service.proposals()} >= {one.id, two.id}
    assert sample_project.audit.verify().ok
