"""Export, then import into an empty project: the same project, table by table."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from qualcode.services.exchange.project_import import import_project_file
from qualcode.services.project import Project
from tests.exchange.conftest import exporter, qde

_DATES = re.compile(rb'(creation|modified)DateTime="[^"]*"')

# Each table as a user sees it: by names, not by the ids either project happened to give.
TABLES = {
    "documents": """SELECT d.name, d.source_name, d.format, d.sha256, d.text, d.word_count,
        d.turn_count, c.name, d.imported_at FROM documents d
        JOIN coders c ON c.id = d.imported_by""",
    "turns": """SELECT d.name, t.position, t.speaker, t.start_seconds, t.end_seconds, t.char_start,
        t.char_end FROM turns t JOIN documents d ON d.id = t.document_id""",
    "attributes": """SELECT d.name, a.key, a.value FROM attributes a
        JOIN documents d ON d.id = a.document_id""",
    "categories": """SELECT c.code, c.name, c.definition, c.coding_rule, c.anchors, c.origin,
        c.reference, c.colour, c.status, c.position, p.code FROM categories c
        LEFT JOIN categories p ON p.id = c.parent_id""",
    "codings": """SELECT d.name, k.code, c.char_start, c.char_end, c.text, r.name, c.coding_pass,
        v.label, (SELECT m.text FROM memos m WHERE m.coding_id = c.id), c.created_at,
        c.updated_at FROM codings c
        JOIN documents d ON d.id = c.document_id JOIN categories k ON k.id = c.category_id
        JOIN coders r ON r.id = c.coder_id LEFT JOIN codebook_versions v
        ON v.id = c.codebook_version_id""",
    "memos": """SELECT m.target, d.name, m.title, m.text FROM memos m
        LEFT JOIN documents d ON d.id = m.document_id""",
    "coders": "SELECT name FROM coders",
    "codebook_versions": """SELECT v.label, v.title, v.language, v.description, v.source,
        v.reason, v.frozen_at, v.coded_share, v.created_at, c.name FROM codebook_versions v
        JOIN coders c ON c.id = v.created_by""",
}


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {name: sorted(map(tuple, connection.execute(sql))) for name, sql in TABLES.items()}
    finally:
        connection.close()


def test_export_then_import_gives_the_same_project(coded: Project, tmp_path: Path) -> None:
    coded.versions.freeze(reason="pilot done")  # a frozen version travels too
    exported = tmp_path / "out.qdpx"
    exporter(coded).export("qdpx", exported)
    copy, report = import_project_file(str(tmp_path / "copy.db"), "alice", exported)
    copy.close()
    assert not report.left_out and report.codings == len(coded.coding.query())
    before, after = tables(tmp_path / "origin.db"), tables(tmp_path / "copy.db")
    for name in TABLES:
        assert after[name] == before[name], name
    assert before["codings"] and before["attributes"] and before["turns"]


def test_export_import_export_gives_the_same_project_qde(coded: Project, tmp_path: Path) -> None:
    first = tmp_path / "first.qdpx"
    exporter(coded).export("qdpx", first)
    copy, _ = import_project_file(str(tmp_path / "copy.db"), "alice", first)
    second = tmp_path / "second.qdpx"
    exporter(copy).export("qdpx", second)
    copy.close()
    assert _DATES.sub(b"", qde(first)) == _DATES.sub(b"", qde(second))


def test_merging_the_same_export_adds_nothing_twice(coded: Project, tmp_path: Path) -> None:
    exported = tmp_path / "out.qdpx"
    exporter(coded).export("qdpx", exported)
    codings = len(coded.coding.query())
    location = str(tmp_path / "origin.db")
    coded.close()
    merged, report = import_project_file(location, "alice", exported, merge=True)
    try:
        assert len(merged.coding.query()) == codings
        assert len(merged.documents.all()) == 7
        events = [e for e in merged.audit.log() if e.entity == "project"]
        assert events and "merged the project out.qdpx" in events[-1].describe()
    finally:
        merged.close()
