"""The read statements: built from schema.py, compiled once, and never out of step with it.

The reads run as strings from ``storage/_compiled.py``; these tests make sure those strings are
what ``statements.py`` compiles to from the current schema, that a renamed or dropped column
fails the check, and that every read (and every row it hands to ``convert``) works on a
database made from ``schema.py`` on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from qualcode.storage import _compiled, generate, schema
from qualcode.storage.audit import reads as audit
from qualcode.storage.codebook import reads as codebook
from qualcode.storage.coders import reads as coders
from qualcode.storage.codings import reads as codings
from qualcode.storage.db import ConnectionReader, make_engine
from qualcode.storage.documents import reads as documents
from qualcode.storage.location import parse_location
from qualcode.storage.proposals import reads as proposals
from qualcode.storage.reader import Reader, SqliteReader
from qualcode.storage.reports import exports, progress
from qualcode.storage.review import reads as review
from qualcode.storage.settings import reads as settings
from qualcode.storage.sql import FILTERS_SLOT, expand, sql
from tests.helpers import ROOT

STORAGE = Path(_compiled.__file__).parent
# Every module that reads: each aggregate's reads and the reports across them.
READ_MODULES = sorted([*STORAGE.glob("*/reads.py"), *STORAGE.glob("reports/[a-z]*.py")])
REGENERATE = "run `python -m qualcode.storage.generate`"


def test_the_compiled_statements_are_up_to_date() -> None:
    assert generate.render() == generate.TARGET.read_text(encoding="utf-8"), (
        f"storage/_compiled.py is out of date with statements.py: {REGENERATE}"
    )


def _check_with_schema(replace: str, by: str) -> subprocess.CompletedProcess[str]:
    """``generate --check`` in a fresh interpreter, with schema.py edited as a developer might."""
    probe = f"""
