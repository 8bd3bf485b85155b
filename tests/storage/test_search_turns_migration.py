"""Migration 0016: the search index keeps each document's turns; an index built before gets
them on upgrade, and a search lists the same hits before and after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from qualcode.domain.search import SearchQuery
from qualcode.services.project import init_project, open_project
from qualcode.storage import db as storage_db
from qualcode.storage.location import parse_location
from tests.helpers import CODEBOOK, SAMPLE_FILES

QUERIES = (
    SearchQuery("Kunde"),
    SearchQuery("Kunden", whole_word=True, speaker="respondent"),
    SearchQuery("Kunde", lemma=True, parts=True),
)


def _listings(path: Path) -> list[list[tuple[object, ...]]]:
    project = open_project(str(path), "alice")
    try:
        return [list(project.search.rows(query)) for query in QUERIES]
    finally:
        project.close()


def _stored_turns(path: Path) -> dict[int, bytes | None]:
    raw = sqlite3.connect(path)
    try:
        return dict(raw.execute("SELECT document_id, turns FROM search_documents"))
    finally:
        raw.close()


def _turns_table(path: Path) -> dict[int, tuple[list[int], list[int]]]:
    raw = sqlite3.connect(path)
    found: dict[int, tuple[list[int], list[int]]] = {}
    for document, start, position in raw.execute(
        "SELECT document_id, char_start, position FROM turns ORDER BY document_id, char_start"
    ):
        starts, positions = found.setdefault(document, ([], []))
        starts.append(start)
        positions.append(position)
    raw.close()
    return found


def test_an_index_built_before_gets_its_turns_and_the_hits_stay_the_same(tmp_path: Path) -> None:
    from qualcode.analysis.search import unpack_turns

    path = tmp_path / "project.db"
    project = init_project(str(path), "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:3])
    project.search.build_index()
    project.coding.code("B01", "K1", turns=(2, 4))
    project.close()
    built = _stored_turns(path)
    assert len(built) == 3 and all(built.values())
    before = _listings(path)
    assert all(before)

    # the index as 0015 left it: the same rows, without their turns
    engine = storage_db.make_engine(parse_location(str(path)))
    with engine.begin() as conn:
        command.downgrade(storage_db.alembic_config(conn), "0015")
    engine.dispose()
    raw = sqlite3.connect(path)
    assert "turns" not in [row[1] for row in raw.execute("PRAGMA table_info(search_documents)")]
    raw.close()

    # Up to 0018 alone: 0020 empties the index, for its new keys
    engine = storage_db.make_engine(parse_location(str(path)))
    with engine.begin() as conn:
        command.upgrade(storage_db.alembic_config(conn), "0018")
    engine.dispose()
    upgraded = _stored_turns(path)
    assert upgraded == built  # the same bytes as the index writes them
    table = _turns_table(path)
    assert {document: unpack_turns(data or b"") for document, data in upgraded.items()} == table
    assert _listings(path) == before


def test_a_document_without_stored_turns_reads_the_turns_table(tmp_path: Path) -> None:
    path = tmp_path / "project.db"
    project = init_project(str(path), "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:2])
    project.search.build_index()
    project.close()
    before = _listings(path)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("UPDATE search_documents SET turns = NULL WHERE document_id = 1")
    raw.close()
    assert _listings(path) == before
