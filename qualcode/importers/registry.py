"""Which importer reads a file: by content first, then by extension.

Format modules register here. The formats that announce themselves (a Word or OpenDocument
ZIP, RTF, PDF, WebVTT, SubRip, HTML, whisperX's JSON and TSV) are recognised by their content,
so a transcript saved under a wrong name or none is still read by the right importer. Failing
that, the extension names the importer, whose ``parse`` then says what is wrong with the file (a
cut-off .docx, a broken cue time; a ``.json`` file that is not whisperX's); a file with
neither is offered to the text importer, which takes any text.

This module is imported by every command: the format modules import their libraries (python-docx,
odfdo, pypdf ...) only when they parse.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import InvalidInputError
from qualcode.importers.base import Importer
from qualcode.importers.decoding import describe_binary
from qualcode.importers.docx import DocxImporter
from qualcode.importers.html import HtmlImporter
from qualcode.importers.odt import OdtImporter
from qualcode.importers.pdf import PdfImporter
from qualcode.importers.rtf import RtfImporter
from qualcode.importers.subtitles import SubtitleImporter
from qualcode.importers.text import TextImporter
from qualcode.importers.whisperx import WhisperxJsonImporter, WhisperxTsvImporter

TEXT = TextImporter()
# The text importer comes last: its sniff takes any text, the others only their own format.
IMPORTERS: tuple[Importer, ...] = (
    DocxImporter(),
    OdtImporter(),
    RtfImporter(),
    PdfImporter(),
    SubtitleImporter(),
    HtmlImporter(),
    WhisperxJsonImporter(),
    WhisperxTsvImporter(),
    TEXT,
)
#: Tables people keep case attributes in: text a transcript importer would take, wrongly.
_TABLES = (".csv", ".tsv")


def supported_extensions() -> tuple[str, ...]:
    return tuple(ext for imp in IMPORTERS for ext in imp.extensions)


def choose(path: Path, data: bytes) -> Importer:
    """The importer for this file, or a one-line error saying why there is none."""
    for importer in IMPORTERS:
        if importer is not TEXT and importer.sniff(data):
            return importer
    suffix = path.suffix.lower()
    for importer in IMPORTERS:
        if suffix in importer.extensions:
            return importer
    if suffix in _TABLES:  # plain text too, but never a transcript
        raise InvalidInputError(
            "this looks like a case-attribute table, not a transcript: give it with "
            "--attributes (in the workbench's import dialog: the case attributes field)",
            file=str(path),
        )
    if TEXT.sniff(data):
        return TEXT
    what = describe_binary(data)
    kinds = ", ".join(supported_extensions())
    if what:
        raise InvalidInputError(f"this is {what}; qualcode imports {kinds}", file=str(path))
    raise InvalidInputError(
        f"qualcode cannot read this kind of file; it imports {kinds}", file=str(path)
    )
