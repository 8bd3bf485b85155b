"""Bytes to text: BOMs first, then UTF-8, then charset-normalizer's best guess.

Transcripts arrive from Windows (Windows-1252), old Macs (CR line ends), transcription services
(UTF-8 with BOM) and Word exports (UTF-16); the normalised result is what offsets refer to.

Damaged text is never stored silently (README, "What qualcode refuses"):

- A file that is UTF-8 apart from a few bytes (a stray Windows-1252 umlaut pasted into it, a
  character cut in half) keeps UTF-8: each invalid byte sequence becomes U+FFFD (�), and a
  warning names the lines. So does a file of UTF-8 umlauts with lines of Windows-1252 pasted in,
  however many: read in Windows-1252, every UTF-8 umlaut would turn into two letters ("Ã¶").
  A file without any UTF-8 character is read in the encoding charset-normalizer finds most
  likely. With ``--encoding`` an invalid byte is an error.
- Control characters other than tab, line and page ends (NUL, escape sequences, backspace)
  are removed, and a warning names the lines. A file where they are more than one character
  in ten is refused as binary (or as UTF-16 that lost its byte-order mark).
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.names import printable
from qualcode.domain.text import normalise_line_ends
from qualcode.domain.transcript import ParsedTranscript

if TYPE_CHECKING:
    from qualcode.importers.paragraphs import ParsedRows

# A transcript, its turns as Turn objects or as rows (what an import stores).
_Parsed = TypeVar("_Parsed", bound="ParsedTranscript | ParsedRows")

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


# C0 controls but tab, LF, VT, FF and CR; and DEL. NUL is among them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# The same characters as bytes: in UTF-8 each is its own byte and no other character's byte, so
# deleting them from the file's bytes finds them several times faster than searching the text.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 10  # one control character in this many is a binary file
_SHOWN_LINES = 10


#: The encodings of UTF-8 text: a byte below 0x80 in it is that character and no other's part.
UTF_8 = ("utf-8", "utf-8-sig")


class Blanks(NamedTuple):
    """The spaces of a file's text, as its bytes tell them (see :func:`blanks_of`)."""

    spaces: int  # how many
    doubled: bool  # whether two stand side by side somewhere


# Each byte's mark for blanks_of: a space 0x01, a control character 0x80 (the high bit, never
# a space's), any other byte 0.
_BLANK_MARKS = bytes(
    0x01 if byte == 0x20 else 0x80 if byte in _CONTROL_BYTES else 0 for byte in range(256)
)


def blanks_of(data: bytes) -> Blanks | None:
    """The spaces of UTF-8 (or ASCII) bytes, and that they hold no control character; None when
    they do.

    One pass over the bytes marks them, and the marks read as one large number count the spaces
    (its set bits) and find two side by side (a mark in the next byte too): about half of what
    the characters' two searches take (a space is too common for a fast search). What the text
    decoded from other bytes holds, they cannot tell.
    """
    marks = data.translate(_BLANK_MARKS)
    if b"\x80" in marks:
        return None
    bits = int.from_bytes(marks, "little")
    return Blanks(bits.bit_count(), bits & (bits >> 8) != 0)


