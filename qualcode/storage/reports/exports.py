"""Reads for the analysis exports: counts grouped in SQL, and whole-project codings at speed.

An export reads every coding of a project at once, where :func:`codings.query` is built for
listing a few: it joins four tables per row and attaches each coding's Pos. range one object at a
time (about 5 s for 100,000 codings). The frequency tables need only counts, so SQL groups them;
quotes and co-occurrence need the codings themselves, so they are read in one plain scan with
names looked up in Python from the small tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from qualcode.domain.transcript import DocumentInfo, Transcript, positions_of
from qualcode.storage import convert
from qualcode.storage.reader import Reader, SqliteReader
from qualcode.storage.sql import expand, sql

# The coding's type is loaded by the reads that make codings: counts and quotes need none.
if TYPE_CHECKING:
    from qualcode.domain.coding import Coding


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

    def restrict(self, reader: Reader, name: str) -> tuple[str, dict[str, Any]]:
        """Statement ``name`` over ``codings k`` restricted to this scope, and its parameters."""
        lists = {
            "documents": ("d", self.document_ids),
            "categories": ("c", self.category_ids),
            "coders": ("p", self.coder_ids),
            "passes": ("s", self.passes),
        }
        chosen = {f: (slot, list(v)) for f, (slot, v) in lists.items() if v is not None}
        text = sql(reader, name, chosen)
        params: dict[str, Any] = {}
        for slot, values in chosen.values():
            text, values_params = expand(text, slot, values)
            params.update(values_params)
        return text, params


def _tuples(reader: Reader, text: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Rows as tuples in the order selected.

    Export queries return 40,000 to 100,000 rows; on SQLite the cursor's own tuples save the
    dictionary per row that :meth:`Reader.rows` builds (a quarter of the matrix export's time).
    """
    if isinstance(reader, SqliteReader):
        return reader.connection.execute(text, params).fetchall()
    return [tuple(row.values()) for row in reader.rows(text, params)]


def coder_ids(reader: Reader) -> dict[str, int]:
    return {r["name"]: r["id"] for r in reader.rows(sql(reader, "coders.ids"))}


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
    return _tuples(reader, *scope.restrict(reader, "exports.grouped_counts"))


def codings(reader: Reader, scope: Scope | None = None) -> list[Coding]:
    """Codings with their Pos. range, in document-name and text order, as ``codings.query``.

    One scan of ``codings``; document, category, coder and codebook-version names come from
    dictionaries, timestamps are parsed once per distinct value (bulk codings share one), and
    positions are found by binary search in each document's turn offsets.
    """
    scope = scope or Scope()
    if scope.is_empty():
        return []
    rows = _tuples(reader, *scope.restrict(reader, "exports.codings"))
    if not rows:
        return []
    documents = {r["id"]: r["name"] for r in reader.rows(sql(reader, "exports.document_names"))}
    categories = {
        r["id"]: (r["code"], r["name"]) for r in reader.rows(sql(reader, "exports.category_names"))
    }
    coders = {r["id"]: r["name"] for r in reader.rows(sql(reader, "exports.coder_names"))}
    versions = {r["id"]: r["label"] for r in reader.rows(sql(reader, "exports.version_labels"))}
    starts, positions = _turn_starts(reader, scope.document_ids)
    times: dict[Any, datetime] = {}

    def when(value: Any) -> datetime:
        found = times.get(value)
        if found is None:
            found = times[value] = convert.utc(value)
        return found

    from qualcode.domain.coding import Coding

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


class Placed(NamedTuple):
    """Where a coding lies, and nothing else: what co-occurrence counts."""

    document: str
    category: str
    start: int
    end: int
    position: int | None
    position_end: int | None


def placed(reader: Reader, scope: Scope | None = None) -> list[Placed]:
    """Where each coding of ``scope`` lies (document, category, offsets and Pos. range), read
    without the text, names and timestamps that :func:`codings` converts for every coding."""
    scope = scope or Scope()
    if scope.is_empty():
        return []
    rows = spots(reader, scope)
    if not rows:
        return []
    documents = {r["id"]: r["name"] for r in reader.rows(sql(reader, "exports.document_names"))}
    codes = {r["id"]: r["code"] for r in reader.rows(sql(reader, "exports.category_names"))}
    starts, positions = _turn_starts(reader, scope.document_ids)
    found = []
    for document_id, category_id, start, end, _id, _coder in rows:
        first = last = None
        s = starts.get(document_id)
        if s:
            first, last = positions_of(s, positions[document_id], start, end)
        found.append(Placed(documents[document_id], codes[category_id], start, end, first, last))
    return found


def spots(reader: Reader, scope: Scope) -> list[tuple[int, int, int, int, int, int]]:
    """``(document id, category id, start, end, coding id, coder id)`` of every coding of
    ``scope``: what counting several coders' passages once needs, in one plain scan."""
    if scope.is_empty():
        return []
    return _tuples(reader, *scope.restrict(reader, "exports.placed"))


