"""Loading and updating the codebook (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qualcode.domain.errors import NotFoundError
from qualcode.services.project import Project, init_project
from tests.helpers import CODEBOOK


def test_the_bundled_codebook_is_stored_whole(new_project: Project) -> None:
    stored = new_project.codebook.get()
    original = new_project.codebook.check(CODEBOOK)
    assert [c.code for c in stored] == [c.code for c in original]
    for a, b in zip(stored, original, strict=True):
        assert (a.name, a.definition, a.coding_rule, a.anchors, a.origin, a.parent) == (
            b.name,
            b.definition,
            b.coding_rule,
            b.anchors,
            b.origin,
            b.parent,
        )
    assert new_project.codebook.resolve("K2.1").parent == "K2"


def test_loading_a_revised_file_updates_adds_and_keeps(
    new_project: Project, tmp_path: Path
) -> None:
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    data["version"] = "1.1"
    k12 = data["categories"][-1]
    k12["subcategories"][-1]["definition"] = "Geänderte Definition nach dem Pilotdurchgang."
    k12["subcategories"].append(
        {
            "code": "K12.9",
            "name": "Neue induktive Kategorie",
            "origin": "inductive",
            "definition": "Am Material gebildet.",
            "coding_rule": "Nur wenn keine andere passt.",
            "anchors": [{"text": "x", "document": "B01", "position": 3}],
        }
    )
    dropped = data["categories"][0]["subcategories"].pop()
    path = tmp_path / "rev.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = new_project.codebook.load(path, reason="nach dem Pilotdurchgang")
    assert report.version == "1.1"
    assert report.updated == [k12["subcategories"][-2]["code"]]
    assert report.added == ["K12.9"]
    assert report.not_in_file == [dropped["code"]]
    book = new_project.codebook.get()
    assert book.version == "1.1"
    assert book.get(dropped["code"]) is not None  # kept: codings may use it
    assert book.children("K12")[-1].code == "K12.9"
    assert book.get(k12["subcategories"][-2]["code"]).definition.startswith("Geänderte")  # type: ignore[union-attr]


def test_a_project_without_codebook_says_how_to_load_one(project_location: str) -> None:
    project = init_project(project_location, "bob")
    with pytest.raises(NotFoundError, match="codebook load"):
        project.codebook.get()
    report = project.codebook.load(CODEBOOK)
    assert len(report.added) == len(project.codebook.get())
    project.close()