import runpy, sys, types
from pathlib import Path
import qualcode.storage
path = Path(qualcode.storage.__file__).parent / "schema.py"
source = path.read_text(encoding="utf-8")
assert {replace!r} in source
module = types.ModuleType("qualcode.storage.schema")
module.__file__ = str(path)
exec(compile(source.replace({replace!r}, {by!r}), str(path), "exec"), module.__dict__)
sys.modules["qualcode.storage.schema"] = module
qualcode.storage.schema = module
sys.argv = ["generate", "--check"]
runpy.run_module("qualcode.storage.generate", run_name="__main__")
"""
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_the_check_passes_on_the_schema_as_it_is() -> None:
    result = _check_with_schema("sa.Column", "sa.Column")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_column_renamed_in_the_schema_fails_the_check() -> None:
    # Renamed in the database but still reached under its old key: the SQL must change.
    result = _check_with_schema(
        'sa.Column("speaker", sa.String(limits.SPEAKER.most))',
        'sa.Column("speaker_label", sa.String(limits.SPEAKER.most), key="speaker")',
    )
    assert result.returncode == 1
    assert f"_compiled.py is out of date with statements.py: {REGENERATE}" in result.stdout


def test_a_column_dropped_from_the_schema_fails_the_check() -> None:
    result = _check_with_schema('    sa.Column("speaker", sa.String(limits.SPEAKER.most)),\n', "")
    assert result.returncode == 1
    assert "speaker" in result.stderr  # statements.py can no longer name it


def test_every_compiled_statement_is_run_by_a_query_function() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in READ_MODULES)
    statements = [name for name, text in _compiled.SQLITE.items() if text.startswith("SELECT")]
    unused = [name for name in statements if f'"{name}"' not in source]
    assert unused == []
    assert _compiled.SQLITE.keys() == _compiled.POSTGRESQL.keys()


def test_reading_loads_no_sqlalchemy() -> None:
    modules = ", ".join(
        "qualcode.storage." + ".".join(p.relative_to(STORAGE).with_suffix("").parts)
        for p in READ_MODULES
    )
    probe = f"import sys, {modules}\nprint('sqlalchemy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"


# -- every read against a database made from schema.py ------------------------------------------

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def _fill(conn: sa.Connection) -> None:
    """One or two rows in every table, through the schema's own tables (not SQL of ours)."""
    conn.execute(schema.coders.insert(), [{"id": 1, "name": "alice", "created_at": NOW}])
    conn.execute(
        schema.documents.insert(),
        [
            {
                "id": 1,
                "name": "B01",
                "source_name": "B01.txt",
                "format": "txt",
                "sha256": "ab" * 32,
                "text": "I: Hallo\nB: Welt",
                "word_count": 2,
                "turn_count": 2,
                "imported_by": 1,
                "imported_at": NOW,
            }
        ],
    )
    conn.execute(
        schema.turns.insert(),
        [
            {"document_id": 1, "position": 1, "speaker": "I", "char_start": 0, "char_end": 8},
            {"document_id": 1, "position": 2, "speaker": "B", "char_start": 9, "char_end": 16},
        ],
    )
    conn.execute(schema.attributes.insert(), [{"document_id": 1, "key": "Branche", "value": "X"}])
    conn.execute(
        schema.codebook_versions.insert(),
        [
            {
                "id": version,
                "label": f"v{version}",
                "title": "Test",
                "language": "de",
                "description": "",
                "source": "",
                "created_by": 1,
                "created_at": NOW,
                "reason": "",
                "frozen_at": NOW if version == 1 else None,
                "coded_share": 0.5 if version == 1 else None,
            }
            for version in (1, 2)
        ],
    )
    conn.execute(
        schema.categories.insert(),
        [
            {
                "id": 1,
                "parent_id": None,
                "position": 0,
                "code": "K1",
                "name": "Eins",
                "definition": "",
                "coding_rule": "",
                "anchors": [{"text": "Hallo", "document": "B01", "position": 1}],
                "origin": "deductive",
                "reference": "",
                "colour": None,
                "status": "active",
                "created_at": NOW,
                "updated_at": NOW,
                "revised_in": 2,
            }
        ],
    )
    conn.execute(
        schema.codings.insert(),
        [
            {
                "id": 1,
                "document_id": 1,
                "category_id": 1,
                "char_start": 9,
                "char_end": 16,
                "text": "B: Welt",
                "coder_id": 1,
                "coding_pass": "main",
                "codebook_version_id": 1,
                "memo": "",
                "created_at": NOW,
                "updated_at": NOW,
                "review": None,
            }
        ],
    )
    conn.execute(
        schema.audit_events.insert(),
        [
            {
                "at": NOW,
                "coder_id": 1,
                "action": "create",
                "entity": "category",
                "entity_id": 1,
                "before": None,
                "after": {"code": "K1"},
                "reason": "",
            }
        ],
    )
    conn.execute(schema.settings.insert(), [{"key": "pass", "value": "main"}])
    conn.execute(
        schema.autocode_rules.insert(),
        [
            {
                "category_id": 1,
                "position": 0,
                "kind": "lemmas",
                "pattern": "Welt",
                "unit": "turn",
            }
        ],
    )
    conn.execute(
        schema.proposals.insert(),
        [
            {
                "id": 1,
                "document_id": 1,
                "category_id": 1,
                "char_start": 12,
                "char_end": 16,
                "text": "Welt",
                "rule": "lemmas: Welt -> match",
                "status": "rejected",
                "created_by": 1,
                "created_at": NOW,
                "decided_by": 1,
                "decided_at": NOW,
                "coding_id": None,
            }
        ],
    )
    conn.execute(
        schema.review_comments.insert(),
        [
            {
                "id": 1,
                "export_id": "abc",
                "comment_key": "c-1",
                "reviewer": "Prof. W",
                "target": "coding",
                "coding_id": 1,
                "document": "B01",
                "position": 2,
                "category": "K1",
                "text": "Warum K1?",
                "written_at": NOW,
                "imported_by": 1,
                "imported_at": NOW,
            }
        ],
    )


@pytest.fixture
def reader(project_location: str) -> Iterator[Reader]:
    """A reader over a database that ``schema.metadata`` made: sqlite3 or PostgreSQL."""
    engine = make_engine(parse_location(project_location))
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        _fill(conn)
    if engine.dialect.name == "sqlite":
        engine.dispose()
        connection = sqlite3.connect(project_location, isolation_level=None)
        yield SqliteReader(connection)
        connection.close()
        return
    with engine.connect() as conn:
        yield ConnectionReader(conn)
    engine.dispose()


def _explain(reader: Reader, text: str, params: dict[str, Any]) -> None:
    if isinstance(reader, SqliteReader):
        reader.connection.execute("EXPLAIN " + text, params).fetchall()
    else:
        reader.rows("EXPLAIN " + text, params)


def test_every_statement_with_every_condition_runs_on_the_schema(reader: Reader) -> None:
    compiled = _compiled.POSTGRESQL if reader.dialect == "postgresql" else _compiled.SQLITE
    for name, text in compiled.items():
        if not text.startswith("SELECT"):
            continue
        conditions = [
            key.removeprefix(f"{name}.")
            for key in compiled
            if key.startswith(f"{name}.") and not compiled[key].startswith("SELECT")
        ]
        assert bool(conditions) == (FILTERS_SLOT in text), name
        statement = sql(reader, name, conditions)
        params: dict[str, Any] = {}
        for slot in set(re.findall(r"__\[(\w+)\]", statement)):
            statement, values = expand(statement, slot, [None])
            params.update(values)
        params.update({p: None for p in re.findall(r"(?<!:):(\w+)", statement) if p not in params})
        _explain(reader, statement, params)


