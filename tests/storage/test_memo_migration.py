"""Migration 0010: coding memos and imported document memos move into the one memo store."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import sqlalchemy as sa

from qualcode.services.exchange.snapshot import snapshot
from qualcode.services.project import open_project
from qualcode.storage import db as storage_db
from qualcode.storage.location import parse_location

_AT = "2026-01-05 10:00:00.000000"
NOTE_GUID = "6F2A1C3E-0000-4000-8000-000000000001"


def _project_at_0008(path: Path) -> None:
    """A project as 0008 left it: a coding memo on its row, a document memo in the settings."""
    engine = storage_db.make_engine(parse_location(str(path)))
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(storage_db.alembic_config(conn), "0008")
        conn.exec_driver_sql(f"PRAGMA application_id={storage_db.APPLICATION_ID}")
        run = conn.exec_driver_sql
        run(f"INSERT INTO coders (id, name, created_at) VALUES (1, 'old', '{_AT}')")
        run(f"INSERT INTO coders (id, name, created_at) VALUES (2, 'ben', '{_AT}')")
        for doc in (1, 2):
            run(
                "INSERT INTO documents (id, name, source_name, format, sha256, text, word_count,"
                f" turn_count, imported_by, imported_at) VALUES ({doc}, 'B0{doc}', 'B.txt',"
                f" 'text', 'x{doc}', 'Hallo Welt. Noch ein Satz.', 5, 1, 1, '{_AT}')"
            )
            run(
                "INSERT INTO turns (document_id, position, speaker, char_start, char_end)"
                f" VALUES ({doc}, 4, 'B', 0, 26)"
            )
        run(
            "INSERT INTO categories (id, position, code, name, definition, coding_rule, anchors,"
            " origin, reference, status, created_at, updated_at) VALUES (1, 0, 'K1', 'Akquise',"
            f" '', '', '[]', 'deductive', '', 'active', '{_AT}', '{_AT}')"
        )
        for coding, coder, memo in ((1, 2, "Kaltakquise klar benannt"), (2, 1, "")):
            run(
                "INSERT INTO codings (id, document_id, category_id, char_start, char_end, text,"
                " coder_id, coding_pass, memo, created_at, updated_at) VALUES"
                f" ({coding}, 1, 1, 0, 11, 'Hallo Welt.', {coder}, 'main', '{memo}', '{_AT}',"
                f" '{_AT}')"
            )
        memos = json.dumps({"2": "Interview im Auto geführt"})
        notes = json.dumps([{"guid": NOTE_GUID, "name": "Projektmemo", "text": "Leitidee"}])
        guids = json.dumps({"document": {"1": "D-GUID"}})
        for key, value in (
            ("document-memos", memos),
            ("exchange:notes", notes),
            ("exchange:guids", guids),
        ):
            conn.execute(
                sa.text("INSERT INTO settings (key, value) VALUES (:k, :v)"),
                {"k": key, "v": value},
            )
    engine.dispose()


def test_memos_move_into_the_store_and_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _project_at_0008(path)
    project = open_project(str(path), "alice")
    assert project.upgraded_from is not None and project.upgraded_from[0] == "0008"
    by_id = {c.id: c for c in project.coding.query()}
    assert by_id[1].memo == "Kaltakquise klar benannt" and by_id[2].memo == ""
    memos = project.memos.list()
    assert [(m.target, m.about, m.text, m.author) for m in memos] == [
        ("coding", "B01, Pos. 4, K1 (#1)", "Kaltakquise klar benannt", "ben"),
        ("document", "B02", "Interview im Auto geführt", "old"),
        ("project", "Projekt", "Leitidee", "old"),
    ]
    assert memos[2].title == "Projektmemo"
    # REFI export still carries the document memo as a note.
    with project.database.reading() as reader:
        exported = snapshot(reader, str(uuid.uuid4()), str(path))
    assert [d.memo for d in exported.documents] == ["", "Interview im Auto geführt"]
    assert [c.memo for c in exported.codings] == ["Kaltakquise klar benannt", ""]
    # The project note keeps the GUID the other program gave it.
    assert [(n.guid, n.name, n.text) for n in exported.notes] == [
        (NOTE_GUID, "Projektmemo", "Leitidee")
    ]
    assert exported.documents[0].guid == "D-GUID"
    project.close()
    raw = sqlite3.connect(path)
    columns = [row[1] for row in raw.execute("PRAGMA table_info(codings)")]
    assert "memo" not in columns
    left = "SELECT count(*) FROM settings WHERE key IN ('document-memos', 'exchange:notes')"
    assert raw.execute(left).fetchone() == (0,)
    raw.close()
