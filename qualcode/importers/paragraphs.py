"""From paragraphs to numbered turns: the rules every transcript format shares.

Each format module only finds the paragraphs of its file (lines of a text file, paragraphs of a
Word document, rows of a speaker table, subtitle cues); this module recognises speaker labels and
time marks, keeps them out of the text, numbers the turns ("Pos.") and builds the normalised text
that coding offsets refer to.

- Every paragraph is one turn, numbered from 1, including a heading or note before the first
  speaker. An unlabelled paragraph after a labelled one keeps that speaker, unless labels are
  rare in the document (fewer than one paragraph in ten has a speaker, as in a think-aloud
  protocol where only the moderator is labelled): then unlabelled paragraphs have no speaker.
- Labels that every transcription guide uses (``I:``, ``B:``, ``B1:``, ``IP:``, ``Interviewer:``,
  ``Befragte/r:``, ``Moderator:`` ...) are always recognised; other name-like labels
  (``Frau Dr. Keller:``) only when they occur at least twice, so that "Fazit: ..." in running
  text is not taken for a speaker. A bold label may hold its time mark and lose the colon
  (``**I [00:00:03]** text``, ``**B: [00:00:09]** text``); a time mark may also stand before
  the label (``[00:03:02] Frau Dr. Keller: ...``), and whisperX brackets the label
  (``[SPEAKER_00]: ...``).
- f4/f5 marks ``#00:01:23-4#`` at the end of a paragraph give the time at its end, which is also
  the start of the next paragraph; ``[00:01:23]``, ``[01:23]`` (minutes and seconds) or
  ``(00:01:23)`` at the start of a paragraph give its start, and a paragraph then ends where the
  next timed one starts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import has_other_blanks, normalise, word_count
from qualcode.domain.timecode import F4_MARK, clock_seconds, f4_seconds
from qualcode.domain.transcript import ParsedTranscript, TurnRow, turns_from_rows

_KNOWN = re.compile(
    r"^(?:I|B|IP|IV|M|E|R|S|T|Q|A|P|TN|INT|Int\.?|Interviewer(?:in)?|Interviewee|"
    r"Befragte(?:/r|r)?|Moderator(?:in)?|Experte|Expertin|Respondent|Sprecher(?:in)?|Speaker)"
    r"\s?\d{0,3}$|^SPEAKER_\d{1,3}$",  # SPEAKER_00: diarisation (whisperX, pyannote)
    re.IGNORECASE,
)
_NAMELIKE = re.compile(r"^[A-ZÄÖÜ][\w.\-']*(?: [A-ZÄÖÜ0-9][\w.\-']*){0,3}$")
_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?([^\s:*#\[(][^:*\n]{0,39}?)(?:\*\*|__)?\s*:(?:\*\*|__)?(?:[ \t]+|$)"
)
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_ALONE_TIME = re.compile(r"^\s*[\[(]?(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?[\])]?\s*$")
_START_MARK = re.compile(r"^[\[(](?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?[\])]\s*")
# "**I [00:00:03]** text", "**B: [00:00:09]** text": the time mark inside the bold label.
_TIMED_LABEL = re.compile(
    r"^\s*(\*\*|__)([^\s:*#\[(][^:*\n]{0,39}?)\s*:?\s*([\[(]" + _TIME + r"[\])])\s*:?\s*\1:?"
    r"(?:[ \t]+|$)"
)
# "[SPEAKER_00]: text": whisperX puts the speaker in brackets.
_BRACKETED_LABEL = re.compile(r"^\s*\[([^\s:\[\]][^:\[\]\n]{0,39})\]:(?:[ \t]+|$)")
_END_F4 = re.compile(r" ?" + F4_MARK.pattern + r"$")


@dataclass
class RawParagraph:
    """A paragraph as a format module found it, before labels and time marks are read."""

    text: str
    speaker: str | None = None  # known from the format (a table column, a subtitle voice)
    start: float | None = None  # known from the format (subtitle cue times)
    end: float | None = None
    line: int | None = None  # where it starts in the source, for messages
    heading: bool = False  # a title or heading: never inherits a speaker


def label_of(line: str) -> tuple[str, str] | None:
    """``(label, rest)`` when the line starts with something shaped like a speaker label.

    A time mark inside a bold label, or a time mark before the label ("#00:00:09-4# B: ...",
    "[00:03:02] Frau Dr. Keller: ..."), is handed back at the start of ``rest``.
    """
    if ":" not in line:  # every label ends in a colon, and a time mark has one (half the lines)
        return None
    if line[:1] == "#" and (mark := F4_MARK.match(line)):
        found = label_of(line[mark.end() :].lstrip())
        return (found[0], f"{mark.group(0)} {found[1]}") if found else None
    if line[:1] in ("[", "(") and (opening := _START_MARK.match(line)):
        found = label_of(line[opening.end() :])
        return (found[0], f"{opening.group(0).strip()} {found[1]}") if found else None
    if line[:1] == "[" and (bracketed := _BRACKETED_LABEL.match(line)):
        label = bracketed.group(1).strip()
        if _KNOWN.match(label) or _NAMELIKE.match(label):
            return label, line[bracketed.end() :]
    if "**" in line[:4] or "__" in line[:4]:
        timed = _TIMED_LABEL.match(line)
        if timed:
            label = timed.group(2).strip()
            if _KNOWN.match(label) or _NAMELIKE.match(label):
                return label, f"{timed.group(3)} {line[timed.end() :]}"
    match = _LABEL.match(line)
    if not match:
        return None
    label = match.group(1).strip()
    if _KNOWN.match(label) or _NAMELIKE.match(label):
        return label, line[match.end() :]
    return None


def time_of(text: str) -> float | None:
    """Seconds of a time standing alone (``00:01:23``, ``[01:23]``, ``00:01:23,4``), as in the
    time column of a transcript table; None for anything else."""
    match = _ALONE_TIME.match(text)
    return _seconds(match) if match else None


def accepted_labels(lines: Iterable[str]) -> set[str]:
    """The labels that count as speakers in this document (see the module docstring)."""
    return accept(label_of(line) for line in lines)


def always_a_speaker(label: str) -> bool:
    """A label every transcription guide uses (``I``, ``B2``, ``Interviewer``): accepted even
    when it occurs only once."""
    return _KNOWN.match(label) is not None


def plain_label(head: str) -> bool:
    """Whether ``head: text`` is a line :func:`label_of` reads as the label ``head`` every
    transcript uses and the text after one space: ``head`` a label of :func:`always_a_speaker`
    with nothing around it that the general rules would read otherwise (spaces, bold)."""
    return (
        0 < len(head) <= 40
        and not head[0].isspace()
        and not head[-1].isspace()
        and "*" not in head
        and "__" not in head
        and _KNOWN.match(head) is not None
    )


def accept(found: Iterable[tuple[str, str] | None]) -> set[str]:
    """:func:`accepted_labels` from labels already split off with :func:`label_of`."""
    counts = Counter(item[0] for item in found if item is not None)
    return {label for label, n in counts.items() if _KNOWN.match(label) or n >= 2}


def rows_of(
    turns: list[TurnRow],
    pieces: list[str],
    *,
    fmt: str,
    attributes: dict[str, str] | None,
    single_blanks: bool,
    spaces: int | None = None,
) -> ParsedRows:
    """The transcript of turns found with their normalised bodies (``pieces``, each without a
    line end, emptied here), the way :func:`assemble_rows` ends: a turn with a start mark and
    no end mark ends where the next timed turn starts. ``spaces``: see :func:`words_in`."""
    _ends_from_next_start(turns)
    text = "\n".join(pieces)
    line_ends = len(pieces) - 1
    pieces.clear()
    return ParsedRows(
        text=text,
        rows=tuple(turns),
        format=fmt,
        attributes=attributes or {},
        warnings=(),
        words=words_in(text, single_blanks=single_blanks, line_ends=line_ends, spaces=spaces),
    )


def _seconds(match: re.Match[str]) -> float:
    hours, minutes, seconds, fraction = match.groups()
    return clock_seconds(hours, minutes, seconds, fraction or "")


@dataclass(frozen=True, slots=True)
class ParsedRows:
    """:class:`ParsedTranscript` with its turns as rows (``TurnRow``), as an import stores
    them: a plain-text import builds no ``Turn`` objects only to take them apart again."""

    text: str
    rows: tuple[TurnRow, ...]
    format: str
    attributes: dict[str, str]
    warnings: tuple[str, ...]
    words: int

    def transcript(self) -> ParsedTranscript:
        return ParsedTranscript(
            text=self.text,
            turns=turns_from_rows(self.rows),
            format=self.format,
            attributes=self.attributes,
            warnings=self.warnings,
            words=self.words,
        )


def assemble_rows(
    paragraphs: list[RawParagraph],
    *,
    fmt: str,
    source: str,
    attributes: dict[str, str] | None = None,
    labels: set[str] | None = None,
    normalised: bool = False,
    release: bool = False,
    inherit: bool = True,
) -> ParsedRows:
    """Turns, times and normalised text from a document's paragraphs.

    ``labels``: the accepted speaker labels, when the format module already split them off;
    when None, labels are recognised at the start of each paragraph without a known speaker.
    ``normalised``: the paragraphs' text went through :func:`normalise` already (a text file
    normalised as a whole, which is much faster than paragraph by paragraph).
    ``inherit``: False when a paragraph without a speaker has none (a segment diarisation
    assigned to nobody), rather than the speaker before it.
    ``release``: empty each paragraph's text once its turn is built, so that a large
    transcript is not held twice over (the caller has no more use for the paragraphs).
    """
    if labels is None:
        found_labels = [label_of(p.text) if p.speaker is None else None for p in paragraphs]
        labels = accept(found_labels)
        labelled = sum(
            1
            for p, f in zip(paragraphs, found_labels, strict=True)
            if p.speaker is not None or (f is not None and f[0] in labels)
        )
        split = True
    else:
        labelled = sum(1 for p in paragraphs if p.speaker is not None)
        split = False
    # Labels on fewer than one paragraph in ten (only the moderator of a think-aloud protocol):
    # the unlabelled paragraphs are someone else's, not the last labelled speaker's.
    inherit = inherit and labelled * 10 >= sum(1 for p in paragraphs if not p.heading)
    pieces: list[str] = []
    turns: list[TurnRow] = []  # rows first: a turn's end may come from the next one's start
    offset = 0
    last_speaker: str | None = None
    previous_time: float | None = None
    any_speaker = False
    # Whether every blank in the text will stand alone (see word_count): lines of a normalised
    # text have no runs of spaces, and each body is stripped; an empty turn or a time mark cut
    # out of the middle of a body leaves two blanks side by side.
    single_blanks = normalised
    for para in paragraphs:
        text = para.text
        if release:
            para.text = ""
        if "\n" in text:
            body = " ".join(part for line in text.split("\n") if (part := line.strip()))
        else:  # most paragraphs are one line
            body = text.strip()
        if not normalised:
            body = normalise(body).strip()
        speaker = para.speaker
        if speaker is None and split and (found := label_of(body)) and found[0] in labels:
            speaker, body = found[0], found[1].strip()
        elif speaker is None and not para.heading and inherit:
            speaker = last_speaker
        if para.heading:
            speaker = None
        start, end = para.start, para.end
        opening: float | None = None  # an f4 mark opening the turn: its start, unless implausible
        if start is None and body[:1] in ("[", "(") and (start_match := _START_MARK.match(body)):
            start = _seconds(start_match)
            body = body[start_match.end() :]
        elif (
            start is None
            and body[:1] == "#"
            and (start_match := F4_MARK.match(body))
            and body[start_match.end() :].strip()  # a mark alone is the turn's end (below)
        ):
            opening = f4_seconds(start_match)  # "B: #00:00:09-4# ..." or "#00:00:09-4# B: ..."
            body = body[start_match.end() :].lstrip()
        if body.endswith("#") and (end_match := _END_F4.search(body, max(len(body) - 24, 0))):
            end = f4_seconds(end_match)  # the same groups as F4_MARK's
            body = body[: end_match.start()]
        if "#" in body:
            cut = F4_MARK.sub("", body)
            if cut != body:
                body, single_blanks = cut, False
        body = body.strip()
        if opening is not None and (end is None or opening <= end):
            start = opening  # an opening mark later than the turn's own end mark is not its start
        if start is None and end is not None:
            start = previous_time if previous_time is not None else (0.0 if speaker else None)
        if end is not None and start is not None and end < start:
            raise InvalidInputError(
                f"the time mark {end:.1f} s comes before the one before it ({start:.1f} s)",
                file=source,
                line=para.line,
            )
        if not body and speaker is None:
            continue
        if not body:
            single_blanks = False
        if speaker is not None:
            any_speaker = True
            last_speaker = speaker
        turns.append((len(turns) + 1, speaker, offset, offset + len(body), start, end))
        pieces.append(body)
        offset += len(body) + 1
        if end is not None or start is not None:
            previous_time = end if end is not None else start
    _ends_from_next_start(turns)  # a turn with a start mark and no end mark
    warnings: tuple[str, ...] = ()
    if turns and not any_speaker:
        warnings = (
            f"{source}: no speaker labels (like 'I:' or 'B:') found; "
            "imported as paragraphs without speakers",
        )
    text = "\n".join(pieces)
    # The bodies of a normalised text hold no line end: the text has one between each two.
    line_ends = len(pieces) - 1 if normalised else None
    pieces.clear()  # a large transcript's text is now held once
    return ParsedRows(
        text=text,
        rows=tuple(turns),
        format=fmt,
        attributes=attributes or {},
        warnings=warnings,
        words=words_in(text, single_blanks=single_blanks, line_ends=line_ends),
    )


_WORDS_AT_ONCE = 2**22  # characters: splitting more at once holds a list of every word


def words_in(
    text: str, *, single_blanks: bool, line_ends: int | None = None, spaces: int | None = None
) -> int:
    """:func:`word_count` of a text of any size: a long one is counted a few million
    characters at a time, cut at line ends (no word spans one), so that the words of a
    200 MB transcript are never all in memory at once.

    ``line_ends``: how many the text has, when the caller knows (counting them is a third of
    the count). ``spaces``: how many spaces it has, when the caller knows, and knows that it has
    no blank but spaces and line ends (counting them is the rest).
    """
    if len(text) <= _WORDS_AT_ONCE:
        if single_blanks and line_ends is not None and text:
            if spaces is not None:
                return spaces + line_ends + 1  # word_count's rule for single blanks
            if not has_other_blanks(text):
                return text.count(" ") + line_ends + 1
        return word_count(text, single_blanks=single_blanks)
    words, start = 0, 0
    while start < len(text):
        end = text.find("\n", start + _WORDS_AT_ONCE)
        if end < 0:
            end = len(text)
        # Each piece keeps the promise of single blanks: the cut line ends are left out, and
        # each of them stood between two words, as the count of a piece's blanks assumes.
        words += word_count(text[start:end], single_blanks=single_blanks)
        start = end + 1
    return words


def _ends_from_next_start(turns: list[TurnRow]) -> None:
    """A turn with a start mark and no end mark ends where the next timed turn starts."""
    next_start: float | None = None
    for i in range(len(turns) - 1, -1, -1):
        position, speaker, char_start, char_end, start, end = turns[i]
        if start is not None:
            if end is None and next_start is not None and next_start > start:
                turns[i] = (position, speaker, char_start, char_end, start, next_start)
            next_start = start
