"""QualCoder projects: the ``.qda`` folder with its SQLite database ``data.qda``.

Read from QualCoder's documented tables: ``source`` (text in ``fulltext``, a memo), ``code_cat``
(categories, nested by ``supercatid``) and ``code_name`` (codes under a category, with memo and
colour), ``code_text`` (a coded passage: ``pos0``/``pos1`` into the text, the coded text itself
in ``seltext``, its coder in ``owner``, a memo), ``attribute`` (file and case attributes),
``case_text`` (which files a case covers) and ``journal`` (journals become project memos).
Sources without text (audio, video, pictures) are listed as left out. ``seltext`` lets every
passage be checked: positions are read the way that finds it (docs/refi-qda.md).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.exchange import ExchangeReport, ExCoder, ExNote, ExProject, derived_guid
from qualcode.domain.names import printable
from qualcode.importers.foreign_db import (
    NAMESPACE,
    CodeNode,
    add_text_source,
    codebook_from,
    open_read_only,
    tables,
    when,
)
from qualcode.importers.placing import CODE_POINTS, Counting

KIND = "QualCoder project"
_TABLES = {"source", "code_name", "code_text"}


def database_of(path: Path) -> Path:
    """``data.qda`` inside a ``.qda`` folder (or the file itself)."""
    if path.is_dir():
        inner = path / "data.qda"
        if not inner.is_file():
            raise InvalidInputError(
                "this folder is not a QualCoder project (it has no data.qda)", file=path.name
            )
        return inner
    return path


def is_qualcoder(path: Path) -> bool:
    connection = open_read_only(database_of(path), KIND)
    try:
        return tables(connection) >= _TABLES
    finally:
        connection.close()


def read_qualcoder(path: Path) -> tuple[ExProject, ExchangeReport]:
    database = database_of(path)
    connection = open_read_only(database, KIND)
    try:
        if not tables(connection) >= _TABLES:
            raise InvalidInputError(f"this is not a {KIND}", file=path.name)
        return _read(connection, path)
    except sqlite3.DatabaseError as exc:
        raise InvalidInputError(
            f"this {KIND} cannot be read ({exc}); nothing was imported", file=path.name
        ) from exc
    finally:
        connection.close()


def _rows(db: sqlite3.Connection, sql: str, table: str) -> list[sqlite3.Row]:
    return db.execute(sql).fetchall() if table in tables(db) else []


def _read(db: sqlite3.Connection, path: Path) -> tuple[ExProject, ExchangeReport]:
    name = path.stem if path.is_dir() else path.parent.stem
    report = ExchangeReport(path.name, origin="QualCoder")
    project = ExProject(
        name=name, guid=derived_guid(NAMESPACE, "qualcoder", name), origin="QualCoder"
    )
    for row in _rows(db, "SELECT memo FROM project", "project")[:1]:
        if row["memo"]:
            project.notes.append(
                ExNote(derived_guid(project.guid, "note", "project"), "Project memo", row["memo"])
            )
    for row in _rows(db, "SELECT jid, name, jentry FROM journal ORDER BY jid", "journal"):
        if row["jentry"]:
            project.notes.append(
                ExNote(
                    derived_guid(project.guid, "journal", row["jid"]),
                    row["name"] or "Journal",
                    row["jentry"],
                )
            )
    report.memos += len(project.notes)
    nodes = [
        CodeNode(
            f"cat{r['catid']}",
            r["name"] or "",
            r["memo"] or "",
            None,
            f"cat{r['supercatid']}" if r["supercatid"] is not None else None,
        )
        for r in _rows(
            db, "SELECT catid, name, memo, supercatid FROM code_cat ORDER BY catid", "code_cat"
        )
    ]
    nodes += [
        CodeNode(
            f"code{r['cid']}",
            r["name"] or "",
            r["memo"] or "",
            r["color"],
            f"cat{r['catid']}" if r["catid"] is not None else None,
        )
        for r in db.execute("SELECT cid, name, memo, catid, color FROM code_name ORDER BY cid")
    ]
    book, codes, guids = codebook_from(nodes, title=name, report=report, project_guid=project.guid)
    project.codebook, project.category_guids = book, guids
    report.codes = len(book)

    file_attributes: dict[int, dict[str, str]] = {}
    case_attributes: dict[int, dict[str, str]] = {}
    for row in _rows(db, "SELECT name, attr_type, value, id FROM attribute", "attribute"):
        if row["value"] in (None, ""):
            continue
        target = file_attributes if row["attr_type"] == "file" else case_attributes
        target.setdefault(row["id"], {})[row["name"]] = str(row["value"])
    for row in _rows(db, "SELECT caseid, name FROM cases", "cases"):
        case_attributes.setdefault(row["caseid"], {}).setdefault("Case", row["name"])
    for row in _rows(db, "SELECT DISTINCT caseid, fid FROM case_text", "case_text"):
        values = case_attributes.get(row["caseid"], {})
        merged = file_attributes.setdefault(row["fid"], {})
        for key, value in values.items():
            merged.setdefault(key, value)

    owners: set[str] = set()
    passages: dict[int, list[tuple[int, int, str, str, str, str, object]]] = {}
    for row in db.execute(
        "SELECT ctid, cid, fid, seltext, pos0, pos1, owner, date, memo FROM code_text "
        "ORDER BY fid, pos0, ctid"
    ):
        code = codes.get(f"code{row['cid']}")
        if code is None:
            report.left_out.append(f"coded passage {row['ctid']}: its code {row['cid']} is unknown")
            continue
        owner = row["owner"] or ""
        owners.add(owner)
        passages.setdefault(row["fid"], []).append(
            (
                row["pos0"],
                row["pos1"],
                row["seltext"] or "",
                code,
                owner,
                row["memo"] or "",
                when(row["date"]),
            )
        )
    names: set[str] = set()
    for source in db.execute("SELECT id, name, fulltext, memo, owner FROM source ORDER BY id"):
        owners.add(source["owner"] or "")
        if not source["fulltext"]:
            report.left_out.append(
                f"{printable(source['name'] or str(source['id']))}: no text (audio, video or a "
                "picture; qualcode reads text sources only)"
            )
            continue
        add_text_source(
            project,
            report,
            key=str(source["id"]),
            name=Path(source["name"] or f"source {source['id']}").stem,
            text=source["fulltext"],
            passages=passages.get(source["id"], []),  # type: ignore[arg-type]
            preferred=Counting(CODE_POINTS),
            names=names,
            memo=source["memo"] or "",
            attributes=file_attributes.get(source["id"]),
        )
    owners.discard("")
    project.coders = [ExCoder(o, derived_guid(project.guid, "coder", o)) for o in sorted(owners)]
    report.coders = len(owners)
    report.documents = len(project.documents)
    report.codings = len(project.codings)
    report.attributes = sum(len(d.attributes) for d in project.documents)
    return project, report
