"""Plain-text and Markdown transcripts with speaker labels.

Paragraph rule (what "Pos." counts): a blank line ends a paragraph, and a line that starts with
a speaker label starts a new one; any other line continues the paragraph before it. Every
paragraph is one turn, numbered from 1, including a heading or note before the first speaker.
An unlabelled paragraph after a labelled one keeps that speaker (an answer in several
paragraphs). Time marks: f4/f5 ``#00:01:23-4#`` at the end of a paragraph give the time at its
end (so it is also the start of the next paragraph); ``[00:01:23]`` or ``(00:01:23)`` at the
start of a paragraph give its start. Labels and time marks are kept out of the turn text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise
from qualcode.domain.timecode import F4_MARK, f4_seconds
from qualcode.domain.transcript import ParsedTranscript, Turn
from qualcode.importers.decoding import decode

# Labels every German and English transcription guide uses; always accepted.
_KNOWN = re.compile(
    r"^(?:I|B|IP|IV|M|E|R|S|T|Q|A|P|TN|INT|Int\.?|Interviewer(?:in)?|Interviewee|"
    r"Befragte(?:/r|r)?|Moderator(?:in)?|Experte|Expertin|Respondent|Sprecher(?:in)?|Speaker)"
    r"\s?\d{0,3}$",
    re.IGNORECASE,
)
# "Frau Dr. Keller:", "Anna M.:", "Speaker 2:" - accepted when the label recurs.
_NAMELIKE = re.compile(r"^[A-ZÄÖÜ][\w.\-']*(?: [A-ZÄÖÜ0-9][\w.\-']*){0,3}$")
_LABEL_LINE = re.compile(
    r"^\s*(?:\*\*|__)?([^\s:*#\[(][^:*]{0,39}?)(?:\*\*|__)?\s*:(?:\*\*|__)?(?:\s+|$)"
)
_START_MARK = re.compile(r"^[\[(](\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,3}))?[\])]\s*")
_END_F4 = re.compile(r" ?" + F4_MARK.pattern + r"$")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


@dataclass
class _Paragraph:
    speaker: str | None
    lines: list[str]
    line_no: int
    labelled: bool = False


def _label_of(line: str) -> str | None:
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    label = match.group(1).strip()
    if _KNOWN.match(label) or _NAMELIKE.match(label):
        return label
    return None


def _start_seconds(match: re.Match[str]) -> float:
    hours, minutes, seconds, fraction = match.groups()
    value = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        value += int(fraction) / (10 ** len(fraction))
    return float(value)


class TextImporter:
    """``.txt`` and ``.md`` transcripts (and any other text file with speaker labels)."""

    name: str = "text"
    extensions: tuple[str, ...] = (".txt", ".md", ".markdown", ".text")

    def sniff(self, data: bytes) -> bool:
        from qualcode.importers.decoding import describe_binary

        return describe_binary(data) is None and b"\x00" not in data[:4096]

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        raw, _ = decode(data, source=source, encoding=encoding)
        text = normalise(raw)  # once for the whole file; lines are only stripped after this
        fmt = "markdown" if source.lower().endswith((".md", ".markdown")) else "text"
        attributes: dict[str, str] = {}
        front = _FRONT_MATTER.match(text)
        skipped_lines = 0
        if front:
            attributes = _front_matter(front.group(1), source)
            skipped_lines = front.group(0).count("\n")
            text = text[front.end() :]
        lines = text.split("\n")
        if not any(line.strip() for line in lines):
            raise InvalidInputError("the file is empty: there is no text to import", file=source)
        labels = Counter(label for line in lines if (label := _label_of(line)))
        accepted = {lab for lab, n in labels.items() if _KNOWN.match(lab) or n >= 2}
        paragraphs = _paragraphs(lines, accepted, skipped_lines)
        warnings: list[str] = []
        if not accepted:
            warnings.append(
                f"{source}: no speaker labels (like 'I:' or 'B:') found; "
                "imported as paragraphs without speakers"
            )
        return _assemble(paragraphs, fmt, attributes, tuple(warnings), source)


def _front_matter(block: str, source: str) -> dict[str, str]:
    """YAML front matter becomes case attributes (scalars only)."""
    import yaml

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InvalidInputError(
            "the YAML front matter at the top cannot be read",
            file=source,
            line=None if line is None else line + 2,
        ) from exc
    if not isinstance(data, dict):
        return {}
    return {
        str(k): ", ".join(map(str, v)) if isinstance(v, list) else str(v)
        for k, v in data.items()
        if v is not None and not isinstance(v, dict)
    }


def _paragraphs(lines: list[str], accepted: set[str], offset: int) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    last_speaker: str | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            current = None
            continue
        label = _label_of(line)
        if label is not None and label in accepted:
            body = line[_LABEL_LINE.match(line).end() :]  # type: ignore[union-attr]
            current = _Paragraph(label, [body], index + 1 + offset, labelled=True)
            paragraphs.append(current)
            last_speaker = label
        elif current is not None:
            current.lines.append(line)
        else:
            heading = line.lstrip().startswith("#") and not F4_MARK.match(line.strip())
            speaker = None if heading else last_speaker
            current = _Paragraph(speaker, [line], index + 1 + offset)
            paragraphs.append(current)
    return paragraphs


def _assemble(
    paragraphs: list[_Paragraph],
    fmt: str,
    attributes: dict[str, str],
    warnings: tuple[str, ...],
    source: str,
) -> ParsedTranscript:
    pieces: list[str] = []
    turns: list[Turn] = []
    offset = 0
    previous_end: float | None = None
    uses_end_marks = False
    for para in paragraphs:
        body = " ".join(stripped for line in para.lines if (stripped := line.strip()))
        if fmt == "markdown" and not para.labelled:
            body = body.lstrip("#").strip() if body.startswith("#") else body
        start: float | None = None
        end: float | None = None
        start_match = _START_MARK.match(body)
        if start_match:
            start = _start_seconds(start_match)
            body = body[start_match.end() :]
        end_match = _END_F4.search(body, max(len(body) - 24, 0)) if body.endswith("#") else None
        if end_match:
            inner = F4_MARK.search(end_match.group(0))
            assert inner is not None
            end = f4_seconds(inner)
            body = body[: end_match.start()]
            uses_end_marks = True
        body = F4_MARK.sub("", body).strip() if "#" in body else body.strip()
        if start is None and end is not None:
            start = previous_end if previous_end is not None else (0.0 if para.speaker else None)
        if end is not None and start is not None and end < start:
            raise InvalidInputError(
                f"the time mark {end:.1f} s comes before the one before it ({start:.1f} s)",
                file=source,
                line=para.line_no,
            )
        if not body and para.speaker is None:
            continue
        turns.append(
            Turn(
                position=len(turns) + 1,
                speaker=para.speaker,
                char_start=offset,
                char_end=offset + len(body),
                start=start,
                end=end,
            )
        )
        pieces.append(body)
        offset += len(body) + 1
        if end is not None:
            previous_end = end
        elif start is not None:
            previous_end = start
    if not uses_end_marks:
        turns = _ends_from_next_start(turns)
    return ParsedTranscript(
        text="\n".join(pieces),
        turns=tuple(turns),
        format=fmt,
        attributes=attributes,
        warnings=warnings,
    )


def _ends_from_next_start(turns: list[Turn]) -> list[Turn]:
    """With start marks only, a turn ends where the next timed turn starts."""
    result = list(turns)
    next_start: float | None = None
    for i in range(len(result) - 1, -1, -1):
        t = result[i]
        if t.start is not None and t.end is None and next_start is not None:
            result[i] = Turn(t.position, t.speaker, t.char_start, t.char_end, t.start, next_start)
        if t.start is not None:
            next_start = t.start
    return result
