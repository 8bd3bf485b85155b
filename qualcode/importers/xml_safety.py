"""XML from users' files: no DTDs, no entities, no network.

A DTD lets an XML file define entities: text substituted wherever ``&name;`` stands. Expanded,
a few nested entities grow to gigabytes ("billion laughs"); left unexpanded, as python-docx
does, the text after each reference drops out of the paragraph without a word. Word,
LibreOffice and the REFI-QDA exporters never write a DTD, so qualcode refuses an XML part
that declares one (:class:`DtdScanner`, :func:`refuse_dtd`), before a library parses it. XML
that qualcode parses itself goes through :func:`safe_parser`, which would not resolve entities,
load a DTD or reach the network even if one slipped through.
"""

from __future__ import annotations

from typing import Any

from qualcode.domain.errors import InvalidInputError

# A document type declaration, and an entity declaration, in UTF-8 (and every ASCII-compatible
# encoding) and in UTF-16 of either byte order.
_MARKERS = tuple(
    text.encode(codec)
    for text in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(m) for m in _MARKERS) - 1


class DtdScanner:
    """Finds a DTD in XML read a chunk at a time (a marker may straddle two chunks)."""

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes) -> bool:
        """Whether the XML read so far declares a DTD."""
        window = self._tail + chunk
        self._tail = window[-_OVERLAP:]
        return any(marker in window for marker in _MARKERS)


def has_dtd(data: bytes) -> bool:
    """Whether the XML in ``data`` declares a DTD."""
    return DtdScanner().feed(data)


def refuse_dtd(data: bytes, *, source: str, kind: str) -> None:
    """The one-line error for XML (a flat .fodt file, say) that declares a DTD."""
    if has_dtd(data):
        raise InvalidInputError(
            f"this {kind} cannot be imported: it declares a DTD with entities (<!DOCTYPE ...>), "
            "which office programs never write; it is refused rather than read with text missing",
            file=source,
        )


def safe_parser() -> Any:
    """An lxml parser that resolves no entities, loads no DTD, never touches the network and
    keeps lxml's limits on depth and text size."""
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def refuse_too_deep(exc: BaseException, *, source: str, kind: str) -> None:
    """The one-line error for XML that nests deeper than lxml reads (256 elements without its
    huge-tree option, which stays off): no office program writes such a file, so saying so
    helps more than naming the parser's exception."""
    if type(exc).__name__ == "XMLSyntaxError" and "Excessive depth" in str(exc):
        raise InvalidInputError(
            f"this {kind} cannot be imported: its XML nests more than 256 levels deep, "
            "which office programs never write (a damaged or crafted file?)",
            file=source,
        ) from exc
