"""What the page's script draws lazily: the documents, their transcripts with turns, the
codings as columns of numbers, their memos and histories.

Offsets go to the browser as it counts them (UTF-16 units), so a passage after an emoji is
still underlined where it stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from qualcode.domain.audit import AuditEvent
from qualcode.domain.coding import PASSES, Coding
from qualcode.domain.transcript import DocumentInfo, Transcript
from qualcode.services.review.histories import Telling, coding_histories
from qualcode.services.review.view import CategoryView, ReviewPage

__all__ = ["fill_material", "utf16"]


def fill_material(
    page: ReviewPage,
    categories: list[CategoryView],
    cases: Sequence[DocumentInfo],
    codings: list[Coding],
    transcripts: dict[str, Transcript],
    events: Iterable[AuditEvent],
    telling: Telling,
) -> None:
    """Put the lazily drawn part into ``page``: documents, codings as columns, histories
    (told as ``telling`` says), transcripts."""
    category_index = {c.code: i for i, c in enumerate(categories)}
    shown = [c for c in codings if c.category in category_index]
    coders = sorted({c.coder for c in shown})
    coder_index = {name: i for i, name in enumerate(coders)}
    versions = sorted({c.codebook_version or "" for c in shown})
    version_index = {v: i for i, v in enumerate(versions)}
    doc_index = {d.name: i for i, d in enumerate(cases)}
    speakers: list[str] = []
    speaker_index: dict[str | None, int] = {}
    tables: list[list[int] | None] = []
    for d in cases:
        transcript = transcripts.get(d.name)
        text = transcript.text if transcript else ""
        table = utf16(text)
        tables.append(table)
        turns = []
        for t in transcript.turns if transcript else ():
            if t.speaker not in speaker_index:
                speaker_index[t.speaker] = len(speakers)
                speakers.append(t.speaker or "")
            start, end = t.char_start, t.char_end
            if table is not None:
                start, end = table[start], table[end]
            turns.append([t.position, speaker_index[t.speaker], t.start, start, end])
        page.transcripts.append({"text": text, "turns": turns})
        page.documents.append(
            {
                "name": d.name,
                "turns": d.turns,
                "words": d.words,
                "attributes": dict(d.attributes),
            }
        )
    columns: dict[str, list[Any]] = {
        k: [] for k in ("id", "doc", "cat", "start", "end", "coder", "pass", "version")
    }
    positions: list[list[int | None]] = []
    memos: dict[str, str] = {}
    for c in shown:
        doc = doc_index.get(c.document)
        if doc is None:
            continue
        start, end = c.start, c.end
        table = tables[doc]
        if table is not None:
            start, end = table[min(start, len(table) - 1)], table[min(end, len(table) - 1)]
        columns["id"].append(c.id)
        columns["doc"].append(doc)
        columns["cat"].append(category_index[c.category])
        columns["start"].append(start)
        columns["end"].append(end)
        columns["coder"].append(coder_index[c.coder])
        columns["pass"].append(PASSES.index(c.coding_pass) if c.coding_pass in PASSES else 0)
        columns["version"].append(version_index[c.codebook_version or ""])
        positions.append([c.position, c.position_end])
        if c.memo:
            memos[str(c.id)] = c.memo
    history = coding_histories(events, set(columns["id"]), telling)
    attribute_keys = sorted({k for d in cases for k in d.attributes})
    page.data = {
        "exportId": page.export_id,
        "language": page.language,
        "categories": [
            [c.code, c.name, c.colour, category_index.get(c.parent or "", -1)] for c in categories
        ],
        "coders": coders,
        "passes": list(PASSES),
        "versions": versions,
        "speakers": speakers,
        "documents": [[d["name"], d["attributes"]] for d in page.documents],
        "attributes": attribute_keys,
        "codings": {**columns, "pos": positions},
        "memos": memos,
        "history": history,
    }


def utf16(text: str) -> list[int] | None:
    """Offsets into ``text`` as the browser counts them (UTF-16 units), when they differ."""
    if text.isascii() or len(text.encode("utf-16-le")) == 2 * len(text):
        return None
    table = [0] * (len(text) + 1)
    units = 0
    for i, ch in enumerate(text):
        table[i] = units
        units += 2 if ord(ch) > 0xFFFF else 1
    table[len(text)] = units
    return table
