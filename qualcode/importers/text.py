"""Plain-text and Markdown transcripts with speaker labels.

Paragraphs: a blank line ends a paragraph, and a line that starts with a speaker label starts a
new one; any other line continues the paragraph before it (hard-wrapped text). Markdown headings
(``# ...``) are paragraphs without a speaker, a Markdown rule (``---``) ends a paragraph like a
blank line, and YAML front matter becomes case attributes. The rules for labels, time marks and
Pos. numbers are in :mod:`qualcode.importers.paragraphs`.

:func:`transcript_from_text` applies these line rules to any normalised text, so the RTF and PDF
importers, which end up with lines of text too, read them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import has_other_blanks, normalise, spaces_kept
from qualcode.domain.timecode import F4_MARK, clock_seconds
from qualcode.domain.transcript import ParsedTranscript, TurnRow
from qualcode.importers.decoding import (
    EMPTY,
    UTF_8,
    NeedsWholeFile,
    blanks_of,
    decode,
    describe_binary,
    with_warnings,
)
from qualcode.importers.paragraphs import (
    ParsedRows,
    RawParagraph,
    accept,
    always_a_speaker,
    assemble_rows,
    label_of,
    plain_label,
    rows_of,
)
from qualcode.importers.transcribers import tool_paragraphs

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)
_LONGEST_FRONT_MATTER = 2**20  # characters: more, and a large file is read whole
_NOT_PLAIN = frozenset("#-*_")  # a first character some rule reads (headings, rules)
_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")  # a Markdown thematic break


class TextImporter:
    """``.txt`` and ``.md`` transcripts (and any other text file with speaker labels)."""

    name: str = "text"
    extensions: tuple[str, ...] = (".txt", ".md", ".markdown", ".text")

    def sniff(self, data: bytes) -> bool:
        return describe_binary(data) is None and b"\x00" not in data[:4096]

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        parsed = self.parse_rows(data, source=source, encoding=encoding)
        return parsed.transcript() if isinstance(parsed, ParsedRows) else parsed

    def parse_rows(
        self, data: bytes, *, source: str, encoding: str | None = None
    ) -> ParsedRows | ParsedTranscript:
        """:meth:`parse`, with the turns of a plainly labelled transcript as rows (what an
        import stores); any other comes back as :meth:`parse` has it."""
        blanks = blanks_of(data)
        raw, used, warnings = decode(data, source=source, encoding=encoding, blanks=blanks)
        if blanks is not None and (used not in UTF_8 or warnings or not spaces_kept(raw)):
            blanks = None  # the bytes' spaces are not the text's
        # Once for the whole file; lines are only stripped after this.
        text = normalise(raw, doubled_spaces=blanks is None or blanks.doubled)
        spaces = None if blanks is None or blanks.doubled else blanks.spaces
        markdown = source.lower().endswith((".md", ".markdown"))
        attributes: dict[str, str] = {}
        first_line = 1
        front = _FRONT_MATTER.match(text)
        if front:
            attributes = front_matter(front.group(1), source)
            first_line += front.group(0).count("\n")
            text = text[front.end() :]
            spaces = None
        parsed = _from_text(
            text,
            fmt="markdown" if markdown else "text",
            source=source,
            attributes=attributes,
            markdown=markdown,
            first_line=first_line,
            spaces=spaces,
        )
        return with_warnings(parsed, warnings)

    def parse_pieces(self, pieces: Iterable[str], *, source: str) -> ParsedTranscript:
        """:meth:`parse` for a large file decoded piece by piece (see ``importers/sources.py``):
        the same transcript, without the whole text held several times over while it is read.

        Raises :class:`NeedsWholeFile` for front matter that does not end in the first piece.
        """
        markdown = source.lower().endswith((".md", ".markdown"))
        lines = _Lines()
        attributes: dict[str, str] = {}
        first_line = 1
        blocks = _normalised_blocks(pieces)
        for number, block in enumerate(blocks):
            if number == 0 and block.startswith("---\n"):
                while (front := _FRONT_MATTER.match(block)) is None:
                    more = next(blocks, None)
                    if more is None or len(block) > _LONGEST_FRONT_MATTER:
                        raise NeedsWholeFile  # no end of front matter: read whole, it is text
                    block += more
                attributes = front_matter(front.group(1), source)
                first_line += front.group(0).count("\n")
                block = block[front.end() :]
            parts = block.split("\n")
            if block.endswith("\n"):
                parts.pop()  # the next block starts the next line
            del block
            lines.add(parts)
        return lines.transcript(
            fmt="markdown" if markdown else "text",
            source=source,
            attributes=attributes,
            markdown=markdown,
            first_line=first_line,
        ).transcript()


def _normalised_blocks(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces' text normalised a block of whole lines at a time.

    Blocks are cut after a line end (never between CR and LF), so that normalising each is
    normalising the whole: no rule of :func:`normalise` reaches across a line end.
    """
    carry = ""
    for piece in pieces:
        text = carry + piece if carry else piece
        cut = text.rfind("\n")
        if cut < 0:  # old Mac line ends: a CR with something after it is a whole line end
            cut = text.rfind("\r", 0, len(text) - 1)
        if cut < 0:
            carry = text
            continue
        carry = text[cut + 1 :]
        yield normalise(text[: cut + 1])
    if carry:
        yield normalise(carry)


