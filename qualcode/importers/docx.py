"""Word transcripts (.docx): paragraphs, headings and transcript tables in document order.

python-docx opens the package; the body is then read from its XML in document order, so that
tables stay where they stand between paragraphs, content controls are looked into, tracked
deletions and text boxes are left out and a line break (Shift+Enter, ``<w:br/>``) stays inside
its paragraph. Each non-empty paragraph becomes one paragraph for
:func:`qualcode.importers.paragraphs.assemble_rows`; paragraphs in a Heading or Title style are
headings. A table laid out as ``Speaker | Text`` or ``Time | Speaker | Text`` gives one turn per
row (see :mod:`qualcode.importers.tables`); any other table is read cell by cell.

Speaker labels are read by the shared rules, from the paragraph's plain text (``I:`` typed
plainly or in bold, with the colon inside or after the bold run). A bold label that holds its
time mark and no colon (**I [00:00:03]** text) is found from the bold run at the start.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import refuse_empty, refuse_other_kind
from qualcode.importers.paragraphs import RawParagraph, assemble_rows, label_of
from qualcode.importers.tables import speaker_table
from qualcode.importers.transcribers import tool_paragraphs
from qualcode.importers.xml_safety import refuse_too_deep

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the container of .doc files, and of encrypted .docx files
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
_RUN_TEXT = {
    f"{_W}t": None,  # its own text
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}
# Runs that are shown: not deleted or moved away (tracked changes), not in a text box.
_RUNS_XPATH = (
    ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
)
_HEADING_STYLES = ("heading", "title", "subtitle", "überschrift", "titel", "untertitel")
_OFF = {"0", "false", "off", "none"}


class DocxImporter:
    """``.docx`` Word documents (python-docx)."""

    name: str = "docx"
    extensions: tuple[str, ...] = (".docx",)

    def sniff(self, data: bytes) -> bool:
        # File names in a ZIP's local headers are stored uncompressed, even in a cut-off file.
        return data.startswith(_ZIP) and b"word/document.xml" in data

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        """``encoding`` is not used: a Word document names its own."""
        document = _open(data, source)
        try:
            paragraphs = list(_Reader(document).blocks(document.element.body))
        except Exception as exc:
            refuse_too_deep(exc, source=source, kind="Word document")
            raise InvalidInputError(
                f"this Word document is damaged: its text cannot be read ({type(exc).__name__})",
                file=source,
            ) from exc
        if not paragraphs:
            raise InvalidInputError("the Word document holds no text to import", file=source)
        if all(p.speaker is None for p in paragraphs):  # a Teams transcript: name and time
            tool = tool_paragraphs([p.text for p in paragraphs], None)
            if tool is not None:
                return assemble_rows(tool, fmt="docx", source=source, labels=set()).transcript()
        return assemble_rows(paragraphs, fmt="docx", source=source).transcript()


def _open(data: bytes, source: str) -> Any:
    """The python-docx Document, or a one-line error saying why this is not one."""
    refuse_empty(data, source)
    if data.startswith(_OLE):
        raise InvalidInputError(
            "this is an old Word document (.doc) or a password-protected one; save it from Word "
            "as .docx without a password",
            file=source,
        )
    refuse_other_kind(
        data,
        source,
        fits=data.startswith(_ZIP),
        kind="a Word document (.docx)",
        why="a .docx file is a ZIP archive, this is not",
    )
    import zipfile

    from qualcode.importers.archives import check_archive

    check_archive(data, source=source, kind="Word document", resave="save it again from Word")

    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InvalidInputError(
            "this Word document is damaged or cut off (its ZIP archive cannot be read); "
            "save it again from Word",
            file=source,
        ) from exc
    except KeyError as exc:
        raise InvalidInputError(
            "this ZIP archive is not a Word document: it has no word/document.xml", file=source
        ) from exc
    except ValueError as exc:  # python-docx: "... is not a Word file, content type is ..."
        if "wordprocessingml" in str(exc) or "ms-word" in str(exc):
            raise InvalidInputError(
                "this is a Word template or a document with macros (.dotx, .docm); "
                "save it from Word as a plain .docx",
                file=source,
            ) from exc
        raise InvalidInputError(
            "this Office file is not a Word document (an Excel or PowerPoint file?)", file=source
        ) from exc
    except Exception as exc:
        refuse_too_deep(exc, source=source, kind="Word document")
        raise InvalidInputError(
            f"this Word document is damaged and cannot be read ({type(exc).__name__})",
            file=source,
        ) from exc


def _on(element: Any) -> bool:
    """An on/off property such as ``<w:b/>`` or ``<w:b w:val="false"/>``."""
    value = element.get(f"{_W}val")
    return value is None or value.lower() not in _OFF


def _style_chain(style: Any) -> Iterator[Any]:
    seen = 0
    while style is not None and seen < 10:  # base styles; a loop in a broken file ends too
        yield style
        style, seen = getattr(style, "base_style", None), seen + 1


class _Reader:
    """Walks a document body; knows which styles are headings and which are bold."""

    def __init__(self, document: Any) -> None:
        styles = {s.style_id: s for s in document.styles}
        self._heading = {
            sid
            for sid, style in styles.items()
            if any(
                (s.name or "").casefold().startswith(_HEADING_STYLES) for s in _style_chain(style)
            )
        }
        self._bold = {sid for sid, style in styles.items() if _style_bold(style)}

    def blocks(self, container: Any) -> Iterator[RawParagraph]:
        """The paragraphs of a body, table cell or content control, in document order."""
        for child in container.iterchildren():
            if child.tag == _P:
                paragraph = self.paragraph(child)
                if paragraph is not None:
                    yield paragraph
            elif child.tag == _TBL:
                yield from self.table(child)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    yield from self.blocks(content)
            elif child.tag == _CUSTOM_XML:
                yield from self.blocks(child)

    def paragraph(self, p: Any) -> RawParagraph | None:
        runs = [(self.run_text(r), self.run_bold(r)) for r in p.xpath(_RUNS_XPATH)]
        text = "".join(t for t, _ in runs)
        if not text.strip():
            return None
        if self.is_heading(p):
            return RawParagraph(text, heading=True)
        if label_of(text) is None:
            text = _timed_bold_label(runs) or text
        return RawParagraph(text)

    def table(self, tbl: Any) -> Iterator[RawParagraph]:
        rows = [
            [list(self.blocks(tc)) for tc in tr.iterchildren(_TC)] for tr in tbl.iterchildren(_TR)
        ]
        texts = [["\n".join(p.text for p in cell) for cell in row] for row in rows]
        turns = speaker_table(texts)
        if turns is not None:
            yield from turns
            return
        for row in rows:
            for cell in row:
                yield from cell

    def is_heading(self, p: Any) -> bool:
        ppr = p.find(f"{_W}pPr")
        if ppr is None:
            return False
        style = ppr.find(f"{_W}pStyle")
        if style is not None and style.get(f"{_W}val") in self._heading:
            return True
        level = ppr.find(f"{_W}outlineLvl")  # a paragraph set to appear in the outline
        value = "9" if level is None else level.get(f"{_W}val") or "9"
        return value.isdigit() and int(value) < 9

    @staticmethod
    def run_text(r: Any) -> str:
        parts = []
        for child in r.iterchildren():
            if child.tag in _RUN_TEXT:
                parts.append(_RUN_TEXT[child.tag] or child.text or "")
        return "".join(parts)

    def run_bold(self, r: Any) -> bool:
        rpr = r.find(f"{_W}rPr")
        if rpr is None:
            return False
        bold = rpr.find(f"{_W}b")
        if bold is not None:
            return _on(bold)
        style = rpr.find(f"{_W}rStyle")
        return style is not None and style.get(f"{_W}val") in self._bold


def _style_bold(style: Any) -> bool:
    for s in _style_chain(style):
        bold = s.font.bold if hasattr(s, "font") else None
        if bold is not None:
            return bool(bold)
    return False


def _timed_bold_label(runs: list[tuple[str, bool]]) -> str | None:
    """``I: [00:00:03] text`` from a paragraph that starts with the bold run ``I [00:00:03]``."""
    index = 0
    while index < len(runs) and not runs[index][0].strip():
        index += 1
    bold = []
    while index < len(runs) and runs[index][1]:
        bold.append(runs[index][0])
        index += 1
    prefix = "".join(bold).strip()
    if not prefix:
        return None
    rest = "".join(t for t, _ in runs[index:]).lstrip()
    found = label_of(f"**{prefix}** {rest}")
    return f"{found[0]}: {found[1]}" if found else None
