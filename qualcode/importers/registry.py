"""Which importer reads a file: by extension, then by content.

Format modules register here; a file with an unknown or missing extension is offered to each
importer's ``sniff`` so that a transcript saved as ``interview`` or ``.text`` still imports.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import InvalidInputError
from qualcode.importers.base import Importer
from qualcode.importers.decoding import describe_binary
from qualcode.importers.text import TextImporter

IMPORTERS: tuple[Importer, ...] = (TextImporter(),)


def supported_extensions() -> tuple[str, ...]:
    return tuple(ext for imp in IMPORTERS for ext in imp.extensions)


def choose(path: Path, data: bytes) -> Importer:
    """The importer for this file, or a one-line error saying why there is none."""
    suffix = path.suffix.lower()
    for importer in IMPORTERS:
        if suffix in importer.extensions:
            return importer
    for importer in IMPORTERS:
        if importer.sniff(data):
            return importer
    what = describe_binary(data)
    kinds = ", ".join(supported_extensions())
    if what:
        raise InvalidInputError(f"this is {what}; qualcode imports {kinds}", file=str(path))
    raise InvalidInputError(
        f"qualcode cannot read this kind of file; it imports {kinds}", file=str(path)
    )
