"""The tables of a qualcode project, shared by SQLite and PostgreSQL.

Migrations under ``migrations/versions`` create exactly these tables; a test compares them.
The lengths of the texts a user gives are the limits in ``domain/limits.py``, checked before
a value is written, so SQLite (which ignores a length) and PostgreSQL behave alike.
"""

from __future__ import annotations

import sqlalchemy as sa

from qualcode.domain import limits

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Timestamp = sa.DateTime(timezone=True)

coders = sa.Table(
    "coders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(limits.CODER_NAME.most), nullable=False, unique=True),
    sa.Column("created_at", Timestamp, nullable=False),
    # The member's role in this project (coder, reviewer, admin; see domain/roles.py); NULL
    # for someone who is not a member. A project without members lets everyone do everything.
    sa.Column("role", sa.String(20)),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(limits.DOCUMENT_NAME.most), nullable=False, unique=True),
    sa.Column("source_name", sa.String(limits.SOURCE_NAME.most), nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("word_count", sa.Integer, nullable=False),
    sa.Column("turn_count", sa.Integer, nullable=False),
    sa.Column("imported_by", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("imported_at", Timestamp, nullable=False),
    # The document list from this index alone: the row's text would make SQLite read its
    # overflow pages to reach the columns after it (0018).
    sa.Index(
        "ix_documents_listing",
        "name",
        "source_name",
        "format",
        "sha256",
        "word_count",
        "turn_count",
        "imported_at",
        "imported_by",
    ),
)

turns = sa.Table(
    "turns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("speaker", sa.String(limits.SPEAKER.most)),
    sa.Column("start_seconds", sa.Float),
    sa.Column("end_seconds", sa.Float),
    sa.Column("char_start", sa.Integer, nullable=False),
    sa.Column("char_end", sa.Integer, nullable=False),
    sa.UniqueConstraint("document_id", "position", name="uq_turns_document_position"),
    # The turn holding an offset, index-only: a coding's Pos. is looked up in SQL (0006).
    sa.Index("ix_turns_document_start", "document_id", "char_start", "position"),
)

attributes = sa.Table(
    "attributes",
    metadata,
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("key", sa.String(limits.ATTRIBUTE_KEY.most), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

codebook_versions = sa.Table(
    "codebook_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("label", sa.String(limits.CODEBOOK_VERSION.most), nullable=False),
    sa.Column("title", sa.String(limits.CODEBOOK_TITLE.most), nullable=False),
    sa.Column("language", sa.String(10), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("frozen_at", Timestamp),
    sa.Column("coded_share", sa.Float),
)

categories = sa.Table(
    "categories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("categories.id", ondelete="RESTRICT")),
    sa.Column("position", sa.Integer, nullable=False),  # order among siblings
    sa.Column("code", sa.String(limits.CATEGORY_CODE.most), nullable=False, unique=True),
    sa.Column("name", sa.String(limits.CATEGORY_NAME.most), nullable=False),
    sa.Column("definition", sa.Text, nullable=False),
    sa.Column("coding_rule", sa.Text, nullable=False),
    sa.Column("anchors", sa.JSON, nullable=False),
    sa.Column("origin", sa.String(20), nullable=False),
    sa.Column("reference", sa.Text, nullable=False),
    sa.Column("colour", sa.String(7)),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    # The codebook version in which the guideline last changed after a freeze (NULL: never).
    # Codings of this category made under an older version are due for re-checking.
    sa.Column("revised_in", sa.Integer),
    # Raised by every change to the row, so an editor holding an older one is refused
    # (optimistic concurrency: see CodebookService.edit_category).
    sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.CheckConstraint("origin IN ('deductive', 'inductive')", name="origin"),
    sa.CheckConstraint("status IN ('active', 'draft', 'retired')", name="status"),
)

codings = sa.Table(
    "codings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("category_id", sa.Integer, sa.ForeignKey("categories.id"), nullable=False),
    sa.Column("char_start", sa.Integer, nullable=False),
    sa.Column("char_end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("coder_id", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("coding_pass", sa.String(20), nullable=False),
    sa.Column("codebook_version_id", sa.Integer, sa.ForeignKey("codebook_versions.id")),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    # Why a coder should look at this coding again (e.g. the transcript was replaced); NULL: fine.
    sa.Column("review", sa.Text),
    sa.CheckConstraint("char_end > char_start", name="span"),
    sa.Index("ix_codings_document_start", "document_id", "char_start"),
    sa.Index("ix_codings_category", "category_id"),
    sa.Index("ix_codings_coder", "coder_id"),
    # Progress per document, coder and pass (qualcode status) read from the index alone.
    sa.Index("ix_codings_progress", "document_id", "coder_id", "coding_pass", "char_end", "review"),
    # The codes at each search hit, read from the index alone (0013): the rows hold the text.
    sa.Index(
        "ix_codings_spans",
        "document_id",
        "char_start",
        "char_end",
        "category_id",
        "coder_id",
        "coding_pass",
    ),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("coder_id", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("entity", sa.String(50), nullable=False),
    sa.Column("entity_id", sa.Integer),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("reason", sa.Text, nullable=False),
    # The hash chain (0007, domain/audit_chain.py): the event's place in the chain, the hash of
    # the event before it, and its own hash over its content and that one. Written by the unit
    # of work, under the lock on audit_chain.
    sa.Column("seq", sa.Integer),
    sa.Column("prev_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
    sa.Index("ix_audit_events_entity", "entity", "entity_id"),
    sa.Index("ix_audit_events_at", "at"),
    sa.Index("ix_audit_events_seq", "seq", unique=True),
)

# One row (id 1): the chain's head, (seq, hash) of the last event. A writer locks it to chain
# onto the newest event, and a check compares it with the last event, so that deleting the
# newest events is noticed too.
audit_chain = sa.Table(
    "audit_chain",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

# A reviewer's comments from the reviewer's page (qualcode import-review): each on a coding, a
# turn (document and Pos.) or a category, open for the coder's attention until marked done.
# (export_id, comment_key) names a comment, so importing the same file twice adds nothing.
# position_end (0019): the last Pos. of a coding over several turns (NULL: one Pos.).
review_comments = sa.Table(
    "review_comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("export_id", sa.String(64), nullable=False),
    sa.Column("comment_key", sa.String(100), nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("target", sa.String(20), nullable=False),
    sa.Column("coding_id", sa.Integer),
    sa.Column("document", sa.String(300)),
    sa.Column("position", sa.Integer),
    sa.Column("category", sa.String(50)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("written_at", Timestamp, nullable=False),
    sa.Column("imported_by", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("imported_at", Timestamp, nullable=False),
    sa.Column("done_at", Timestamp),
    sa.Column("position_end", sa.Integer),
    sa.UniqueConstraint("export_id", "comment_key", name="uq_review_comments_export_id"),
    sa.CheckConstraint("target IN ('coding', 'turn', 'category')", name="target"),
)

# Memos (0010): the researcher's notes on the project (no target id), a document, a category or
# a coding (one memo at most per coding, the one shown beside it). A memo goes with what it is
# on; an edit keeps the version before it in memo_versions.
memos = sa.Table(
    "memos",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("target", sa.String(20), nullable=False),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE")),
    sa.Column("category_id", sa.Integer, sa.ForeignKey("categories.id", ondelete="CASCADE")),
    sa.Column(
        "coding_id", sa.Integer, sa.ForeignKey("codings.id", ondelete="CASCADE"), unique=True
    ),
    sa.Column("title", sa.String(limits.MEMO_TITLE.most), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.CheckConstraint("target IN ('project', 'document', 'category', 'coding')", name="target"),
    sa.Index("ix_memos_document", "document_id"),
    sa.Index("ix_memos_category", "category_id"),
)

memo_versions = sa.Table(
    "memo_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("memo_id", sa.Integer, sa.ForeignKey("memos.id", ondelete="CASCADE"), nullable=False),
    sa.Column("title", sa.String(limits.MEMO_TITLE.most), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("saved_at", Timestamp, nullable=False),
    sa.Index("ix_memo_versions_memo", "memo_id"),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
)

# The search index (storage/search/): per document, the rule version and text (sha256) it was
# built from, its sentences (the one rule, domain/sentences.py) as flat [start, end, ...]
# offsets, and the segment holding where its words stand. A document without a current row is
# indexed in the background; deleting a document deletes its row.
search_documents = sa.Table(
    "search_documents",
    metadata,
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("words", sa.Integer, nullable=False),
    sa.Column("segment", sa.Integer, nullable=False, index=True),
    sa.Column("sentences", sa.Text, nullable=False),
    # The document's turns in text order: where each starts, then their Pos., as little-endian
    # unsigned 32-bit integers (the two halves of the same length). None: read the turns table.
    sa.Column("turns", sa.LargeBinary, nullable=True),
)

# Every word form of the project once, with its matching key (analysis/words.py: the stem of
# its lemma), so that a search finds a word's forms without loading the lemma tables.
search_terms = sa.Table(
    "search_terms",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("form", sa.String(100), nullable=False, unique=True),
    sa.Column("key", sa.String(100), nullable=False, index=True),
)

# Where a form stands in the documents of one segment (the documents indexed together), packed
# as unsigned 32-bit integers: document id, count, starts, document id, ... A row per form and
# segment rather than per form and document keeps the rows few (a tenth). An entry counts only
# while its document's row names this segment; a segment no document names any more is deleted.
search_postings = sa.Table(
    "search_postings",
    metadata,
    sa.Column(
        "term_id",
        sa.Integer,
        sa.ForeignKey("search_terms.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("segment", sa.Integer, primary_key=True, index=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# On PostgreSQL only (0017; storage/search/postgres.py): ``search_lines``, each document's lines
# (document_id, start, text) kept by a trigger on documents, with a trigram index on their text.
# Not part of this metadata: a SQLite project has none, and a copy moves the documents, whose
# trigger makes the copy's lines. The schema comparison leaves these out.
POSTGRESQL_ONLY_TABLES = ("search_lines",)

# Case summaries (Fallzusammenfassungen) and the theme matrix's cell summaries: one row per
# version written (category NULL: the summary of the whole case), so each keeps its history;
# the newest row of a (document, category) is the summary. Removing the case or the category
# removes its summaries.
case_summaries = sa.Table(
    "case_summaries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("category_id", sa.Integer, sa.ForeignKey("categories.id", ondelete="CASCADE")),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("written_by", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("written_at", Timestamp, nullable=False),
    sa.Index("ix_case_summaries_document", "document_id", "category_id", "id"),
)

# Mayring's summarising content analysis: per coded passage its paraphrase (Z1), its
# generalisation (Z2) and its reduction (Z3/Z4); ``promoted_to`` is the inductive category the
# reduction became, so the link from category to passage stays.
summary_units = sa.Table(
    "summary_units",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "coding_id",
        sa.Integer,
        sa.ForeignKey("codings.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    sa.Column("paraphrase", sa.Text, nullable=False),
    sa.Column("generalisation", sa.Text, nullable=False),
    sa.Column("reduction", sa.Text, nullable=False),
    sa.Column("promoted_to", sa.Integer, sa.ForeignKey("categories.id", ondelete="SET NULL")),
    sa.Column("updated_by", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)

# The anonymisation table: each term that identifies a person, firm or place, and what stands
# for it in the exports. Personal data: it is the key to the anonymised material, never
# exported with it.
anonymisation_rules = sa.Table(
    "anonymisation_rules",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("term", sa.String(1000), nullable=False, unique=True),
    sa.Column("replacement", sa.String(1000), nullable=False),
    sa.Column("regex", sa.Boolean, nullable=False),
    sa.Column("ignore_case", sa.Boolean, nullable=False),
    sa.Column("added_by", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("added_at", Timestamp, nullable=False),
)

# Dictionary autocoding (0014). A category's search rules, as its codebook file gives them
# (kind: words, lemmas, phrases or regex; unit: match, sentence or turn; speaker: whose turns it
# searches, a role or a speaker's name, "any" for every turn, 0015), replaced whenever the file
# is loaded again.
autocode_rules = sa.Table(
    "autocode_rules",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "category_id",
        sa.Integer,
        sa.ForeignKey("categories.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("pattern", sa.Text, nullable=False),
    sa.Column("unit", sa.String(20), nullable=False),
    sa.Column("speaker", sa.String(40), nullable=False, server_default="any"),
    sa.CheckConstraint("kind IN ('words', 'lemmas', 'phrases', 'regex')", name="kind"),
    sa.CheckConstraint("unit IN ('match', 'sentence', 'turn')", name="unit"),
)

# What the rules found: a proposed coding until the coder accepts it (it becomes a coding,
# ``coding_id``) or rejects it. A passage is proposed once per category, coder who ran the rules
# and their pass then (0015: blind coders each have their own, in the re-check pass those of that
# pass; otherwise every coder sees the first one; NULL: made before passes were kept), so a
# rejected one is not proposed again.
proposals = sa.Table(
    "proposals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "category_id",
        sa.Integer,
        sa.ForeignKey("categories.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("char_start", sa.Integer, nullable=False),
    sa.Column("char_end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("coders.id"), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("decided_by", sa.Integer, sa.ForeignKey("coders.id")),
    sa.Column("decided_at", Timestamp),
    sa.Column("coding_id", sa.Integer),
    sa.Column("coding_pass", sa.String(20)),
    sa.UniqueConstraint(
        "document_id",
        "category_id",
        "char_start",
        "char_end",
        "created_by",
        "coding_pass",
        name="uq_proposals_passage_coder",
    ),
    sa.CheckConstraint("status IN ('proposed', 'accepted', 'rejected')", name="status"),
    sa.CheckConstraint("char_end > char_start", name="span"),
    sa.Index("ix_proposals_status", "status", "category_id"),
)
