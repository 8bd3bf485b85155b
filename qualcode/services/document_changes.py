"""What the document service's changes report back, and an import's writes.

An import, a rename and a replace build these; listing or reading documents does not, so they
live apart from ``services/documents.py`` and their classes are built only when a change runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from qualcode.storage.db import SqliteTransaction

if TYPE_CHECKING:
    from qualcode.domain.coding import Coding
    from qualcode.domain.transcript import DocumentInfo
    from qualcode.storage.db import Transaction


@dataclass
class ReplaceReport:
    document: str
    kept: int = 0
    moved: int = 0
    changed: int = 0
    review: list[Coding] = field(default_factory=list)  # placed near their old place, to check
    turns_before: int = 0
    turns_after: int = 0


@dataclass(frozen=True)
class Renamed:
    id: int
    old: str
    new: str


@dataclass
class ImportReport:
    imported: list[DocumentInfo] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: "file: why"
    warnings: list[str] = field(default_factory=list)
    attributes_set: int = 0


def _insert_through_sqlalchemy(
    tx: Transaction, *, text: bytes | str, cells: tuple[Any, ...], **values: Any
) -> int:
    """``writes.insert`` of a document as the plain writes take it (its text as UTF-8, its turns
    as cells in a row, see ``importers/sources.py``)."""
    from qualcode.importers.sources import rows_of_cells
    from qualcode.storage.documents import writes as documents_repo

    return documents_repo.insert(
        tx,
        text=text if isinstance(text, str) else text.decode("utf-8"),
        turns=rows_of_cells(cells),
        **values,
    )


def _nothing_to_build() -> None:
    """The index was kept (a server's import): nothing to build after the rows."""


@dataclass(frozen=True)
class ImportWrites:
    """An import's writes, bound to its transaction: plain SQL through sqlite3 on a SQLite
    project (``plain_writes``: nothing of SQLAlchemy loaded), SQLAlchemy Core on a server."""

    insert: Callable[..., int]
    set_attributes: Callable[[int, dict[str, str]], None]
    put_setting: Callable[[str, Any], None]
    #: Given the import's bytes, perhaps drops the turns' reading index (SQLite) or leaves the
    #: texts' lines to the end (PostgreSQL); returns what builds them after the last row
    #: (``plain_writes.defer_turns_index``, ``search/postgres.py``'s ``BulkLines``).
    defer_turns_index: Callable[[int], Callable[[], None]] = lambda _bytes: _nothing_to_build
    #: Given the import's bytes, perhaps lets it keep its pages in memory until the commit
    #: (``plain_writes.hold_pages``).
    hold_pages: Callable[[int], None] = lambda _bytes: None

    @classmethod
    def of(cls, tx: Transaction | SqliteTransaction) -> ImportWrites:
        if isinstance(tx, SqliteTransaction):
            from qualcode.storage.documents import plain_writes as plain_documents
            from qualcode.storage.settings import plain_writes as plain_settings

            return cls(
                partial(plain_documents.insert, tx),
                partial(plain_documents.set_attributes, tx),
                partial(plain_settings.put, tx),
                partial(plain_documents.defer_turns_index, tx),
                partial(plain_documents.hold_pages, tx),
            )
        from qualcode.storage.documents import writes as documents_repo
        from qualcode.storage.settings import writes as settings_repo

        if tx.dialect != "postgresql":
            return cls(
                partial(_insert_through_sqlalchemy, tx),
                partial(documents_repo.set_attributes, tx),
                partial(settings_repo.put, tx),
            )
        from qualcode.storage.search.postgres import BulkLines

        lines = BulkLines(tx.conn)
        added: list[int] = []

        def insert(**document: Any) -> int:
            document_id = _insert_through_sqlalchemy(tx, **document)
            added.append(document_id)
            return document_id

        def defer_lines(import_bytes: int) -> Callable[[], None]:
            """The server's lines of the imported texts made in one statement after the last
            document, their trigram index built again when the import is the larger part."""
            lines.start(rebuild_index=lines.pays_to_rebuild(import_bytes))
            return lambda: lines.finish(added)

        return cls(
            insert,
            partial(documents_repo.set_attributes, tx),
            partial(settings_repo.put, tx),
            defer_lines,
        )
