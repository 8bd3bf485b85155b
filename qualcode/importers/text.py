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

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise
from qualcode.domain.timecode import F4_MARK
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import (
    EMPTY,
    decode,
    describe_binary,
    with_warnings,
)
from qualcode.importers.paragraphs import RawParagraph, accept, assemble, label_of
from qualcode.importers.transcribers import tool_paragraphs

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)
_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")  # a Markdown thematic break


class TextImporter:
    """``.txt`` and ``.md`` transcripts (and any other text file with speaker labels)."""

    name: str = "text"
    extensions: tuple[str, ...] = (".txt", ".md", ".markdown", ".text")

    def sniff(self, data: bytes) -> bool:
        return describe_binary(data) is None and b"\x00" not in data[:4096]

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        raw, _, warnings = decode(data, source=source, encoding=encoding)
        text = normalise(raw)  # once for the whole file; lines are only stripped after this
        markdown = source.lower().endswith((".md", ".markdown"))
        attributes: dict[str, str] = {}
        first_line = 1
        front = _FRONT_MATTER.match(text)
        if front:
            attributes = front_matter(front.group(1), source)
            first_line += front.group(0).count("\n")
            text = text[front.end() :]
        parsed = transcript_from_text(
            text,
            fmt="markdown" if markdown else "text",
            source=source,
            attributes=attributes,
            markdown=markdown,
            first_line=first_line,
        )
        return with_warnings(parsed, warnings)


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
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        raise InvalidInputError(EMPTY, file=source)
    tool = tool_paragraphs(lines, first_line)  # noScribe, aTrain, whisperX, Otter, Teams, Zoom
    if tool is not None:
        return assemble(tool, fmt=fmt, source=source, attributes=attributes, labels=set())
    # A label ends in a colon: most lines (blank ones, running text) need no closer look.
    found = [label_of(line) if ":" in line else None for line in lines]
    labels = accept(found)
    paragraphs = _paragraphs(lines, found, labels, first_line, markdown)
    return assemble(
        paragraphs,
        fmt=fmt,
        source=source,
        attributes=attributes,
        labels=labels,
        normalised=True,
    )


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
    paragraphs: list[RawParagraph] = []
    current: RawParagraph | None = None
    for index, line in enumerate(lines):
        if not line.strip() or (
            markdown and line.startswith((" ", "-", "*", "_")) and _RULE.match(line)
        ):
            current = None
            continue
        line_no = None if first_line is None else index + first_line
        found = found_labels[index]
        if found is not None and found[0] in labels:
            current = RawParagraph(found[1], speaker=found[0], line=line_no)
            paragraphs.append(current)
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
