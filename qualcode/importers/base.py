"""The contract every transcript importer keeps."""

from __future__ import annotations

from typing import Protocol

from qualcode.domain.transcript import ParsedTranscript


class Importer(Protocol):
    """Turns the bytes of one file into a normalised transcript.

    ``sniff`` looks at the content, so a file is read by the right importer even when its
    extension is missing or wrong; ``parse`` raises :class:`InvalidInputError` with a message
    naming what is wrong (and the line, where there is one).
    """

    name: str
    extensions: tuple[str, ...]

    def sniff(self, data: bytes) -> bool: ...

    def parse(
        self, data: bytes, *, source: str, encoding: str | None = None
    ) -> ParsedTranscript: ...
