"""RTF transcripts (WordPad, TextEdit, f4/f5 and older Word exports).

striprtf turns the markup into text: ``\\'fc`` in the document's code page (``\\ansicpg``,
Windows-1252 when none is named), ``\\u252?`` with its ``\\ucN`` fallback characters skipped,
``\\par`` and ``\\line`` as line ends. Each RTF paragraph (``\\par``) then ends a paragraph like a
blank line in a text file, and a line break inside it (``\\line``, Shift+Enter) stays inside it;
the text then goes through the line rules of the text importer
(:func:`qualcode.importers.text.transcript_from_text`), so labels, time marks and Pos. numbers
come out exactly as for a ``.txt`` file with the same paragraphs. Table rows come out as text
(cells separated by ``|``), not as speaker tables.
"""

from __future__ import annotations

import codecs
import re

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import (
    decode,
    refuse_empty,
    refuse_other_kind,
    with_warnings,
)
from qualcode.importers.text import transcript_from_text

_MAGIC = b"{\\rtf"
_LEADING = b"\xef\xbb\xbf \t\r\n"
_CODE_PAGE = re.compile(rb"\\ansicpg(\d+)")
_CODE_PAGE_TEXT = re.compile(r"\\ansicpg-?\d+")
_CHARSET = re.compile(rb"\\(ansi|mac|pca|pc)(?![a-z])")
_CHARSETS = {b"ansi": "cp1252", b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}
# ``\line`` as a control word (not an escaped backslash followed by "line").
_LINE = re.compile(r"(?<!\\)((?:\\\\)*)\\line(?![a-zA-Z])(?:-?\d+)? ?")
_LINE_MARK = "\u2028"  # survives striprtf; marks a line break inside a paragraph


class RtfImporter:
    """``.rtf`` documents (striprtf)."""

    name: str = "rtf"
    extensions: tuple[str, ...] = (".rtf",)

    def sniff(self, data: bytes) -> bool:
        return data.lstrip(_LEADING).startswith(_MAGIC)

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        """``encoding`` overrides the code page the file names (``\\ansicpg``)."""
        refuse_empty(data, source)
        refuse_other_kind(
            data,
            source,
            fits=self.sniff(data),
            kind="an RTF document",
            why="it does not start with {\\rtf",
        )
        data = data.removeprefix(codecs.BOM_UTF8)
        code_page = encoding or _code_page(data[:4096])
        rtf, _, warnings = decode(data, source=source, encoding=code_page)
        if encoding:  # the user's code page wins over the one the file names
            rtf = _CODE_PAGE_TEXT.sub("", rtf)
        rtf = _LINE.sub(lambda m: m.group(1) + _LINE_MARK, rtf)
        from striprtf.striprtf import rtf_to_text

        try:
            plain: str = rtf_to_text(  # type: ignore[no-untyped-call]
                rtf, encoding=code_page, errors="strict"
            )
        except UnicodeDecodeError as exc:
            raise InvalidInputError(
                f"the RTF text holds a character that code page {exc.encoding} does not have; "
                "name the right one with --encoding (e.g. cp1250)",
                file=source,
            ) from exc
        except Exception as exc:
            raise InvalidInputError(
                f"this RTF document is damaged and cannot be read ({type(exc).__name__})",
                file=source,
            ) from exc
        # \u escapes of characters beyond U+FFFF come as surrogate pairs: join them.
        plain = plain.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        # Each RTF paragraph is a paragraph (as if a blank line followed it); \line stays inside.
        paragraphs = plain.split("\n")
        text = normalise("\n\n".join(p.replace(_LINE_MARK, "\n") for p in paragraphs))
        parsed = transcript_from_text(text, fmt="rtf", source=source, first_line=None)
        return with_warnings(parsed, warnings)


def _code_page(head: bytes) -> str:
    """The code page the RTF header names, or Windows-1252."""
    match = _CODE_PAGE.search(head)
    if match:
        name = f"cp{int(match.group(1))}"
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    charset = _CHARSET.search(head)
    return _CHARSETS[charset.group(1)] if charset else "cp1252"
