"""``qualcode anonymise``: the table added, listed (marked as personal data), imported and
removed; the check and the anonymised transcripts from the command line; every export says it
anonymised, and --no-anonymise leaves the text as it is."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qualcode.cli.app import cli
from tests.helpers import CODEBOOK, SAMPLE_FILES


def _run(project: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--project", str(project), "--coder", "alice", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_table_from_the_command_line(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    _run(project, "init", "--codebook", str(CODEBOOK))
    _run(project, "import", *map(str, SAMPLE_FILES))
    assert "Added: Salesforce -> [CRM]" in _run(project, "anonymise", "add", "Salesforce", "[CRM]")
    table = tmp_path / "t.csv"
    table.write_text("HubSpot;[System B]\nGoogle;[Suchmaschine]\n", encoding="utf-8")
    assert "2 new, 0 changed" in _run(project, "anonymise", "import", str(table))
    listed = _run(project, "anonymise", "list")
    assert listed.startswith("Personal data")
    assert "Salesforce  ->  [CRM]" in listed
    assert '"personal_data": true' in _run(project, "anonymise", "list", "--json")
    _run(project, "anonymise", "remove", "Google")
    assert "Google" not in _run(project, "anonymise", "list")
    checked = _run(project, "anonymise", "check", "--doc", "B02")
    assert "Salesforce" not in checked and "HubSpot" not in checked
    out = _run(project, "anonymise", "export-transcripts", str(tmp_path / "anhang"))
    assert "Wrote 7 transcripts" in out and "Anonymised:" in out
    assert "Salesforce" not in "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "anhang").iterdir()
    )
    shown = _run(project, "export", "guideline", "--format", "md", "-o", str(tmp_path / "g.md"))
    assert "Anonymised:" in shown
    assert "Salesforce" not in (tmp_path / "g.md").read_text(encoding="utf-8")
    plain = _run(
        project,
        "export",
        "guideline",
        "--format",
        "md",
        "-o",
        str(tmp_path / "h.md"),
        "--no-anonymise",
    )
    assert "Anonymised" not in plain
    assert "Salesforce" in (tmp_path / "h.md").read_text(encoding="utf-8")
