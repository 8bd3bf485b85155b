"""Subtitle transcripts: WebVTT (.vtt, as Zoom, Teams and Whisper write them) and SubRip (.srt).

Every cue timing line is checked first, so that a broken one (unreadable, or ending before it
starts) is reported with its line number instead of being skipped; webvtt-py and srt then read
the cues. The speaker of a cue comes from a WebVTT voice span (``<v Anna Maier>``) or from a
label at the start of its text (Zoom writes ``Anna Maier: text``; the labels are recognised by
the rules of :mod:`qualcode.importers.paragraphs`, and when most cues start with one, a name
used in a single cue counts too). Consecutive cues of one speaker make one turn,
from the start of its first cue to the end of its last; a cue without a speaker continues the
turn before it. A long run of one speaker (a monologue, a lecture, a long answer) is cut into
paragraphs, as a transcriber would write it: once a turn holds about a hundred words, a new one
starts after a cue that ends a sentence and is followed by a pause, and after two hundred words
at any sentence end. A cue ending in an ellipsis (``…``, ``...``: the speaker trails off or
hesitates) or an abbreviation (``z. B.``, ``Dr.``), or followed by a cue that begins in lower
case, does not end a sentence. In a file without any speakers every cue is a paragraph of its own.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.sentences import ends_sentence
from qualcode.domain.text import normalise_line_ends
from qualcode.domain.timecode import clock_seconds
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import EMPTY, decode, with_warnings
from qualcode.importers.paragraphs import RawParagraph, accept, assemble_rows, label_of

_VTT_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})\.(\d{1,3})"
_SRT_TIME = r"(\d+):(\d{1,2}):(\d{2})[,.](\d{1,3})"
_VTT_TIMING = re.compile(rf"^\s*{_VTT_TIME}\s*-->\s*{_VTT_TIME}(?:\s|$)")
_SRT_TIMING = re.compile(rf"^\s*{_SRT_TIME}\s*-->\s*{_SRT_TIME}(?:\s|$)")
_SRT_START = re.compile(r"\A\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_LOOKS_TIMED = re.compile(r"^(?:\d+:)?\d{1,2}:\d{2}\b")
_VOICE = re.compile(r"^<v(?:\.[^\s>]+)*\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_ASS_TAG = re.compile(r"\{\\[^}]*\}")  # {\an8} and the like in SubRip files
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass
class _Cue:
    start: float
    end: float
    lines: list[str]
    line: int | None  # of its timing line


@dataclass
class _Piece:
    """One speaker's part of a cue (a cue may hold several voices)."""

    text: str
    voice: str | None
    cue: _Cue


class SubtitleImporter:
    """``.vtt`` (webvtt-py) and ``.srt`` (srt) subtitle files."""

    name: str = "subtitles"
    extensions: tuple[str, ...] = (".vtt", ".srt")

    def sniff(self, data: bytes) -> bool:
        return _is_vtt(data) or _is_srt(data)

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        text, _, warnings = decode(data, source=source, encoding=encoding)
        text = normalise_line_ends(text).lstrip("\ufeff")
        if not text.strip():
            raise InvalidInputError(EMPTY, file=source)
        if text.startswith("WEBVTT"):
            fmt, cues = "vtt", _vtt_cues(text, source)
        elif source.lower().endswith(".vtt"):
            raise InvalidInputError(
                "a WebVTT file must start with the line WEBVTT", file=source, line=1
            )
        else:
            fmt, cues = "srt", _srt_cues(text, source)
        if not cues:
            raise InvalidInputError("the subtitle file holds no cues", file=source)
        paragraphs, labels = _turns(_pieces(cues, vtt=fmt == "vtt"))
        if not paragraphs:
            raise InvalidInputError("the subtitle cues hold no text", file=source)
        parsed = assemble_rows(paragraphs, fmt=fmt, source=source, labels=labels).transcript()
        return with_warnings(parsed, warnings)


def _is_vtt(data: bytes) -> bool:
    data = data.removeprefix(codecs.BOM_UTF8)
    return data.startswith(b"WEBVTT") and data[6:7] in (b"", b" ", b"\t", b"\r", b"\n")


