"""Searching a project on PostgreSQL: the server's lines and trigram index narrow the texts,
and the hits are those of the same project in a SQLite file (a real server, see conftest)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.search import SearchQuery
from qualcode.services.project import Project, init_project, open_project
from qualcode.storage import db as storage_db
from tests.conftest import _fresh_pg_database
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS

pytestmark = pytest.mark.postgres

#: A transcript with what differs between Python's and PostgreSQL's matching: umlauts, ß and
#: the capital ẞ (folded to ß on the server), the long s, the Kelvin sign, case variants.
SPECIAL = (
    "I: Wie gewinnen Sie KUNDEN in der Straße?\n"
    "B: Auf der STRAẞE, am Meſſestand und per Kundenbindung. Die\n"
    "Kunden kommen wieder; ÄRGER gibt es selten, Ärger nie.\n"
    "I: Und die Temperatur?\n"
    "B: 300 \u212aelvin, sagt der Kunde. Übrigens: Öl, öl, ÖL.\n"
)

QUERIES = [
    SearchQuery("Kunde"),
    SearchQuery("kunden", whole_word=True),
    SearchQuery("Straße"),
    SearchQuery("STRASSE"),
    SearchQuery("messestand"),
    SearchQuery("kelvin"),
    SearchQuery("ärger", whole_word=True),
    SearchQuery("öl", whole_word=True),
    SearchQuery("die Kunden"),
    SearchQuery("Kunden(bindung|gewinnung)", regex=True),
    SearchQuery(r"stra(ß|ss)e", regex=True),
    SearchQuery(r"[äöü]\w+", regex=True),
    SearchQuery(r"\bK\w{4,}\b", regex=True),
    SearchQuery(r"^I:", regex=True),
    SearchQuery(r"(?m)^B: \w+", regex=True),
    SearchQuery(r"\d+\s+\w+", regex=True),
    SearchQuery(r"Die\s+Kunden", regex=True),
    SearchQuery(r"nie\.\s+Und", regex=True),  # from one turn into the next
    SearchQuery(r"(a)?(?(1)b|c)e", regex=True),  # PostgreSQL cannot take it: every text
    SearchQuery("Kunde", lemma=True),
    SearchQuery("Kunde", lemma=True, parts=True),
    SearchQuery("Messe", whole_word=True, speaker="B"),
]


def _fill(project: Project, extra: Path) -> Project:
    project.documents.import_files(
        [*SAMPLE_FILES, extra], attributes_file=TRANSCRIPTS / "cases.csv"
    )
    project.search.build_index()
    return project


@pytest.fixture
def special(tmp_path: Path) -> Path:
    path = tmp_path / "S01.txt"
    path.write_text(SPECIAL, encoding="utf-8")
    return path


@pytest.fixture
def both(postgres_server: str, tmp_path: Path, special: Path) -> Iterator[tuple[Project, Project]]:
    """The same project in a SQLite file and on the server."""
    on_file = _fill(init_project(str(tmp_path / "p.db"), "alice", CODEBOOK), special)
    on_server = _fill(init_project(_fresh_pg_database(postgres_server), "alice", CODEBOOK), special)
    yield on_file, on_server
    on_file.close()
    on_server.close()


def _scalar(project: Project, sql: str) -> object:
    with project.database.engine.connect() as conn:
        return conn.execute(sa.text(sql)).scalar()


def test_the_server_keeps_the_lines_with_their_trigram_index(
    both: tuple[Project, Project],
) -> None:
    _, server = both
    assert _scalar(server, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == 1
    assert _scalar(server, "SELECT to_regclass('ix_search_lines_trigram') IS NOT NULL") is True
    line = "Auf der STRAßE, am Messestand und per Kundenbindung. Die Kunden kommen%"
    assert _scalar(server, f"SELECT count(*) FROM search_lines WHERE text LIKE '{line}'") == 1
    assert server.search.trigram_notice() is None


def test_every_search_finds_on_the_server_what_it_finds_in_the_file(
    both: tuple[Project, Project],
) -> None:
    on_file, on_server = both
    for query in QUERIES:
        found = list(on_file.search.rows(query))
        assert list(on_server.search.rows(query)) == found, query
    assert list(on_server.search.rows(SearchQuery("Kunden(bindung|gewinnung)", regex=True)))
    assert len(list(on_server.search.rows(SearchQuery("straße")))) == 3
    assert len(list(on_server.search.rows(SearchQuery("kelvin")))) == 1
    across = on_server.search.rows(SearchQuery(r"nie\.\s+Und", regex=True))
    assert ("S01", "nie.\nUnd") in {(row[0], row[4]) for row in across}


def test_a_changed_text_changes_the_servers_lines(both: tuple[Project, Project]) -> None:
    on_file, on_server = both
    query = SearchQuery("Kunde", whole_word=True)
    before = list(on_server.search.rows(query))
    on_server.documents.remove("S01")
    on_file.documents.remove("S01")
    assert len(list(on_server.search.rows(query))) < len(before)
    assert list(on_server.search.rows(query)) == list(on_file.search.rows(query))
    assert _scalar(on_server, "SELECT count(*) FROM search_lines WHERE text LIKE '%Kelvin%'") == 0


def test_an_older_server_project_gets_its_lines_on_upgrade(
    postgres_server: str, special: Path
) -> None:
    location = _fresh_pg_database(postgres_server)
    project = _fill(init_project(location, "alice", CODEBOOK), special)
    expected = list(project.search.rows(SearchQuery("Kelvin|Öl", regex=True)))
    with project.database.transaction() as tx:
        command.downgrade(storage_db.alembic_config(tx.conn), "0015")
    assert _scalar(project, "SELECT to_regclass('search_lines')") is None
    project.close()
    upgraded = open_project(location, "alice")
    assert upgraded.upgraded_from == ("0015", None)
    assert _scalar(upgraded, "SELECT to_regclass('ix_search_lines_trigram') IS NOT NULL") is True
    assert list(upgraded.search.rows(SearchQuery("Kelvin|Öl", regex=True))) == expected
    upgraded.close()


def _role_without_create(server: str) -> tuple[str, str]:
    """A new database and a login that owns no database and may not create in it (so not
    install an extension), but may make tables in its schema: (its address, the admin's)."""
    import psycopg

    url = sa.engine.make_url(server)
    name, role = "qc_" + uuid.uuid4().hex[:10], "coder_" + uuid.uuid4().hex[:8]
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
    admin_db = url.set(drivername="postgresql", database=name)
    with psycopg.connect(admin_db.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'REVOKE CREATE ON DATABASE "{name}" FROM PUBLIC')
        conn.execute(f'GRANT CREATE, USAGE ON SCHEMA public TO "{role}"')
    coder = url.set(database=name, username=role).render_as_string(hide_password=False)
    return coder, admin_db.render_as_string(hide_password=False)


def test_a_login_that_may_not_install_the_extension_still_searches(
    postgres_server: str, tmp_path: Path, special: Path
) -> None:
    import psycopg

    location, admin = _role_without_create(postgres_server)
    on_server = _fill(init_project(location, "alice", CODEBOOK), special)
    on_file = _fill(init_project(str(tmp_path / "p.db"), "alice", CODEBOOK), special)
    assert _scalar(on_server, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == 0
    assert _scalar(on_server, "SELECT count(*) FROM search_lines") > 0
    for query in QUERIES[:12]:
        assert list(on_server.search.rows(query)) == list(on_file.search.rows(query)), query
    notice = on_server.search.trigram_notice()
    assert notice is not None
    assert "without the trigram index" in notice and "CREATE EXTENSION pg_trgm" in notice

    result = CliRunner().invoke(
        cli, ["--project", location, "search", "Kunden(bindung|gewinnung)", "--regex"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("without the trigram index") == 1
    assert "Kundenbindung" in result.stdout

    with psycopg.connect(admin, autocommit=True) as conn:  # what the administrator types
        conn.execute("CREATE EXTENSION pg_trgm")
    assert on_server.search.trigram_notice() is None  # and the next search makes the index
    exists = "SELECT to_regclass('ix_search_lines_trigram') IS NOT NULL"
    assert _scalar(on_server, exists) is True
    query = SearchQuery("Kunden(bindung|gewinnung)", regex=True)
    assert list(on_server.search.rows(query)) == list(on_file.search.rows(query))
    on_server.close()
    on_file.close()
