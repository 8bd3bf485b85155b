"""The audit, freeze, pass and agreement commands, as a user types them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.conftest import Run


def _two_coders(sample: Run) -> None:
    for args in (
        ("code", "B01", "K2.1", "--turn", "9"),
        ("code", "B01", "K2.2", "--turn", "7"),
        ("code", "B02", "K1.1", "--turn", "5"),
    ):
        assert sample(*args).exit_code == 0
    for args in (
        ("code", "B01", "K2.1", "--turn", "9"),
        ("code", "B01", "K2.3", "--turn", "7"),
        ("code", "B02", "K1.1", "--turn", "5"),
    ):
        assert sample("--coder", "bob", *args).exit_code == 0


def test_freeze_versions_pass_and_confirm(sample: Run) -> None:
    assert "pilot pass" in sample("pass").output
    assert sample("code", "B01", "K2.1", "--turn", "9").exit_code == 0
    frozen = sample("codebook", "freeze", "--reason", "Pilot B01")
    assert frozen.exit_code == 0, frozen.output
    assert "Froze codebook version 1.0" in frozen.output and "1 of 7 documents" in frozen.output
    assert "15% of the material" in frozen.output  # within 10-50 %: no note
    assert "Mayring suggests" not in frozen.output
    again = sample("codebook", "freeze")
    assert again.exit_code == 6 and "frozen already" in again.output
    assert "main pass" in sample("pass").output
    versions = json.loads(sample("codebook", "versions", "--json").output)
    assert versions[0]["label"] == "1.0" and versions[0]["frozen"] is not None
    assert sample("pass", "recheck").exit_code == 0
    coded = json.loads(sample("codings", "--json").output)
    assert [c["pass"] for c in coded] == ["pilot"]
    assert sample("code", "B01", "K2.2", "--turn", "7").exit_code == 0
    assert json.loads(sample("codings", "--pass", "recheck", "--json").output)[0]["pass"] == (
        "recheck"
    )
    nothing = sample("confirm", "999")
    assert nothing.exit_code == 3 and "no coding 999" in nothing.output
    confirmed = sample("confirm", str(coded[0]["id"]), "--reason", "passt")
    assert confirmed.exit_code == 0 and "under codebook version 1.0" in confirmed.output


def test_status_shows_progress(sample: Run) -> None:
    _two_coders(sample)
    out = sample("status").output
    assert "not frozen yet" in out
    assert "Progress per document" in out
    b01 = next(line for line in out.splitlines() if line.startswith("B01"))
    assert "2 to Pos. 9" in b01
    data = json.loads(sample("status", "--json").output)
    assert data["pass"] == "pilot" and data["needs_recheck"] == 0
    b01_json = next(p for p in data["progress"] if p["document"] == "B01")
    assert b01_json["coders"]["bob"] == {
        "codings": 2,
        "by_pass": {"pilot": 2},
        "reached": 9,
        "needs_recheck": 0,
    }


def test_log(sample: Run) -> None:
    _two_coders(sample)
    out = sample("log", "--coder", "bob").output
    assert "bob: coded B01 Pos. 9 as K2.1" in out and "alice" not in out.split("changes.")[0]
    events = json.loads(sample("log", "--category", "K2.3", "--json").output)
    assert {e["action"] for e in events} == {"create"}
    assert any(e["entity"] == "coding" and e["after"]["coder"] == "bob" for e in events)
    assert all({"id", "at", "summary", "before", "after", "reason"} <= e.keys() for e in events)
    assert sample("log", "--since", "1h").exit_code == 0
    assert "No changes match." in sample("log", "--since", "2999-01-01").output
    bad = sample("log", "--since", "last tuesday")
    assert bad.exit_code == 4 and "cannot read 'last tuesday' as a time" in bad.output


def test_agreement_report(sample: Run, tmp_path: Path) -> None:
    _two_coders(sample)
    out = sample("agreement", "--coders", "alice", "bob")
    assert out.exit_code == 0, out.output
    # K2.1 and K1.1 agree (2 rows each), K2.2 (alice) and K2.3 (bob) on Pos. 7 do not: 4 of 6.
    assert "overall" in out.output and "66.7 %" in out.output
    assert "Brennan-Prediger kappa" in out.output
    assert "Disagreements (2)" in out.output
    report = json.loads(sample("agreement", "--coders", "alice", "bob", "--json").output)
    assert report["parameters"]["threshold"] == 0.9
    assert report["parameters"]["documents"] == ["B01", "B02"]
    assert report["overall"]["agreements"] == 4 and report["overall"]["total"] == 6
    assert [d["category"] for d in report["disagreements"]] == ["K2.2", "K2.3"]
    assert report["disagreements"][0]["text"].startswith("Eine große, auch wenn")
    assert report["disagreements"][0]["position"] == "Pos. 7"
    percent = sample("agreement", "--coders", "alice", "bob", "--threshold", "80%", "--json").output
    assert json.loads(percent)["parameters"]["threshold"] == 0.8
    xlsx = tmp_path / "agreement.xlsx"
    written = sample(
        "agreement",
        "--coders",
        "alice",
        "bob",
        "--level",
        "unit",
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
        "--data",
        str(tmp_path / "units.csv"),
    )
    assert written.exit_code == 0, written.output
    book = load_workbook(xlsx)
    assert book.sheetnames == [
        "Übereinstimmung",
        "Vierfeldertafeln",
        "Parameter",
        "Nichtübereinstimmungen",
    ]
    rows = list(csv.reader((tmp_path / "units.csv").open(encoding="utf-8")))
    assert rows[0] == ["document", "unit", "category", "alice", "bob"]
    assert (tmp_path / "units-recal.csv").exists()


def test_agreement_errors(sample: Run) -> None:
    _two_coders(sample)
    missing = sample("agreement", "--coders", "alice", "carol")
    assert missing.exit_code == 3 and "no coder 'carol'" in missing.output
    assert sample("agreement", "--coders", "alice").exit_code == 2
    alone = sample("agreement", "--coders", "alice", "bob", "--format", "md")
    assert alone.exit_code == 2 and "give the file to write with -o" in alone.output
    threshold = sample("agreement", "--coders", "alice", "bob", "--threshold", "viel")
    assert threshold.exit_code == 2
    segment_data = sample("agreement", "--coders", "alice", "bob", "--data", "x.csv")
    assert segment_data.exit_code == 4 and "no fixed units" in segment_data.output


def test_agreement_before_and_after_consensus(sample: Run, tmp_path: Path) -> None:
    from qualcode.services.agreement import AgreementRequest
    from qualcode.services.project import open_project

    _two_coders(sample)
    before = sample("agreement", "--coders", "alice", "bob")
    assert "66.7 %" in before.output and "no disagreement settled yet" in before.output
    project = open_project(str(tmp_path / "project.db"), "alice")
    views = project.agreement.compare(AgreementRequest(("alice", "bob"))).disagreements
    project.disagreements.resolve(("alice", "bob"), views[0], "a", reason="Messe genannt")
    project.close()
    after = sample("agreement", "--coders", "alice", "bob")
    assert "after consensus" in after.output and "85.7 %" in after.output  # 6 of 7
    assert "--before-consensus gives the agreement before the first" in after.output
    rebuilt = sample("agreement", "--coders", "alice", "bob", "--before-consensus")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "before consensus" in rebuilt.output and "66.7 %" in rebuilt.output
    assert rebuilt.output.count("\n") > 20  # the whole report in the terminal
    data = json.loads(
        sample("agreement", "--coders", "alice", "bob", "--before-consensus", "--json").output
    )
    assert data["codings"] == "before-consensus" and data["settled"] == 1
    assert data["overall"]["agreements"] == 4
    # With -o the file holds the report; the terminal gets one line of result.
    written = sample(
        "agreement", "--coders", "alice", "bob", "--before-consensus", "-o", str(tmp_path / "a.md")
    )
    assert written.exit_code == 0, written.output
    assert written.output.splitlines()[0].startswith(
        "Intercoder agreement, segment level, before consensus: 66.7 % (4 of 6)"
    )
    assert "How this was counted" not in written.output and "Wrote" in written.output
    bad = sample("agreement", "--coders", "alice", "bob", "--as-of", "last tuesday")
    assert bad.exit_code == 4 and "cannot read 'last tuesday' as a time" in bad.output
    early = sample("agreement", "--coders", "alice", "bob", "--as-of", "2000-01-01")
    assert early.exit_code == 4 and "have not both coded any document" in early.output