def test_every_query_function_reads_the_rows_it_converts(reader: Reader) -> None:
    """Each query on real rows: a label ``convert`` expects and a statement lacks fails here."""
    assert audit.events(reader, coder_id=1, entity="category", entity_ids=[1])[0].subject == "K1"
    assert audit.coding_ids_of_categories(reader, [1]) == [1]
    book = codebook.load(reader)
    assert book is not None and book.categories[0].anchors[0].text == "Hallo"
    assert codebook.ids_by_code(reader) == {"K1": 1}
    assert codebook.next_positions(reader) == {None: 1}
    assert [v.label for v in codebook.versions(reader)] == ["v1", "v2"]
    assert codebook.coded_share(reader).words_coded == 2
    assert coders.find(reader, "alice") == 1 and coders.names(reader) == ["alice"]
    assert codings.same_as(
        reader,
        document_id=1,
        category_id=1,
        coder_id=1,
        coding_pass="main",
        start=9,
        end=16,
    )
    coding = codings.get(reader, 1)
    assert coding is not None and (coding.position, coding.position_end) == (2, 2)
    assert coding.review is not None and "v2" in coding.review  # revised since: stale
    found = codings.query(
        reader, document_id=1, category_ids=[1], coder_id=1, needs_review=True, coding_pass="main"
    )
    assert found == [coding]
    assert codings.count(reader) == 1 and codings.count_needing_review(reader) == 1
    assert codings.counts_by_coder(reader) == {"alice": 1}
    assert codings.counts_by_category(reader, coder_id=1, coding_pass="main") == {"K1": 1}
    assert [r["code"] for r in codings.spans(reader, coder_id=1, coding_pass="main")] == ["K1"]
    listed = documents.list_all(reader, coder="alice", coding_pass="main")
    assert [(d.name, d.codings, d.attributes) for d in listed] == [("B01", 1, {"Branche": "X"})]
    assert documents.get(reader, 1) == listed[0]
    assert documents.find_id(reader, "B01") == documents.find_id(reader, "1") == 1
    assert documents.id_by_name(reader) == {"B01": 1}
    assert documents.names_by_sha256(reader) == {"ab" * 32: "B01"}
    assert documents.find_by_sha256(reader, "ab" * 32) == "B01"
    transcript = documents.transcript(reader, 1)
    assert transcript is not None and [t.speaker for t in transcript.turns] == ["I", "B"]
    assert documents.texts(reader, [1]) == {1: "I: Hallo\nB: Welt"}
    assert [r.describe() for r in proposals.rules(reader)] == ["lemmas: Welt -> turn"]
    assert proposals.known(reader, document_id=1) == {(1, 1, 12, 16)}
    found = proposals.proposals(reader, status="rejected", category_ids=[1], document_id=1, ids=[1])
    assert [(p.document, p.category, p.position, p.decided_by) for p in found] == [
        ("B01", "K1", 2, "alice")
    ]
    assert documents.totals(reader) == (1, 2, 2)
    assert [r["position"] for r in documents.turn_spans(reader, [1])[1]] == [1, 2]
    scope = exports.Scope(document_ids=[1], category_ids=[1], coder_ids=[1], passes=["main"])
    assert exports.coder_ids(reader) == {"alice": 1}
    assert [tuple(r) for r in exports.grouped_counts(reader, scope)] == [(1, 1, 1)]
    exported = exports.codings(reader, scope)
    assert [(c.id, c.position, c.position_end) for c in exported] == [(1, 2, 2)]
    assert exports.transcripts(reader, listed)["B01"].turns == transcript.turns
    assert [r["stale"] for r in progress.by_document_coder_pass(reader)] == [1]
    assert settings.get(reader, "pass") == "main"
    (comment,) = review.comments(reader, open_only=True)
    assert (comment.reviewer, comment.imported_by, comment.written) == ("Prof. W", "alice", NOW)
    assert review.keys(reader, "abc") == {"c-1"} and review.keys(reader, "x") == set()
    assert settings.speakers(reader) == [
        {"speaker": "B", "turns": 1, "documents": 1},
        {"speaker": "I", "turns": 1, "documents": 1},
    ]