class _Lines:
    """A transcript's lines as its paragraphs are made of them, a block at a time.

    A line that starts with a label every transcript uses (``I:``, ``B:``) is kept as its label
    and the text after it only; the line itself is not needed again. A 200 MB transcript is
    thus held about once while its paragraphs are found.
    """

    def __init__(self) -> None:
        self.kept: list[str] = []  # "" for a line kept as its label (see found)
        self.found: list[tuple[str, str] | None] = []
        self.any_text = False

    def add(self, lines: Iterable[str]) -> None:
        kept, found = self.kept, self.found
        for line in lines:
            # A label ends in a colon: most lines (blank ones, running text) need no closer look.
            label = label_of(line) if ":" in line else None
            if not self.any_text and line.strip():
                self.any_text = True
            found.append(label)
            kept.append("" if label is not None and always_a_speaker(label[0]) else line)

    def transcript(
        self,
        *,
        fmt: str,
        source: str,
        attributes: dict[str, str] | None,
        markdown: bool,
        first_line: int | None,
    ) -> ParsedRows:
        if not self.any_text:
            raise InvalidInputError(EMPTY, file=source)
        labels = accept(self.found)
        paragraphs = _paragraphs(self.kept, self.found, labels, first_line, markdown)
        self.kept, self.found = [], []
        return _assembled(paragraphs, labels, fmt=fmt, source=source, attributes=attributes)


def _assembled(
    paragraphs: list[RawParagraph],
    labels: set[str],
    *,
    fmt: str,
    source: str,
    attributes: dict[str, str] | None,
) -> ParsedRows:
    """The turns of a text file's paragraphs, their labels split off already: the text was
    normalised as a whole, and the paragraphs are not needed again."""
    return assemble_rows(
        paragraphs,
        fmt=fmt,
        source=source,
        attributes=attributes,
        labels=labels,
        normalised=True,
        release=True,
    )


def transcript_from_text(
    text: str,
    *,
    fmt: str,
    source: str,
    attributes: dict[str, str] | None = None,
    markdown: bool = False,
    first_line: int | None = 1,
) -> ParsedTranscript:
    """A transcript from normalised text by this module's line rules.

    ``first_line``: the file line the text starts on, for messages; None when the lines are not
    the file's own (text taken out of an RTF or PDF file).
    """
    parsed = _from_text(
        text,
        fmt=fmt,
        source=source,
        attributes=attributes,
        markdown=markdown,
        first_line=first_line,
    )
    return parsed.transcript() if isinstance(parsed, ParsedRows) else parsed


