"""Every read statement, built with SQLAlchemy Core from the tables in schema.py.

This is where the reads are written; ``python -m qualcode.storage.generate`` compiles them once
for SQLite and once for PostgreSQL into ``storage/_compiled.py``, which the query functions run
without importing SQLAlchemy (a light command on a SQLite project starts in a fraction of a
second). A renamed or dropped column breaks this module, so the generator and the test that
compares its output with the committed module cannot miss it.

Statements are named ``aggregate.read``. Query functions fill three kinds of holes:

- :func:`param` renders as ``:name``, filled by the parameters of the call;
- :func:`in_list` renders as ``(__[name])``, expanded to ``(:name0, :name1, ...)``;
- :data:`FILTERS` renders as ``__[filters]``, replaced by the conditions a call chose (the
  entries named ``statement.condition``), joined with AND.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement, ColumnElement

from qualcode.storage import schema
from qualcode.storage.sql import FILTERS_SLOT, list_slot


class _Param(ColumnElement[Any]):
    """A parameter the query function passes by name (rendered as ``:name``)."""

    inherit_cache = True

    def __init__(self, name: str) -> None:
        self.name = name
        self.type = sa.types.NullType()


class _ListParam(ColumnElement[Any]):
    """A list of values of any length, expanded when the query runs."""

    inherit_cache = True

    def __init__(self, name: str) -> None:
        self.name = name
        self.type = sa.types.NullType()


class _Filters(ColumnElement[Any]):
    """Where a query function puts the conditions it chose (untyped: SQLite adds no ``= 1``)."""

    inherit_cache = True
    type = sa.types.NullType()


class _Unindexed(ColumnElement[Any]):
    """``+column``: the same value, but the planner will not walk an index for it."""

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


class _CodePoints(ColumnElement[Any]):
    """A text column ordered by code points, as Python orders strings (PostgreSQL's own
    collation may follow the language; SQLite compares UTF-8 bytes, which is the same)."""

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


@compiles(_CodePoints)
def _compile_code_points(element: _CodePoints, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(_CodePoints, "postgresql")
def _compile_code_points_pg(element: _CodePoints, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw) + ' COLLATE "C"'


class _JsonArray(ColumnElement[Any]):
    """An aggregate: the group's values of an integer column as one JSON array in text."""

    inherit_cache = True
    type = sa.types.Text()

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column


