"""PDF transcripts that hold text (exported from Word, LibreOffice or a transcription tool).

pypdf extracts the text of each page; lines that only number the page (``12``, ``- 12 -``,
``Seite 3 von 10``, ``Page 3``) at the top or bottom of a page are dropped, as is a header or
footer line that repeats on every page of a longer document. The lines then go through the
line rules of the text importer (:func:`qualcode.importers.text.transcript_from_text`): a label
starts a turn, other lines continue it, also across a page break. PDF keeps no paragraph marks,
so an unlabelled paragraph joins the turn before it. A scanned PDF has no text to extract and
is refused with a hint to run OCR first.
"""

from __future__ import annotations

import io
import re

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.decoding import refuse_empty, refuse_other_kind
from qualcode.importers.text import transcript_from_text

_HEADER = re.compile(rb"%PDF-\d")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:seite|page|s\.|p\.)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?"
    r"(?:\s*(?:von|of|/|aus)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_EDGE = 2  # lines at the top and bottom of a page that may be a header or footer
_REPEATS = 3  # from this many pages on, a line that opens or closes every page is dropped


class PdfImporter:
    """``.pdf`` documents with a text layer (pypdf)."""

    name: str = "pdf"
    extensions: tuple[str, ...] = (".pdf",)

    def sniff(self, data: bytes) -> bool:
        # The header may follow some junk (up to 1 KB), but then the file must end like a PDF.
        if _HEADER.match(data):
            return True
        return _HEADER.search(data[:1024]) is not None and b"%%EOF" in data[-1024:]

    def parse(self, data: bytes, *, source: str, encoding: str | None = None) -> ParsedTranscript:
        """``encoding`` is not used: a PDF's fonts map their own characters."""
        refuse_empty(data, source)
        refuse_other_kind(
            data,
            source,
            fits=self.sniff(data),
            kind="a PDF document",
            why="it does not start with %PDF-",
        )
        pages = _page_texts(data, source)
        if not any(page.strip() for page in pages):
            raise InvalidInputError("this PDF holds no text (a scan?): run OCR first", file=source)
        lines = _without_headers([normalise(page).split("\n") for page in pages])
        return transcript_from_text("\n".join(lines), fmt="pdf", source=source, first_line=None)


def _page_texts(data: bytes, source: str) -> list[str]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # pypdf logs every repaired flaw of a sloppy PDF as a warning
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password")
        return [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError) as exc:
        raise InvalidInputError(
            "this PDF is password-protected; save a copy without protection and import that",
            file=source,
        ) from exc
    except PdfReadError as exc:
        raise InvalidInputError(
            f"this PDF is damaged or cut off and cannot be read ({type(exc).__name__})",
            file=source,
        ) from exc
    except Exception as exc:
        raise InvalidInputError(
            f"this PDF cannot be read ({type(exc).__name__}); save it again or export the text",
            file=source,
        ) from exc
    finally:
        log.setLevel(level)


def _without_headers(pages: list[list[str]]) -> list[str]:
    """All lines of all pages, without page numbers and running headers or footers."""
    pages = [[line.strip() for line in page if line.strip()] for page in pages]
    repeated: set[str] = set()
    if len(pages) >= _REPEATS:
        shape_counts: dict[str, int] = {}
        for page in pages:
            for shape in {_shape(line) for line in page[:1] + page[-1:]}:
                shape_counts[shape] = shape_counts.get(shape, 0) + 1
        repeated = {shape for shape, n in shape_counts.items() if n == len(pages)}
    lines: list[str] = []
    for page in pages:
        keep = list(page)
        for index in [*range(min(_EDGE, len(page))), *range(max(len(page) - _EDGE, 0), len(page))]:
            line = page[index]
            if _PAGE_NUMBER.match(line) or (
                index in (0, len(page) - 1) and _shape(line) in repeated
            ):
                keep[index] = ""
        lines.extend(line for line in keep if line)
    return lines


def _shape(line: str) -> str:
    """A line with its digits masked, so "Seite 3 von 9" matches "Seite 4 von 9"."""
    return re.sub(r"\d+", "#", line)
