"""Reading documents, their turns and case attributes."""

from __future__ import annotations

from collections import defaultdict

from qualcode.domain.transcript import DocumentInfo, Transcript
from qualcode.storage import convert
from qualcode.storage.reader import Reader, Row, in_list

_DOCUMENT = """
    SELECT d.id, d.name, d.source_name, d.format, d.sha256, d.word_count, d.turn_count,
           d.imported_at, c.name AS imported_by_name
    FROM documents d JOIN coders c ON c.id = d.imported_by
"""


def list_all(
    reader: Reader, *, coder: str | None = None, coding_pass: str | None = None
) -> list[DocumentInfo]:
    """Every document with its attributes and number of codings, in name order.

    ``coder`` and ``coding_pass`` count only that coder's codings (of that pass).
    """
    where, params = [], {"coder": coder, "coding_pass": coding_pass}
    if coder is not None:
        where.append("k.coder_id = (SELECT id FROM coders WHERE name = :coder)")
    if coding_pass is not None:
        where.append("k.coding_pass = :coding_pass")
    counts = {
        r["document_id"]: r["n"]
        for r in reader.rows_at_once(
            "SELECT k.document_id, count(*) AS n FROM codings k"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " GROUP BY k.document_id",
            params,
        )
    }
    attrs: dict[int, dict[str, str]] = defaultdict(dict)
    for r in reader.rows_at_once(
        "SELECT document_id, key, value FROM attributes ORDER BY document_id, key"
    ):
        attrs[r["document_id"]][r["key"]] = r["value"]
    # The workbench waits on these three while it starts: see Reader.rows_at_once.
    rows = reader.rows_at_once(_DOCUMENT + " ORDER BY d.name")
    return [convert.document(r, attrs.get(r["id"], {}), counts.get(r["id"], 0)) for r in rows]


def attributes_of(reader: Reader, document_id: int) -> dict[str, str]:
    rows = reader.rows(
        "SELECT key, value FROM attributes WHERE document_id = :id ORDER BY key",
        {"id": document_id},
    )
    return {r["key"]: r["value"] for r in rows}


def get(reader: Reader, document_id: int) -> DocumentInfo | None:
    rows = reader.rows(_DOCUMENT + " WHERE d.id = :id", {"id": document_id})
    if not rows:
        return None
    count = reader.scalar(
        "SELECT count(*) FROM codings WHERE document_id = :id", {"id": document_id}
    )
    return convert.document(rows[0], attributes_of(reader, document_id), int(count))


def find_id(reader: Reader, ref: str) -> int | None:
    """A document by name, or by id when ``ref`` is a number that is not also a name."""
    found = reader.scalar("SELECT id FROM documents WHERE name = :name", {"name": ref})
    if found is None and ref.isascii() and ref.isdigit() and len(ref) <= 18:  # an INTEGER
        found = reader.scalar("SELECT id FROM documents WHERE id = :id", {"id": int(ref)})
    return None if found is None else int(found)


def id_by_name(reader: Reader) -> dict[str, int]:
    return {r["name"]: r["id"] for r in reader.rows("SELECT name, id FROM documents")}


def names_by_sha256(reader: Reader) -> dict[str, str]:
    """Every stored file's hash and its document: an import checks hundreds against them."""
    return {r["sha256"]: r["name"] for r in reader.rows("SELECT sha256, name FROM documents")}


def find_by_sha256(reader: Reader, sha256: str) -> str | None:
    name = reader.scalar("SELECT name FROM documents WHERE sha256 = :sha", {"sha": sha256})
    return None if name is None else str(name)


def transcript(reader: Reader, document_id: int) -> Transcript | None:
    info = get(reader, document_id)
    if info is None:
        return None
    text = reader.scalar("SELECT text FROM documents WHERE id = :id", {"id": document_id})
    rows = reader.rows_at_once(
        "SELECT position, speaker, start_seconds, end_seconds, char_start, char_end FROM turns"
        " WHERE document_id = :id ORDER BY position",
        {"id": document_id},
    )
    return Transcript(document=info, text=text, turns=tuple(convert.turn(r) for r in rows))


def texts(reader: Reader, document_ids: list[int]) -> dict[int, str]:
    if not document_ids:
        return {}
    ids, params = in_list("d", document_ids)
    rows = reader.rows(f"SELECT id, text FROM documents WHERE id IN {ids}", params)
    return {r["id"]: r["text"] for r in rows}


def totals(reader: Reader) -> tuple[int, int, int]:
    """Documents, turns and words in the project."""
    row = reader.rows(
        "SELECT count(*) AS n, coalesce(sum(turn_count), 0) AS turns,"
        " coalesce(sum(word_count), 0) AS words FROM documents"
    )[0]
    return int(row["n"]), int(row["turns"]), int(row["words"])


def turn_spans(reader: Reader, document_ids: list[int]) -> dict[int, list[Row]]:
    """The turns (position, speaker, char_start, char_end) of these documents, in order.

    One query for many documents, without their text: what coding units and citations need.
    """
    if not document_ids:
        return {}
    ids, params = in_list("d", document_ids)
    found: dict[int, list[Row]] = {d: [] for d in document_ids}
    for row in reader.rows(
        "SELECT document_id, position, speaker, char_start, char_end FROM turns"
        f" WHERE document_id IN {ids} ORDER BY document_id, position",
        params,
    ):
        found[row["document_id"]].append(row)
    return found
