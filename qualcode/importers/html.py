"""HTML transcripts: noScribe's native format, and transcripts saved as a web page.

noScribe writes one ``<p>`` per speaker turn, each segment an ``<a name="ts_START_END_SPEAKER">``
(times in milliseconds), after a title and a grey header with the audio file and settings; the
turns come from those anchors (a label the user typed over the speaker, ``Interviewer:``, wins)
and the header is dropped. Any other HTML file is read as text: block elements (``<p>``, ``<div>``,
``<li>``, table cells) are paragraphs, headings have no speaker, and the rules of
:mod:`qualcode.importers.text` (labels, time marks, tool layouts) apply.

Parsed safely: lxml's HTML parser without network access, and what is not the document's text
(``<script>``, ``<style>``, ``<nav>``, ``<form>``, ``<header>``, ``<footer>``, ``<head>`` ...) is
removed before reading. A file without a single speaker turn is refused: it is a saved web page,
not a transcript. A file that ends before ``</html>`` was cut off (an interrupted copy or
download): it is imported with a warning, as its last turn may be incomplete.
"""

from __future__ import annotations

import re
from typing import Any

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import EMPTY, decode, with_warnings
from qualcode.importers.paragraphs import RawParagraph, assemble_rows, label_of
from qualcode.importers.transcribers import segment_text

_NOT_TEXT = (
    "head", "script", "style", "noscript", "template", "nav", "form", "header", "footer",
    "iframe", "object", "embed", "button", "select", "textarea", "input", "svg", "canvas",
    "menu", "dialog",
)  # fmt: skip
_BLOCKS = frozenset(
    {"p", "div", "li", "dt", "dd", "td", "th", "blockquote", "pre", "address", "section",
     "article", "main", "figcaption", "caption"}
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ANCHOR = re.compile(r"^ts_(\d+)_(\d+)_(.*)$")
_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


class HtmlImporter:
    """``.html``/``.htm``: noScribe transcripts and other HTML files with speaker turns."""

    name: str = "html"
    extensions: tuple[str, ...] = (".html", ".htm")

    def sniff(self, data: bytes) -> bool:
        return _START.match(data[:2048].removeprefix(b"\xef\xbb\xbf")) is not None

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        text, _, warnings = decode(data, source=source, encoding=encoding)
        if not text.strip():
            raise InvalidInputError(EMPTY, file=source)
        body = _body(text, source)
        anchored = body.xpath(".//a[starts-with(@name, 'ts_')]")
        paragraphs = _noscribe(body) if anchored else _blocks(body)
        if not any(p.text.strip() for p in paragraphs):
            raise InvalidInputError(EMPTY, file=source)
        if anchored:
            parsed = assemble_rows(paragraphs, fmt="html", source=source, labels=set()).transcript()
        else:
            from qualcode.importers.text import transcript_from_text

            lines = "\n\n".join(("# " if p.heading else "") + p.text for p in paragraphs)
            parsed = transcript_from_text(
                normalise(lines), fmt="html", source=source, markdown=True, first_line=None
            )
        if not any(t.speaker is not None for t in parsed.turns):
            raise InvalidInputError(
                "this HTML file looks like a saved web page, not a transcript: "
                "no speaker turns (like 'I:' or 'B:') found",
                file=source,
            )
        if "</html" not in text[-4096:].lower():
            warnings += (
                f"{source}: the file ends before its closing </html> tag: it was cut off, "
                "and its last turn may be incomplete",
            )
        return with_warnings(parsed, warnings)


def _body(text: str, source: str) -> Any:
    """The document's body, without what is not its text."""
    import lxml.html  # type: ignore[import-untyped]
    from lxml import etree

    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        why = " ".join(str(exc).split())
        raise InvalidInputError(f"this HTML file cannot be read ({why})", file=source) from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # lxml stops at 256 nested elements and drops the rest of the page without a word;
        # no editor nests so deep, a page made to break readers does
        raise InvalidInputError(
            "this HTML file cannot be imported: its elements nest more than 256 levels deep, "
            "and the text below that depth would be lost",
            file=source,
        )
    etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    body = root.find("body")
    return root if body is None else body


def _noscribe(body: Any) -> list[RawParagraph]:
    """noScribe's turns: each ``<p>`` with ``ts_`` anchors; what comes before them is the header."""
    paragraphs: list[RawParagraph] = []
    for p in body.iter("p"):
        anchors = p.xpath(".//a[starts-with(@name, 'ts_')]")
        if not anchors:
            if paragraphs and (text := " ".join(p.text_content().split())):
                paragraphs.append(RawParagraph(text))  # a note typed in noScribe's editor
            continue
        speaker: str | None = None
        start: float | None = None
        for a in anchors:
            match = _ANCHOR.match(a.get("name"))
            if match and a.text_content().strip():
                start = int(match.group(1)) / 1000 if start is None else start
                speaker = speaker or match.group(3).strip() or None
        text = " ".join(p.text_content().split())
        if (found := label_of(text)) is not None:  # the label in the text, renamed or not
            speaker, text = found[0], found[1]
        mark, text = segment_text(text)
        if text:
            paragraphs.append(RawParagraph(text, speaker=speaker, start=start or mark))
    return paragraphs


def _blocks(body: Any) -> list[RawParagraph]:
    """The innermost block elements' text, in document order."""
    paragraphs: list[RawParagraph] = []
    for element in body.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS or (
            tag in _BLOCKS
            and not any(
                isinstance(c.tag, str) and (c.tag in _BLOCKS or c.tag in _HEADINGS)
                for c in element.iterdescendants()
            )
        ):
            text = "\n".join(" ".join(line.split()) for line in element.text_content().split("\n"))
            if text.strip():
                paragraphs.append(RawParagraph(text.strip(), heading=tag in _HEADINGS))
    return paragraphs
