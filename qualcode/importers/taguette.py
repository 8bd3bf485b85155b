"""Taguette projects (``.sqlite3``): documents, tags with their descriptions, highlights.

Taguette keeps each document as HTML and a highlight as two offsets into the document's text:
the characters of the HTML's text nodes, counted in UTF-8 bytes (checked on a real project:
every highlight's snippet is exactly those bytes). Each tag of a highlight becomes one coding;
the highlight's author comes from Taguette's command log where it names it, else from the
project's only member. A project's description and documents' descriptions become memos.
"""

from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

from qualcode.domain.exchange import ExchangeReport, ExCoder, ExNote, ExProject, derived_guid
from qualcode.importers.foreign_db import (
    NAMESPACE,
    CodeNode,
    add_text_source,
    codebook_from,
    open_read_only,
    tables,
    when,
)
from qualcode.importers.placing import UTF8, Counting

KIND = "Taguette project"
_TABLES = {"projects", "documents", "tags", "highlights", "highlight_tags"}


class _Text(HTMLParser):
    """The text of Taguette's HTML: what its offsets count."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def is_taguette(path: Path) -> bool:
    connection = open_read_only(path, KIND)
    try:
        return tables(connection) >= _TABLES
    finally:
        connection.close()


def read_taguette(path: Path) -> tuple[ExProject, ExchangeReport]:
    connection = open_read_only(path, KIND)
    try:
        return _read(connection, path)
    except sqlite3.DatabaseError as exc:
        from qualcode.domain.errors import InvalidInputError

        raise InvalidInputError(
            f"this {KIND} cannot be read ({exc}); nothing was imported", file=path.name
        ) from exc
    finally:
        connection.close()


def _read(db: sqlite3.Connection, path: Path) -> tuple[ExProject, ExchangeReport]:
    report = ExchangeReport(path.name, origin="Taguette")
    projects = db.execute("SELECT id, name, description FROM projects ORDER BY id").fetchall()
    if not projects:
        return ExProject(
            name=path.stem, guid=derived_guid(NAMESPACE, "taguette", path.stem)
        ), report
    first = projects[0]
    for other in projects[1:]:
        report.left_out.append(
            f"the Taguette project {other['name']!r}: one project is imported at a time"
        )
    project_id = first["id"]
    project = ExProject(
        name=first["name"] or path.stem,
        guid=derived_guid(NAMESPACE, "taguette", f"{project_id}:{first['name']}"),
        origin="Taguette",
    )
    if first["description"]:
        project.notes.append(
            ExNote(derived_guid(project.guid, "note", "project"), "Project", first["description"])
        )
        report.memos += 1
    members = (
        [
            r[0]
            for r in db.execute(
                "SELECT user_login FROM project_members WHERE project_id = ?", (project_id,)
            )
        ]
        if "project_members" in tables(db)
        else []
    )
    authors = _authors(db, project_id)
    everyone = sorted(set(members) | {a for a, _ in authors.values()})
    project.coders = [ExCoder(name, derived_guid(project.guid, "coder", name)) for name in everyone]
    report.coders = len(everyone)
    tags = db.execute(
        "SELECT id, path, description FROM tags WHERE project_id = ? ORDER BY id", (project_id,)
    ).fetchall()
    book, codes, guids = codebook_from(
        (CodeNode(str(t["id"]), t["path"], t["description"] or "") for t in tags),
        title=project.name,
        report=report,
        project_guid=project.guid,
    )
    project.codebook, project.category_guids = book, guids
    report.codes = len(book)
    default = members[0] if len(members) == 1 else ""
    passages: dict[int, list[tuple[int, int, str, str, str, str, object]]] = {}
    for row in db.execute(
        """SELECT h.id, h.document_id, h.start_offset, h.end_offset, h.snippet, ht.tag_id
           FROM highlights h JOIN highlight_tags ht ON ht.highlight_id = h.id
           JOIN documents d ON d.id = h.document_id WHERE d.project_id = ?
           ORDER BY h.document_id, h.start_offset, h.id, ht.tag_id""",
        (project_id,),
    ):
        code = codes.get(str(row["tag_id"]))
        if code is None:
            report.left_out.append(f"highlight {row['id']}: its tag {row['tag_id']} is unknown")
            continue
        author, created = authors.get(row["id"], (default, None))
        passages.setdefault(row["document_id"], []).append(
            (
                row["start_offset"],
                row["end_offset"],
                html_text(row["snippet"] or ""),
                code,
                author,
                "",
                created,
            )
        )
    names: set[str] = set()
    for document in db.execute(
        "SELECT id, name, description, contents FROM documents WHERE project_id = ? ORDER BY id",
        (project_id,),
    ):
        add_text_source(
            project,
            report,
            key=str(document["id"]),
            name=Path(document["name"] or f"document {document['id']}").stem,
            text=html_text(document["contents"] or ""),
            passages=passages.get(document["id"], []),  # type: ignore[arg-type]
            preferred=Counting(UTF8),
            names=names,
            memo=document["description"] or "",
        )
    report.documents = len(project.documents)
    report.codings = len(project.codings)
    return project, report


def _authors(db: sqlite3.Connection, project_id: int) -> dict[int, tuple[str, object]]:
    """Who added each highlight and when, from Taguette's command log (where it says)."""
    if "commands" not in tables(db):
        return {}
    found: dict[int, tuple[str, object]] = {}
    for row in db.execute(
        "SELECT date, user_login, payload FROM commands WHERE project_id = ? "
        "AND payload LIKE '%highlight_add%' ORDER BY id",
        (project_id,),
    ):
        try:
            payload = json.loads(row["payload"])
        except (ValueError, RecursionError):  # not JSON, or nested thousands deep
            continue
        highlight = payload.get("highlight_id") if isinstance(payload, dict) else None
        if isinstance(highlight, int) and highlight > 0:
            found[highlight] = (row["user_login"], when(row["date"]))
    return found
