"""whisperX's data files: its ``.json`` result and its ``.tsv`` table of segments.

whisperX writes, besides its text and subtitle files (read by :mod:`qualcode.importers.text`
and :mod:`qualcode.importers.subtitles`), the whole result as JSON (``{"segments": [{"start",
"end", "text", "speaker", "words"}, ...], "word_segments": [...], "language": "de"}``; the
``speaker`` only after diarisation, and not on a segment no speaker was found for) and a table
``start<TAB>end<TAB>text`` with the times in milliseconds and no speakers.

Both are recognised by their content (the JSON opens with ``{"segments": [``, the table with
its header line), so a ``.tsv`` file of any other shape stays a case-attribute table and a
``.json`` file of any other shape is refused. Segments become turns with their start and end
time; consecutive segments of one speaker are joined as subtitle cues are (a long run cut into
paragraphs at sentence ends), a segment without a speaker stays without one. JSON is parsed by
the standard library, and only up to :data:`MAX_JSON_BYTES` (parsing holds it several times over).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise_line_ends
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import EMPTY, decode, refuse_empty, with_warnings
from qualcode.importers.paragraphs import assemble_rows
from qualcode.importers.subtitles import timed_paragraphs

MAX_JSON_BYTES = 200 * 1024 * 1024
_JSON_START = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"segments"\s*:\s*\[')
_TSV_HEADER = re.compile(rb"^(?:\xef\xbb\xbf)?start\tend\ttext\r?(?:\n|$)")
_TSV_ROW = re.compile(r"^(\d+)\t(\d+)\t(.*)$")
_NOT_KNOWN = "this is a JSON file, but not a transcript qualcode knows (whisperX)"


class WhisperxJsonImporter:
    """``.json``: whisperX's result with its segments (and speakers, when diarised)."""

    name: str = "whisperx-json"
    extensions: tuple[str, ...] = (".json",)

    def sniff(self, data: bytes) -> bool:
        return _JSON_START.match(data[:256]) is not None

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        refuse_empty(data, source)
        if len(data) > MAX_JSON_BYTES:
            raise InvalidInputError(
                f"this JSON file is larger than {MAX_JSON_BYTES // 2**20} MB, too large to be "
                "a transcript",
                file=source,
            )
        text, _, warnings = decode(data, source=source, encoding=encoding)
        try:
            result = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                f"this JSON file cannot be read ({exc.msg})", file=source, line=exc.lineno
            ) from exc
        except RecursionError:  # lists or objects nested thousands deep: no transcript
            raise InvalidInputError(
                "this JSON file cannot be read (it nests lists or objects thousands of levels "
                "deep)",
                file=source,
            ) from None
        except ValueError:  # json's one other refusal: a number of more than 4,300 digits
            raise InvalidInputError(
                "this JSON file cannot be read (a number in it has thousands of digits)",
                file=source,
            ) from None
        segments = result.get("segments") if isinstance(result, dict) else None
        if not isinstance(segments, list):
            raise InvalidInputError(_NOT_KNOWN, file=source)
        timed = [_segment(s, n, source) for n, s in enumerate(segments, start=1)]
        paragraphs, labels = timed_paragraphs((t for t in timed if t[2]), unvoiced_continues=False)
        if not paragraphs:
            raise InvalidInputError(EMPTY, file=source)
        parsed = assemble_rows(
            paragraphs, fmt="whisperx-json", source=source, labels=labels, inherit=False
        ).transcript()
        return with_warnings(parsed, warnings)


class WhisperxTsvImporter:
    """whisperX's ``.tsv``: ``start<TAB>end<TAB>text`` in milliseconds, without speakers.

    Recognised by its header alone (no extension of its own): any other ``.tsv`` file is a
    case-attribute table (see :mod:`qualcode.importers.registry`).
    """

    name: str = "whisperx-tsv"
    extensions: tuple[str, ...] = ()

    def sniff(self, data: bytes) -> bool:
        return _TSV_HEADER.match(data[:64]) is not None

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        text, _, warnings = decode(data, source=source, encoding=encoding)
        lines = normalise_line_ends(text).lstrip("\ufeff").split("\n")
        if lines[0] != "start\tend\ttext":
            raise InvalidInputError(
                "this table is not whisperX's (its first line should be start, end and text, "
                "separated by tabs)",
                file=source,
                line=1,
            )
        rows: list[tuple[float, float, str, str | None]] = []
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            match = _TSV_ROW.match(line)
            if match is None or int(match.group(2)) < int(match.group(1)):
                raise InvalidInputError(
                    "this row is not a whisperX segment (start and end in milliseconds, the "
                    f"end not before the start, then the text): {line[:60]!r}",
                    file=source,
                    line=number,
                )
            if match.group(3).strip():
                start, end = int(match.group(1)) / 1000, int(match.group(2)) / 1000
                rows.append((start, end, match.group(3).strip(), None))
        paragraphs, labels = timed_paragraphs(rows)
        if not paragraphs:
            raise InvalidInputError(EMPTY, file=source)
        parsed = assemble_rows(
            paragraphs, fmt="whisperx-tsv", source=source, labels=labels
        ).transcript()
        return with_warnings(parsed, warnings)


def _segment(segment: Any, number: int, source: str) -> tuple[float, float, str, str | None]:
    """``(start, end, text, speaker)`` of one whisperX segment; refused when it is not one."""
    if not isinstance(segment, dict) or not isinstance(segment.get("text"), str):
        raise InvalidInputError(_NOT_KNOWN + f": segment {number} has no text", file=source)
    start, end = _seconds(segment.get("start")), _seconds(segment.get("end"))
    if start is None or end is None or end < start:
        raise InvalidInputError(
            f"segment {number} of this whisperX file has no start and end time in seconds "
            "(or ends before it starts)",
            file=source,
        )
    speaker = segment.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise InvalidInputError(
            f"segment {number} of this whisperX file names no speaker: {speaker!r}", file=source
        )
    return start, end, " ".join(segment["text"].split()), speaker or None


def _seconds(value: Any) -> float | None:
    """A time in seconds as JSON holds it, rounded to milliseconds; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return round(value, 3) if math.isfinite(value) and value >= 0 else None
