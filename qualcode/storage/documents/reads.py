"""Reading documents, their turns and case attributes."""

from __future__ import annotations

from collections import defaultdict

from qualcode.domain.transcript import DocumentInfo, Transcript
from qualcode.storage import convert
from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import expand, sql


def list_all(
    reader: Reader, *, coder: str | None = None, coding_pass: str | None = None
) -> list[DocumentInfo]:
    """Every document with its attributes and number of codings, in name order.

    ``coder`` and ``coding_pass`` count only that coder's codings (of that pass).
    """
    chosen = {"coder": coder is not None, "pass": coding_pass is not None}
    counts = {
        r["document_id"]: r["n"]
        for r in reader.rows_at_once(
            sql(reader, "documents.coding_counts", [name for name, on in chosen.items() if on]),
            {"coder": coder, "coding_pass": coding_pass},
        )
    }
    attrs: dict[int, dict[str, str]] = defaultdict(dict)
    for r in reader.rows_at_once(sql(reader, "documents.attributes")):
        attrs[r["document_id"]][r["key"]] = r["value"]
    # The workbench waits on these three while it starts: see Reader.rows_at_once.
    rows = reader.rows_at_once(sql(reader, "documents.all"))
    return [convert.document(r, attrs.get(r["id"], {}), counts.get(r["id"], 0)) for r in rows]


def first_name(reader: Reader) -> str | None:
    """The name that comes first in :func:`list_all`'s order (None without documents)."""
    found = reader.scalar(sql(reader, "documents.first_name"))
    return None if found is None else str(found)


def attributes_of(reader: Reader, document_id: int) -> dict[str, str]:
    rows = reader.rows(sql(reader, "documents.attributes_of"), {"id": document_id})
    return {r["key"]: r["value"] for r in rows}


def get(reader: Reader, document_id: int) -> DocumentInfo | None:
    rows = reader.rows(sql(reader, "documents.get"), {"id": document_id})
    if not rows:
        return None
    count = reader.scalar(sql(reader, "documents.coding_count"), {"id": document_id})
    return convert.document(rows[0], attributes_of(reader, document_id), int(count))


def id_of_name(reader: Reader, name: str) -> int | None:
    """The document of this exact name (a number is a name here, never an id)."""
    found = reader.scalar(sql(reader, "documents.id_of_name"), {"name": name})
    return None if found is None else int(found)


def find_id(reader: Reader, ref: str) -> int | None:
    """A document by name, or by id when ``ref`` is a number that is not also a name."""
    found = id_of_name(reader, ref)
    if found is None and ref.isascii() and ref.isdigit() and len(ref) <= 18:  # an INTEGER
        by_id = reader.scalar(sql(reader, "documents.id_of_id"), {"id": int(ref)})
        found = None if by_id is None else int(by_id)
    return found


def id_by_name(reader: Reader) -> dict[str, int]:
    return {r["name"]: r["id"] for r in reader.rows(sql(reader, "documents.id_by_name"))}


def names_by_sha256(reader: Reader) -> dict[str, str]:
    """Every stored file's hash and its document: an import checks hundreds against them."""
    rows = reader.rows(sql(reader, "documents.name_by_sha256"))
    return {r["sha256"]: r["name"] for r in rows}


def find_by_sha256(reader: Reader, sha256: str) -> str | None:
    name = reader.scalar(sql(reader, "documents.name_of_sha256"), {"sha": sha256})
    return None if name is None else str(name)


def transcript(reader: Reader, document_id: int) -> Transcript | None:
    info = get(reader, document_id)
    if info is None:
        return None
    text = reader.scalar(sql(reader, "documents.text"), {"id": document_id})
    rows = reader.rows_at_once(sql(reader, "documents.turns"), {"id": document_id})
    return Transcript(document=info, text=text, turns=tuple(convert.turn(r) for r in rows))


def passage(reader: Reader, document_id: int, start: int, end: int) -> str | None:
    """The text from ``start`` to ``end`` (code points), read by the database rather than
    handing the whole text over; None when the text ends before ``end``."""
    found = reader.scalar(
        sql(reader, "documents.passage"),
        {"id": document_id, "begin": start + 1, "length": end - start},
    )
    text = "" if found is None else str(found)
    return text if len(text) == end - start else None


def text_length(reader: Reader, document_id: int) -> int:
    """A text's length in code points, counted by the database."""
    return int(reader.scalar(sql(reader, "documents.text_length"), {"id": document_id}) or 0)


def turn_edges(reader: Reader, document_id: int, first: int, last: int) -> dict[int, Row]:
    """Turns ``first`` and ``last`` (Pos. numbers) with their character offsets, by position;
    the turns in between are not read."""
    rows = reader.rows(
        sql(reader, "documents.turn_edges"), {"id": document_id, "first": first, "last": last}
    )
    return {int(row["position"]): row for row in rows}


def texts(reader: Reader, document_ids: list[int]) -> dict[int, str]:
    if not document_ids:
        return {}
    rows = reader.rows(*expand(sql(reader, "documents.texts"), "d", document_ids))
    return {r["id"]: r["text"] for r in rows}


def totals(reader: Reader) -> tuple[int, int, int]:
    """Documents, turns and words in the project."""
    row = reader.rows(sql(reader, "documents.totals"))[0]
    return int(row["n"]), int(row["turns"]), int(row["words"])


def turn_spans(reader: Reader, document_ids: list[int]) -> dict[int, list[Row]]:
    """The turns (position, speaker, char_start, char_end) of these documents, in order.

    One query for many documents, without their text: what coding units and citations need.
    """
    if not document_ids:
        return {}
    found: dict[int, list[Row]] = {d: [] for d in document_ids}
    for row in reader.rows(*expand(sql(reader, "documents.turn_spans"), "d", document_ids)):
        found[row["document_id"]].append(row)
    return found
