"""The search on a PostgreSQL project: the server narrows the texts Python searches.

A search the project's own index cannot answer (a pattern, a phrase, text across words, or
documents not indexed yet) reads every text on SQLite. On a server, the server first finds the
lines (or documents) that can hold a hit, with its trigram index (``storage/search/postgres.py``)
and a pattern widened so that it matches wherever Python's does (``analysis/prefilter.py``);
Python then searches only those, so the hits, their order and their lines are those of the
search over every text. Where the server cannot narrow, every text is read as before.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from qualcode.domain.search import SearchQuery

if TYPE_CHECKING:
    from qualcode.storage.db import Database
    from qualcode.storage.reader import Reader

#: Per document that can hold a hit, its lines to search (``(start, end)``), or None to search
#: its whole text.
Candidates = dict[int, list[tuple[int, int]] | None]


def server_candidates(
    reader: Reader, query: SearchQuery, documents: Collection[int]
) -> Candidates | None:
    """The documents among ``documents`` that can hold a hit of ``query``, with the lines to
    search in each; None when the server cannot tell (every text is searched then)."""
    from qualcode.analysis.prefilter import prefilter
    from qualcode.analysis.search import text_pattern
    from qualcode.storage.search import postgres

    if reader.dialect != "postgresql" or not postgres.has_lines(reader):
        return None
    found = prefilter(text_pattern(query))
    if found is None:
        return None
    if found.by_line:
        lines = postgres.candidate_lines(reader, found.pattern, documents)
        return None if lines is None else dict(lines)
    chosen = postgres.candidate_documents(reader, found.pattern, documents)
    return None if chosen is None else dict.fromkeys(chosen)


def trigram_notice(database: Database) -> str | None:
    """One line when searches on this server run without the trigram index, saying what an
    administrator types to add it; None on SQLite and where the index is there. Where an
    administrator has installed the extension since, the index is made now (once)."""
    from qualcode.storage.search import postgres

    if database.dialect != "postgresql":
        return None
    with database.reading() as reader:
        if not postgres.has_lines(reader):
            return None
        extension, index = postgres.trigram_state(reader)
        name = str(reader.scalar("SELECT current_database()"))
    if index:
        return None
    if extension:
        with database.transaction() as tx:
            if postgres.ensure_trigram_index(tx.conn):
                return None
    return (
        "searches on this server run without the trigram index (the extension pg_trgm is "
        f"not installed in the database {name}, and this login may not install it); an "
        f"administrator adds it with:  psql -d {name} -c '{postgres.INSTALL_EXTENSION}'  "
        "(qualcode builds the index at the next search)"
    )
