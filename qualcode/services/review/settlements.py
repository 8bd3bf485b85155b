"""The settled disagreements as the page shows them: both coders' codings with their Pos. and
text, the decision in the page's language and its reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qualcode.domain.audit import AuditEvent, DisagreementResolved
from qualcode.domain.codebook import Codebook
from qualcode.domain.consensus import decision_in
from qualcode.domain.transcript import Transcript, positions_of
from qualcode.services.review.histories import when
from qualcode.services.review.view import Settlement

__all__ = ["settlements"]

_PASSAGE = 400  # characters of a settled passage shown; the transcript has the rest


def settlements(
    events: Iterable[AuditEvent],
    documents: tuple[str, ...],
    chosen: set[str] | None,
    book: Codebook,
    transcripts: dict[str, Transcript],
    language: str,
) -> list[Settlement]:
    """The disagreements settled in the page's documents (``documents``: the chosen ones;
    empty: all) and categories (``chosen``; None: all), oldest first."""
    settled = []
    for e in events:
        event = e.typed()
        if not isinstance(event, DisagreementResolved):
            continue
        if documents and event.document not in documents:
            continue
        if chosen is not None and event.category not in chosen:
            continue
        category = book.get(event.category)
        transcript = transcripts.get(event.document)
        settled.append(
            Settlement(
                when=when(e.at),
                who=e.coder,
                document=event.document,
                category=event.category,
                category_name=category.name if category else "",
                position=_position(transcript, event.start, event.end),
                coders=event.coders,
                coding_a=tuple(_passage(transcript, s) for s in event.spans_a or ()),
                coding_b=tuple(_passage(transcript, s) for s in event.spans_b or ()),
                decision=decision_in(language, event.decision),
                reason=e.reason,
            )
        )
    return settled


def _positions(transcript: Transcript | None, start: int, end: int) -> tuple[int, int] | None:
    if transcript is None or not transcript.turns:
        return None
    starts = [t.char_start for t in transcript.turns]
    return positions_of(starts, [t.position for t in transcript.turns], start, end)


def _position(transcript: Transcript | None, start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return ""
    found = _positions(transcript, start, end)
    if found is None:
        return f"{start}–{end}"
    first, last = found
    return f"Pos. {first}" if first == last else f"Pos. {first}–{last}"


def _passage(transcript: Transcript | None, span: Any) -> str:
    """A coder's coding at a settled disagreement: its Pos. and its text."""
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return ""
    where = _position(transcript, start, end)
    if transcript is None:
        return where
    text = " ".join(transcript.text[start:end].split())
    if len(text) > _PASSAGE:
        text = text[: _PASSAGE - 1] + "…"
    return f"{where}: „{text}“"
