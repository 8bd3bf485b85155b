"""The server's lines after a copy or an import, which make them in one statement at their end:
the same rows the trigger makes one document at a time, with the trigram index where the
extension is (a real server, see conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from qualcode.domain.errors import ConflictError
from qualcode.domain.search import SearchQuery
from qualcode.services.project import Project, init_project, open_project
from qualcode.services.project_copy import copy_project
from tests.conftest import _fresh_pg_database
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS
from tests.services.test_server_search import SPECIAL, _role_without_create

pytestmark = pytest.mark.postgres

LINES = "SELECT document_id, start, text FROM search_lines ORDER BY document_id, start"
INDEX = "SELECT to_regclass('ix_search_lines_trigram') IS NOT NULL"
INDEX_OID = "SELECT to_regclass('ix_search_lines_trigram')::oid"


def _rows(location: str, sql: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(location)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def _as_the_trigger_makes_them(location: str) -> list[tuple[object, ...]]:
    """The lines the trigger makes of every document, in a transaction rolled back: each
    text written again fires it once per document."""
    engine = sa.create_engine(location)
    try:
        with engine.connect() as conn, conn.begin() as tx:
            conn.execute(sa.text("DELETE FROM search_lines"))
            conn.execute(sa.text("UPDATE documents SET text = text"))
            made = [tuple(row) for row in conn.execute(sa.text(LINES))]
            tx.rollback()
            return made
    finally:
        engine.dispose()


def _bulk_setting(location: str) -> object:
    return _rows(location, "SELECT current_setting('qualcode.bulk_lines', true)")[0][0]


@pytest.fixture
def special(tmp_path: Path) -> Path:
    path = tmp_path / "S01.txt"
    path.write_text(SPECIAL + "\n\nI: Zwei leere Zeilen davor.\n", encoding="utf-8")
    return path


@pytest.fixture
def on_file(tmp_path: Path, special: Path) -> Project:
    project = init_project(str(tmp_path / "p.db"), "alice", CODEBOOK)
    project.documents.import_files(
        [*SAMPLE_FILES, special], attributes_file=TRANSCRIPTS / "cases.csv"
    )
    return project


def test_a_copy_into_a_server_has_the_lines_the_trigger_makes(
    on_file: Project, postgres_server: str
) -> None:
    server = _fresh_pg_database(postgres_server)
    copy_project(on_file.location, server)
    lines = _rows(server, LINES)
    assert len({row[0] for row in lines}) == len(SAMPLE_FILES) + 1
    # The capital sharp s and the long s folded, as the trigger folds them.
    assert any(str(row[2]).startswith("Auf der STRAßE, am Messestand und") for row in lines)
    assert lines == _as_the_trigger_makes_them(server)
    assert _rows(server, INDEX) == [(True,)]
    with open_project(server, "alice") as copy:
        query = SearchQuery("Kunden(bindung|gewinnung)", regex=True)
        assert list(copy.search.rows(query)) == list(on_file.search.rows(query))
        # After the copy the trigger keeps the lines again.
        copy.documents.remove("S01")
    assert not [row for row in _rows(server, LINES) if "300 Kelvin" in str(row[2])]
    assert _bulk_setting(server) in (None, "")


def test_a_copy_without_the_trigram_extension_still_has_its_lines(
    on_file: Project, postgres_server: str
) -> None:
    location, _admin = _role_without_create(postgres_server)
    copy_project(on_file.location, location)
    assert _rows(location, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == [(0,)]
    assert _rows(location, INDEX) == [(False,)]
    assert _rows(location, LINES) == _as_the_trigger_makes_them(location)
    with open_project(location, "alice") as copy:
        query = SearchQuery("Straße")
        assert list(copy.search.rows(query)) == list(on_file.search.rows(query))


def test_imports_into_a_server_have_the_lines_the_trigger_makes(
    postgres_server: str, special: Path, on_file: Project
) -> None:
    location = _fresh_pg_database(postgres_server)
    with init_project(location, "alice", CODEBOOK) as project:
        # Into an empty project: the index is built after the lines ...
        project.documents.import_files(SAMPLE_FILES[:4], attributes_file=TRANSCRIPTS / "cases.csv")
        assert _rows(location, LINES) == _as_the_trigger_makes_them(location)
        assert _rows(location, INDEX) == [(True,)]
        # ... into one that holds more than the import: kept up to date as they are filled.
        index = _rows(location, INDEX_OID)
        project.documents.import_files([special])
        assert _rows(location, INDEX_OID) == index  # the same index, not built again
        project.documents.import_files(SAMPLE_FILES[4:], attributes_file=TRANSCRIPTS / "cases.csv")
        lines = _rows(location, LINES)
        assert len({row[0] for row in lines}) == len(SAMPLE_FILES) + 1
        assert lines == _as_the_trigger_makes_them(location)
        assert _rows(location, INDEX) == [(True,)]
        for query in (SearchQuery("Kelvin|Öl", regex=True), SearchQuery("die Kunden")):
            assert list(project.search.rows(query)) == list(on_file.search.rows(query))
        # A changed text is the trigger's again.
        extra = special.with_name("S01-neu.txt")
        extra.write_text("I: Ganz neu.\nB: Neuer Text.\n", encoding="utf-8")
        project.documents.replace("S01", extra)
        assert ("Neuer Text.",) in {(row[2],) for row in _rows(location, LINES)}
        assert _rows(location, LINES) == _as_the_trigger_makes_them(location)


def test_a_failed_import_leaves_the_lines_and_the_index_as_they_were(
    postgres_server: str,
) -> None:
    location = _fresh_pg_database(postgres_server)
    with init_project(location, "alice", CODEBOOK) as project:
        project.documents.import_files(SAMPLE_FILES[:1])
        before = _rows(location, LINES)
        # Two new files written, then the third was imported already: nothing is kept.
        with pytest.raises(ConflictError, match="imported already"):
            project.documents.import_files([*SAMPLE_FILES[1:4], SAMPLE_FILES[0]])
        assert _rows(location, LINES) == before
        assert _rows(location, INDEX) == [(True,)]
        assert _bulk_setting(location) in (None, "")
