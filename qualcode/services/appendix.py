"""The transcript appendix and the line numbers every citation by line takes from it.

Both come from one layout: the transcripts as the export prints them (anonymised when the export
is), broken into lines by :func:`qualcode.domain.lines.lay_out` at
:data:`~qualcode.domain.lines.LINE_WIDTH` characters. The appendix prints those lines;
:func:`line_numbers` finds a passage's lines in the same lists, so ``(B3, Z. 112–118)`` in a
quote table is what the printed appendix shows at lines 112 to 118.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from qualcode.domain.anonymisation import Anonymiser, anonymise_transcript
from qualcode.domain.codebook import Anchor
from qualcode.domain.coding import Coding
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.lines import LINE_WIDTH, Line, lay_out, lines_of
from qualcode.domain.transcript import Transcript

if TYPE_CHECKING:
    from qualcode.exporters import Target
    from qualcode.services.exports import ExportRequest, ExportService

__all__ = ["anchor_lines", "header_keys", "line_numbers", "write_appendix"]


Offset = Callable[..., int]
"""Where an offset into the stored text lies in the printed text (``end=True`` for an end)."""


def _laid_out(
    transcript: Transcript, anonymiser: Anonymiser | None
) -> tuple[Transcript, list[Line], Offset]:
    if anonymiser is None or not anonymiser:
        return transcript, lay_out(transcript), _same
    # A copy of the table with a counter of its own: laying out counts no replacement twice.
    done, rewrite = anonymise_transcript(transcript, Anonymiser(anonymiser.rules))
    return done, lay_out(done), rewrite.offset


def _same(offset: int, *, end: bool = False) -> int:
    return offset


def line_numbers(
    transcripts: Mapping[str, Transcript],
    codings: Iterable[Coding],
    anonymiser: Anonymiser | None,
) -> dict[int, tuple[int, int]]:
    """The appendix's first and last line of each coding (by coding id), in the layout the
    appendix prints with the same anonymisation."""
    layouts: dict[str, tuple[list[Line], Offset]] = {}
    found: dict[int, tuple[int, int]] = {}
    for coding in codings:
        transcript = transcripts.get(coding.document)
        if transcript is None:
            continue
        if coding.document not in layouts:
            _, lines, offset = _laid_out(transcript, anonymiser)
            layouts[coding.document] = (lines, offset)
        lines, offset = layouts[coding.document]
        span = lines_of(lines, offset(coding.start), offset(coding.end, end=True))
        if span is not None:
            found[coding.id] = span
    return found


def anchor_lines(
    transcripts: Mapping[str, Transcript], anonymiser: Anonymiser | None
) -> Callable[[Anchor], tuple[int, int] | None]:
    """A function giving an anchor example's lines in the appendix: its text found in its
    turn (blanks may differ), None when its document or text is not there."""
    layouts: dict[str, tuple[Transcript, list[Line], Offset]] = {}

    def lines(anchor: Anchor) -> tuple[int, int] | None:
        transcript = transcripts.get(anchor.document)
        words = anchor.text.split()
        if transcript is None or not words:
            return None
        try:
            turn = transcript.turn_at(anchor.position)
        except KeyError:
            return None
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        found = pattern.search(transcript.text, turn.char_start)
        if found is None:
            found = pattern.search(transcript.text)
        if found is None:
            return None
        if anchor.document not in layouts:
            layouts[anchor.document] = _laid_out(transcript, anonymiser)
        _, laid, offset = layouts[anchor.document]
        return lines_of(laid, offset(found.start()), offset(found.end(), end=True))

    return lines


def header_keys(text: str) -> tuple[str, ...]:
    """The attribute names of ``--attr KEY`` (given as ``KEY,KEY``)."""
    return tuple(k.strip() for k in text.split(",") if k.strip())


def write_appendix(
    service: ExportService, request: ExportRequest, target: Target, fmt: str
) -> None:
    """Write the appendix of the chosen transcripts (all by default) to ``target``."""
    from qualcode.analysis.frequencies import Selection
    from qualcode.exporters import transcripts as writer
    from qualcode.storage.documents import reads as documents_query
    from qualcode.storage.reports import exports as exports_query

    with service.database.reading() as reader:
        everything = documents_query.list_all(reader)
        by_ref = {d.name: d for d in everything} | {str(d.id): d for d in everything}
        names = []
        for ref in request.documents:
            if ref not in by_ref:
                raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
            names.append(by_ref[ref].name)
        cases = Selection(
            documents=tuple(dict.fromkeys(names)), attributes=request.attributes
        ).cases(everything)
        if not cases:
            raise InvalidInputError("no transcript is chosen, so the appendix would be empty")
        texts = exports_query.transcripts(reader, cases)
    keys = header_keys(request.header)
    known = {k for d in cases for k in d.attributes}
    missing = [k for k in keys if k not in known]
    if missing:
        listed = ", ".join(sorted(known)) or "none"
        raise NotFoundError(f"no case has the attribute {missing[0]!r} (they have: {listed})")
    anonymiser = service.anonymiser
    appendix = []
    for case in cases:
        transcript = texts.get(case.name)
        if transcript is None:
            continue
        if anonymiser is not None and anonymiser:
            transcript, _ = anonymise_transcript(transcript, anonymiser)
        lines = lay_out(transcript)
        speakers = tuple(dict.fromkeys(t.speaker for t in transcript.turns if t.speaker))
        header = tuple(
            (k, transcript.document.attributes[k])
            for k in keys
            if k in transcript.document.attributes
        )
        appendix.append(
            writer.AppendixTranscript(transcript.document.name, header, speakers, tuple(lines))
        )
    writer.write(
        appendix,
        target,
        fmt,
        width=LINE_WIDTH,
        timestamps=request.timestamps,
        anonymised=anonymiser is not None and bool(anonymiser),
    )
