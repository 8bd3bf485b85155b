"""``qualcode words``, ``autocode`` and ``proposals`` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run


def test_words_by_speaker_and_as_json(sample: Run) -> None:
    result = sample("words", "--by", "speaker", "--top", "3")
    assert result.exit_code == 0, result.output
    assert "respondent" in result.output and "per 1,000" in result.output
    data = json.loads(sample("words", "--top", "2", "--json").output)
    assert data["by"] == "all" and data["counted"] == "lemma"
    assert [w["word"] for w in data["words"]][0] == "Kunde"
    assert set(data["words"][0]) == {"group", "word", "count", "per_1000", "documents"}
    bad = sample("words", "--by", "colour")
    assert bad.exit_code != 0 and "group words by" in bad.output


def test_keyness_prints_g2_and_the_significance(sample: Run) -> None:
    result = sample(
        "words", "keyness", "interviewer", "respondent", "--by", "speaker", "--top", "5"
    )
    assert result.exit_code == 0, result.output
    assert "G2" in result.output and "p<0.001" in result.output
    data = json.loads(
        sample("words", "keyness", "B01", "rest", "--by", "document", "--json").output
    )
    assert data["group_a"] == "B01" and data["words"][0]["more_in"] == "B01"


def test_the_stop_list_commands(sample: Run) -> None:
    assert "empty" in sample("words", "stoplist").output
    assert sample("words", "stoplist", "add", "Kunde", "ja").exit_code == 0
    assert sample("words", "stoplist", "show").output.split() == ["ja", "kunde"]
    assert sample("words", "stoplist", "remove", "ja").exit_code == 0
    assert sample("words", "stoplist", "show").output.split() == ["kunde"]
    top = json.loads(sample("words", "--json", "--top", "5").output)["words"]
    assert "Kunde" not in [w["word"] for w in top]


def test_autocode_then_accept_two_and_reject_one_shows_in_the_log(sample: Run) -> None:
    made = sample("autocode", "--category", "K2.2", "--doc", "B01")
    assert made.exit_code == 0, made.output
    assert "Proposed" in made.output and "qualcode proposals" in made.output
    listed = json.loads(sample("proposals", "--json").output)
    one, two, three = (p["id"] for p in listed[:3])
    assert sample("codings", "--json").output.strip() == "[]"  # nothing coded yet
    accepted = sample("proposals", "--accept", str(one), str(two))
    assert accepted.exit_code == 0, accepted.output
    assert accepted.output.count("Accepted proposal") == 2
    rejected = sample("proposals", "--reject", str(three))
    assert "will not be proposed again" in rejected.output
    assert len(json.loads(sample("codings", "--json").output)) == 2
    log = sample("log").output
    assert f"accepted proposal {one}" in log and f"accepted proposal {two}" in log
    assert f"rejected proposal {three}" in log
    again = sample("autocode", "--category", "K2.2", "--doc", "B01")
    assert "No new proposals" in again.output
    twice = sample("proposals", "--reject", str(three))
    assert twice.exit_code != 0 and "rejected already" in twice.output
    done = json.loads(sample("proposals", "--status", "all", "--json").output)
    assert {p["status"] for p in done} == {"proposed", "accepted", "rejected"}


def test_proposals_options_that_do_not_fit(sample: Run) -> None:
    assert "No proposals" in sample("proposals").output
    result = sample("proposals", "--accept-all")
    assert result.exit_code != 0 and "--category" in result.output
    result = sample("proposals", "3")
    assert result.exit_code != 0 and "--accept or --reject" in result.output
    result = sample("autocode", "--category", "K5")
    assert result.exit_code != 0 and "autocode rules" in result.output
    assert sample("autocode", "--category", "K2.1").exit_code == 0
    result = sample("proposals", "--accept-all", "--category", "K2.1")
    assert result.exit_code == 0 and "Accepted" in result.output


def test_word_exports_through_the_catalogue(sample: Run, tmp_path: Path) -> None:
    words = sample("export", "words", "--group", "speaker", "--top", "3", "-o", "-")
    assert words.exit_code == 0, words.output
    lines = words.output.lstrip("\ufeff").splitlines()
    assert lines[0] == "Gruppe;Wort;Häufigkeit;je 1.000 Wörter;Dokumente"
    # the German table names the speaker roles in German; --compare takes their keys
    assert any(line.startswith("Befragte;Kunde;") for line in lines)
    assert not any(line.startswith(("respondent;", "interviewer;")) for line in lines)
    keyness = sample(
        "export",
        "keyness",
        "--group",
        "speaker",
        "--compare",
        "interviewer,respondent",
        "--format",
        "md",
        "-o",
        "-",
    )
    assert keyness.exit_code == 0, keyness.output
    assert "| Wort | A: Interviewende | B: Befragte | G² |" in keyness.output
    assert "Keyness: Interviewende gegenüber Befragte" in keyness.output
    rest = sample(
        "export",
        "keyness",
        "--group",
        "speaker",
        "--compare",
        "respondent,rest",
        "--format",
        "md",
        "-o",
        "-",
    )
    assert rest.exit_code == 0, rest.output
    assert "Keyness: Befragte gegenüber alle übrigen" in rest.output
    assert "Rayson & Garside" in keyness.output
    missing = sample("export", "keyness", "--group", "speaker", "-o", "-")
    assert missing.exit_code != 0 and "groups to compare" in missing.output
    chart = tmp_path / "words.svg"
    made = sample("export", "wordchart", "--doc", "B01", "--top", "5", "-o", str(chart))
    assert made.exit_code == 0, made.output
    assert chart.read_text(encoding="utf-8").startswith("<?xml")
    docx = tmp_path / "words.docx"
    assert sample("export", "words", "-o", str(docx)).exit_code == 0
    assert docx.read_bytes().startswith(b"PK")
    refused = sample("export", "words", "--coder", "alice", "-o", "-")
    assert refused.exit_code != 0 and "choose documents only" in refused.output


def test_autocode_says_in_a_sentence_what_it_found_again(sample: Run) -> None:
    from qualcode.cli.autocode_commands import _found_again

    assert _found_again(0) == ""
    assert _found_again(1) == ": the rules found 1 passage again that was proposed or coded before"
    assert _found_again(30) == (
        ": the rules found 30 passages again that were proposed or coded before"
    )
    first = sample("autocode", "--category", "K2.2", "--doc", "B01")
    proposed = int(first.output.split()[1])  # "Proposed N passages in ..."
    again = sample("autocode", "--category", "K2.2", "--doc", "B01").output.strip()
    assert again == f"No new proposals{_found_again(proposed)}."


def test_rejecting_a_proposal_names_its_pos(sample: Run) -> None:
    assert sample("autocode", "--category", "K2.2", "--doc", "B01").exit_code == 0
    proposal = json.loads(sample("proposals", "--json").output)[0]
    rejected = sample("proposals", "--reject", str(proposal["id"])).output
    assert rejected.startswith(
        f"Rejected proposal {proposal['id']} (B01 Pos. {proposal['position']} as K2.2); "
    )


def test_word_export_headings_name_the_grouping_in_german(sample: Run) -> None:
    by_speaker = sample("export", "words", "--group", "speaker", "--format", "md", "-o", "-")
    assert by_speaker.exit_code == 0, by_speaker.output
    assert "Worthäufigkeiten nach Sprecherrolle" in by_speaker.output
    assert "nach speaker" not in by_speaker.output
    by_branch = sample("export", "words", "--group", "attr:Branche", "--format", "md", "-o", "-")
    assert "Worthäufigkeiten nach Branche" in by_branch.output and "attr:" not in by_branch.output
    keyness = sample(
        "export",
        "keyness",
        "--group",
        "document",
        "--compare",
        "B01,rest",
        "--format",
        "md",
        "-o",
        "-",
    )
    assert "gruppiert nach Dokument." in keyness.output


def test_an_export_of_one_row_says_row(sample: Run, tmp_path: Path) -> None:
    assert sample("memo", "add", "Idee", "--title", "Idee 1").exit_code == 0
    target = tmp_path / "memos.csv"
    written = sample("export", "memos", "-o", str(target))
    assert written.exit_code == 0, written.output
    assert ": 1 row x " in written.output and "1 rows" not in written.output
