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

A copy into a server and a large import write many documents in one transaction: there the
trigger steps aside (:data:`BULK_SETTING`, migration 0020), and :class:`BulkLines` fills the
lines of all the new documents at the end in one statement, with the trigram index built
after the rows rather than kept up to date line by line (a third of the copy's time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from qualcode.storage.reader import Reader

LINES_TABLE = "search_lines"
TRIGRAM_INDEX = "ix_search_lines_trigram"
#: What an administrator runs in the project's database to give it the trigram index.
INSTALL_EXTENSION = "CREATE EXTENSION pg_trgm"

#: While a transaction has set it to 'on', the lines' trigger leaves the lines of the documents
#: it writes to that transaction, which fills them at its end (:class:`BulkLines`).
BULK_SETTING = "qualcode.bulk_lines"

# The rare characters a case-insensitive search takes for a common letter, folded to it in the
# lines as the trigger folds them (migration 0017; analysis/prefilter.py's FOLDED, which a test
# keeps equal).
_RARE = "\u017f\u0131\u0130\u212a\u212b\u2126\u03f4\u1e9e"
_COMMON = "siik\u00e5\u03c9\u03b8\u00df"
# The lines of the documents chosen by ``{where}``, as the trigger makes them one document at
# a time: where each starts, its text with the rare characters folded, the empty ones left out.
_FILL = (
    "INSERT INTO search_lines (document_id, start, text) "
    "SELECT d.id, found.start, found.line FROM documents AS d CROSS JOIN LATERAL ("
    "SELECT (sum(char_length(l.line) + 1) OVER (ORDER BY l.n) - char_length(l.line) - 1)::int "
    f"AS start, translate(l.line, '{_RARE}', '{_COMMON}') AS line "
    "FROM regexp_split_to_table(d.text, E'\\n') WITH ORDINALITY AS l(line, n)) AS found "
    "WHERE found.line <> '' {where}"
)

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


class BulkLines:
    """The lines of many documents written in one transaction, made once at its end.

    :meth:`start` before the first document: the trigger leaves their lines alone for the rest
    of the transaction, and with ``rebuild_index`` the trigram index is dropped (it is built
    again by :meth:`finish`, faster than kept up to date line by line when the write adds at
    least as many lines as there were). :meth:`finish` after the last one fills their lines in
    one statement, hands the documents back to the trigger and builds the index. All of it is
    in the writer's transaction: one that fails leaves the lines and the index as they were.
    Dropping the index locks the lines until the transaction ends, so others' searches wait
    for a large import (a copy writes into a new database, which nobody reads yet).
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection  # SQLAlchemy's, in the writer's transaction
        self.dropped = False

    def start(self, *, rebuild_index: bool) -> None:
        run = self.connection.exec_driver_sql
        run(f"SELECT set_config('{BULK_SETTING}', 'on', true)")  # for this transaction
        if rebuild_index and self._index_exists():
            run(f"DROP INDEX {TRIGRAM_INDEX}")
            self.dropped = True

    def finish(self, documents: Sequence[int] | None = None) -> None:
        """Fill the lines of ``documents`` (None: of every document, for a copy)."""
        import sqlalchemy as sa

        run = self.connection.exec_driver_sql
        if documents is None:
            run(_FILL.format(where=""))
        elif documents:
            statement = sa.text(_FILL.format(where="AND d.id = ANY(:ids)"))
            self.connection.execute(statement, {"ids": list(documents)})
        run(f"SELECT set_config('{BULK_SETTING}', 'off', true)")
        if self.dropped:
            run(f"CREATE INDEX {TRIGRAM_INDEX} ON {LINES_TABLE} USING gin (text gin_trgm_ops)")
            self.dropped = False

    def pays_to_rebuild(self, new_bytes: int) -> bool:
        """Whether building the index after a write of ``new_bytes`` of text costs less than
        keeping it up to date: when the write adds at least as much as the lines hold (about
        1.1 bytes of table for a byte of text)."""
        held = self.connection.exec_driver_sql(f"SELECT pg_table_size('{LINES_TABLE}')").scalar()
        return new_bytes >= int(held or 0)

    def _index_exists(self) -> bool:
        found = self.connection.exec_driver_sql(f"SELECT to_regclass('{TRIGRAM_INDEX}')").scalar()
        return found is not None


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
