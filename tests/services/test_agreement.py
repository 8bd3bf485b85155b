"""Project-level agreement of two coders, worked by hand, and settling disagreements."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services.agreement import AgreementRequest, CoderRef
from qualcode.services.agreement_report import report_tables, write_report, write_units_data
from qualcode.services.project import Project

INTERVIEW = """I: Wie gewinnen Sie neue Kunden?
B: Vor allem auf Messen und über Empfehlungen zufriedener Kunden aus der Region.
I: Und telefonisch?
B: Kaltakquise am Telefon machen wir kaum noch, das bringt wenig und kostet viel Zeit.
"""


@pytest.fixture
def pair(new_project: Project, tmp_path: Path) -> tuple[Project, Project]:
    """Two tiny interviews (turns 1 and 3: interviewer, 2 and 4: respondent), coded by two.

    alice: A1 K2.1 Pos. 2, A1 K2.2 Pos. 4, A2 K2.1 Pos. 2
    bob:   A1 K2.1 Pos. 2, A1 K2.3 Pos. 4, A2 K2.1 Pos. 2, A2 K2.1 Pos. 4
    """
    for name in ("A1", "A2"):
        (tmp_path / f"{name}.txt").write_text(INTERVIEW, encoding="utf-8")
    new_project.documents.import_files([tmp_path / "A1.txt", tmp_path / "A2.txt"])
    alice, bob = new_project, new_project.as_coder("bob")
    alice.coding.code("A1", "K2.1", turns=(2, 2))
    alice.coding.code("A1", "K2.2", turns=(4, 4))
    alice.coding.code("A2", "K2.1", turns=(2, 2))
    bob.coding.code("A1", "K2.1", turns=(2, 2))
    bob.coding.code("A1", "K2.3", turns=(4, 4))
    bob.coding.code("A2", "K2.1", turns=(2, 2))
    bob.coding.code("A2", "K2.1", turns=(4, 4))
    return alice, bob


def _percents(result: object) -> dict[str, Fraction]:
    report = result.report  # type: ignore[attr-defined]
    return {r.code: Fraction(r.agreements, r.total) for r in (*report.categories, report.overall)}


def _outcome(result: object) -> tuple[object, ...]:
    """The figures and the disagreements with their details: what a report shows."""
    views = result.disagreements  # type: ignore[attr-defined]
    return (
        _percents(result),
        [(v.disagreement.document, v.disagreement.code, v.disagreement.detail) for v in views],
    )


def test_presence_worked_by_hand(pair: tuple[Project, Project]) -> None:
    # Pairs (document, code) over A1, A2 and the codes either coder used, K2.1, K2.2, K2.3:
    # K2.1 used by both in A1 and A2 -> 2/2; K2.2 alice only in A1, nobody in A2 -> 1/2;
    # K2.3 bob only in A1, nobody in A2 -> 1/2. Overall 4 of 6 pairs.
    result = pair[0].agreement.compare(AgreementRequest(("alice", "bob"), level="presence"))
    assert _percents(result) == {
        "K2.1": 1,
        "K2.2": Fraction(1, 2),
        "K2.3": Fraction(1, 2),
        "overall": Fraction(4, 6),
    }
    assert result.parameters["documents"] == ["A1", "A2"]
    assert result.parameters["categories"] == ["K2.1", "K2.2", "K2.3"]
    assert [(v.disagreement.document, v.disagreement.code) for v in result.disagreements] == [
        ("A1", "K2.2"),
        ("A1", "K2.3"),
    ]
    # Only pairs either coder used: K2.1 2/2, K2.2 0/1, K2.3 0/1.
    used = pair[0].agreement.compare(
        AgreementRequest(("alice", "bob"), level="presence", base="used")
    )
    assert _percents(used)["overall"] == Fraction(2, 4)


def test_frequency_worked_by_hand(pair: tuple[Project, Project]) -> None:
    # K2.1: A1 1 vs 1 agrees, A2 1 vs 2 does not -> 1/2; K2.2 and K2.3 as for presence, 1/2.
    result = pair[0].agreement.compare(AgreementRequest(("alice", "bob"), level="frequency"))
    assert _percents(result) == {
        "K2.1": Fraction(1, 2),
        "K2.2": Fraction(1, 2),
        "K2.3": Fraction(1, 2),
        "overall": Fraction(3, 6),
    }


def test_segments_worked_by_hand(pair: tuple[Project, Project]) -> None:
    # Every segment of either coder is a row (MAXQDA). K2.1: alice's two and bob's two on
    # Pos. 2 are matched (4 agree), bob's A2 Pos. 4 has no counterpart (1 disagrees): 4/5.
    # K2.2 (alice, A1 Pos. 4) and K2.3 (bob, A1 Pos. 4) have none: 0/1 each. Overall 4/7.
    # k = 3 codes, so chance is 1/3 and kappa_BP = (4/7 - 1/3) / (2/3) = 5/14.
    result = pair[0].agreement.compare(AgreementRequest(("alice", "bob")))
    assert _percents(result) == {
        "K2.1": Fraction(4, 5),
        "K2.2": Fraction(0, 1),
        "K2.3": Fraction(0, 1),
        "overall": Fraction(4, 7),
    }
    assert result.report.kappa_bp == pytest.approx(5 / 14)
    assert result.report.chance == pytest.approx(1 / 3)
    assert result.parameters["threshold"] == 0.9
    assert result.parameters["coder_a"] == "alice"
    found = [
        (v.disagreement.document, v.disagreement.code, v.position) for v in result.disagreements
    ]
    assert found == [("A1", "K2.2", "Pos. 4"), ("A1", "K2.3", "Pos. 4"), ("A2", "K2.1", "Pos. 4")]
    first = result.disagreements[0]
    assert first.passage.startswith("Kaltakquise am Telefon")
    assert first.others_b == ("K2.3",)  # bob gave the same text another code
    assert "bob" in first.disagreement.detail


def test_partial_overlap_against_the_threshold(new_project: Project, tmp_path: Path) -> None:
    (tmp_path / "A1.txt").write_text(INTERVIEW, encoding="utf-8")
    new_project.documents.import_files([tmp_path / "A1.txt"])
    turn = new_project.documents.transcript("A1").turn_at(4)
    start = turn.char_start
    new_project.coding.code("A1", "K2.1", chars=(start, start + 50))
    new_project.as_coder("bob").coding.code("A1", "K2.1", chars=(start + 5, start + 50))
    # Overlap 45 characters; union 50: 90 % reaches the default threshold exactly.
    request = AgreementRequest(("alice", "bob"))
    assert new_project.agreement.compare(request).report.overall.percent == 1
    # At 95 % neither segment agrees: 0 of 2.
    strict = AgreementRequest(("alice", "bob"), threshold=0.95)
    assert new_project.agreement.compare(strict).report.overall.percent == 0


def test_units_worked_by_hand(pair: tuple[Project, Project]) -> None:
    # Units: the respondent's turns A1 Pos. 2, A1 Pos. 4, A2 Pos. 2, A2 Pos. 4 (the
    # interviewer's turns are left out). K2.1: (1,1) (0,0) (1,1) (0,1): n11=2 n10=0 n01=1 n00=1;
    # P_o = 3/4; P_c = 2/4 * 3/4 + 2/4 * 1/4 = 1/2; kappa = (3/4 - 1/2) / (1/2) = 1/2;
    # positive agreement = 2*2 / (2*2 + 0 + 1) = 4/5.
    result = pair[0].agreement.compare(AgreementRequest(("alice", "bob"), level="unit"))
    k21 = result.report.categories[0]
    assert (k21.n11, k21.n10, k21.n01, k21.n00) == (2, 0, 1, 1)
    assert k21.percent == pytest.approx(0.75)
    assert k21.kappa == pytest.approx(0.5)
    assert k21.positive_agreement == pytest.approx(0.8)
    assert result.report.parameters["n_units"] == 4
    assert any("interviewer's 4 turns are left out" in n for n in result.notes)
    with_interviewer = pair[0].agreement.compare(
        AgreementRequest(("alice", "bob"), level="unit", interviewer_turns=True)
    )
    assert with_interviewer.report.parameters["n_units"] == 8


def test_sentence_units(pair: tuple[Project, Project]) -> None:
    result = pair[0].agreement.compare(
        AgreementRequest(("alice", "bob"), level="unit", unit="sentence")
    )
    # Each respondent turn here is one sentence: the same four units as by turn.
    assert result.report.parameters["n_units"] == 4
    assert result.parameters["unit"] == "sentence"


def test_data_for_recal_and_irr(pair: tuple[Project, Project], tmp_path: Path) -> None:
    service = pair[0].agreement
    result = service.compare(AgreementRequest(("alice", "bob"), level="unit"))
    main, recal = write_units_data(result, tmp_path / "units.csv")
    rows = list(csv.reader(main.open(encoding="utf-8")))
    assert rows[0] == ["document", "unit", "category", "alice", "bob"]
    assert ["A2", "Pos. 4", "K2.1", "0", "1"] in rows
    assert len(rows) == 1 + 4 * 3
    recal_rows = list(csv.reader(recal.open(encoding="utf-8")))
    assert len(recal_rows) == 4 and all(len(r) == 6 for r in recal_rows)  # 3 column pairs
    assert recal_rows[3][:2] == ["0", "1"]  # A2 Pos. 4, K2.1
    segment = service.compare(AgreementRequest(("alice", "bob")))
    with pytest.raises(InvalidInputError, match="no fixed units"):
        write_units_data(segment, tmp_path / "none.csv")


def test_settling_disagreements_is_recorded(pair: tuple[Project, Project]) -> None:
    alice = pair[0]
    request = AgreementRequest(("alice", "bob"))
    views = alice.agreement.compare(request).disagreements
    by_key = {(v.disagreement.document, v.disagreement.code): v for v in views}
    with pytest.raises(InvalidInputError, match="say why"):
        alice.disagreements.resolve(request.coders, by_key["A1", "K2.2"], "a", reason=" ")
    done = alice.disagreements.resolve(
        request.coders, by_key["A1", "K2.2"], "a", reason="Messe klar genannt"
    )
    assert (done.removed, done.added) == (0, 1)  # bob gets a copy of alice's coding
    alice.disagreements.resolve(
        request.coders, by_key["A1", "K2.3"], "neither", reason="kein Beleg"
    )
    alice.disagreements.resolve(request.coders, by_key["A2", "K2.1"], "b", reason="passt doch")
    after = alice.agreement.compare(AgreementRequest(("alice", "bob"), documents=("A1", "A2")))
    assert after.disagreements == ()
    assert after.report.overall.percent == 1
    bob_codes = sorted(
        (c.document, c.category, c.position) for c in alice.coding.query(coder="bob")
    )
    assert bob_codes == [
        ("A1", "K2.1", 2),
        ("A1", "K2.2", 4),
        ("A2", "K2.1", 2),
        ("A2", "K2.1", 4),
    ]
    resolved = [e for e in alice.audit.log() if e.action == "resolve"]
    assert [e.reason for e in resolved] == ["Messe klar genannt", "kein Beleg", "passt doch"]
    assert all(e.coder == "alice" for e in resolved)
    assert "coded as alice did" in resolved[0].describe()
    assert resolved[1].after["category"] == "K2.3"
    # The decision shows up in the history of the category and of the coding it created.
    k22 = alice.audit.log(category="K2.2")
    assert any(e.action == "resolve" for e in k22)
    copied = next(c for c in alice.coding.query(coder="bob") if c.category == "K2.2")
    history = alice.audit.log(coding=copied.id)
    assert [e.action for e in history] == ["create", "resolve"]


def test_both_spans_what_either_marked(new_project: Project, tmp_path: Path) -> None:
    (tmp_path / "A1.txt").write_text(INTERVIEW, encoding="utf-8")
    new_project.documents.import_files([tmp_path / "A1.txt"])
    start = new_project.documents.transcript("A1").turn_at(4).char_start
    new_project.coding.code("A1", "K2.1", chars=(start, start + 30))
    new_project.as_coder("bob").coding.code("A1", "K2.1", chars=(start + 20, start + 60))
    request = AgreementRequest(("alice", "bob"))
    (view,) = new_project.agreement.compare(request).disagreements
    done = new_project.disagreements.resolve(request.coders, view, "both", reason="beide Teile")
    assert (done.removed, done.added) == (2, 2)
    spans = {(c.coder, c.start, c.end) for c in new_project.coding.query()}
    assert spans == {("alice", start, start + 60), ("bob", start, start + 60)}


def test_intracoder_check_compares_passes(pair: tuple[Project, Project]) -> None:
    alice = pair[0]
    alice.coding.code("A1", "K2.1", turns=(2, 2), coding_pass="recheck")
    alice.coding.code("A1", "K2.3", turns=(4, 4), coding_pass="recheck")
    result = alice.agreement.compare(
        AgreementRequest(("alice@pilot", "alice@recheck"), documents=("A1",))
    )
    # Before the freeze alice coded in the pilot pass: K2.1 Pos. 2 agrees with the re-check
    # (2 rows), K2.2 (pilot) and K2.3 (re-check) on Pos. 4 do not.
    assert _percents(result)["overall"] == Fraction(2, 4)
    assert result.parameters["coder_b"] == "alice@recheck"


def test_bad_requests(pair: tuple[Project, Project]) -> None:
    service = pair[0].agreement
    with pytest.raises(NotFoundError, match="no coder 'carol'"):
        service.compare(AgreementRequest(("alice", "carol")))
    with pytest.raises(InvalidInputError, match="two different coders"):
        service.compare(AgreementRequest(("alice", "alice")))
    with pytest.raises(InvalidInputError, match="after @ comes a pass"):
        CoderRef.parse("alice@later")
    with pytest.raises(NotFoundError, match="no document 'Z9'"):
        service.compare(AgreementRequest(("alice", "bob"), documents=("Z9",)))
    with pytest.raises(InvalidInputError, match="neither coder used"):
        service.compare(AgreementRequest(("alice", "bob"), categories=("K12",)))
    with pytest.raises(InvalidInputError, match="threshold"):
        service.compare(AgreementRequest(("alice", "bob"), threshold=1.5))


def test_categories_include_subcategories(pair: tuple[Project, Project]) -> None:
    result = pair[0].agreement.compare(AgreementRequest(("alice", "bob"), categories=("K2",)))
    assert result.parameters["categories"] == ["K2.1", "K2.2", "K2.3"]
    only = pair[0].agreement.compare(AgreementRequest(("alice", "bob"), categories=("K2.1",)))
    assert only.parameters["categories"] == ["K2.1"]


def test_report_tables(pair: tuple[Project, Project], tmp_path: Path) -> None:
    service = pair[0].agreement
    result = service.compare(AgreementRequest(("alice", "bob"), level="unit"))
    tables = report_tables(result)  # the project's codebook is German
    assert [t.name for t in tables] == [
        "Übereinstimmung",
        "Vierfeldertafeln",
        "Parameter",
        "Nichtübereinstimmungen",
    ]
    assert len(tables[0]) == 4  # three categories and the overall row
    assert "Kappa (Cohen)" in tables[0].columns
    assert len(tables[3]) == len(result.disagreements)
    assert list(tables[1].frame.iloc[0])[1:] == [2, 0, 1, 1, 4]  # K2.1: n11 n10 n01 n00 units
    write_report(result, tmp_path / "report.md", "md")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    # In the project's spelling: Mayring's by default, Codier- once chosen.
    assert "Intercoder-Übereinstimmung (feste Kodiereinheiten): alice und bob" in text
    assert "Kodierer A | alice" in text and "coder_a" not in text
    pair[0].plan.set_term("spelling", "Codier")
    result = service.compare(AgreementRequest(("alice", "bob"), level="unit"))
    write_report(result, tmp_path / "codier.md", "md")
    text = (tmp_path / "codier.md").read_text(encoding="utf-8")
    assert "Intercoder-Übereinstimmung (feste Codiereinheiten): alice und bob" in text
    assert "Codierer A | alice" in text and "Kodier" not in text


@pytest.mark.parametrize("level", ["segment", "presence", "frequency", "unit"])
def test_agreement_before_consensus_stays_reproducible(
    pair: tuple[Project, Project], level: str
) -> None:
    alice, bob = pair
    request = AgreementRequest(("alice", "bob"), level=level)
    before = alice.agreement.compare(request)
    assert before.basis.state == "current" and not before.basis.consensus
    assert alice.agreement.settlements() == 0
    segment = alice.agreement.compare(AgreementRequest(("alice", "bob")))
    for view in segment.disagreements[:2]:
        alice.disagreements.resolve(("alice", "bob"), view, "a", reason="Leitfaden")
    # Changes after the settlement are undone too: a coding added, one removed.
    bob.coding.code("A2", "K2.2", turns=(4, 4))
    assert alice.agreement.settlements() == 2
    after = alice.agreement.compare(request)
    assert after.basis.consensus and after.basis.settled == 2
    assert _percents(after) != _percents(before)
    rebuilt = alice.agreement.compare(
        AgreementRequest(("alice", "bob"), level=level, before_consensus=True)
    )
    assert _percents(rebuilt) == _percents(before)
    assert [
        (v.disagreement.document, v.disagreement.code, v.position) for v in rebuilt.disagreements
    ] == [(v.disagreement.document, v.disagreement.code, v.position) for v in before.disagreements]
    assert rebuilt.report.kappa_bp == before.report.kappa_bp
    assert rebuilt.basis.state == "before-consensus" and not rebuilt.basis.consensus
    assert rebuilt.parameters["codings"] == "before-consensus"
    assert any(n.startswith("Before consensus:") for n in rebuilt.notes)
    assert any(n.startswith("After consensus:") for n in after.notes)
    # --as-of a moment before the first settlement gives the same figure.
    first = rebuilt.basis.first
    assert first is not None
    from datetime import timedelta

    at = alice.agreement.compare(
        AgreementRequest(("alice", "bob"), level=level, as_of=first - timedelta(microseconds=1))
    )
    assert _percents(at) == _percents(before)
    with pytest.raises(InvalidInputError, match="not both"):
        alice.agreement.compare(
            AgreementRequest(("alice", "bob"), before_consensus=True, as_of=first)
        )


def test_before_consensus_undoes_removals_and_reassignments(
    pair: tuple[Project, Project],
) -> None:
    alice, bob = pair
    request = AgreementRequest(("alice", "bob"), level="frequency")
    before = _outcome(alice.agreement.compare(request))
    (view,) = [
        v
        for v in alice.agreement.compare(AgreementRequest(("alice", "bob"))).disagreements
        if v.disagreement.code == "K2.3"
    ]
    alice.disagreements.resolve(("alice", "bob"), view, "neither", reason="kein Beleg")
    for coding in bob.coding.query(coder="bob"):
        if coding.document == "A2" and coding.position == 4:
            bob.coding.uncode(coding.id)
    for coding in alice.coding.query(coder="alice"):
        if coding.document == "A2":
            alice.coding.reassign(coding.id, "K2.3")
    assert _outcome(alice.agreement.compare(request)) != before
    rebuilt = alice.agreement.compare(
        AgreementRequest(("alice", "bob"), level="frequency", before_consensus=True)
    )
    assert _outcome(rebuilt) == before


def test_a_passage_over_several_turns_is_shown_as_a_range(pair: tuple[Project, Project]) -> None:
    alice = pair[0]
    alice.coding.code("A1", "K2.4", turns=(2, 3))
    result = alice.agreement.compare(AgreementRequest(("alice", "bob"), categories=("K2.4",)))
    (view,) = result.disagreements
    assert view.position == "Pos. 2–3"  # an en dash, as in quotes and citations
    where = report_tables(result)[-1].frame.iloc[0, 2]
    assert where == "Pos. 2–3"


def test_settlements_travel_with_an_exported_project(
    pair: tuple[Project, Project], tmp_path: Path
) -> None:
    """A project exported after consensus and imported elsewhere is compared after consensus:
    the settlements are in the trail that came along, the codings before them are not."""
    from qualcode.services.agreement_report import report_tables
    from qualcode.services.exchange.export import ProjectExport
    from qualcode.services.exchange.project_import import import_project_file

    alice = pair[0]
    request = AgreementRequest(("alice", "bob"))
    view = alice.agreement.compare(request).disagreements[0]
    alice.disagreements.resolve(request.coders, view, "a", reason="Leitfaden")
    here = alice.agreement.compare(request)
    exported = tmp_path / "after-consensus.qdpx"
    ProjectExport(alice.database, "alice").export("qdpx", exported)

    there, _ = import_project_file(str(tmp_path / "supervisor.db"), "carol", exported)
    try:
        result = there.agreement.compare(request)
        assert result.basis.consensus and result.basis.settled == result.basis.imported == 1
        assert _percents(result) == _percents(here)
        assert any(n.startswith("After consensus:") and "imported from" in n for n in result.notes)
        assert there.agreement.settlements() == 1  # the walkthrough does not offer "before"
        german = [n for t in report_tables(result) for n in t.notes]  # the project's language
        assert any("aus dem dieses importiert wurde" in n for n in german)
        with pytest.raises(InvalidInputError, match="imported from"):
            there.agreement.compare(AgreementRequest(("alice", "bob"), before_consensus=True))
        # Before the settlement the trail cannot go: those codings stayed in alice's project.
        earlier = result.basis.first - timedelta(minutes=1)
        with pytest.raises(InvalidInputError, match="--as-of in that project"):
            there.agreement.compare(AgreementRequest(("alice", "bob"), as_of=earlier))
        later = there.agreement.compare(AgreementRequest(("alice", "bob"), as_of=datetime.now(UTC)))
        assert later.basis.consensus and _percents(later) == _percents(here)
    finally:
        there.close()
