"""The search on a PostgreSQL project: the lines of the texts, and their trigram index.

On a server the texts are searched by the server first. Each document's text is kept there a
second time as its lines (``search_lines``: document, where the line starts, its text; empty
lines left out), filled by a trigger whenever a document is added or its text changes, with a
GIN trigram index (the ``pg_trgm`` extension) on the lines' text, so that a regular expression
finds its candidate lines without reading every text (migration 0017). None of it exists in a
SQLite project, and the table is not in ``schema.py``: a copy moves the documents, and the
trigger makes the lines of the copy.

When qualcode's login may not install the extension, the lines are there without the index
(the server then reads them all for a search, still in one statement); once an administrator
has installed it, the next search makes the index (:func:`ensure_trigram_index`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from qualcode.storage.reader import Reader

LINES_TABLE = "search_lines"
TRIGRAM_INDEX = "ix_search_lines_trigram"
#: What an administrator runs in the project's database to give it the trigram index.
INSTALL_EXTENSION = "CREATE EXTENSION pg_trgm"

_CANDIDATE_LINES = (
    "SELECT document_id, start, char_length(text) AS length FROM search_lines "
    "WHERE text ~ :pattern ORDER BY document_id, start"
)
# Per document, up to its first line that matches: a common word is found at once in each, where
# listing every line it stands in would take ten times as long (the bench project).
_CANDIDATE_DOCUMENTS = (
    "SELECT d.id AS document_id FROM documents AS d WHERE EXISTS ("
    "SELECT 1 FROM search_lines AS l WHERE l.document_id = d.id AND l.text ~ :pattern)"
)


def has_lines(reader: Reader) -> bool:
    """Whether the project's lines are kept (a PostgreSQL project upgraded to 0017)."""
    return bool(reader.scalar(f"SELECT to_regclass('{LINES_TABLE}') IS NOT NULL"))


def trigram_state(reader: Reader) -> tuple[bool, bool]:
    """(the extension is installed in this database, the lines' trigram index exists)."""
    extension = bool(reader.scalar("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
    index = bool(reader.scalar(f"SELECT to_regclass('{TRIGRAM_INDEX}') IS NOT NULL"))
    return extension, index


def ensure_trigram_index(connection: Any) -> bool:
    """Make the lines' trigram index where the extension is installed (an administrator may
    have added it since the upgrade); True when the index exists afterwards. Runs inside a
    write transaction (``connection``: SQLAlchemy's), in a savepoint of its own."""
    import sqlalchemy as sa

    try:
        with connection.begin_nested():
            connection.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {LINES_TABLE} "
                "USING gin (text gin_trgm_ops)"
            )
    except sa.exc.DBAPIError:
        return False
    return True


def candidate_lines(
    reader: Reader, pattern: str, documents: Collection[int]
) -> dict[int, list[tuple[int, int]]] | None:
    """The lines PostgreSQL's regular expression ``pattern`` matches, per document among
    ``documents``: ``(start, end)`` in text order. None when the server refuses the pattern
    (too complex for it, say): the caller then searches every text."""
    rows = _rows(reader, _CANDIDATE_LINES, pattern)
    if rows is None:
        return None
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        document_id = int(row["document_id"])
        if document_id in documents:
            start = int(row["start"])
            found[document_id].append((start, start + int(row["length"])))
    return dict(found)


def candidate_documents(
    reader: Reader, pattern: str, documents: Collection[int]
) -> set[int] | None:
    """The documents among ``documents`` with a line ``pattern`` matches (None: refused)."""
    rows = _rows(reader, _CANDIDATE_DOCUMENTS, pattern)
    if rows is None:
        return None
    return {int(row["document_id"]) for row in rows if int(row["document_id"]) in documents}


def _rows(reader: Reader, sql: str, pattern: str) -> list[Any] | None:
    """The rows of ``sql`` in a savepoint: a pattern the server refuses does not end the
    reading transaction the rest of the search runs in."""
    import sqlalchemy as sa

    connection = getattr(reader, "connection", None)
    if connection is None:
        return None  # not a server connection
    try:
        with connection.begin_nested():
            return reader.rows(sql, {"pattern": pattern})
    except sa.exc.DBAPIError:
        return None
