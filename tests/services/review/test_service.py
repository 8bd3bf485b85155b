"""The reviewer's page as a whole: its numbers are the command line's, everything in it is
escaped, and it needs nothing from the network."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.exporters.review import json_for_script
from qualcode.services.exports import ExportRequest
from qualcode.services.project import Project, init_project
from qualcode.services.review.facts import chain_status
from qualcode.services.review.service import ReviewService
from tests.helpers import CODEBOOK


def _cli(location: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--project", location, "--coder", "alice", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _page_data(html: str, element: str) -> object:
    found = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_frequencies_are_those_of_the_command_line(
    coded: Project, sqlite_location: str
) -> None:
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    text = _cli(sqlite_location, "export", "frequencies", "-o", "-", "--format", "csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header = rows.index(next(r for r in rows if r and r[0] == "Code"))
    expected = {r[0]: (int(r[2]), int(r[3])) for r in rows[header + 1 :] if len(r) >= 4 and r[2]}
    shown = {c.code: (c.segments, c.cases) for c in page.categories}
    assert {k: v for k, v in shown.items() if k in expected} == expected
    assert shown["K2.1"][0] > 0 and all(k in shown for k in expected)


def test_the_agreement_is_that_of_the_command_line(coded: Project, sqlite_location: str) -> None:
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    report = json.loads(_cli(sqlite_location, "agreement", "--coders", "alice", "bob", "--json"))
    (pair,) = page.agreement
    assert pair.coders == ("alice", "bob") and pair.level == "segment"
    assert [(r.code, r.agreements, r.disagreements, r.percent) for r in pair.rows] == [
        (r["code"], r["agreements"], r["disagreements"], r["percent"]) for r in report["categories"]
    ]
    assert pair.overall is not None and pair.overall.percent == report["overall"]["percent"]
    assert pair.kappa_bp == report["kappa_bp"]
    assert pair.open_disagreements == len(report["disagreements"])


def test_settled_disagreements_show_both_codings_the_decision_and_the_reason(
    coded: Project,
) -> None:
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    by_reason = {s.reason: s for s in page.settled}
    assert set(by_reason) == {"Messe klar genannt", "kein Beleg"}
    messe = by_reason["Messe klar genannt"]
    assert (messe.document, messe.category, messe.position) == ("B02", "K2.1", "Pos. 5")
    assert messe.coding_a and messe.coding_a[0].startswith("Pos. 5: „") and not messe.coding_b
    assert "alice" in messe.decision
    # The page is German (the codebook's language): so is the decision the trail wrote.
    assert re.fullmatch(r"kodiert, wie \S+ kodiert hat", messe.decision)


def test_the_page_holds_history_memos_versions_and_facts(coded: Project, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    written = coded.exports.run("review", "html", ExportRequest(), target)
    assert written.path == target
    assert target.stat().st_size < 2 * 1024 * 1024  # the demo's page can be e-mailed
    html = target.read_text(encoding="utf-8")
    meta = _page_data(html, "qc-meta")
    assert isinstance(meta, dict)
    assert "Messe als wichtigster Kanal" in meta["memos"].values()
    assert meta["coders"] == ["alice", "bob"]
    histories = [" ".join(e[2] for e in h) for h in meta["history"].values()]
    # The page is German (the codebook's language), and so are the codings' histories.
    assert any("Nichtübereinstimmung bei K2.1 in B02 Pos. 5 entschieden" in h for h in histories)
    assert any(re.search(r"B01 Pos\. 4 als K2\.1 kodiert: „", h) for h in histories)
    assert not any("resolved a disagreement" in h or "coded B0" in h for h in histories)
    reasons = [e[3] for h in meta["history"].values() for e in h]
    assert "Entscheidung einer Nichtübereinstimmung: Messe klar genannt" in reasons
    assert "Abgrenzung zu K2.2 geschärft" in html  # the reason of a guideline change
    assert "pilot done" in html or "1.0" in html
    assert 'id="fact-chain"' in html
    transcript = _page_data(html, "qc-doc-0")
    assert isinstance(transcript, dict) and transcript["turns"][0][0] == 1


def test_a_coder_filter_keeps_that_coders_codings(coded: Project) -> None:
    page = ReviewService(coded.database, "alice").page(ExportRequest(coders=("bob",)))
    assert page.data["coders"] == ["bob"]
    assert page.agreement == []
    assert page.facts.coders[0][0] == "bob"


def test_nothing_from_the_project_can_close_a_script_or_run(
    sqlite_location: str, tmp_path: Path
) -> None:
    hostile = '</script><script>window.__pwned=1</script>"><img src=x onerror=alert(1)><!--'
    project = init_project(sqlite_location, hostile, CODEBOOK)
    source = tmp_path / "B01.txt"
    source.write_text(f"I: Frage {hostile}\nB: Antwort {hostile}\n", encoding="utf-8")
    project.documents.import_files([source])
    project.codebook.edit_category("K2.1", reason=hostile, name=f"Name {hostile}")
    coding = project.coding.code("B01", "K2.1", turns=(2, 2), memo=hostile)
    assert coding.memo == hostile
    target = tmp_path / "review.html"
    project.exports.run("review", "html", ExportRequest(), target)
    project.close()
    html = target.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "window.__pwned=1</script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # printed as text by the template
    # Inside the JSON elements no "<" is left, so nothing can end the element early.
    for body in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
        assert "<" not in body
    assert "\\u003c/script\\u003e" in json_for_script(hostile)


def test_the_page_fetches_nothing(coded: Project, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    coded.exports.run("review", "html", ExportRequest(), target)
    html = target.read_text(encoding="utf-8")
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"\bsrc=", html)
    assert "default-src 'none'" in html  # the browser refuses to fetch anything


def test_the_audit_chain_is_shown_when_the_trail_can_check_it(coded: Project) -> None:
    status = chain_status(coded.audit)
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    assert page.facts.chain == status
    if not hasattr(coded.audit, "verify"):
        assert status is None


def test_the_page_speaks_the_codebooks_language(coded: Project, tmp_path: Path) -> None:
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    assert page.language == "de"
    from qualcode.exporters.review import render

    page.language = "en"
    html = render(page)
    assert "Coding review" in html and "Guideline" in html
    assert "not checked" in html or "intact" in html


def test_the_filters_narrow_agreement_and_settlements_alike(coded: Project) -> None:
    page = ReviewService(coded.database, "alice").page(ExportRequest(documents=("B01",)))
    (pair,) = page.agreement
    assert ("documents", "B01") in pair.parameters
    assert page.settled == []  # both were settled in B02 and B03
    kept = ReviewService(coded.database, "alice").page(ExportRequest(categories=("K4",)))
    assert [s.category for s in kept.settled] == ["K4.2"]
    assert {c.code.split(".")[0] for c in kept.categories} == {"K4"}
    piloted = ReviewService(coded.database, "alice").page(ExportRequest(passes=("pilot",)))
    assert piloted.data["coders"] == ["alice"] and piloted.agreement == []


def test_pairs_are_coders_who_coded_the_same_documents_themselves(coded: Project) -> None:
    """Someone who only accepted autocoding proposals, and someone who coded other documents,
    are in no pair; the page names them and says why."""
    robin = coded.as_coder("robin")  # reviews the rules' proposals, codes nothing by hand
    robin.autocoding.autocode(category="K2.2")
    waiting = robin.autocoding.proposals()
    robin.autocoding.accept([p.id for p in waiting if p.document in ("B01", "B02")][:3])
    carl = coded.as_coder("carl")  # codes B04 alone, and accepts a proposal there too
    carl.coding.code("B04", "K2.1", turns=(5, 5))
    carl.autocoding.accept([p.id for p in waiting if p.document == "B04"][:1])
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    assert [pair.coders for pair in page.agreement] == [("alice", "bob")]
    assert page.rules_only == ("robin",)
    assert page.apart == (("alice", "carl"), ("bob", "carl"))
    from qualcode.exporters.review import render

    html = render(page)
    assert "Nicht verglichen: robin." in html
    assert "kein Dokument gemeinsam codiert haben: alice und carl; bob und carl." in html
    page.language = "en"
    html = render(page)
    assert "Not compared: robin. Their codings here all come from accepted autocoding" in html
    # In B01 alone robin accepted proposals there, carl coded nothing: carl is not on the page.
    narrow = ReviewService(coded.database, "alice").page(ExportRequest(documents=("B01",)))
    assert [pair.coders for pair in narrow.agreement] == [("alice", "bob")]
    assert narrow.rules_only == ("robin",) and narrow.apart == ()


def test_a_german_page_names_the_agreement_parameters_in_german(coded: Project) -> None:
    """The parameters, the notes and the method facts read as `qualcode agreement -o` writes
    them for a German project, not as the program's own keys."""
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    from qualcode.exporters.review import render

    html = render(page)
    assert "<dt>Ebene</dt><dd>Segmentebene</dd>" in html
    assert "<dt>Mindestüberlappung für Übereinstimmung</dt><dd>90,0 %</dd>" in html
    assert "<dt>coder_a</dt>" not in html and "overlap of the union" not in html
    (pair,) = page.agreement
    assert pair.notes[0] == "Kodierer A: alice; Kodierer B: bob."
    assert "Ebene: Segmentebene; Mindestüberlappung für Übereinstimmung: 90,0 %" in html
    assert "(2 Versionen des Kategoriensystems)" in html or "(1 Version des" in html


