"""OpenDocument transcripts (.odt, and the flat .fodt): paragraphs, headings and tables in order.

odfdo opens the document; its body is walked in document order, through lists and sections, so
that each non-empty ``text:p`` becomes one paragraph for
:func:`qualcode.importers.paragraphs.assemble_rows` and each ``text:h`` (or a paragraph in a
Heading or Title style) a heading. Line breaks stay inside their paragraph; footnotes,
comments, frames and tracked deletions are not part of the spoken text and are left out. A
table laid out as ``Speaker | Text`` or ``Time | Speaker | Text`` gives one turn per row (see
:mod:`qualcode.importers.tables`); any other table is read cell by cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import refuse_empty, refuse_other_kind
from qualcode.importers.paragraphs import RawParagraph, assemble_rows
from qualcode.importers.tables import speaker_table
from qualcode.importers.xml_safety import refuse_too_deep

_ZIP = b"PK\x03\x04"
_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_HEADING_STYLES = ("heading", "title", "subtitle", "überschrift", "titel", "untertitel")
# Inline elements whose content is not running text (their tail still is).
_SKIP_INLINE = frozenset(
    {
        "text:note",
        "office:annotation",
        "draw:frame",
        "draw:a",
        "text:ruby-text",
        "text:bookmark-ref",
    }
)
# Block elements that hold paragraphs.
_CONTAINERS = frozenset(
    {
        "text:list",
        "text:list-item",
        "text:list-header",
        "text:section",
        "text:numbered-paragraph",
        "office:text",
    }
)


class OdtImporter:
    """``.odt`` and ``.fodt`` OpenDocument text files (odfdo)."""

    name: str = "odt"
    extensions: tuple[str, ...] = (".odt", ".fodt", ".ott")

    def sniff(self, data: bytes) -> bool:
        if data.startswith(_ZIP):
            # The mimetype file comes first and is stored uncompressed.
            return b"mimetype" + _MIMETYPE in data[:512]
        # Flat XML (.fodt): the root element names the mimetype after its namespaces.
        root = data.find(b"<office:document", 0, 8192)  # (a slice would copy the head)
        return root >= 0 and data.find(b'office:mimetype="' + _MIMETYPE, 0, 8192) >= 0

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        """``encoding`` is not used: an OpenDocument file names its own."""
        document = _open(data, source)
        try:
            reader = _Reader(document)
            paragraphs = list(reader.blocks(document.body))
        except Exception as exc:
            refuse_too_deep(exc, source=source, kind="OpenDocument file")
            raise InvalidInputError(
                f"this OpenDocument file is damaged: its text cannot be read "
                f"({type(exc).__name__})",
                file=source,
            ) from exc
        if not paragraphs:
            raise InvalidInputError("the document holds no text to import", file=source)
        return assemble_rows(paragraphs, fmt="odt", source=source).transcript()


def _open(data: bytes, source: str) -> Any:
    """The odfdo Document, or a one-line error saying why this is not one."""
    refuse_empty(data, source)
    refuse_other_kind(
        data,
        source,
        fits=data.startswith(_ZIP) or b"<office:document" in data[:512],
        kind="an OpenDocument text (.odt)",
        why="an .odt file is a ZIP archive, this is not",
    )
    if data.startswith(_ZIP):
        from qualcode.importers.archives import check_archive

        names = check_archive(data, source=source, kind="OpenDocument file")
        if "content.xml" not in names:
            raise InvalidInputError(
                "this ZIP archive is not an OpenDocument text: it has no content.xml", file=source
            )
    else:
        from qualcode.importers.xml_safety import refuse_dtd

        refuse_dtd(data, source=source, kind="OpenDocument file")
    from odfdo import Document

    try:
        document = Document(io.BytesIO(data))
        mimetype = str(document.mimetype)
    except Exception as exc:
        refuse_too_deep(exc, source=source, kind="OpenDocument file")
        raise InvalidInputError(
            f"this is not a readable OpenDocument text (.odt) ({type(exc).__name__})",
            file=source,
        ) from exc
    if not mimetype.startswith(_MIMETYPE.decode()):
        kind = mimetype.rsplit(".", 1)[-1] or "unknown"
        raise InvalidInputError(
            f"this OpenDocument file is a {kind}, not a text document", file=source
        )
    return document


class _Reader:
    """Walks a document body; knows which paragraph styles are headings."""

    def __init__(self, document: Any) -> None:
        self._document = document
        self._heading_style: dict[str, bool] = {}

    def blocks(self, container: Any) -> Iterator[RawParagraph]:
        """The paragraphs of a body, list, section or table cell, in document order."""
        for child in container.children:
            tag = child.tag
            if tag in ("text:p", "text:h"):
                text = _inline(child)
                if text.strip():
                    heading = tag == "text:h" or self.is_heading(
                        child.get_attribute("text:style-name")
                    )
                    yield RawParagraph(text, heading=heading)
            elif tag == "table:table":
                yield from self.table(child)
            elif tag in _CONTAINERS:
                yield from self.blocks(child)

    def table(self, table: Any) -> Iterator[RawParagraph]:
        rows = [
            [list(self.blocks(cell)) for cell in row.children if cell.tag == "table:table-cell"]
            for row in _rows(table)
        ]
        texts = [["\n".join(p.text for p in cell) for cell in row] for row in rows]
        turns = speaker_table(texts)
        if turns is not None:
            yield from turns
            return
        for row in rows:
            for cell in row:
                yield from cell

    def is_heading(self, name: object) -> bool:
        if not isinstance(name, str) or not name:
            return False
        if name not in self._heading_style:
            found = False
            style, depth = self._document.get_style("paragraph", name), 0
            while style is not None and depth < 10 and not found:
                names = (style.name or "", getattr(style, "display_name", None) or "")
                found = any(n.casefold().startswith(_HEADING_STYLES) for n in names)
                parent = style.parent_style
                style = self._document.get_style("paragraph", parent) if parent else None
                depth += 1
            self._heading_style[name] = found
        return self._heading_style[name]


def _rows(table: Any) -> Iterator[Any]:
    for child in table.children:
        if child.tag == "table:table-row":
            yield child
        elif child.tag in ("table:table-header-rows", "table:table-rows", "table:table-row-group"):
            yield from _rows(child)


def _inline(element: Any) -> str:
    """The running text of a paragraph: spans and links in, notes and comments out."""
    parts = [element.text or ""]
    for child in element.children:
        tag = child.tag
        if tag == "text:line-break":
            parts.append("\n")
        elif tag == "text:tab":
            parts.append("\t")
        elif tag == "text:s":
            count = str(child.get_attribute("text:c") or "1")
            parts.append(" " * (int(count) if count.isdigit() else 1))
        elif tag not in _SKIP_INLINE:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