def _from_text(
    text: str,
    *,
    fmt: str,
    source: str,
    attributes: dict[str, str] | None,
    markdown: bool,
    first_line: int | None,
    spaces: int | None = None,
) -> ParsedRows | ParsedTranscript:
    """:func:`transcript_from_text`, a plainly labelled transcript's turns left as rows
    (``spaces``: how many the text has, when its bytes told it)."""
    plain = plain_turns(text, fmt=fmt, attributes=attributes, spaces=spaces)
    if plain is not None:
        return plain
    split = text.split("\n")
    fast = labelled_lines(split, first_line)
    if fast is not None:
        paragraphs, labels = fast
        return _assembled(paragraphs, labels, fmt=fmt, source=source, attributes=attributes)
    return by_line_rules(
        split,
        fmt=fmt,
        source=source,
        attributes=attributes,
        markdown=markdown,
        first_line=first_line,
    )


def by_line_rules(
    split: list[str],
    *,
    fmt: str,
    source: str,
    attributes: dict[str, str] | None = None,
    markdown: bool = False,
    first_line: int | None = 1,
) -> ParsedTranscript:
    """:func:`transcript_from_text` of the text's lines by every rule (tools' layouts, labels,
    continued lines, headings), without the shortcut for plainly labelled lines."""
    if any(line.strip() for line in split):
        tool = tool_paragraphs(split, first_line)  # noScribe, aTrain, whisperX, Otter, Teams, Zoom
        if tool is not None:
            tool_turns = assemble_rows(
                tool, fmt=fmt, source=source, attributes=attributes, labels=set()
            )
            return tool_turns.transcript()
    lines = _Lines()
    lines.add(split)
    return lines.transcript(
        fmt=fmt, source=source, attributes=attributes, markdown=markdown, first_line=first_line
    ).transcript()


def plain_turns(
    text: str, *, fmt: str, attributes: dict[str, str] | None, spaces: int | None = None
) -> ParsedRows | None:
    """The transcript of the commonest shape, in one pass, or None for any other: every line
    that is not blank is one turn, ``LABEL: text`` with a label every transcript uses, the text
    perhaps opened by a time mark (``I: [00:00:03] ...``), no ``#`` anywhere (f4's marks).

    For these lines :func:`labelled_lines` and :func:`assemble_rows` find the same turns (a
    test holds them to it): a paragraph a line, its label split off, its opening time mark
    read; without end marks nothing else of their rules applies. One regular expression finds
    every turn's parts at once, and the turns' lengths tell whether they are every line.

    ``spaces``: how many the text has, when the caller knows; the words are then counted
    without a look at the text's characters (the spaces the labels, time marks and ends of
    lines took with them taken off).
    """
    if "#" in text:
        return None
    found = _PLAIN_TURN.findall(text)
    if not found or any("noScribe" in turn[6] for turn in found[:_TOOL_HEADER_LINES]):
        return None  # no turn, or perhaps noScribe's header (transcribers.py)
    turns: list[TurnRow] = []
    pieces: list[str] = []
    labels: dict[str, bool] = {}
    offset = 0
    covered = len(text) - len(text.lstrip("\n"))  # blank lines before the first turn
    if spaces is not None and has_other_blanks(text):
        spaces = None  # a turn's ends may be blanks other than spaces
    cut = 0  # spaces not in the turns' text: after each label, in it, at the ends of the text
    single_blanks = True
    for head, mark, hours, minutes, seconds, fraction, rest, gap in found:
        known = labels.get(head)
        if known is None:
            known = labels[head] = plain_label(head)
        if not known:
            return None  # a title, a name: the other rules read it
        body = rest.strip()
        if not body:
            single_blanks = False
        start = clock_seconds(hours, minutes, seconds, fraction) if mark else None
        turns.append((len(turns) + 1, head, offset, offset + len(body), start, None))
        pieces.append(body)
        offset += len(body) + 1
        covered += len(head) + len(mark) + len(rest) + len(gap) + 2  # (the ": " after the label)
        cut += head.count(" ") + 1 + len(rest) - len(body)  # (a time mark holds no space)
    if covered != len(text):
        return None  # a line of some other shape (a continued line, a title)
    return rows_of(
        turns,
        pieces,
        fmt=fmt,
        attributes=attributes,
        single_blanks=single_blanks,
        spaces=None if spaces is None else spaces - cut,
    )


