"""The search on PostgreSQL: the texts' lines with a trigram index (nothing on SQLite).

``search_lines`` keeps each document's lines (where each starts, its text with a few rare
characters folded, see below; empty lines left out), filled here for the documents there are
and by a trigger whenever a document is added or its text changes; a GIN index of the extension
``pg_trgm`` on their text lets a regular expression find its lines without reading every text
(storage/search/postgres.py). Installing the extension needs the right to create in the
database: without it the upgrade goes on, the lines are kept without the index, and ``qualcode
search`` says what an administrator types.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# The rare characters a case-insensitive search takes for a common letter, folded to it in the
# lines (analysis/prefilter.py's FOLDED, which a test keeps equal): the long s, the dotless i,
# the capital I with a dot, the Kelvin sign, the Angstrom sign, the Ohm sign, the capital theta
# symbol, the capital sharp s.
_RARE = "\u017f\u0131\u0130\u212a\u212b\u2126\u03f4\u1e9e"
_COMMON = "siik\u00e5\u03c9\u03b8\u00df"
_LINES_OF = """
    SELECT {id}, (sum(char_length(l.line) + 1) OVER (ORDER BY l.n) - char_length(l.line) - 1)::int
           AS start, translate(l.line, '{rare}', '{common}') AS line
    FROM regexp_split_to_table({text}, E'\\n') WITH ORDINALITY AS l(line, n)
"""


def _lines_of(document: str, text: str) -> str:
    """The lines of a text as rows (document, start, line), the empty ones included."""
    return _LINES_OF.format(id=document, text=text, rare=_RARE, common=_COMMON)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.create_table(
        "search_lines",
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "start", name="pk_search_lines"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_search_lines_document_id_documents",
            ondelete="CASCADE",
        ),
    )
    lines = _lines_of("NEW.id", "NEW.text")
    op.execute(
        f"""
        CREATE FUNCTION qualcode_search_lines() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM search_lines WHERE document_id = NEW.id;
            INSERT INTO search_lines (document_id, start, text)
            SELECT * FROM ({lines}) AS found WHERE found.line <> '';
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER documents_search_lines AFTER INSERT OR UPDATE OF text ON documents "
        "FOR EACH ROW EXECUTE FUNCTION qualcode_search_lines()"
    )
    every = _lines_of("d.id", "d.text")
    op.execute(
        "INSERT INTO search_lines (document_id, start, text) SELECT found.* FROM documents AS d "
        f"CROSS JOIN LATERAL ({every}) AS found WHERE found.line <> ''"
    )
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            bind.exec_driver_sql(
                "CREATE INDEX ix_search_lines_trigram ON search_lines USING gin (text gin_trgm_ops)"
            )
    except sa.exc.DBAPIError:
        pass  # no right to install it: searched without the index, and qualcode search says so


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS documents_search_lines ON documents")
    op.execute("DROP FUNCTION IF EXISTS qualcode_search_lines()")
    op.drop_table("search_lines")