class Decoded(NamedTuple):
    """A file's text, the encoding it was read in and what was repaired on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


#: What a file read as text should be, unless the caller says otherwise.
TRANSCRIPT = "a text transcript"


def decode(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    kind: str = TRANSCRIPT,
    blanks: Blanks | None = None,
) -> Decoded:
    """The text of ``data``, its encoding and warnings; raises for binary or undecodable data.

    ``kind`` is what the file should have been, for the message that it is not ("a CSV table
    of case attributes" when it is the attributes file). The rules for damaged text are in the
    module docstring. ``blanks``: :func:`blanks_of` the data, which found no control byte.
    """
    text, used, warnings = _decode(data, source=source, encoding=encoding, kind=kind)
    if used in UTF_8 and (
        blanks is not None or len(data.translate(None, _CONTROL_BYTES)) == len(data)
    ):
        return Decoded(text, used, warnings)
    if _CONTROL.search(text) is None:
        return Decoded(text, used, warnings)
    count = len(_CONTROL.findall(text))
    if count * _MAX_CONTROL_SHARE > len(text):
        hint = (
            ""
            if encoding or kind != TRANSCRIPT
            else " (or UTF-16 text without its byte-order mark: try --encoding utf-16-le)"
        )
        raise InvalidInputError(
            f"this is a binary file, not {kind}: {count:,} of its {len(text):,} "
            f"characters are control characters such as NUL{hint}",
            file=source,
        )
    lines = _lines_with(text, _CONTROL)
    warnings += (
        f"{printable(source)}: {count:,} control character{'s' if count > 1 else ''} "
        f"(NUL and the like) removed on {lines}",
    )
    return Decoded(_CONTROL.sub("", text), used, warnings)


class NeedsWholeFile(Exception):
    """The file cannot be read piece by piece: it is read whole, with :func:`decode`'s rules
    and messages (another encoding, a damaged byte, control characters)."""


def decode_pieces(chunks: Iterable[bytes], *, encoding: str | None = None) -> Iterator[str]:
    """The text of a large file a piece at a time, for a file :func:`decode` would take as it
    is: UTF-8, with or without its BOM, or valid text in ``encoding``, without control
    characters. Anything else raises :class:`NeedsWholeFile` (nothing is stored before the
    whole file is read, so the caller can start again and read it whole).
    """
    decoder: codecs.IncrementalDecoder | None = None
    for chunk in chunks:
        if decoder is None:
            if encoding:
                name = encoding
            elif chunk.startswith(codecs.BOM_UTF8):
                name = "utf-8-sig"
            elif chunk.startswith(tuple(bom for bom, _ in _BOMS)) or describe_binary(chunk):
                raise NeedsWholeFile
            else:
                name = "utf-8"
            try:
                decoder = codecs.getincrementaldecoder(name)("strict")
            except LookupError:
                raise NeedsWholeFile from None
        yield _plain(decoder, chunk, final=False)
    if decoder is not None:
        yield _plain(decoder, b"", final=True)


def _plain(decoder: codecs.IncrementalDecoder, chunk: bytes, *, final: bool) -> str:
    try:
        text = decoder.decode(chunk, final)
    except UnicodeDecodeError:
        raise NeedsWholeFile from None
    if _CONTROL.search(text) is not None:
        raise NeedsWholeFile
    return text


def with_warnings(parsed: _Parsed, warnings: tuple[str, ...]) -> _Parsed:
    """The transcript with the warnings from decoding its file in front of its own."""
    if not warnings:
        return parsed
    return dataclasses.replace(parsed, warnings=warnings + parsed.warnings)


def _lines_with(text: str, pattern: re.Pattern[str]) -> str:
    """ "line 4" or "lines 4, 9, 12 and 3 more": where ``pattern`` occurs in ``text``."""
    found = [
        number
        for number, line in enumerate(normalise_line_ends(text).split("\n"), start=1)
        if pattern.search(line)
    ]
    shown = ", ".join(map(str, found[:_SHOWN_LINES]))
    more = f" and {len(found) - _SHOWN_LINES} more" if len(found) > _SHOWN_LINES else ""
    return f"line{'s' if len(found) > 1 else ''} {shown}{more}"


def _decode(data: bytes, *, source: str, encoding: str | None, kind: str) -> Decoded:
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
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
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise InvalidInputError(
                    f"the file starts like {name} but is damaged at byte {exc.start}", file=source
                ) from exc
    what = describe_binary(data)
    if what:
        raise InvalidInputError(f"this is {what}, not {kind}", file=source)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise InvalidInputError(f"this is a binary file, not {kind}", file=source)
    mostly = _mostly_utf8(data, source)
    if mostly is not None:
        return mostly
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=None).best()
    if best is None or best.encoding is None:
        raise InvalidInputError(
            "cannot tell the text encoding; name it with --encoding (e.g. cp1252)", file=source
        )
    name = _prefer_western(best.encoding, data)
    return Decoded(data.decode(name), name)


_REPLACED = re.compile("\ufffd")
# A Western letter written in UTF-8 (ä, ö, ü, ß, é: bytes C3 80-BF, or C2 A0-BF for the signs
# before them). In Windows-1252 these pairs read "Ã¤", "Ã¶", which no writer types; so a file
# that holds one beside bytes that are not UTF-8 is UTF-8 with a few of them pasted in (lines
# joined from two sources), whose umlauts a legacy encoding would turn into such pairs.
_LATIN_UTF8 = re.compile(rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]")


def _mostly_utf8(data: bytes, source: str) -> Decoded | None:
    """UTF-8 with the few invalid bytes replaced, when the file has more UTF-8 characters
    than invalid bytes; None for a file in another encoding."""
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if non_ascii <= replaced and _LATIN_UTF8.search(data) is None:
        return None
    lines = _lines_with(text, _REPLACED)
    warning = (
        f"{printable(source)}: {replaced:,} byte sequence{'s' if replaced > 1 else ''} "
        f"that are not UTF-8 replaced by \ufffd on {lines}"
    )
    return Decoded(text, "utf-8", (warning,))


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