# A line of :func:`plain_turns` with the line ends after it: its label (no colon in it), ": ",
# the rest not opened by a blank, perhaps opened by a time mark (the marks assemble_rows reads
# at a turn's start). Where the lines it matches are not the whole text, another line is there.
_PLAIN_TURN = re.compile(
    r"^([^:\n]*): (?![^\S\n])"
    r"([\[(](?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?[\])]|)"
    r"(.*)(\n*)",
    re.MULTILINE,
)
# A tool's header is in a transcript's first lines that are not blank (transcribers.py).
_TOOL_HEADER_LINES = 8


def labelled_lines(
    lines: list[str], first_line: int | None
) -> tuple[list[RawParagraph], set[str]] | None:
    """The paragraphs of the common transcript, or None for any other: each turn starts with a
    label every transcript uses (``I: [00:00:03] ...``, ``B: ...``, ``Interviewer: ...``), and
    no other line has a colon (a title above the first turn, hard-wrapped lines of a turn).

    Such a file's paragraphs are what the general rules (tools' layouts, labels, continued
    lines, headings) find too; this finds them with one split a line instead of every rule's
    look at every line, which was most of an import's time.
    """
    paragraphs: list[RawParagraph] = []
    labels: dict[str, bool] = {}
    offset = 1 if first_line is None else first_line
    current: RawParagraph | None = None
    for index, line in enumerate(lines):
        if not line:
            current = None
            continue
        if line[0].isspace() or line[0] in _NOT_PLAIN or (index < 40 and "noScribe" in line):
            return None  # a Markdown heading or rule, indented text, a tool's header
        if ":" not in line:
            if "SPEAKER_" in line or "Speaker undefined" in line or "Transcription" in line:
                return None  # a diarised speaker alone on its line, aTrain's header
            if current is not None:
                current.text += "\n" + line
            else:
                number = None if first_line is None else index + offset
                current = RawParagraph(line, line=number)
                paragraphs.append(current)
            continue
        head, colon, rest = line.partition(": ")
        known = labels.get(head)
        if known is None:
            known = labels[head] = bool(colon) and plain_label(head)
        if not known or ":" in head or rest[:1] in (" ", "\t"):
            return None  # anything else: the general rules read it
        number = None if first_line is None else index + offset
        current = RawParagraph(rest, speaker=head, line=number)
        paragraphs.append(current)
    if not labels:
        return None
    return paragraphs, set(labels)


def front_matter(block: str, source: str) -> dict[str, str]:
    """YAML front matter becomes case attributes (scalars and lists of scalars)."""
    import yaml

    from qualcode.importers import strict_yaml

    try:
        data = strict_yaml.load(block, duplicates=True)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        refused = strict_yaml.reason(exc)
        raise InvalidInputError(
            "the YAML front matter at the top cannot be read" + (f": {refused}" if refused else ""),
            file=source,
            line=None if mark is None else mark.line + 2,
        ) from exc
    if not isinstance(data, dict):
        return {}
    return {
        str(k): ", ".join(map(str, v)) if isinstance(v, list) else str(v)
        for k, v in data.items()
        if v is not None and not isinstance(v, dict)
    }


def _paragraphs(
    lines: list[str],
    found_labels: list[tuple[str, str] | None],
    labels: set[str],
    first_line: int | None,
    markdown: bool,
) -> list[RawParagraph]:
    """``lines[i]`` may be "" for a line whose label in ``found_labels`` is accepted."""
    paragraphs: list[RawParagraph] = []
    current: RawParagraph | None = None
    for index, line in enumerate(lines):
        line_no = None if first_line is None else index + first_line
        found = found_labels[index]
        if found is not None and found[0] in labels:  # (such a line is never blank or a rule)
            current = RawParagraph(found[1], speaker=found[0], line=line_no)
            paragraphs.append(current)
        elif not line.strip() or (
            markdown and line.startswith((" ", "-", "*", "_")) and _RULE.match(line)
        ):
            current = None
        elif current is not None:
            current.text += "\n" + line
        else:
            stripped = line.lstrip()
            heading = markdown and stripped.startswith("#") and not F4_MARK.match(stripped)
            current = RawParagraph(
                stripped.lstrip("#").strip() if heading else line,
                line=line_no,
                heading=heading,
            )
            paragraphs.append(current)
    return paragraphs
