"""A lemma search finds a word's own forms, not the nouns made from it; migration 0020 empties
an index built with the coarser keys before, and the next search builds it again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.search import SearchQuery
from qualcode.services.project import Project, init_project, open_project
from qualcode.storage import db as storage_db
from qualcode.storage.location import parse_location
from tests.helpers import CODEBOOK

TEXT = (
    "I: Wie gewinnen Sie neue Kunden?\n"
    "B: Letztes Jahr gewann unser Team den Preis, und gewonnen haben wir ihn mit der Kundin. "
    "Wer gewinnt, ist der Gewinner; die Gewinnung von Kunden kostet, der Gewinn ist klein.\n"
    "I: Und wer kauft?\n"
    "B: Die Kunden kaufen, ein Kunde kaufte gestern, gekauft wird online. Der Käufer ist "
    "zufrieden, jeder Kauf zählt.\n"
)


def _forms(project: Project, word: str) -> set[str]:
    return {hit.match for hit in project.search.search(SearchQuery(word, lemma=True))}


def _project(tmp_path: Path) -> tuple[Path, Project]:
    transcript = tmp_path / "G01.txt"
    transcript.write_text(TEXT, encoding="utf-8")
    path = tmp_path / "project.db"
    project = init_project(str(path), "alice", CODEBOOK)
    project.documents.import_files([transcript])
    return path, project


def test_a_verbs_lemma_search_finds_its_forms_and_not_the_nouns_made_from_it(
    tmp_path: Path,
) -> None:
    _, project = _project(tmp_path)
    assert _forms(project, "gewinnen") == {"gewinnen", "gewann", "gewonnen", "gewinnt"}
    assert _forms(project, "Gewinnung") == {"Gewinnung"}
    assert _forms(project, "Gewinner") == {"Gewinner"}
    assert _forms(project, "kaufen") == {"kauft", "kaufen", "kaufte", "gekauft"}
    assert _forms(project, "Kauf") == {"Kauf"}
    assert _forms(project, "Kunde") == {"Kunde", "Kunden"}
    project.close()


def test_an_index_with_the_old_keys_is_built_again_after_the_upgrade(tmp_path: Path) -> None:
    path, project = _project(tmp_path)
    project.search.build_index()
    project.close()
    engine = storage_db.make_engine(parse_location(str(path)))
    with engine.begin() as conn:
        command.downgrade(storage_db.alembic_config(conn), "0018")
    engine.dispose()
    raw = sqlite3.connect(path)
    with raw:  # the keys as the index had them before: Snowball's stem of the lemma alone
        raw.execute("UPDATE search_terms SET key = 'gewinn' WHERE form LIKE '%ewinn%'")
    assert raw.execute("SELECT count(*) FROM search_documents").fetchone() == (1,)
    raw.close()

    search = ["--project", str(path), "search", "gewinnen", "--lemma", "--json"]
    result = CliRunner().invoke(cli, search)
    assert result.exit_code == 0, result.output
    assert "Indexing 1 document" in result.stderr
    found = {hit["match"] for hit in json.loads(result.stdout)["hits"]}
    assert found == {"gewinnen", "gewann", "gewonnen", "gewinnt"}
    with open_project(str(path), "alice") as upgraded:
        assert upgraded.search.index_state().current
        assert _forms(upgraded, "gewinnen") == {"gewinnen", "gewann", "gewonnen", "gewinnt"}
