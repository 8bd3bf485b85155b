"""Reads for the analysis exports: counts grouped in SQL, and whole-project codings at speed.

An export reads every coding of a project at once, where :func:`codings.query` is built for
listing a few: it joins four tables per row and attaches each coding's Pos. range one object at a
time (about 5 s for 100,000 codings). The frequency tables need only counts, so SQL groups them;
quotes and co-occurrence need the codings themselves, so they are read in one plain scan with
names looked up in Python from the small tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from qualcode.domain.coding import Coding
from qualcode.domain.transcript import DocumentInfo, Transcript, positions_of
from qualcode.storage import convert
from qualcode.storage.reader import Reader, SqliteReader, in_list


@dataclass(frozen=True, slots=True)
class Scope:
    """Which codings an export reads; ``None`` means no restriction, an empty list nothing."""

    document_ids: Sequence[int] | None = None
    category_ids: Sequence[int] | None = None
    coder_ids: Sequence[int] | None = None
    passes: Sequence[str] | None = None

    def is_empty(self) -> bool:
        return any(
            v is not None and not v
            for v in (self.document_ids, self.category_ids, self.coder_ids, self.passes)
        )

    def where(self) -> tuple[str, dict[str, Any]]:
        """A WHERE clause over ``codings k`` and its parameters (empty when unrestricted)."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        for column, prefix, values in (
            ("k.document_id", "d", self.document_ids),
            ("k.category_id", "c", self.category_ids),
            ("k.coder_id", "p", self.coder_ids),
            ("k.coding_pass", "s", self.passes),
        ):
            if values is None:
                continue
            placeholders, values_params = in_list(prefix, list(values))
            clauses.append(f"{column} IN {placeholders}")
            params.update(values_params)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _tuples(reader: Reader, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Rows as tuples in the order selected.

    Export queries return 40,000 to 100,000 rows; on SQLite the cursor's own tuples save the
    dictionary per row that :meth:`Reader.rows` builds (a quarter of the matrix export's time).
    """
    if isinstance(reader, SqliteReader):
        return reader.connection.execute(sql, params).fetchall()
    return [tuple(row.values()) for row in reader.rows(sql, params)]


def coder_ids(reader: Reader) -> dict[str, int]:
    return {r["name"]: r["id"] for r in reader.rows("SELECT name, id FROM coders")}


def grouped_counts(reader: Reader, scope: Scope | None = None) -> list[tuple[int, int, int]]:
    """``(document id, category id, number of codings)`` for every pair that has codings.

    Presence per document is every pair listed here. The unary plus on ``document_id`` keeps
    SQLite from walking the (document, start) index row by row through a table whose rows hold
    the coded text: a plain scan is two to three times faster here, and PostgreSQL reads the
    same SQL unchanged.
    """
    scope = scope or Scope()
    if scope.is_empty():
        return []
    where, params = scope.where()
    return _tuples(
        reader,
        "SELECT +k.document_id AS document_id, k.category_id AS category_id, count(*) AS n"
        f" FROM codings k{where} GROUP BY 1, 2",
        params,
    )


def codings(reader: Reader, scope: Scope | None = None) -> list[Coding]:
    """Codings with their Pos. range, in document-name and text order, as ``codings.query``.

    One scan of ``codings``; document, category, coder and codebook-version names come from
    dictionaries, timestamps are parsed once per distinct value (bulk codings share one), and
    positions are found by binary search in each document's turn offsets.
    """
    scope = scope or Scope()
    if scope.is_empty():
        return []
    where, params = scope.where()
    rows = _tuples(
        reader,
        "SELECT k.id, k.document_id, k.category_id, k.char_start, k.char_end, k.text,"
        " k.coder_id, k.coding_pass, k.codebook_version_id, k.memo, k.created_at, k.updated_at"
        f" FROM codings k{where}",
        params,
    )
    if not rows:
        return []
    documents = {r["id"]: r["name"] for r in reader.rows("SELECT id, name FROM documents")}
    categories = {
        r["id"]: (r["code"], r["name"])
        for r in reader.rows("SELECT id, code, name FROM categories")
    }
    coders = {r["id"]: r["name"] for r in reader.rows("SELECT id, name FROM coders")}
    versions = {r["id"]: r["label"] for r in reader.rows("SELECT id, label FROM codebook_versions")}
    starts, positions = _turn_starts(reader, scope.document_ids)
    times: dict[Any, datetime] = {}

    def when(value: Any) -> datetime:
        found = times.get(value)
        if found is None:
            found = times[value] = convert.utc(value)
        return found

    result: list[Coding] = []
    for (
        coding_id,
        doc_id,
        category_id,
        start,
        end,
        text,
        coder_id,
        coding_pass,
        version_id,
        memo,
        created,
        updated,
    ) in rows:
        code, name = categories[category_id]
        first = last = None
        s = starts.get(doc_id)
        if s:
            first, last = positions_of(s, positions[doc_id], start, end)
        result.append(
            Coding(
                id=coding_id,
                document=documents[doc_id],
                document_id=doc_id,
                category=code,
                category_name=name,
                start=start,
                end=end,
                text=text,
                coder=coders[coder_id],
                memo=memo,
                created=when(created),
                updated=when(updated),
                coding_pass=coding_pass,
                codebook_version=versions.get(version_id),
                position=first,
                position_end=last,
            )
        )
    result.sort(key=lambda c: (c.document, c.start, c.end, c.id))
    return result


def _turn_starts(
    reader: Reader, document_ids: Sequence[int] | None
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    sql = "SELECT document_id, char_start, position FROM turns"
    params: dict[str, Any] = {}
    if document_ids is not None:
        placeholders, params = in_list("d", list(document_ids))
        sql += f" WHERE document_id IN {placeholders}"
    starts: dict[int, list[int]] = defaultdict(list)
    positions: dict[int, list[int]] = defaultdict(list)
    for row in reader.rows(sql + " ORDER BY document_id, char_start", params):
        starts[row["document_id"]].append(row["char_start"])
        positions[row["document_id"]].append(row["position"])
    return starts, positions


def transcripts(reader: Reader, documents: Sequence[DocumentInfo]) -> dict[str, Transcript]:
    """The transcripts of ``documents`` by name, read in two queries rather than two per document.

    Quotes slice each document's text; reading 500 documents one by one costs seconds.
    """
    if not documents:
        return {}
    placeholders, params = in_list("d", [d.id for d in documents])
    texts = {
        r["id"]: r["text"]
        for r in reader.rows(f"SELECT id, text FROM documents WHERE id IN {placeholders}", params)
    }
    turns: dict[int, list[Any]] = defaultdict(list)
    for row in reader.rows(
        "SELECT document_id, position, speaker, start_seconds, end_seconds, char_start, char_end"
        f" FROM turns WHERE document_id IN {placeholders} ORDER BY document_id, position",
        params,
    ):
        turns[row["document_id"]].append(convert.turn(row))
    return {
        d.name: Transcript(document=d, text=texts[d.id], turns=tuple(turns[d.id]))
        for d in documents
        if d.id in texts
    }
