"""Storing an import's documents through sqlite3, in plain SQL.

A fresh ``qualcode import`` into a SQLite project then never loads SQLAlchemy (a third of a
second). The rows are those of ``writes.insert`` and ``writes.set_attributes``: a test imports
the same files both ways and compares every row of every table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache

from qualcode.storage.db import SqliteTransaction, sqlite_time

TURN_COLUMNS = (  # document_id, then TurnRow's order
    "document_id",
    "position",
    "speaker",
    "char_start",
    "char_end",
    "start_seconds",
    "end_seconds",
)
#: A turn's values in the cells an import hands over (TurnRow's fields, without the document).
TURN_FIELDS = len(TURN_COLUMNS) - 1
# The text comes as its UTF-8 bytes (or as text): CAST stores those bytes as TEXT, as sqlite3
# stores a str (SQLite keeps text as UTF-8), without decoding them here and encoding them again.
_INSERT_DOCUMENT = (
    "INSERT INTO documents (name, source_name, format, sha256, text, word_count, turn_count,"
    " imported_by, imported_at) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?)"
)
# Turns go in statements of several rows, each row the document (?1) and a turn's cells: one
# call binds a whole run of cells as they came, where executemany steps, binds and resets
# once a row and wants a tuple made for each (0.02 s of 0.08 s for 37,000 turns). A document's
# turns take statements of _MOST_ROWS rows, then one of each power of two below it that its
# remainder holds: eight shapes in all, each compiled once per connection.
_MOST_ROWS = 64
_SHAPES = tuple(1 << bit for bit in range(_MOST_ROWS.bit_length() - 1, -1, -1))  # 64 .. 1


def _insert_turns_sql(rows: int) -> str:
    """The INSERT of ``rows`` turns of one document: ?1 the document, then the cells."""
    values = ", ".join(
        "(?1, "
        + ", ".join(f"?{2 + row * TURN_FIELDS + field}" for field in range(TURN_FIELDS))
        + ")"
        for row in range(rows)
    )
    return f"INSERT INTO turns ({', '.join(TURN_COLUMNS)}) VALUES {values}"


_INSERT_TURNS = {rows: _insert_turns_sql(rows) for rows in _SHAPES}


def insert(
    tx: SqliteTransaction,
    *,
    name: str,
    source_name: str,
    sha256: str,
    fmt: str,
    text: bytes | str,
    cells: Sequence[int | str | float | None],
    words: int,
    coder_id: int,
    now: datetime,
) -> int:
    """Store a transcript with its turns; returns its id (the rows of ``writes.insert``).

    ``text``: the text's UTF-8 bytes (or the text); ``cells``: the turns' fields one after
    another, TURN_FIELDS a turn in TurnRow's order.
    """
    count = len(cells) // TURN_FIELDS
    cursor = tx.execute(
        _INSERT_DOCUMENT,
        (name, source_name, fmt, sha256, text, words, count, coder_id, _stored_time(now)),
    )
    document_id = cursor.lastrowid
    assert document_id is not None
    execute = tx.connection.execute
    done = 0
    for rows in _SHAPES:
        width = rows * TURN_FIELDS
        while count - done >= rows:
            start = done * TURN_FIELDS
            execute(_INSERT_TURNS[rows], (document_id, *cells[start : start + width]))
            done += rows  # (below _MOST_ROWS, each shape runs once at most)
    return document_id


@lru_cache(maxsize=1)
def _stored_time(now: datetime) -> str:
    """The import's time as stored, formatted once (every document of an import has it)."""
    return sqlite_time(now)


def set_attributes(tx: SqliteTransaction, document_id: int, values: dict[str, str]) -> None:
    """Set (insert or overwrite) case attributes of one document."""
    if not values:
        return
    keys = list(values)
    tx.execute(
        f'DELETE FROM attributes WHERE document_id = ? AND "key" IN ({", ".join("?" * len(keys))})',
        (document_id, *keys),
    )
    tx.executemany(
        'INSERT INTO attributes (document_id, "key", value) VALUES (?, ?, ?)',
        [(document_id, k, v) for k, v in values.items()],
    )


#: The largest page cache a bulk import takes (SQLite's own default is 2 MiB).
BULK_CACHE_BYTES = 32 * 2**20


def hold_pages(tx: SqliteTransaction, import_bytes: int) -> None:
    """Let a bulk import whose pages fit in BULK_CACHE_BYTES (its files' size and a quarter
    more) keep them in memory until it commits.

    With SQLite's 2 MiB page cache, a write larger than that spills pages into the project
    before the commit, and through the rollback journal (a bulk import's, see
    ``Database.light_transaction``) each spill syncs the journal first: 500 peer-corpus files
    (20 MB) took 0.01 s of CPU more that way. A larger import spills either way, and a cache
    as large would only hold memory (64 MiB of it with 2,000 files). The setting ends with the
    import's connection.
    """
    if not tx.rollback_journal:
        return
    wanted = import_bytes + import_bytes // 4 + 2**21
    if wanted <= BULK_CACHE_BYTES:
        tx.execute(f"PRAGMA cache_size = -{wanted // 1024}")  # (negative: KiB)


#: The turns' index kept only for reading (in position order by offset); the unique index on
#: (document, position) is a constraint and stays.
TURNS_INDEX = "ix_turns_document_start"
#: At most one turn for so many bytes of files: a low estimate of the turns an import adds (the
#: peer corpus has one for every 560 bytes), so that the index is only dropped when it pays.
BYTES_PER_TURN = 1024


def defer_turns_index(tx: SqliteTransaction, import_bytes: int) -> Callable[[], None]:
    """Drop the turns' reading index for a bulk import; the function returned builds it again.

    Keeping the index up to date row by row took about a tenth of the inserts' time (0.37 µs
    a turn), more than building it once after the last row, when the import adds at least as
    many turns as the project held (the build covers them all). So only then, and only when
    the import has the project to itself (the rollback journal): nobody reads without it. The
    drop and the build are in the import's transaction, so an import that fails or is killed
    leaves the index as it was. The build is the index's own ``CREATE INDEX`` as stored.
    """
    if not tx.rollback_journal:
        return _nothing
    held = tx.execute("SELECT max(id) FROM turns").fetchone()[0] or 0  # (deleted ones counted)
    if held > import_bytes // BYTES_PER_TURN:
        return _nothing
    found = tx.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (TURNS_INDEX,)
    ).fetchone()
    if found is None or not found[0]:
        return _nothing
    create: str = found[0]
    tx.execute(f'DROP INDEX "{TURNS_INDEX}"')

    def build() -> None:
        tx.execute(create)

    return build


def _nothing() -> None:
    """No index was dropped: nothing to build."""