def _is_srt(data: bytes) -> bool:
    head = data[:2048]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "ignore")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    return _SRT_START.match(text) is not None


def _check_timings(lines: list[str], source: str, *, vtt: bool) -> list[tuple[int, float, float]]:
    """``(line, start, end)`` of every cue timing line; raises for a broken one."""
    pattern = _VTT_TIMING if vtt else _SRT_TIMING
    example = "00:01:02.500 --> 00:01:05.000" if vtt else "00:01:02,500 --> 00:01:05,000"
    timings = []
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        match = pattern.match(line)
        if match is None:
            raise InvalidInputError(
                f"cannot read the cue times {line.strip()!r}; they should look like {example}",
                file=source,
                line=number,
            )
        groups = match.groups()
        if any(int(m) > 59 for m in (groups[1], groups[2], groups[5], groups[6])):
            raise InvalidInputError(
                f"the cue times {line.strip()!r} have more than 59 minutes or seconds",
                file=source,
                line=number,
            )
        try:
            start, end = clock_seconds(*groups[:4]), clock_seconds(*groups[4:])
        except InvalidInputError as exc:
            raise InvalidInputError(exc.message, file=source, line=number) from exc
        if end < start:
            raise InvalidInputError(
                f"this cue ends before it starts ({line.strip()})", file=source, line=number
            )
        timings.append((number, start, end))
    return timings


def _check_blocks(lines: list[str], source: str, *, vtt: bool) -> None:
    """Every block of lines must be a cue (or, in WebVTT, the header, a NOTE or a STYLE)."""
    block: list[str] = []
    first = 0
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
            continue
        if not block:
            continue
        starts_cue = any("-->" in b for b in block[:2])
        header = vtt and first == 1
        note = vtt and block[0].startswith(_VTT_BLOCKS)
        if not (starts_cue or header or note):
            at = first + 1 if block[0].strip().isdigit() and len(block) > 1 else first
            text = lines[at - 1].strip()
            if _LOOKS_TIMED.match(text):  # "00:00:05.000 - 00:00:09.000"
                raise InvalidInputError(
                    f"cannot read the cue times {text!r}; they should look like "
                    + ("00:01:02.500 --> 00:01:05.000" if vtt else "00:01:02,500 --> 00:01:05,000"),
                    file=source,
                    line=at,
                )
            raise InvalidInputError(
                f"this line is not part of a cue (no cue times before it): {text[:60]!r}",
                file=source,
                line=at,
            )
        block = []


def _vtt_cues(text: str, source: str) -> list[_Cue]:
    lines = text.split("\n")
    timings = _check_timings(lines, source, vtt=True)
    _check_blocks(lines, source, vtt=True)
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise InvalidInputError(
            f"this WebVTT file cannot be read ({type(exc).__name__})", file=source
        ) from exc
    numbers: list[int | None] = (
        [t[0] for t in timings] if len(timings) == len(captions) else [None] * len(captions)
    )
    return [
        _Cue(
            c.start_time.in_milliseconds() / 1000,
            c.end_time.in_milliseconds() / 1000,
            list(c.lines),
            number,
        )
        for c, number in zip(captions, numbers, strict=True)
    ]


def _srt_cues(text: str, source: str) -> list[_Cue]:
    lines = text.split("\n")
    timings = _check_timings(lines, source, vtt=False)
    _check_blocks(lines, source, vtt=False)
    import srt

    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.actual_start) + 1
        raise InvalidInputError(
            "this is not a SubRip cue (number, then times like 00:01:02,500 --> 00:01:05,000)",
            file=source,
            line=line,
        ) from exc
    except (srt.TimestampParseError, ValueError) as exc:
        raise InvalidInputError(
            f"this SubRip file cannot be read ({type(exc).__name__})", file=source
        ) from exc
    numbers: list[int | None] = (
        [t[0] for t in timings] if len(timings) == len(subtitles) else [None] * len(subtitles)
    )
    return [
        _Cue(s.start.total_seconds(), s.end.total_seconds(), s.content.split("\n"), number)
        for s, number in zip(subtitles, numbers, strict=True)
    ]


