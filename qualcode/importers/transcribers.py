"""Transcripts as transcription tools write them: noScribe, aTrain, whisperX, Otter, Teams, Zoom.

Many transcripts are no longer typed but written by a speech-recognition tool, and each tool has
its own layout. This module recognises those layouts in the lines of a text file (or the
paragraphs of a Word file) and turns them into clean turns; a file in none of them is left to the
ordinary label rules of :mod:`qualcode.importers.paragraphs`.

- **A speaker on a line of its own**, the text below: aTrain (``SPEAKER_00``), Otter
  (``Speaker 1  0:00``), Teams Word transcripts (``Anna Weber   0:03``) and Zoom's saved
  transcript (``[Anna Weber] 10:15:32``, the time of day: turns start relative to the first mark).
- **A bracketed speaker** before every segment: whisperX (``[SPEAKER_00]: text``).
- **A header with file name and settings**: noScribe (title, ``Transcribed with noScribe vers.
  ...``, audio file, options) and aTrain (``Transcription for ...``) are dropped, as are the lines
  before the first speaker line (a Teams title and date), Otter's ``Transcribed by
  https://otter.ai`` and Teams' ``... started/stopped transcription``.
- **Time marks**: ``[00:00:01] - text`` or ``00:00:01 - text`` before a segment (aTrain) or
  ``[00:00:01]`` after a label (noScribe) give the turn's start when it is the first in the turn;
  marks inside a turn (noScribe every minute, aTrain's MAXQDA file before every segment) are
  removed from the text.

- **aTrain's plain** ``transcription.txt`` **without speakers** has neither speaker lines nor
  marks to tell it by, so its ``Transcription for ...`` line is dropped only when the whole file
  has aTrain's shape: that line first, one blank line, then the segments one a line with no blank
  line between them and no speaker label (``I:``, ``Anna:``) in any. A typed transcript starting
  with such a line has paragraphs apart or speaker labels, and keeps its first line.

Consecutive segments of one speaker make one turn. Without speakers every segment line is a
paragraph of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.domain.timecode import clock_seconds
from qualcode.importers.paragraphs import RawParagraph, accepted_labels, label_of

_T = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
# aTrain: "SPEAKER_00" (or "Speaker undefined") alone on a line.
_DIARISED = re.compile(r"^\s*(SPEAKER_\d{1,3}|Speaker undefined)\s*$")
# Otter and Teams: "Speaker 1  0:00", "Anna Weber   1:02:03".
_NAME_TIME = re.compile(r"^\s*([A-ZÄÖÜ][\w.\-']*(?: [\w.\-'()]+){0,4}?)\s+" + _T + r"\s*$")
# Zoom: "[Anna Weber] 10:15:32".
_BRACKET_NAME_TIME = re.compile(r"^\s*\[([^\]\n]{1,60})\]\s+" + _T + r"\s*$")
# whisperX: "[SPEAKER_00]: text".
_WHISPERX = re.compile(r"^\s*\[SPEAKER_\d{1,3}\]:")
_NOSCRIBE = re.compile(r"\bnoScribe\b.*\b[Vv]ers\.? ?\d")
_ATRAIN = re.compile(r"^\s*Transcription for \S")
_ATRAIN_PLAIN = re.compile(r"^Transcription for \S.{0,250}$")
_TRAILER = re.compile(
    r"^\s*(?:Transcribed by https?://otter\.ai\S*"
    r"|.{1,80} (?:started|stopped) transcription"
    r"|.{1,80} hat die Transkription (?:gestartet|beendet))\s*$",
    re.IGNORECASE,
)
# "[00:00:01] - text" (aTrain), "[00:00:01] text" (noScribe), "00:00:01 - text" (aTrain for NVivo).
_LEADING = re.compile(r"^\s*(?:\[" + _T + r"\](?:\s+-(?=\s|$))?|" + _T + r"\s+-(?=\s|$))\s*")
_INLINE = re.compile(r"\[(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\](?:\s+-(?=\s|$))?")


@dataclass
class _Turn:
    speaker: str | None
    start: float | None
    line: int | None
    pieces: list[str] = field(default_factory=list)


def tool_paragraphs(lines: Sequence[str], first_line: int | None = 1) -> list[RawParagraph] | None:
    """The turns of a transcript a transcription tool wrote, or None for any other file.

    ``lines``: the lines of a text file (or paragraphs of a Word file); ``first_line``: the
    file line of ``lines[0]``, for messages (None when the lines have no file lines).
    """
    recognised = _recognise(lines)
    if recognised is None:
        return None
    kind, skip = recognised
    turns: list[_Turn] = []
    current: _Turn | None = None
    clock_zero: float | None = None  # Zoom's marks are times of day
    for index, raw in enumerate(lines):
        if index < skip or not raw.strip() or _TRAILER.match(raw):
            continue
        line_no = None if first_line is None else index + first_line
        speaker, start, text = _speaker_line(raw)
        if speaker is not None and _BRACKET_NAME_TIME.match(raw) and start is not None:
            clock_zero = start if clock_zero is None else clock_zero
            start -= clock_zero
        if speaker is None and kind == "labels" and (found := label_of(raw)) is not None:
            speaker, text = found[0], found[1]
        if speaker is not None:
            if current is None or current.speaker != speaker:
                current = _Turn(speaker, None, line_no)
                turns.append(current)
            if current.start is None:
                current.start = start
        elif current is None or current.speaker is None:
            current = _Turn(None, None, line_no)  # without speakers: one paragraph a line
            turns.append(current)
        if text:
            mark, text = segment_text(text)
            current.start = mark if current.start is None else current.start
            if text:
                current.pieces.append(text)
    return [
        RawParagraph(" ".join(t.pieces), speaker=t.speaker, start=t.start, line=t.line)
        for t in turns
        if t.pieces or t.speaker is not None
    ]


def segment_text(text: str) -> tuple[float | None, str]:
    """``(start, text)`` of a segment: the time mark before it (``[00:00:01] -``, ``[00:00:01]``,
    ``00:00:01 -``) as its start, and its text without that or any other bracketed mark."""
    start = None
    if mark := _LEADING.match(text):
        start, text = _seconds(mark.groups()), text[mark.end() :]
    if "[" in text:
        text = _INLINE.sub(" ", text)
    return start, " ".join(text.split())


def _recognise(lines: Sequence[str]) -> tuple[str, int] | None:
    """Which layout ("labels": a label before each turn; "lines": a speaker on a line of its
    own) and how many lines at the top are the tool's header; None when no tool wrote the file.
    """
    head = [i for i, line in enumerate(lines[:40]) if line.strip()][:8]
    for i in head:
        if _NOSCRIBE.search(lines[i]):  # title, then "Transcribed with noScribe ...", options
            end = i
            while end < len(lines) and lines[end].strip():
                end += 1
            return "labels", end
    speaker_lines = [i for i, line in enumerate(lines) if _speaker_line(line)[0] is not None]
    if head and _ATRAIN.match(lines[head[0]]):
        marked = any(_LEADING.match(line) for line in lines[head[0] + 1 :])
        if speaker_lines or marked:
            return "lines", head[0] + 1
    if not speaker_lines and _atrain_plain(lines):
        return "lines", 2
    if len(speaker_lines) >= 2:
        return "lines", speaker_lines[0]  # a title and date before the first speaker (Teams)
    whisperx = sum(1 for line in lines if line[:2] in ("[S", " [") and _WHISPERX.match(line))
    if whisperx >= 2:
        return "labels", 0
    return None


def _atrain_plain(lines: Sequence[str]) -> bool:
    """Whether these are aTrain's ``transcription.txt`` without speakers (see the module
    docstring): its header, a blank line, then one segment a line, none with a label."""
    if len(lines) < 3 or not _ATRAIN_PLAIN.match(lines[0]) or lines[1].strip():
        return False
    body = list(lines[2:])
    while body and not body[-1].strip():
        body.pop()
    if not body or not all(line.strip() for line in body):
        return False
    return not accepted_labels(body)


def _speaker_line(line: str) -> tuple[str | None, float | None, str]:
    """``(speaker, start, rest)`` of a speaker line (a speaker alone, with or without a time)."""
    if len(line) > 100:
        return None, None, line
    if match := _DIARISED.match(line):
        return match.group(1), None, ""
    if match := _NAME_TIME.match(line) or _BRACKET_NAME_TIME.match(line):
        return match.group(1).strip(), _seconds(match.groups()[1:]), ""
    return None, None, line


def _seconds(groups: Sequence[str | None]) -> float:
    """Seconds of a time matched by ``_T`` (the first four of ``groups``, or the next four
    when the first alternative did not match)."""
    values = list(groups)
    if values[1] is None and len(values) >= 8:
        values = values[4:]
    hours, minutes, seconds, fraction = values[:4]
    return clock_seconds(hours, minutes or "0", seconds or "0", fraction or "")
