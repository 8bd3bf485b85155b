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


# ----- whose turns a rule searches --------------------------------------------------------------


def _roles(project: Project, document: str) -> dict[int, str]:
    """Each turn's role (Pos. -> interviewer/respondent) by the usual labels (I:, B:)."""
    from qualcode.domain.speakers import default_role

    turns = project.documents.transcript(document).turns
    return {t.position: default_role(t.speaker) if t.speaker else "respondent" for t in turns}


def _load_rules(project: Project, tmp_path: Path, rules: str) -> None:
    """The sample codebook with K2.2's rules replaced by ``rules`` (YAML lines)."""
    text = CODEBOOK.read_text(encoding="utf-8")
    start = text.index("autocode:", text.index("code: K2.2"))
    end = text.index("\n        status:", start)
    indent = " " * 8
    lines = "\n".join(indent + line for line in rules.strip("\n").splitlines())
    path = tmp_path / "codebook.yaml"
    path.write_text(text[:start] + "autocode:\n" + lines + text[end:], encoding="utf-8")
    project.codebook.load(path)


def test_rules_search_the_respondents_turns_unless_told_otherwise(
    sample_project: Project, tmp_path: Path
) -> None:
    _load_rules(sample_project, tmp_path, "  - lemmas: [Messe, Kunde]")
    service = sample_project.autocoding
    assert {r.speaker for r in service.rules("K2.2")} == {"respondent"}
    service.autocode(category="K2.2")
    found = service.proposals()
    assert found
    roles = {d: _roles(sample_project, d) for d in {p.document for p in found}}
    assert {roles[p.document][p.position] for p in found} == {"respondent"}
    assert all(p.rule.endswith("(respondent)") for p in found)

    _load_rules(sample_project, tmp_path, "  - lemmas: [Messe, Kunde]\n    speaker: any")
    service.reject([p.id for p in found])
    report = service.autocode(category="K2.2")
    asked = service.proposals()
    assert report.total == len(asked) > 0
    assert {
        roles.get(p.document, _roles(sample_project, p.document))[p.position] for p in asked
    } == {
        "interviewer"
    }  # the respondents' passages were decided on already: only the questions are new

    _load_rules(sample_project, tmp_path, "  - lemmas: [Kunde]\n    speaker: Interviewer")
    assert [r.speaker for r in service.rules("K2.2")] == ["Interviewer"]


# ----- blind coders each have their own proposals -----------------------------------------------


def test_a_blind_coder_sees_and_decides_only_their_own_proposals(
    sample_project: Project,
) -> None:
    alice = sample_project.as_coder("alice", blind=True).autocoding
    bob = sample_project.as_coder("bob", blind=True).autocoding
    made = alice.autocode(category="K2.2", document="B01")
    assert made.total > 2
    assert bob.proposals(status=None) == []  # alice's run is not bob's
    first, second = alice.proposals()[:2]
    alice.accept([first.id])
    alice.reject([second.id])
    with pytest.raises(NotFoundError):
        bob.accept([alice.proposals()[0].id])  # not bob's to decide
    again = bob.autocode(category="K2.2", document="B01")
    assert again.total == made.total  # the same passages, proposed to bob afresh
    mine = bob.proposals(status=None)
    assert {p.status for p in mine} == {"proposed"} and {p.decided_by for p in mine} == {None}
    assert {(p.start, p.end) for p in mine} == {
        (p.start, p.end) for p in alice.proposals(status=None)
    }
    assert not {p.id for p in mine} & {p.id for p in alice.proposals(status=None)}
    bob.accept([next(p.id for p in mine if (p.start, p.end) == (second.start, second.end))])
    coders = {c.coder for c in sample_project.coding.query(category="K2.2")}
    assert coders == {"alice", "bob"}
    # Without --blind every coder shares the project's proposals, as before.
    shared = sample_project.as_coder("carol").autocoding
    assert len(shared.proposals(status=None)) == 2 * made.total
    assert shared.autocode(category="K2.2", document="B01").total == 0


# ----- an accepted proposal makes one coding, however often it is decided ------------------------


def _k22_codings(project: Project) -> list[tuple[int, int, str]]:
    return sorted((c.start, c.end, c.coder) for c in project.coding.query(category="K2.2"))


def test_accepting_twice_undo_redo_and_accept_all_make_one_coding(
    sample_project: Project,
) -> None:
    from qualcode.domain.audit import ProposalReopened

    service = sample_project.autocoding
    service.autocode(category="K2.2", document="B01")
    waiting = service.proposals()
    one = waiting[0]
    service.accept([one.id])
    with pytest.raises(ConflictError, match="accepted already"):
        service.accept([one.id])  # twice
    assert _k22_codings(sample_project) == [(one.start, one.end, "alice")]
    # Undo, then accept by hand again, then redo the undone accept: still one coding.
    sample_project.history.undo()
    assert _k22_codings(sample_project) == []
    service.accept([one.id])
    with pytest.raises((NotFoundError, ConflictError)):  # nothing to redo, or refused
        sample_project.history.redo()
    assert _k22_codings(sample_project) == [(one.start, one.end, "alice")]
    # Undo and redo: one coding, the proposal linked to it.
    sample_project.history.undo()
    sample_project.history.redo()
    codings = sample_project.coding.query(category="K2.2")
    assert len(codings) == 1
    accepted = service.proposals(status="accepted")
    assert [(p.id, p.coding_id) for p in accepted] == [(one.id, codings[0].id)]
    # Accept-all after one accept: each passage once.
    made = service.accept_all(category="K2.2", document="B01")
    assert len(made) == len(waiting) - 1
    spans = _k22_codings(sample_project)
    assert len(spans) == len(set(spans)) == len(waiting)
    assert service.proposals() == []
    # The database: every accepted proposal names a coding that exists, each a different one.
    decided = service.proposals(status="accepted")
    ids = {c.id for c in sample_project.coding.query(category="K2.2")}
    assert {p.coding_id for p in decided} == ids and len(decided) == len(ids)
    # The trail: accepted, reopened (undo), accepted (by hand), reopened, accepted (redo), and
    # one acceptance for each of the rest.
    events = [e.typed() for e in sample_project.audit.log()]
    about_one = [
        type(e).__name__
        for e in events
        if isinstance(e, ProposalAccepted | ProposalReopened) and e.entity_id == one.id
    ]
    assert about_one == [
        "ProposalAccepted",
        "ProposalReopened",
        "ProposalAccepted",
        "ProposalReopened",
        "ProposalAccepted",
    ]
    assert sample_project.audit.verify().ok


def test_the_recheck_pass_hides_a_blind_coders_earlier_proposals(sample_project: Project) -> None:
    alice = sample_project.as_coder("alice", blind=True)
    first = alice.autocoding.autocode(category="K2.2", document="B01")
    earlier = alice.autocoding.proposals()
    alice.autocoding.accept([earlier[0].id])
    alice.autocoding.reject([earlier[1].id])
    alice.coding.set_pass("recheck")
    assert alice.autocoding.proposals(status=None) == []  # the main pass's decisions are hidden
    again = alice.autocoding.autocode(category="K2.2", document="B01")
    assert again.total == first.total  # proposed afresh, the earlier coding not counted
    now = alice.autocoding.proposals()
    assert {p.status for p in now} == {"proposed"} and len(now) == first.total
    made = alice.autocoding.accept([now[0].id])
    assert [c.coding_pass for c in made] == ["recheck"]
    alice.coding.set_pass("main")
    assert {p.id for p in alice.autocoding.proposals(status=None)} >= {p.id for p in earlier}
