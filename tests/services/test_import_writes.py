"""An import into a SQLite project is written through sqlite3 without SQLAlchemy; the rows it
stores are exactly those the SQLAlchemy writes store (the form a server project takes)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path
from typing import Any

from qualcode.services.project import Project, init_project, open_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS

TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")
# Differ between two imports only because their clocks do (the hashes cover the times).
HASH_COLUMNS = {"hash", "prev_hash"}
SPEAKER_MAP = "I:\n  role: interviewer\n  aliases: [Interviewer]\nB:\n  role: respondent\n"


def rows_with_types(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table with each value's SQLite type; times (in the form SQLAlchemy
    writes them) and the hashes over them left out."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with closing(sqlite3.connect(path)) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in sorted(tables):
            cursor = raw.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            rows = []
            for row in cursor.fetchall():
                values = []
                for name, value in zip(names, row, strict=True):
                    if name in HASH_COLUMNS or (isinstance(value, str) and TIME.fullmatch(value)):
                        value = "<clock>"
                    values.append((name, type(value).__name__, value))
                rows.append(tuple(values))
            found[table] = sorted(rows, key=repr)
    return found


def import_everything(bob: Project, tmp_path: Path) -> None:
    """An import that takes every write the import has: documents, turns, attributes from
    the files, the options and a table, a speaker map (a setting), and a new coder."""
    speakers = tmp_path / "sprecher.yaml"
    speakers.write_text(SPEAKER_MAP, encoding="utf-8")
    table = tmp_path / "faelle.csv"
    table.write_text("document;Branche\nB01;Maschinenbau\nB03;Handel\n", encoding="utf-8")
    front = tmp_path / "F01.md"
    front.write_text("---\nAlter: 41\n---\n\nInterviewer: Frage?\n\nB: Äntwort.\n")
    report = bob.documents.import_files(
        [*SAMPLE_FILES, front],
        attributes_file=table,
        attributes={"Welle": "1"},
        speaker_map=speakers,
    )
    assert len(report.imported) == len(SAMPLE_FILES) + 1


def test_the_plain_and_the_sqlalchemy_import_store_the_same_rows(tmp_path: Path) -> None:
    stored = {}
    for light in (True, False):
        path = tmp_path / f"light-{light}.db"
        project = init_project(str(path), "alice", CODEBOOK)
        bob = project.as_coder("bob")  # a coder the import adds
        bob.documents.light_writes = light
        import_everything(bob, tmp_path)
        assert project.audit.verify().ok
        project.close()
        stored[light] = rows_with_types(path)
    assert stored[True]["documents"] and stored[True]["turns"] and stored[True]["attributes"]
    imported = {row[-1] for row in stored[True]["documents"]}  # imported_at, in the same form
    assert imported == {("imported_at", "str", "<clock>")}
    assert stored[True] == stored[False]


def test_a_later_import_chains_onto_the_trail_either_way(tmp_path: Path) -> None:
    """Plain and SQLAlchemy writes alternate on one project; the chain stays whole."""
    path = tmp_path / "project.db"
    init_project(str(path), "alice", CODEBOOK).close()
    for index, light in enumerate((True, False, True)):
        project = open_project(str(path), "alice")
        project.documents.light_writes = light
        project.documents.import_files([SAMPLE_FILES[index]])
        project.close()
    project = open_project(str(path), "alice")
    check = project.audit.verify()
    assert check.ok, check
    assert [d.name for d in project.documents.all()] == ["B01", "B02", "B03"]
    project.close()


def test_an_import_into_a_sqlite_project_loads_no_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "project.db"
    init_project(str(path), "alice", CODEBOOK).close()
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from qualcode.services.project import open_project
        project = open_project({str(path)!r}, "alice")
        files = sorted(Path({str(TRANSCRIPTS)!r}).glob("B0*"))
        report = project.documents.import_files(files)
        assert len(report.imported) == len(files), report
        assert project.audit.verify().ok
        project.close()
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_report_lists_the_imported_documents_as_the_document_list_does(
    tmp_path: Path,
) -> None:
    """Either way of writing, the report's documents are those the list reads back: name order,
    attributes from the files, the options and the table, the acting coder, the time stored."""
    folder = tmp_path / "files"
    folder.mkdir()
    names = ["b-zwei", "B-eins", "Ä-drei", "a-vier"]
    for name in names:
        (folder / f"{name}.md").write_text(f"---\nZ: {name}\nA: 1\n---\n\nI: Frage?\n\nB: Ja.\n")
    table = tmp_path / "faelle.csv"
    table.write_text("document;A;Branche\nB-eins;2;Handel\nB01;;Bau\n", encoding="utf-8")
    for light in (True, False):
        project = init_project(str(tmp_path / f"light-{light}.db"), "alice", CODEBOOK)
        project.documents.import_files([SAMPLE_FILES[0]])
        project.documents.light_writes = light
        report = project.documents.import_files(
            sorted(folder.iterdir()), attributes={"Welle": "2"}, attributes_file=table
        )
        listed = [d for d in project.documents.all() if d.name in names]
        assert report.imported == listed
        assert [d.name for d in listed] == sorted(names)
        assert [list(d.attributes) for d in listed] == [sorted(d.attributes) for d in listed]
        assert report.attributes_set == 2
        project.close()


def test_an_import_stores_its_events_as_the_event_kinds_store_them(tmp_path: Path) -> None:
    """The import builds its events as rows (domain/audit_rows.py); each stored row is, to
    the byte, what its kind in domain/audit.py stores, and reads back as that kind."""
    import json

    from qualcode.domain.audit import AttributesSet, DocumentImported, kind_of

    path = tmp_path / "events.db"
    project = init_project(str(path), "alice", CODEBOOK)
    import_everything(project.as_coder("bob"), tmp_path)
    with closing(sqlite3.connect(path)) as raw:
        rows = raw.execute(
            "SELECT entity, action, entity_id, before, after, reason FROM audit_events"
            " WHERE entity = 'document' ORDER BY seq"
        ).fetchall()
    kinds = []
    for entity, action, entity_id, before, after, reason in rows:
        kind = kind_of(entity, action)
        assert kind is not None
        event = kind.from_stored(entity_id, json.loads(before), json.loads(after), reason)
        assert tuple(json.dumps(side) for side in event.payload()) == (before, after)
        kinds.append(kind)
    assert kinds.count(DocumentImported) == len(SAMPLE_FILES) + 1
    assert kinds.count(AttributesSet) == 2
    assert project.audit.verify().ok


def test_turns_of_every_count_are_stored_alike_either_way(tmp_path: Path) -> None:
    """The plain writes store a document's turns in statements of several rows (64, then one
    of each power of two the rest holds): every count around those sizes gives the rows, the
    ids and the order the SQLAlchemy writes give, one row at a time."""
    folder = tmp_path / "files"
    folder.mkdir()
    counts = (1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 127, 128, 129, 191, 255, 300)
    for count in counts:
        lines = [
            f"{'IB'[i % 2]}{i % 3 or ''}: [00:{i // 60 % 60:02d}:{i % 60:02d}] Satz {i}, „Grüße“."
            if i % 4
            else f"{'IB'[i % 2]}: Satz {i} ohne Zeitmarke."
            for i in range(count)
        ]
        (folder / f"T{count:03d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    stored = {}
    for light in (True, False):
        path = tmp_path / f"light-{light}.db"
        project = init_project(str(path), "alice", CODEBOOK)
        project.documents.light_writes = light
        report = project.documents.import_files(sorted(folder.iterdir()))
        assert [d.turns for d in report.imported] == list(counts)
        assert project.audit.verify().ok
        project.close()
        stored[light] = rows_with_types(path)
    assert len(stored[True]["turns"]) == sum(counts)
    assert stored[True] == stored[False]