def _pieces(cues: list[_Cue], *, vtt: bool) -> list[_Piece]:
    """The text of each cue without markup, split where a voice span starts."""
    import html

    pieces: list[_Piece] = []
    for cue in cues:
        current: _Piece | None = None
        for raw in cue.lines:
            voice = _VOICE.match(raw.strip()) if vtt else None
            clean = _TAG.sub("", raw if vtt else _ASS_TAG.sub("", raw))
            clean = (html.unescape(clean) if vtt else clean).strip()
            if voice is not None or current is None:
                current = _Piece(clean, voice.group(1).strip() if voice else None, cue)
                pieces.append(current)
            elif clean:
                current.text = f"{current.text}\n{clean}" if current.text else clean
    return [p for p in pieces if p.text]


# When one speaker's turn is cut into paragraphs (characters, seconds): see the module docstring.
PARAGRAPH_AT_PAUSE = 600
PARAGRAPH_ANYWAY = 1_200
PARAGRAPH_CAP = 3_000  # at a cue boundary even without a sentence end
PAUSE = 1.0


def _ends_sentence(text: str, following: str) -> bool:
    """Whether a cue's text ends a sentence, seen with the text of the cue that follows it
    (the one rule of domain/sentences.py; its tail is enough to decide)."""
    return ends_sentence(text[-200:], following[:200])


def _goes_on(paragraph: RawParagraph, piece: _Piece, text: str) -> bool:
    """Whether the same speaker's next cue (its ``text`` without a label) continues the
    paragraph (not too long yet, or in the middle of a sentence)."""
    size = len(paragraph.text)
    if size < PARAGRAPH_AT_PAUSE:
        return True
    if size >= PARAGRAPH_CAP:
        return False
    if not _ends_sentence(paragraph.text.rstrip(), text):
        return True
    pause = piece.cue.start - (paragraph.end or piece.cue.start)
    return size < PARAGRAPH_ANYWAY and pause < PAUSE


def timed_paragraphs(
    segments: Iterable[tuple[float, float, str, str | None]], *, unvoiced_continues: bool = True
) -> tuple[list[RawParagraph], set[str]]:
    """Timed segments ``(start, end, text, speaker)`` another format holds (whisperX's JSON and
    TSV) joined into turns as cues are; ``unvoiced_continues``: whether a segment without a
    speaker continues the turn before it (a cue does; a segment diarisation left out does not).
    """
    pieces = [
        _Piece(text, speaker, _Cue(start, end, [text], None))
        for start, end, text, speaker in segments
    ]
    return _turns(pieces, unvoiced_continues=unvoiced_continues)


def _turns(
    pieces: list[_Piece], *, unvoiced_continues: bool = True
) -> tuple[list[RawParagraph], set[str]]:
    """Consecutive pieces of one speaker merged into paragraphs (long runs cut, see above)."""
    found = [label_of(p.text) if p.voice is None else None for p in pieces]
    labels = accept(found)
    if 2 * sum(1 for f in found if f is not None) >= len(pieces):
        # Most cues start with a label (as Zoom writes them): a name said only once counts too.
        labels |= {f[0] for f in found if f is not None}
    paragraphs: list[RawParagraph] = []
    for piece, label in zip(pieces, found, strict=True):
        speaker, text = piece.voice, piece.text
        if speaker is None and label is not None and label[0] in labels:
            speaker, text = label[0], label[1].strip()
        last = paragraphs[-1] if paragraphs else None
        if (
            last is not None
            and last.speaker is not None
            and (speaker == last.speaker or (speaker is None and unvoiced_continues))
        ):
            if _goes_on(last, piece, text):
                last.text += "\n" + text
                last.end = max(last.end or 0.0, piece.cue.end)
                continue
            speaker = last.speaker  # the next paragraph of the same speaker
        paragraphs.append(
            RawParagraph(
                text, speaker=speaker, start=piece.cue.start, end=piece.cue.end, line=piece.cue.line
            )
        )
    return paragraphs, labels
