"""Every command in-process, with the documented JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.helpers import CODEBOOK, SAMPLE_FILES

DOCUMENT_KEYS = {"id", "name", "format", "turns", "words", "attributes"}
TURN_KEYS = {"position", "speaker", "start", "end", "char_start", "char_end", "text"}
CATEGORY_KEYS = {"code", "name", "parent", "definition", "coding_rule", "anchors", "origin"}
CODING_KEYS = {
    "id",
    "document",
    "category",
    "category_name",
    "start",
    "end",
    "text",
    "coder",
    "memo",
    "created",
}


def test_init_import_documents_and_status(run: Run) -> None:
    result = run("init", "--codebook", str(CODEBOOK))
    assert result.exit_code == 0, result.output
    assert "12 main categories" in result.output
    result = run("import", str(SAMPLE_FILES[0]), str(SAMPLE_FILES[1]), "--attr", "Welle=1")
    assert result.exit_code == 0, result.output
    assert "Imported B01: 55 turns" in result.output
    listing = run("documents")
    assert "B01" in listing.output and "Welle" in listing.output
    docs = json.loads(run("documents", "--json").output)
    assert [d["name"] for d in docs] == ["B01", "B02"]
    assert set(docs[0]) >= DOCUMENT_KEYS
    assert docs[0]["attributes"] == {"Welle": "1"}
    status = run("status")
    assert "Documents 2" in status.output and "12 main categories" in status.output
    assert json.loads(run("status", "--json").output)["documents"] == 2


def test_show_as_text_and_json(sample: Run) -> None:
    text = sample("show", "B02")
    assert text.exit_code == 0
    assert "   2  I  00:00:00" in text.output
    data = json.loads(sample("show", "B02", "--json").output)
    assert set(data) >= DOCUMENT_KEYS
    assert set(data["turns"][0]) == TURN_KEYS
    assert data["turns"][1]["speaker"] == "I" and data["turns"][1]["end"] > 0
    assert data["turns"][0]["text"].startswith("Fiktives Interview")


def test_codebook_show_check(sample: Run) -> None:
    tree = sample("codebook", "show")
    assert "K2.1" in tree.output and "[inductive]" in tree.output
    data = json.loads(sample("codebook", "show", "--json").output)
    assert data["version"] == "1.0"
    assert set(data["categories"][0]) >= CATEGORY_KEYS
    first_sub = next(c for c in data["categories"] if c["parent"] == "K1")
    anchor = first_sub["anchors"][0]
    assert {"text", "source"} <= set(anchor) and ", Pos. " in anchor["source"]
    one = sample("codebook", "show", "K2.1")
    assert "Definition:" in one.output and "Coding rule:" in one.output and "Anchor:" in one.output
    assert json.loads(sample("codebook", "show", "K2.1", "--json").output)["code"] == "K2.1"
    check = sample("codebook", "check", str(CODEBOOK))
    assert check.exit_code == 0 and "OK" in check.output


def test_code_list_and_uncode(sample: Run) -> None:
    result = sample("code", "B01", "K2.1", "--turn", "5", "--memo", "Telefon, ohne Vorkontakt")
    assert result.exit_code == 0, result.output
    assert "Coded B01 Pos. 5 as K2.1" in result.output
    assert sample("code", "B01", "K1", "--turn", "3-4").exit_code == 0
    assert sample("code", "B02", "K3", "--chars", "200:260").exit_code == 0
    codings = json.loads(sample("codings", "--json").output)
    assert len(codings) == 3
    assert set(codings[0]) >= CODING_KEYS
    assert codings[0]["coder"] == "alice" and codings[1]["memo"] == "Telefon, ohne Vorkontakt"
    assert [
        c["category"] for c in json.loads(sample("codings", "--category", "K2", "--json").output)
    ] == ["K2.1"]
    assert len(json.loads(sample("codings", "--doc", "B02", "--json").output)) == 1
    human = sample("codings")
    assert "3 codings." in human.output and "„" in human.output
    removed = sample("uncode", str(codings[0]["id"]))
    assert removed.exit_code == 0 and "Removed coding" in removed.output
    assert len(json.loads(sample("codings", "--json").output)) == 2


def test_codebook_load_into_an_empty_project(run: Run) -> None:
    assert run("init").exit_code == 0
    assert "none yet" in run("status").output
    result = run("codebook", "load", str(CODEBOOK))
    assert result.exit_code == 0, result.output
    assert "categories added" in result.output
    again = run("codebook", "load", str(CODEBOOK))
    assert "0 categories added, 0 updated" in again.output


def test_help_reads_well(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Getting started" in result.output
    for command in (
        "init",
        "import",
        "documents",
        "show",
        "codebook",
        "code",
        "uncode",
        "codings",
        "status",
    ):
        assert command in result.output


def test_codebook_check_flags_incomplete_categories(sample: Run, tmp_path: Path) -> None:
    from qualcode.services.project import open_project

    lines = CODEBOOK.read_text(encoding="utf-8").splitlines()
    # A file must be complete: the first category's anchor examples left out of a copy.
    index = next(i for i, line in enumerate(lines) if line.strip() == "anchors:")
    indent = len(lines[index]) - len(lines[index].lstrip())
    end = index + 1
    while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    del lines[index:end]
    broken = tmp_path / "unvollstaendig.yaml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = sample("codebook", "check", str(broken))
    assert result.exit_code == 4 and "has no anchor example" in result.output
    # The project's codebook: a category formed while coding may lack parts.
    project = sample("codebook", "check")
    assert project.exit_code == 0 and "the project's codebook: OK" in project.output
    assert "incomplete" not in project.output
    opened = open_project(str(tmp_path / "project.db"), "alice")
    made = opened.codebook.create_category(name="Spontane Idee", parent="K2", definition="neu")
    opened.close()
    flagged = sample("codebook", "check")
    assert flagged.exit_code == 0, flagged.output
    assert "1 category is incomplete in the guideline" in flagged.output
    assert f"{made.code} Spontane Idee: missing anchor example, coding rule" in flagged.output


def test_documents_fit_the_terminal_and_sort_as_people_do(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markdown front matter can bring a dozen attributes: the table shows those that fit and
    names the rest; names sort without regard to case, numbers as numbers."""
    assert run("init").exit_code == 0
    front = "".join(f"feld{i:02d}: ein recht langer Wert {i}\n" for i in range(12))
    for name in ("fkrampe", "P10", "NodeGrade", "P2"):
        text = f"---\n{front}---\n\nI: Frage?\nB: Antwort.\n"
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("*.md"))
    assert run("import", *files).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    listing = run("documents").output.splitlines()
    assert all(len(line) <= 80 for line in listing)
    names = [line.split()[1] for line in listing[2:6]]
    assert names == ["fkrampe", "NodeGrade", "P2", "P10"]
    shown = listing[0].split()[6:]
    assert shown and shown == [f"feld{i:02d}" for i in range(len(shown))]
    note = " ".join(listing[6:])
    assert note.startswith(f"{12 - len(shown)} more case attributes not shown")
    assert "feld11" in note and "qualcode documents --json" in note
    monkeypatch.setenv("COLUMNS", "400")
    wide = run("documents").output.splitlines()
    assert wide[0].split()[6:] == [f"feld{i:02d}" for i in range(12)]
    assert not wide[-1].endswith("all of them.")
