"""Bulk writes make the server's lines at their end; the search index gets the narrower keys.

On PostgreSQL the trigger that keeps each document's lines (0017) now steps aside while the
transaction writing the document has set ``qualcode.bulk_lines`` to on: a copy into a server
or a large import then fills the lines of all its documents in one statement at its end and
builds the trigram index after them (storage/search/postgres.py, ``BulkLines``).

The search index keeps each word form's matching key (0013), and the keys are narrower now (a
verb's forms no longer share a key with the nouns made from it, analysis/words.py): the index
is emptied, so that the next search builds it again with the new keys, as after an import
(``qualcode search`` does that first; the workbench in the background). Until then a search
reads the texts themselves, and a search by lemma waits for the index.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# As in 0017: the rare characters a case-insensitive search takes for a common letter.
_RARE = "\u017f\u0131\u0130\u212a\u212b\u2126\u03f4\u1e9e"
_COMMON = "siik\u00e5\u03c9\u03b8\u00df"
_LINES = f"""
    SELECT NEW.id, (sum(char_length(l.line) + 1) OVER (ORDER BY l.n) - char_length(l.line) - 1)::int
           AS start, translate(l.line, '{_RARE}', '{_COMMON}') AS line
    FROM regexp_split_to_table(NEW.text, E'\\n') WITH ORDINALITY AS l(line, n)
"""


def _function(bulk_check: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION qualcode_search_lines() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {bulk_check}
            DELETE FROM search_lines WHERE document_id = NEW.id;
            INSERT INTO search_lines (document_id, start, text)
            SELECT * FROM ({_LINES}) AS found WHERE found.line <> '';
            RETURN NULL;
        END
        $$
        """


def upgrade() -> None:
    for table in ("search_postings", "search_terms", "search_documents"):
        op.execute(f"DELETE FROM {table}")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        _function(
            "IF current_setting('qualcode.bulk_lines', true) = 'on' THEN RETURN NULL; END IF;"
        )
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_function(""))