@compiles(_JsonArray)
def _compile_json_array(element: _JsonArray, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array({compiler.process(element.column, **kw)})"


@compiles(_JsonArray, "postgresql")
def _compile_json_array_pg(element: _JsonArray, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(json_agg({compiler.process(element.column, **kw)}) AS TEXT)"


@compiles(_Param)
def _compile_param(element: _Param, compiler: SQLCompiler, **kw: Any) -> str:
    return f":{element.name}"


@compiles(_ListParam)
def _compile_list(element: _ListParam, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({list_slot(element.name)})"


@compiles(_Filters)
def _compile_filters(element: _Filters, compiler: SQLCompiler, **kw: Any) -> str:
    return FILTERS_SLOT


@compiles(_Unindexed)
def _compile_unindexed(element: _Unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.column, **kw)


def param(name: str) -> ColumnElement[Any]:
    return _Param(name)


def in_list(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    return column.op("IN", return_type=sa.Boolean)(_ListParam(name))


FILTERS: ColumnElement[Any] = _Filters()

count = sa.func.count
coalesce = sa.func.coalesce

# The aliases every statement uses, so that conditions compiled apart fit their statement.
d = schema.documents.alias("d")
k = schema.codings.alias("k")
c = schema.categories.alias("c")
p = schema.coders.alias("p")
t = schema.turns.alias("t")
v = schema.codebook_versions.alias("v")
rv = schema.codebook_versions.alias("rv")
e = schema.audit_events.alias("e")
h = schema.audit_chain.alias("h")
pr = schema.proposals.alias("pr")
ar = schema.autocode_rules.alias("ar")
dp = schema.coders.alias("dp")
a = schema.attributes.alias("a")
s = schema.settings.alias("s")
r = schema.review_comments.alias("r")
sd = schema.search_documents.alias("sd")
st = schema.search_terms.alias("st")
sp = schema.search_postings.alias("sp")
m = schema.memos.alias("m")
mv = schema.memo_versions.alias("mv")
cs = schema.case_summaries.alias("cs")
su = schema.summary_units.alias("su")
an = schema.anonymisation_rules.alias("an")


def _chain_columns() -> sa.Select[Any]:
    return sa.select(
        e.c.id,
        e.c.seq,
        e.c.at,
        coalesce(p.c.name, "").label("coder"),
        e.c.action,
        e.c.entity,
        e.c.entity_id,
        sa.cast(e.c.before, sa.Text).label("before"),
        sa.cast(e.c.after, sa.Text).label("after"),
        e.c.reason,
        e.c.prev_hash,
        e.c.hash,
    ).select_from(e.outerjoin(p, p.c.id == e.c.coder_id))


def _audit() -> dict[str, ClauseElement]:
    events = (
        sa.select(
            e.c.id,
            e.c.at,
            p.c.name.label("coder"),
            e.c.action,
            e.c.entity,
            e.c.entity_id,
            e.c.before,
            e.c.after,
            e.c.reason,
            coalesce(c.c.code, d.c.name).label("subject"),
            e.c.seq,
            e.c.hash,
        )
        .select_from(
            e.join(p, p.c.id == e.c.coder_id)
            .outerjoin(c, sa.and_(e.c.entity == "category", c.c.id == e.c.entity_id))
            .outerjoin(d, sa.and_(e.c.entity == "document", d.c.id == e.c.entity_id))
        )
        .where(FILTERS)
        .order_by(e.c.id)
    )
    return {
        "events": events,
        "events.coder": e.c.coder_id == param("coder_id"),
        "events.entity": e.c.entity == param("entity"),
        "events.entity_ids": in_list(e.c.entity_id, "e"),
        "coding_ids_of_categories": sa.select(k.c.id).where(in_list(k.c.category_id, "c")),
        # The hash chain (domain/audit_chain.py): every event as it is hashed, in chain order.
        # The JSON as text on every driver (psycopg would decode it itself), and an outer join,
        # so that a row with a coder that does not exist is still read and checked.
        "chain": _chain_columns().order_by(e.c.seq, e.c.id),
        "chain_last": _chain_columns().order_by(e.c.seq.desc(), e.c.id.desc()).limit(1),
        "chain_head": sa.select(h.c.seq, h.c.hash).where(h.c.id == 1),
        "count": sa.select(count()).select_from(e),
        # What others changed since the chain's head was last seen (the live workbench): each
        # event's kind, who made it, and for a coding still there, its document.
        "changes_since": sa.select(
            e.c.seq,
            e.c.entity,
            e.c.action,
            p.c.name.label("coder"),
            d.c.name.label("document"),
        )
        .select_from(
            e.join(p, p.c.id == e.c.coder_id)
            .outerjoin(k, sa.and_(e.c.entity == "coding", k.c.id == e.c.entity_id))
            .outerjoin(d, d.c.id == k.c.document_id)
        )
        .where(e.c.seq > param("seq"))
        .order_by(e.c.seq),
    }


def _codebook() -> dict[str, ClauseElement]:
    has_codings = sa.exists().where(k.c.document_id == d.c.id)
    return {
        "current_version": sa.select(
            v.c.id, v.c.label, v.c.title, v.c.language, v.c.description, v.c.source
        )
        .order_by(v.c.id.desc())
        .limit(1),
        "categories": sa.select(
            c.c.id,
            c.c.parent_id,
            c.c.position,
            c.c.code,
            c.c.name,
            c.c.definition,
            c.c.coding_rule,
            c.c.anchors,
            c.c.origin,
            c.c.reference,
            c.c.colour,
            c.c.status,
            c.c.version,
        ),
        "ids_by_code": sa.select(c.c.code, c.c.id),
        # Who changed a category last, and when: named when a concurrent edit is refused.
        "last_change": sa.select(p.c.name.label("coder"), e.c.at)
        .join_from(e, p, p.c.id == e.c.coder_id)
        .where(e.c.entity == "category", e.c.entity_id == param("id"))
        .order_by(e.c.id.desc())
        .limit(1),
        "next_positions": sa.select(c.c.parent_id, sa.func.max(c.c.position).label("top")).group_by(
            c.c.parent_id
        ),
        "versions": sa.select(
            v.c.id,
            v.c.label,
            v.c.created_at,
            v.c.reason,
            v.c.frozen_at,
            v.c.coded_share,
            p.c.name.label("created_by"),
        )
        .join_from(v, p, p.c.id == v.c.created_by)
        .order_by(v.c.id),
        "coded_share": sa.select(
            count().label("docs"),
            coalesce(sa.func.sum(d.c.word_count), 0).label("words"),
            coalesce(sa.func.sum(sa.case((has_codings, 1), else_=0)), 0).label("docs_coded"),
            coalesce(sa.func.sum(sa.case((has_codings, d.c.word_count), else_=0)), 0).label(
                "words_coded"
            ),
        ),
    }


def _coders() -> dict[str, ClauseElement]:
    return {
        "find": sa.select(p.c.id).where(p.c.name == param("name")),
        "names": sa.select(p.c.name).order_by(p.c.name),
        "ids": sa.select(p.c.name, p.c.id),
        "members": sa.select(p.c.name, p.c.role).where(p.c.role.is_not(None)).order_by(p.c.name),
        # The acting coder's role and whether the project has members at all, in one step.
        "access": sa.select(
            sa.select(p.c.role).where(p.c.name == param("name")).scalar_subquery().label("role"),
            sa.exists().where(p.c.role.is_not(None)).label("has_members"),
        ),
    }


# A coding made under an older codebook version than the one that last revised its category.
_STALE = sa.and_(
    c.c.revised_in.is_not(None),
    sa.or_(k.c.codebook_version_id.is_(None), k.c.codebook_version_id < c.c.revised_in),
)

# The same, among the categories revised after a freeze (named, so that the database starts
# from their index instead of every coding), for codings without a review note of their own.
_STALE_OF_REVISED = sa.and_(
    in_list(k.c.category_id, "rc"),
    k.c.review.is_(None),
    sa.or_(k.c.codebook_version_id.is_(None), k.c.codebook_version_id < c.c.revised_in),
)


def _turn_at(offset: ColumnElement[Any]) -> ColumnElement[Any]:
    """The Pos. of the turn holding an offset of the coding: one seek in ix_turns_document_start
    (the first turn's, should the coding start before any turn)."""
    return coalesce(
        sa.select(t.c.position)
        .where(t.c.document_id == k.c.document_id, t.c.char_start <= offset)
        .order_by(t.c.char_start.desc())
        .limit(1)
        .scalar_subquery(),
        sa.select(sa.func.min(t.c.position))
        .where(t.c.document_id == k.c.document_id)
        .scalar_subquery(),
    )


def _coding_memo() -> ColumnElement[Any]:
    """A coding's memo (empty without one), from the memo store: one seek in its unique index."""
    text = sa.select(m.c.text).where(m.c.coding_id == k.c.id).scalar_subquery()
    return coalesce(text, sa.literal(""))


def _codings() -> dict[str, ClauseElement]:
    review = sa.case(
        (k.c.review.is_not(None), k.c.review),
        (
            _STALE,
            sa.literal("the category changed in codebook version ")
            + rv.c.label
            + " after this coding was made: check it again",
        ),
    )
    coding = sa.select(
        k.c.id,
        k.c.document_id,
        k.c.char_start,
        k.c.char_end,
        k.c.text,
        _coding_memo().label("memo"),
        k.c.coding_pass,
        k.c.created_at,
        k.c.updated_at,
        d.c.name.label("document_name"),
        c.c.code.label("category_code"),
        c.c.name.label("category_name"),
        p.c.name.label("coder_name"),
        v.c.label.label("codebook_version"),
        review.label("review"),
        _turn_at(k.c.char_start).label("position"),
        _turn_at(k.c.char_end - 1).label("position_end"),
    ).select_from(
        k.join(d, d.c.id == k.c.document_id)
        .join(c, c.c.id == k.c.category_id)
        .join(p, p.c.id == k.c.coder_id)
        .outerjoin(v, v.c.id == k.c.codebook_version_id)
        .outerjoin(rv, rv.c.id == c.c.revised_in)
    )
    of_category = k.join(c, c.c.id == k.c.category_id)
    return {
        "same_as": sa.select(sa.func.min(k.c.id)).where(
            k.c.document_id == param("d"),
            k.c.category_id == param("c"),
            k.c.coder_id == param("p"),
            k.c.coding_pass == param("pass"),
            k.c.char_start == param("s"),
            k.c.char_end == param("e"),
        ),
        "get": coding.where(k.c.id == param("id")),
        # What word frequencies and suggestions count: each coded passage's category and text.
        "texts": sa.select(
            c.c.code.label("category_code"),
            d.c.name.label("document_name"),
            k.c.char_start,
            k.c.char_end,
            k.c.text,
        ).select_from(k.join(d, d.c.id == k.c.document_id).join(c, c.c.id == k.c.category_id)),
        "query": coding.where(FILTERS).order_by(d.c.name, k.c.char_start, k.c.char_end, k.c.id),
        "query.document": k.c.document_id == param("document_id"),
        "query.categories": in_list(k.c.category_id, "c"),
        "query.coder": k.c.coder_id == param("coder_id"),
        "query.pass": k.c.coding_pass == param("coding_pass"),
        "query.needs_review": sa.or_(k.c.review.is_not(None), _STALE),
        "count": sa.select(count()).select_from(k),
        "count_flagged": sa.select(count()).select_from(k).where(k.c.review.is_not(None)),
        "count_stale": sa.select(count()).select_from(of_category).where(_STALE_OF_REVISED),
        "counts_by_coder": sa.select(p.c.name.label("name"), count().label("n"))
        .join_from(k, p, p.c.id == k.c.coder_id)
        .group_by(p.c.name)
        .order_by(p.c.name),
        "counts_by_category": sa.select(c.c.code.label("code"), count().label("n"))
        .select_from(of_category)
        .where(FILTERS)
        .group_by(c.c.code),
        "counts_by_category.coder": k.c.coder_id == param("coder_id"),
        "counts_by_category.pass": k.c.coding_pass == param("coding_pass"),
        "spans": sa.select(
            k.c.id,
            d.c.name.label("document"),
            c.c.code.label("code"),
            k.c.char_start,
            k.c.char_end,
        )
        .select_from(k.join(d, d.c.id == k.c.document_id).join(c, c.c.id == k.c.category_id))
        .where(FILTERS)
        .order_by(d.c.name, k.c.char_start, k.c.id),
        "spans.coder": k.c.coder_id == param("coder_id"),
        "spans.pass": k.c.coding_pass == param("coding_pass"),
    }


def _documents() -> dict[str, ClauseElement]:
    document = sa.select(
        d.c.id,
        d.c.name,
        d.c.source_name,
        d.c.format,
        d.c.sha256,
        d.c.word_count,
        d.c.turn_count,
        d.c.imported_at,
        p.c.name.label("imported_by_name"),
    ).join_from(d, p, p.c.id == d.c.imported_by)
    turn = (t.c.position, t.c.speaker, t.c.start_seconds, t.c.end_seconds, t.c.char_start)
    return {
        "coding_counts": sa.select(k.c.document_id, count().label("n"))
        .where(FILTERS)
        .group_by(k.c.document_id),
        "coding_counts.coder": k.c.coder_id
        == sa.select(p.c.id).where(p.c.name == param("coder")).scalar_subquery(),
        "coding_counts.pass": k.c.coding_pass == param("coding_pass"),
        "attributes": sa.select(a.c.document_id, a.c.key, a.c.value).order_by(
            a.c.document_id, a.c.key
        ),
        "attributes_of": sa.select(a.c.key, a.c.value)
        .where(a.c.document_id == param("id"))
        .order_by(a.c.key),
        "all": document.order_by(d.c.name),
        # The first of "all" (what the workbench opens with), without reading the others.
        "first_name": sa.select(d.c.name).order_by(d.c.name).limit(1),
        "get": document.where(d.c.id == param("id")),
        "coding_count": sa.select(count()).select_from(k).where(k.c.document_id == param("id")),
        "id_of_name": sa.select(d.c.id).where(d.c.name == param("name")),
        "id_of_id": sa.select(d.c.id).where(d.c.id == param("id")),
        "id_by_name": sa.select(d.c.name, d.c.id),
        "name_by_sha256": sa.select(d.c.sha256, d.c.name),
        "name_of_sha256": sa.select(d.c.name).where(d.c.sha256 == param("sha")),
        "text": sa.select(d.c.text).where(d.c.id == param("id")),
        # A passage and the length of a text, counted in characters by the database: coding
        # in a 200 MB transcript reads neither the whole text nor every turn.
        "passage": sa.select(
            sa.func.substr(d.c.text, param("begin"), param("length")).label("passage")
        ).where(d.c.id == param("id")),
        "text_length": sa.select(sa.func.length(d.c.text).label("length")).where(
            d.c.id == param("id")
        ),
        "turn_edges": sa.select(t.c.position, t.c.char_start, t.c.char_end).where(
            t.c.document_id == param("id"),
            t.c.position.in_([param("first"), param("last")]),
        ),
        "turns": sa.select(*turn, t.c.char_end)
        .where(t.c.document_id == param("id"))
        .order_by(t.c.position),
        "texts": sa.select(d.c.id, d.c.text).where(in_list(d.c.id, "d")),
        "totals": sa.select(
            count().label("n"),
            coalesce(sa.func.sum(d.c.turn_count), 0).label("turns"),
            coalesce(sa.func.sum(d.c.word_count), 0).label("words"),
        ),
        "turn_spans": sa.select(
            t.c.document_id, t.c.position, t.c.speaker, t.c.char_start, t.c.char_end
        )
        .where(in_list(t.c.document_id, "d"))
        .order_by(t.c.document_id, t.c.position),
        "turns_of": sa.select(t.c.document_id, *turn, t.c.char_end)
        .where(in_list(t.c.document_id, "d"))
        .order_by(t.c.document_id, t.c.position),
    }


def _exports() -> dict[str, ClauseElement]:
    # An export's scope, the same for its counts and its codings (see exports.Scope).
    scope = {
        "documents": in_list(k.c.document_id, "d"),
        "categories": in_list(k.c.category_id, "c"),
        "coders": in_list(k.c.coder_id, "p"),
        "passes": in_list(k.c.coding_pass, "s"),
    }
    first: ColumnElement[Any] = sa.literal_column("1")
    second: ColumnElement[Any] = sa.literal_column("2")
    return {
        # The unary plus keeps SQLite from walking the (document, start) index row by row
        # through a table whose rows hold the coded text (see exports.grouped_counts).
        "grouped_counts": sa.select(
            _Unindexed(k.c.document_id).label("document_id"),
            k.c.category_id.label("category_id"),
            count().label("n"),
        )
        .where(FILTERS)
        .group_by(first, second),
        "codings": sa.select(
            k.c.id,
            k.c.document_id,
            k.c.category_id,
            k.c.char_start,
            k.c.char_end,
            k.c.text,
            k.c.coder_id,
            k.c.coding_pass,
            k.c.codebook_version_id,
            _coding_memo().label("memo"),
            k.c.created_at,
            k.c.updated_at,
        ).where(FILTERS),
        # Co-occurrence and counting passages once need only where each coding lies.
        "placed": sa.select(
            k.c.document_id, k.c.category_id, k.c.char_start, k.c.char_end, k.c.id, k.c.coder_id
        ).where(FILTERS),
        # Quotes read the codings document by document, beside the documents' texts (see
        # exports.document_spans). Ordered by the leading columns of ix_codings_spans alone, so
        # that SQLite reads that index and never the table: the quotes are sorted afterwards,
        # and the coding id as a last key would make it read each coding's row (twice the time).
        "spans": sa.select(
            k.c.id,
            k.c.document_id,
            k.c.category_id,
            k.c.char_start,
            k.c.char_end,
            k.c.coder_id,
        )
        .where(FILTERS)
        .order_by(k.c.document_id, k.c.char_start),
        # The stored text of a document's codings, for a document without turns.
        "stored_texts": sa.select(k.c.id, k.c.text).where(k.c.document_id == param("id")),
        "document_texts": sa.select(d.c.id, d.c.name, d.c.text).where(FILTERS).order_by(d.c.id),
        "document_texts.documents": in_list(d.c.id, "d"),
        # Where each coder's codings start, in the order quotes list them (whose codings a
        # table counts is named in that order).
        "first_codings": sa.select(
            k.c.coder_id, d.c.name.label("document"), k.c.char_start, k.c.char_end, k.c.id
        )
        .select_from(k.join(d, d.c.id == k.c.document_id))
        .where(FILTERS)
        .order_by(_CodePoints(d.c.name), k.c.char_start, k.c.char_end, k.c.id)
        .limit(1),
        **{
            f"{statement}.{name}": condition
            for statement in ("grouped_counts", "codings", "placed", "spans", "first_codings")
            for name, condition in scope.items()
        },
        "document_names": sa.select(d.c.id, d.c.name),
        "category_names": sa.select(c.c.id, c.c.code, c.c.name),
        "coder_names": sa.select(p.c.id, p.c.name),
        "version_labels": sa.select(v.c.id, v.c.label),
        "turn_starts": sa.select(t.c.document_id, t.c.char_start, t.c.position)
        .where(FILTERS)
        .order_by(t.c.document_id, t.c.char_start),
        "turn_starts.documents": in_list(t.c.document_id, "d"),
        "turn_spans": sa.select(
            t.c.document_id, t.c.char_start, t.c.char_end, t.c.position, t.c.start_seconds
        )
        .where(FILTERS)
        .order_by(t.c.document_id, t.c.char_start),
        "turn_spans.documents": in_list(t.c.document_id, "d"),
    }


def _progress() -> dict[str, ClauseElement]:
    g = (
        sa.select(
            k.c.document_id,
            k.c.coder_id,
            k.c.coding_pass,
            count().label("n"),
            sa.func.max(k.c.char_end).label("reach"),
            sa.func.sum(sa.case((k.c.review.is_not(None), 1), else_=0)).label("reviewed"),
        )
        .group_by(k.c.document_id, k.c.coder_id, k.c.coding_pass)
        .subquery("g")
    )
    reached = (
        sa.select(sa.func.max(t.c.position))
        .where(t.c.document_id == g.c.document_id, t.c.char_start < g.c.reach)
        .scalar_subquery()
    )
    group = (k.c.document_id, k.c.coder_id, k.c.coding_pass)
    return {
        "revised_categories": sa.select(c.c.id).where(c.c.revised_in.is_not(None)),
        "by_document_coder_pass": sa.select(
            d.c.name.label("document"),
            p.c.name.label("coder"),
            g.c.document_id,
            g.c.coder_id,
            g.c.coding_pass,
            g.c.n,
            g.c.reviewed,
            reached.label("reached"),
        )
        .select_from(g.join(d, d.c.id == g.c.document_id).join(p, p.c.id == g.c.coder_id))
        .order_by(d.c.name, p.c.name, g.c.coding_pass),
        "stale_by_document_coder_pass": sa.select(*group, count().label("n"))
        .select_from(k.join(c, c.c.id == k.c.category_id))
        .where(_STALE_OF_REVISED)
        .group_by(*group),
    }


def _review() -> dict[str, ClauseElement]:
    return {
        "comments": sa.select(
            r.c.id,
            r.c.export_id,
            r.c.comment_key,
            r.c.reviewer,
            r.c.target,
            r.c.coding_id,
            r.c.document,
            r.c.position,
            r.c.position_end,
            r.c.category,
            r.c.text,
            r.c.written_at,
            p.c.name.label("imported_by"),
            r.c.imported_at,
            r.c.done_at,
        )
        .select_from(r.join(p, p.c.id == r.c.imported_by))
        .where(FILTERS)
        .order_by(r.c.id),
        "comments.open": r.c.done_at.is_(None),
        "keys": sa.select(r.c.comment_key).where(r.c.export_id == param("export_id")),
    }


def _summaries() -> dict[str, ClauseElement]:
    newest = (
        sa.select(sa.func.max(cs.c.id))
        .group_by(cs.c.document_id, cs.c.category_id)
        .scalar_subquery()
    )
    columns = sa.select(
        cs.c.id,
        cs.c.document_id,
        d.c.name.label("document"),
        c.c.code.label("category"),
        cs.c.text,
        p.c.name.label("author"),
        cs.c.written_at,
    ).select_from(
        cs.join(d, d.c.id == cs.c.document_id)
        .join(p, p.c.id == cs.c.written_by)
        .outerjoin(c, c.c.id == cs.c.category_id)
    )
    return {
        # The newest version of every summary (category NULL: the case summary).
        "current": columns.where(cs.c.id.in_(newest), FILTERS).order_by(d.c.name, c.c.code),
        "current.document": cs.c.document_id == param("document_id"),
        # Every version of one summary, oldest first.
        "history": columns.where(cs.c.document_id == param("document_id"), FILTERS).order_by(
            cs.c.id
        ),
        "history.case": cs.c.category_id.is_(None),
        "history.cell": cs.c.category_id == param("category_id"),
        # The summarising technique's units, with the category their reduction became.
        "units": sa.select(
            su.c.coding_id,
            su.c.paraphrase,
            su.c.generalisation,
            su.c.reduction,
            c.c.code.label("promoted"),
            p.c.name.label("author"),
            su.c.updated_at,
        )
        .select_from(su.join(p, p.c.id == su.c.updated_by).outerjoin(c, c.c.id == su.c.promoted_to))
        .order_by(su.c.coding_id),
    }


def _memos() -> dict[str, ClauseElement]:
    kd = schema.documents.alias("kd")
    kc = schema.categories.alias("kc")
    return {
        # Each memo with what it is on, named for people (document, category code, or the
        # coding's document, category and first turn).
        "list": sa.select(
            m.c.id,
            m.c.target,
            m.c.document_id,
            m.c.category_id,
            m.c.coding_id,
            m.c.title,
            m.c.text,
            p.c.name.label("author"),
            m.c.created_at,
            m.c.updated_at,
            d.c.name.label("document_name"),
            c.c.code.label("category_code"),
            c.c.name.label("category_name"),
            kd.c.name.label("coding_document"),
            kc.c.code.label("coding_category"),
            _turn_at(k.c.char_start).label("coding_position"),
        )
        .select_from(
            m.join(p, p.c.id == m.c.author_id)
            .outerjoin(d, d.c.id == m.c.document_id)
            .outerjoin(c, c.c.id == m.c.category_id)
            .outerjoin(k, k.c.id == m.c.coding_id)
            .outerjoin(kd, kd.c.id == k.c.document_id)
            .outerjoin(kc, kc.c.id == k.c.category_id)
        )
        .where(FILTERS)
        .order_by(m.c.id),
        "list.id": m.c.id == param("id"),
        "list.target": m.c.target == param("target"),
        "versions": sa.select(
            mv.c.memo_id,
            mv.c.title,
            mv.c.text,
            p.c.name.label("author"),
            mv.c.saved_at,
        )
        .select_from(mv.join(p, p.c.id == mv.c.author_id))
        .where(FILTERS)
        .order_by(mv.c.memo_id, mv.c.id),
        "versions.memo": mv.c.memo_id == param("id"),
        "of_documents": sa.select(m.c.document_id, m.c.text)
        .where(m.c.target == "document")
        .order_by(m.c.document_id, m.c.id),
    }


def _settings() -> dict[str, ClauseElement]:
    return {
        # As text on every driver: psycopg would decode the JSON itself, sqlite3 does not.
        "get": sa.select(sa.cast(s.c.value, sa.Text)).where(s.c.key == param("key")),
        "speakers": sa.select(
            t.c.speaker,
            count().label("turns"),
            count(sa.distinct(t.c.document_id)).label("documents"),
        )
        .where(t.c.speaker.is_not(None))
        .group_by(t.c.speaker)
        .order_by(t.c.speaker),
    }


def _proposals() -> dict[str, ClauseElement]:
    position = coalesce(
        sa.select(t.c.position)
        .where(t.c.document_id == pr.c.document_id, t.c.char_start <= pr.c.char_start)
        .order_by(t.c.char_start.desc())
        .limit(1)
        .scalar_subquery(),
        1,
    )
    # What a proposal is wherever it is listed: the passage, the rule and the decision.
    found = (
        pr.c.id,
        d.c.name.label("document"),
        c.c.code.label("category"),
        pr.c.char_start,
        pr.c.char_end,
        pr.c.text,
        pr.c.rule,
        pr.c.status,
    )
    return {
        "list": sa.select(
            *found, dp.c.name.label("decided_by"), pr.c.coding_id, position.label("position")
        )
        .select_from(
            pr.join(d, d.c.id == pr.c.document_id)
            .join(c, c.c.id == pr.c.category_id)
            .outerjoin(dp, dp.c.id == pr.c.decided_by)
        )
        .where(FILTERS)
        .order_by(d.c.name, pr.c.char_start, pr.c.char_end, c.c.code),
        "list.status": pr.c.status == param("status"),
        "list.categories": in_list(pr.c.category_id, "c"),
        "list.document": pr.c.document_id == param("document_id"),
        "list.ids": in_list(pr.c.id, "i"),
        # A blind coder's own proposals (the others' stay unseen).
        "list.creator": pr.c.created_by == param("created_by"),
        "list.pass": pr.c.coding_pass == param("coding_pass"),
        # Every proposal with its whole record, as a project exchange carries it.
        "records": sa.select(
            *found,
            p.c.name.label("created_by"),
            pr.c.created_at,
            dp.c.name.label("decided_by"),
            pr.c.decided_at,
            pr.c.coding_id,
            pr.c.coding_pass,
        )
        .select_from(
            pr.join(d, d.c.id == pr.c.document_id)
            .join(c, c.c.id == pr.c.category_id)
            .join(p, p.c.id == pr.c.created_by)
            .outerjoin(dp, dp.c.id == pr.c.decided_by)
        )
        .order_by(pr.c.id),
        "known": sa.select(
            pr.c.document_id, pr.c.category_id, pr.c.char_start, pr.c.char_end
        ).where(FILTERS),
        "known.document": pr.c.document_id == param("document_id"),
        "known.creator": pr.c.created_by == param("created_by"),
        "known.pass": pr.c.coding_pass == param("coding_pass"),
        "rules": sa.select(
            c.c.code.label("category"), ar.c.kind, ar.c.pattern, ar.c.unit, ar.c.speaker
        )
        .select_from(ar.join(c, c.c.id == ar.c.category_id))
        .order_by(c.c.code, ar.c.position, ar.c.id),
    }


def _search() -> dict[str, ClauseElement]:
    return {
        # Each document beside what the index holds of it: missing or stale rows are indexed.
        "documents": sa.select(
            d.c.id,
            d.c.name,
            d.c.sha256,
            d.c.word_count,
            sd.c.sha256.label("indexed_sha256"),
            sd.c.version,
            sd.c.segment,
        )
        .select_from(d.outerjoin(sd, sd.c.document_id == d.c.id))
        .order_by(d.c.name),
        "terms": sa.select(st.c.id, st.c.form, st.c.key),
        # The forms a plain search looks at (a pattern of the letters SQL lowercases alike).
        "terms_like": sa.select(st.c.id, st.c.form, st.c.key).where(
            st.c.form.ilike(param("pattern"))
        ),
        "last_term": sa.select(coalesce(sa.func.max(st.c.id), 0)),
        "last_segment": sa.select(coalesce(sa.func.max(sp.c.segment), 0)),
        "postings": sa.select(sp.c.term_id, sp.c.segment, sp.c.data).where(
            in_list(sp.c.term_id, "t")
        ),
        "segments_of": sa.select(sd.c.document_id, sd.c.segment).where(
            in_list(sd.c.document_id, "d")
        ),
        "segment_used": sa.select(count()).select_from(sd).where(sd.c.segment == param("segment")),
        # Per document, its codings as three JSON arrays (starts, ends, category ids) and its
        # turns as two (positions, starts): a common word's hits reach every document, and one
        # row per document is read many times faster than a row per coding; numbers in JSON
        # are packed and parsed in C.
        "coded_spans": sa.select(
            k.c.document_id,
            _JsonArray(k.c.char_start).label("starts"),
            _JsonArray(k.c.char_end).label("ends"),
            _JsonArray(k.c.category_id).label("categories"),
        )
        .where(in_list(k.c.document_id, "d"), FILTERS)
        .group_by(k.c.document_id),
        "coded_spans.coder": k.c.coder_id
        == sa.select(p.c.id).where(p.c.name == param("coder")).scalar_subquery(),
        "coded_spans.pass": k.c.coding_pass == param("coding_pass"),
        "turn_starts": sa.select(
            t.c.document_id,
            _JsonArray(t.c.position).label("positions"),
            _JsonArray(t.c.char_start).label("starts"),
        )
        .where(in_list(t.c.document_id, "d"))
        .group_by(t.c.document_id),
        "sentences": sa.select(sd.c.document_id, sd.c.sha256, sd.c.version, sd.c.sentences).where(
            in_list(sd.c.document_id, "d")
        ),
        # The turns the index keeps (packed by the index, in text order).
        "stored_turns": sa.select(sd.c.document_id, sd.c.turns).where(
            in_list(sd.c.document_id, "d"), sd.c.turns.is_not(None)
        ),
    }


def _anonymisation() -> dict[str, ClauseElement]:
    return {
        # The replacement table in the order it was written.
        "rules": sa.select(
            an.c.id,
            an.c.term,
            an.c.replacement,
            an.c.regex,
            an.c.ignore_case,
            p.c.name.label("added_by"),
            an.c.added_at,
        )
        .select_from(an.join(p, p.c.id == an.c.added_by))
        .order_by(an.c.id),
    }


def reads() -> dict[str, ClauseElement]:
    """Every read statement and condition, by ``aggregate.name``."""
    found: dict[str, ClauseElement] = {}
    for aggregate, statements in (
        ("anonymisation", _anonymisation()),
        ("audit", _audit()),
        ("codebook", _codebook()),
        ("coders", _coders()),
        ("codings", _codings()),
        ("documents", _documents()),
        ("exports", _exports()),
        ("progress", _progress()),
        ("memos", _memos()),
        ("proposals", _proposals()),
        ("review", _review()),
        ("search", _search()),
        ("settings", _settings()),
        ("summaries", _summaries()),
    ):
        found.update({f"{aggregate}.{name}": element for name, element in statements.items()})
    return found