def test_the_document_list_says_what_its_numbers_count(coded: Project) -> None:
    from qualcode.exporters.review import render

    html = render(ReviewService(coded.database, "alice").page(ExportRequest()))
    assert re.search(r'data-doc="0">B01</a> <span class="num">[\d.]+ Wörter</span>', html)


def test_the_histories_speak_the_pages_language(coded: Project) -> None:
    """A German page tells every event in German, in the project's spelling; an English page
    in the English of ``qualcode log``."""
    coded.plan.set_term("spelling", "Codier")
    page = ReviewService(coded.database, "alice").page(ExportRequest())
    told = [e[2] for h in page.data["history"].values() for e in h]
    assert any(re.fullmatch(r"B01 Pos\. 4 als K2\.1 codiert: „.+“", t) for t in told)
    changes = [c.what for c in page.changes]
    assert "K2.1 geändert: Codierregel" in changes
    assert "Version 1.0 des Kategoriensystems" in " ".join(changes)
    first = page.versions[0]  # qualcode's own reason, shown in German, kept as stored
    assert (first.reason, first.shown_reason) == ("first codebook", "erste Fassung")
    (k21,) = [c for c in page.categories if c.code == "K2.1"]
    history = [h.what for h in k21.history]
    assert "K2.1 „Kaltakquise (Telefon)“ angelegt (deduktiv)" in history
    assert history[-1] == "K2.1 geändert: Codierregel"
    log = _cli(coded.location, "log")
    assert "changed K2.1: coding_rule" in log and "geändert" not in log  # the log stays English
