"""Bytes to text: BOMs first, then UTF-8, then charset-normalizer's best guess.

Transcripts arrive from Windows (Windows-1252), old Macs (CR line ends), transcription services
(UTF-8 with BOM) and Word exports (UTF-16); the normalised result is what offsets refer to.
"""

from __future__ import annotations

import codecs

from qualcode.domain.errors import InvalidInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of files people mistake for text (or name wrongly).
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document (.docx/.odt)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"ID3", "an MP3 audio file"),
    (b"RIFF", "a WAV audio or AVI video file"),
    (b"SQLite format 3", "an SQLite database"),
)


def describe_binary(data: bytes) -> str | None:
    """What a binary file looks like, for the one-line error; None when it may be text."""
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return what
    return None


EMPTY = "the file is empty: there is no text to import"


def refuse_empty(data: bytes, source: str) -> None:
    """The one-line error for a file with nothing but blanks in it."""
    if not data.strip():
        raise InvalidInputError(EMPTY, file=source)


def refuse_other_kind(data: bytes, source: str, *, fits: bool, kind: str, why: str) -> None:
    """The one-line error for a file its importer cannot read: what it looks like instead
    ("this is a PNG image, not a PDF document"), or else ``why`` it is not ``kind``."""
    if not fits:
        what = describe_binary(data)
        message = f"this is {what}, not {kind}" if what else f"this is not {kind}: {why}"
        raise InvalidInputError(message, file=source)


def decode(data: bytes, *, source: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding used; raises for binary or undecodable data."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError as exc:
            raise InvalidInputError(f"unknown encoding {encoding!r}", file=source) from exc
        except UnicodeDecodeError as exc:
            raise InvalidInputError(
                f"the file is not valid {encoding} (byte {exc.start}); try another --encoding",
                file=source,
            ) from exc
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InvalidInputError(
                    f"the file starts like {name} but is damaged at byte {exc.start}", file=source
                ) from exc
    what = describe_binary(data)
    if what:
        raise InvalidInputError(f"this is {what}, not a text transcript", file=source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise InvalidInputError("this is a binary file, not a text transcript", file=source)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=None).best()
    if best is None or best.encoding is None:
        raise InvalidInputError(
            "cannot tell the text encoding; name it with --encoding (e.g. cp1252)", file=source
        )
    name = _prefer_western(best.encoding, data)
    return data.decode(name), name


def _prefer_western(guess: str, data: bytes) -> str:
    """A Latin-1 guess becomes Windows-1252, which is what Windows editors really write.

    The two agree on umlauts, but cp1252 also has the typographic quotes („“ – …) that Word puts
    in 0x80-0x9F, where Latin-1 has invisible control characters.
    """
    if guess.replace("-", "_").lower() in {"latin_1", "iso8859_1"}:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return guess
