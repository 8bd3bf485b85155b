"""qualcode plan, memos, memo and settings terms, in-process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Run


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace: dict[str, str]) -> None:
    """An $EDITOR that fills in the form as a user would, by replacing lines."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import json, sys\n"
        "path = sys.argv[-1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        f"for old, new in json.loads({json.dumps(json.dumps(replace))}).items():\n"
        "    text = text.replace(old, new, 1)\n"
        "open(path, 'w', encoding='utf-8').write(text)\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)


def test_plan_set_show_edit_and_export(
    sample: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = sample("plan", "set", "techniques", "deduktiv")
    assert result.exit_code == 0 and "deduktive Kategorienanwendung" in result.output
    assert sample("plan", "set", "techniques", "--add", "induktiv").exit_code == 0
    bad = sample("plan", "set", "techniques", "freies Interpretieren")
    assert bad.exit_code != 0 and "Mayring's techniques" in bad.stderr
    _editor(
        tmp_path,
        monkeypatch,
        {
            'research_questions:\n  - ""': 'research_questions:\n  - "Wie gewinnen sie Kunden?"',
            "coding_unit: |\n": "coding_unit: |\n  Ein vollständiger Satz.\n",
        },
    )
    edited = sample("plan", "edit")
    assert edited.exit_code == 0, edited.output
    assert "Saved the analysis plan; still missing:" in edited.output
    shown = json.loads(sample("plan", "show", "--json").output)
    assert shown["plan"]["research_questions"] == ["Wie gewinnen sie Kunden?"]
    assert shown["plan"]["coding_unit"] == "Ein vollständiger Satz."
    assert shown["plan"]["techniques"] == [
        "deduktive Kategorienanwendung",
        "induktive Kategorienbildung",
    ]
    assert any("Selektionskriterium" in m for m in shown["missing"])
    text = sample("plan", "show").output
    assert "Kodiereinheit (coding_unit)" in text and "Missing:" in text
    out = tmp_path / "plan.docx"
    result = sample("plan", "export", "-o", str(out))
    assert result.exit_code == 0 and out.exists(), result.output
    again = sample("plan", "export", "-o", str(out))
    assert again.exit_code != 0 and "--force" in again.stderr
    markdown = sample("plan", "export", "-o", "-", "--lang", "en").output
    assert "# Analysis plan" in markdown and "Wie gewinnen sie Kunden?" in markdown


def test_memo_commands(sample: Run) -> None:
    assert sample("code", "B01", "K2.1", "--turn", "3", "--memo", "Telefon").exit_code == 0
    added = sample("memo", "add", "--on", "document", "--to", "B01", "Im Auto geführt")
    assert added.exit_code == 0 and "Wrote memo 2 on document B01." in added.output
    assert "on the project" in sample("memo", "add", "Idee", "--title", "Idee 1").output
    missing = sample("memo", "add", "--on", "category", "x")
    assert missing.exit_code != 0 and "--to" in missing.output
    assert sample("memo", "edit", "2", "--text", "Im Auto geführt, laut").exit_code == 0
    listed = sample("memos").output
    assert "coding" in listed and "Im Auto geführt, laut" in listed and "Idee 1" in listed
    memos = json.loads(sample("memos", "--json").output)
    assert [m["on"] for m in memos] == ["coding", "document", "project"]
    assert memos[1]["history"][0]["text"] == "Im Auto geführt"
    assert [m["id"] for m in json.loads(sample("memos", "--search", "AUTO", "--json").output)] == [
        2
    ]
    shown = sample("memo", "show", "2").output
    assert "Earlier version 1" in shown and "Im Auto geführt, laut" in shown
    # The coding's memo is still the one 'codings' shows.
    assert json.loads(sample("codings", "--json").output)[0]["memo"] == "Telefon"
    assert sample("memo", "remove", "3", "--yes").exit_code == 0
    gone = sample("memo", "show", "3")
    assert gone.exit_code != 0 and "no memo 3" in gone.stderr


def test_settings_terms(sample: Run) -> None:
    shown = sample("settings", "terms").output
    assert "Kodier-" in shown and "Kodierleitfaden" in shown
    changed = sample("settings", "terms", "set", "spelling", "Codier")
    assert changed.exit_code == 0 and "Codierleitfaden" in changed.output
    preset = sample("settings", "terms", "preset", "maxqda").output
    assert "Interviewpartner" in preset and "Interviews" in preset
    bad = sample("settings", "terms", "set", "person", "Probanden")
    assert bad.exit_code != 0 and "person must be one of" in bad.stderr


@pytest.mark.parametrize("data", ["Fragestellung für Köln".encode("latin-1"), b"\xff\xfe\x00"])
def test_plan_set_from_a_file_that_is_not_utf8_is_one_line(
    sample: Run, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    result = sample("plan", "set", "material", "--file", str(path))
    assert result.exit_code == 4
    assert result.output.count("\n") == 1
    assert "plan.txt: the file must be UTF-8 text" in result.output
    assert "internal error" not in result.output