def _turn_starts(
    reader: Reader, document_ids: Sequence[int] | None
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    text = sql(reader, "exports.turn_starts", [] if document_ids is None else ["documents"])
    params: dict[str, Any] = {}
    if document_ids is not None:
        text, params = expand(text, "d", list(document_ids))
    starts: dict[int, list[int]] = defaultdict(list)
    positions: dict[int, list[int]] = defaultdict(list)
    for row in reader.rows(text, params):
        starts[row["document_id"]].append(row["char_start"])
        positions[row["document_id"]].append(row["position"])
    return starts, positions


class Span(NamedTuple):
    """A coding as quotes need it: where it lies and whose it is."""

    id: int
    document_id: int
    category_id: int
    start: int
    end: int
    coder_id: int


def stored_texts(reader: Reader, document_id: int) -> dict[int, str]:
    """The text stored with each coding of a document, by coding id (quotes of a document
    without turns are its codings' own text)."""
    rows = reader.rows(sql(reader, "exports.stored_texts"), {"id": document_id})
    return {r["id"]: r["text"] for r in rows}


def document_spans(reader: Reader, scope: Scope) -> Iterator[tuple[int, str, str, list[Span]]]:
    """Each document of ``scope`` that has codings there: its id, name and whole text, with
    its codings in text order, one document at a time.

    A quotes export cuts every passage from its document's text; reading each text once, beside
    that document's codings, keeps one document in memory rather than all of them (and does not
    make SQLite load a long text once per coding, as ``substr`` in the query would).
    """
    if scope.is_empty():
        return
    text, params = scope.restrict(reader, "exports.spans")
    documents_sql = sql(
        reader, "exports.document_texts", [] if scope.document_ids is None else ["documents"]
    )
    documents_params: dict[str, Any] = {}
    if scope.document_ids is not None:
        documents_sql, documents_params = expand(documents_sql, "d", list(scope.document_ids))
    if isinstance(reader, SqliteReader):
        codings: Iterator[tuple[Any, ...]] = iter(reader.connection.execute(text, params))
        documents: Iterator[tuple[Any, ...]] = iter(
            reader.connection.execute(documents_sql, documents_params)
        )
    else:
        codings = (tuple(r.values()) for r in reader.rows(text, params))
        documents = (tuple(r.values()) for r in reader.rows(documents_sql, documents_params))
    document: tuple[Any, ...] = next(documents, (None, "", ""))
    for document_id, rows in groupby(codings, itemgetter(1)):  # one document's codings
        while document[0] is not None and document[0] < document_id:
            document = next(documents, (None, "", ""))
        name, whole = (document[1], document[2]) if document[0] == document_id else ("", "")
        yield document_id, name, whole, list(map(Span._make, rows))


def coders_in_order(reader: Reader, scope: Scope, coder_ids: Sequence[int]) -> list[int]:
    """Those of ``coder_ids`` with codings in ``scope``, in the order their first coding comes
    (by document name and place in the text), as :func:`qualcode.analysis.passages.coders_of`
    orders the coders of codings read in that order."""
    found: list[tuple[tuple[Any, ...], int]] = []
    for coder_id in coder_ids:
        text, params = replace(scope, coder_ids=[coder_id]).restrict(
            reader, "exports.first_codings"
        )
        for row in reader.rows(text, params):
            found.append(
                ((row["document"], row["char_start"], row["char_end"], row["id"]), coder_id)
            )
    return [coder_id for _, coder_id in sorted(found)]


TurnSpans = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[float | None, ...]]
"""A document's turns as four lists: where each starts and ends, its Pos., its time mark."""


def turn_spans(reader: Reader, document_ids: Sequence[int] | None) -> dict[int, TurnSpans]:
    """The turns of the documents (all when None), by document id, for citing quotes."""
    text = sql(reader, "exports.turn_spans", [] if document_ids is None else ["documents"])
    params: dict[str, Any] = {}
    if document_ids is not None:
        text, params = expand(text, "d", list(document_ids))
    rows = (
        reader.connection.execute(text, params)
        if isinstance(reader, SqliteReader)
        else (tuple(r.values()) for r in reader.rows(text, params))
    )
    found: dict[int, TurnSpans] = {}
    for document_id, turns in groupby(rows, itemgetter(0)):  # one document's turns, as columns
        _, starts, ends, positions, seconds = zip(*turns, strict=True)
        found[document_id] = (starts, ends, positions, seconds)
    return found


def document_text(reader: Reader, document_id: int) -> str:
    """One document's whole text."""
    rows = reader.rows(*expand(sql(reader, "documents.texts"), "d", [document_id]))
    return str(rows[0]["text"]) if rows else ""


def transcripts(reader: Reader, documents: Sequence[DocumentInfo]) -> dict[str, Transcript]:
    """The transcripts of ``documents`` by name, read in two queries rather than two per document.

    Quotes slice each document's text; reading 500 documents one by one costs seconds.
    """
    if not documents:
        return {}
    ids = [d.id for d in documents]
    texts = {
        r["id"]: r["text"] for r in reader.rows(*expand(sql(reader, "documents.texts"), "d", ids))
    }
    turns: dict[int, list[Any]] = defaultdict(list)
    for row in reader.rows(*expand(sql(reader, "documents.turns_of"), "d", ids)):
        turns[row["document_id"]].append(convert.turn(row))
    return {
        d.name: Transcript(document=d, text=texts[d.id], turns=tuple(turns[d.id]))
        for d in documents
        if d.id in texts
    }
