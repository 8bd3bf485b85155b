"""``qualcode search``: keyword-in-context lines at 80 columns and JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run


def test_search_prints_aligned_context_lines(sample: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    first = sample("search", "Kunde", "--whole-word")
    assert first.exit_code == 0, first.output
    assert "Indexing" in first.stderr  # the first search builds the index
    lines = first.stdout.splitlines()
    assert lines[-1].endswith("documents.") and " hits in " in lines[-1]
    hits = lines[:-1]
    assert hits and all(len(line) <= 80 for line in hits)
    column = hits[0].index("Kunde")
    assert all(line[column : column + 5] == "Kunde" for line in hits)  # under each other
    again = sample("search", "Kunde", "--whole-word")
    assert "Indexing" not in again.stderr and again.stdout == first.stdout


def test_lemma_and_parts_find_more(sample: Run) -> None:
    def count(*args: str) -> int:
        result = sample("search", *args, "--json")
        assert result.exit_code == 0, result.output
        return len(json.loads(result.stdout)["hits"])

    whole = count("Kunde", "--whole-word")
    lemma = count("Kunde", "--lemma")
    parts = count("Kunde", "--lemma", "--parts")
    assert 0 < whole < lemma < parts


def test_json_hits_have_the_documented_keys(sample: Run) -> None:
    result = sample("search", "Kunden", "--parts", "--doc", "B01", "--json")
    hits = json.loads(result.stdout)["hits"]
    assert hits
    assert set(hits[0]) == {
        "document", "position", "start", "end", "match", "left", "right", "categories",
    }  # fmt: skip
    assert {hit["document"] for hit in hits} == {"B01"}
    assert {"Kundenbindung", "Referenzkunden", "Neukundengeschäfts"} <= {h["match"] for h in hits}
    assert "Sekunden" not in {h["match"] for h in hits}


def test_no_hits_and_bad_patterns(sample: Run) -> None:
    assert sample("search", "Xylophon").stdout.strip() == "No hits."
    bad = sample("search", "(", "--regex")
    assert bad.exit_code != 0 and "regular expression" in bad.stderr
    empty = sample("search", "Kunde", "--json", "--doc", "B01", "--speaker", "nobody")
    assert json.loads(empty.stdout) == {"hits": []}


def test_the_hit_list_exports_like_the_other_tables(sample: Run, tmp_path: Path) -> None:
    shown = sample("export", "search", "--query", "Kunden", "--parts", "--format", "md", "-o", "-")
    assert shown.exit_code == 0, shown.output
    assert (
        "| Dokument | Pos. | Kontext links | Treffer | Kontext rechts | Kategorien |"
        in shown.stdout
    )
    assert "| Neukunden |" in shown.stdout and "Sekunden" not in shown.stdout
    for fmt in ("csv", "xlsx", "tex", "docx"):
        target = tmp_path / f"hits.{fmt}"
        written = sample("export", "search", "--query", "Kunde", "--lemma", "-o", str(target))
        assert written.exit_code == 0, written.output
        assert target.stat().st_size > 0
    missing = sample("export", "search", "-o", "-")
    assert missing.exit_code != 0 and "--query" in missing.output


def test_json_is_written_hit_by_hit_as_json_dumps_writes_it(sample: Run) -> None:
    result = sample("search", "Kunde", "--lemma", "--parts", "--json")
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) > 30  # written in several batches
    assert any(any(c in hit["left"] + hit["right"] for c in "äöüß") for hit in hits)
    lines = [json.dumps(hit, ensure_ascii=False) for hit in hits]
    assert result.stdout == '{"hits": [\n  ' + ",\n  ".join(lines) + "\n]}\n"
    plain = sample("search", "Kunde", "--lemma", "--parts")
    assert len(plain.stdout.splitlines()) == len(hits) + 1
