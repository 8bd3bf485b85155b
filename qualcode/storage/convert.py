"""Rows to domain dataclasses: the only place that knows both shapes (Elia's converters idea).

The front ends receive these plain, frozen objects, never live database rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from qualcode.domain.transcript import DocumentInfo, Turn

# The codebook's and the coding's types are loaded when a read first makes one: listing the
# documents (what the workbench and `qualcode documents` start with) needs neither.
if TYPE_CHECKING:
    from qualcode.domain.codebook import Anchor, Category
    from qualcode.domain.coding import Coding


@cache
def _coding_type() -> type[Coding]:
    from qualcode.domain.coding import Coding

    return Coding


def utc(value: datetime | str) -> datetime:
    """A stored timestamp as an aware UTC datetime.

    SQLite keeps timestamps as ISO text without a zone (and the standard library hands them back
    as text); PostgreSQL returns aware datetimes. Everything qualcode stores is UTC.
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso_seconds(value: datetime | str) -> str:
    """A stored timestamp as the JSON output writes it: ``utc(value).isoformat(timespec=
    "seconds")`` ("2026-03-14T09:30:05+00:00").

    Text in the form SQLAlchemy stores in SQLite ("2026-03-14 09:30:05.123456") is cut into
    place (a tenth of the time of parsing and printing it: 20,000 codings have 40,000 of
    them); anything else goes the long way.
    """
    if (
        isinstance(value, str)
        and len(value) == 26
        and value[10] == " "
        and value[19] == "."
        and value[:4].isdigit()
        and value[20:].isdigit()
    ):
        return f"{value[:10]}T{value[11:19]}+00:00"
    return utc(value).isoformat(timespec="seconds")


def coding_record(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A coding's row as the JSON listing prints it (``qualcode codings --json``, see README):
    the fields of :func:`coding` under their documented names, its times in ISO 8601.

    Built straight from the row: a script listing 20,000 codings needs no Coding for each.
    """
    return {
        "id": row["id"],
        "document": row["document_name"],
        "category": row["category_code"],
        "category_name": row["category_name"],
        "start": row["char_start"],
        "end": row["char_end"],
        "position": row.get("position"),
        "position_end": row.get("position_end"),
        "text": row["text"],
        "coder": row["coder_name"],
        "memo": row["memo"],
        "pass": row["coding_pass"],
        "codebook_version": row["codebook_version"],
        "review": row["review"],
        "created": iso_seconds(row["created_at"]),
        "updated": iso_seconds(row["updated_at"]),
    }


def anchors_to_json(anchors: tuple[Anchor, ...]) -> list[dict[str, Any]]:
    return [{"text": a.text, "document": a.document, "position": a.position} for a in anchors]


def anchors_from_json(data: Any) -> tuple[Anchor, ...]:
    import json

    from qualcode.domain.codebook import Anchor  # a codebook's categories are few

    if isinstance(data, str):  # SQLite through the standard library: JSON as text
        data = json.loads(data)
    return tuple(
        Anchor(text=str(a["text"]), document=str(a["document"]), position=int(a["position"]))
        for a in data or []
    )


def category(row: Mapping[Any, Any], parent_code: str | None) -> Category:
    from qualcode.domain.codebook import Category

    return Category(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        definition=row["definition"],
        coding_rule=row["coding_rule"],
        origin=row["origin"],
        reference=row["reference"],
        anchors=anchors_from_json(row["anchors"]),
        parent=parent_code,
        colour=row["colour"],
        status=row["status"],
        order=row["position"],
        version=int(row["version"]),
    )


def turn(row: Mapping[Any, Any]) -> Turn:
    return Turn(
        position=row["position"],
        speaker=row["speaker"],
        char_start=row["char_start"],
        char_end=row["char_end"],
        start=row["start_seconds"],
        end=row["end_seconds"],
    )


def document(row: Mapping[Any, Any], attributes: dict[str, str], codings: int = 0) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"],
        name=row["name"],
        source_name=row["source_name"],
        format=row["format"],
        sha256=row["sha256"],
        imported_by=row["imported_by_name"],
        imported_at=utc(row["imported_at"]),
        turns=row["turn_count"],
        words=row["word_count"],
        codings=codings,
        attributes=attributes,
    )


def coding(row: Mapping[Any, Any]) -> Coding:
    return _coding_type()(
        id=row["id"],
        document=row["document_name"],
        document_id=row["document_id"],
        category=row["category_code"],
        category_name=row["category_name"],
        start=row["char_start"],
        end=row["char_end"],
        text=row["text"],
        coder=row["coder_name"],
        memo=row["memo"],
        created=utc(row["created_at"]),
        updated=utc(row["updated_at"]),
        coding_pass=row["coding_pass"],
        codebook_version=row["codebook_version"],
        review=row["review"],
        position=row.get("position"),
        position_end=row.get("position_end"),
    )
