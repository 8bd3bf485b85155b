"""Opening ZIP-based files (.docx, .odt, REFI-QDA .qdpx) without trusting what they declare.

A ZIP archive can hold far more than it weighs: a 1 MB file may unpack to gigabytes of zeros
(a "ZIP bomb"), and a member's name may point outside any folder it is unpacked into
(``../../.bashrc``, ``/etc/passwd``, ``C:\\...``). Every ZIP-based importer opens its file here:

- :func:`open_archive` checks, before anything is decompressed, the number of members, each
  member's declared size, their total and each member's compression ratio, and refuses names
  that are absolute, climb out with ``..`` or carry a drive letter, and members marked as
  symbolic links;
- :meth:`SafeArchive.read` and :meth:`SafeArchive.verify` decompress in chunks and stop as soon
  as a member or the total passes its cap, since the declared sizes are the archive's own word;
- :meth:`SafeArchive.verify` also refuses an XML member that declares a DTD
  (:func:`qualcode.importers.xml_safety.refuse_dtd`), so that a library parsing the member
  afterwards never sees entities.

Importers whose library opens the file itself (python-docx, odfdo) call :func:`check_archive`
first and hand over the bytes only when it passed; an importer that reads members itself (the
REFI-QDA project format) keeps the :class:`SafeArchive` and reads them through it. Every refusal
is one :class:`InvalidInputError` line naming the file.

The caps are generous for real documents (a 300-page transcript with photographs unpacks to
a few dozen MB; office XML compresses about ten to one) and refuse a bomb in milliseconds.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from qualcode.domain.errors import InvalidInputError
from qualcode.importers.xml_safety import DtdScanner

_MIB = 2**20
_CHUNK = 256 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Limits:
    """What a ZIP archive may hold before it is refused."""

    members: int = 10_000
    member_bytes: int = 256 * _MIB  # one member, unpacked
    total_bytes: int = 512 * _MIB  # all members together, unpacked
    ratio: int = 200  # unpacked : packed, for members larger than ``ratio_floor``
    ratio_floor: int = 1 * _MIB  # small members (an empty styles part) may compress very well


DEFAULT_LIMITS = Limits()


def _size(n: int) -> str:
    return f"{n / _MIB:,.0f} MB" if n >= _MIB else f"{n:,} bytes"


class SafeArchive:
    """A ZIP archive whose declared sizes and member names passed the checks.

    Read members through :meth:`read` (or all of them at once through :meth:`verify`): both
    count what is really unpacked, so a member that lies about its size is still stopped.
    """

    def __init__(self, archive: zipfile.ZipFile, *, source: str, kind: str, limits: Limits):
        self._archive = archive
        self._source = source
        self._kind = kind
        self._limits = limits
        self._unpacked = 0
        self.names: tuple[str, ...] = tuple(info.filename for info in archive.infolist())

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    def read(self, name: str) -> bytes:
        """The unpacked bytes of member ``name``; raises a one-line error past a cap."""
        try:
            info = self._archive.getinfo(name)
        except KeyError as exc:
            raise self._error(f"it has no {name}") from exc
        return b"".join(self._chunks(info))

    def verify(self) -> None:
        """Unpacks every member (keeping nothing) to prove the caps hold and the data is whole,
        and refuses XML members that declare a DTD."""
        for info in self._archive.infolist():
            if info.is_dir():
                continue
            scanner = DtdScanner() if _is_xml(info.filename) else None
            for chunk in self._chunks(info):
                if scanner is not None and scanner.feed(chunk):
                    self._refuse_dtd(info.filename)

    def _chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member a chunk at a time, each counted against the caps."""
        try:
            stream = self._archive.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError) as exc:
            raise self._damaged(info, exc) from exc
        member_total = 0
        with stream:
            while True:
                try:
                    chunk = stream.read(_CHUNK)
                except Exception as exc:  # BadZipFile (a bad CRC), zlib.error, EOFError ...
                    raise self._damaged(info, exc) from exc
                if not chunk:
                    return
                member_total += len(chunk)
                self._unpacked += len(chunk)
                if member_total > self._limits.member_bytes:
                    raise self._error(
                        f"its part {info.filename} unpacks to more than "
                        f"{_size(self._limits.member_bytes)} (a ZIP bomb?)"
                    )
                if self._unpacked > self._limits.total_bytes:
                    raise self._error(
                        f"it unpacks to more than {_size(self._limits.total_bytes)} (a ZIP bomb?)"
                    )
                yield chunk

    def _damaged(self, info: zipfile.ZipInfo, exc: BaseException) -> InvalidInputError:
        if isinstance(exc, NotImplementedError):
            return self._error(f"its part {info.filename} is packed in a way qualcode cannot read")
        if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
            return self._error("it is protected with a password")
        return self._error(f"it is damaged (its part {info.filename} cannot be unpacked)")

    def _refuse_dtd(self, name: str) -> None:
        raise self._error(
            f"its part {name} declares a DTD with entities (<!DOCTYPE ...>), which office "
            "programs never write; it is refused rather than read with text missing"
        )

    def _error(self, why: str) -> InvalidInputError:
        return InvalidInputError(f"this {self._kind} cannot be imported: {why}", file=self._source)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".qde"))


def _unsafe_name(name: str) -> bool:
    """A member name that would land outside the folder it is unpacked into."""
    if not name or "\x00" in name:
        return True
    posix = name.replace("\\", "/")
    if posix.startswith("/") or _DRIVE.match(posix):
        return True
    return ".." in posix.split("/")


def _is_link(info: zipfile.ZipInfo) -> bool:
    """A member marked as a symbolic link (a Unix mode in its external attributes): unpacked
    by a tool that honours the mark, it points wherever its text says (``/etc/passwd``)."""
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def open_archive(
    data: bytes,
    *,
    source: str,
    kind: str = "document",
    limits: Limits = DEFAULT_LIMITS,
    resave: str = "save it again",
) -> SafeArchive:
    """The archive in ``data``, once its declared sizes and names passed the checks.

    ``kind`` names the file for messages ("Word document") and ``resave`` what to do about a
    damaged one ("save it again from Word"); nothing is decompressed here.
    Raises :class:`InvalidInputError` in one line for a damaged archive, too many members,
    a member or total too large or too highly compressed, or an unsafe member name.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InvalidInputError(
            f"this {kind} is damaged or cut off (its ZIP archive cannot be read); {resave}",
            file=source,
        ) from exc
    try:
        _check_declared(archive, source=source, kind=kind, limits=limits)
    except BaseException:
        archive.close()
        raise
    return SafeArchive(archive, source=source, kind=kind, limits=limits)


def _check_declared(archive: zipfile.ZipFile, *, source: str, kind: str, limits: Limits) -> None:
    def refuse(why: str) -> InvalidInputError:
        return InvalidInputError(f"this {kind} cannot be imported: {why}", file=source)

    infos = archive.infolist()
    if len(infos) > limits.members:
        raise refuse(f"it holds {len(infos):,} parts, more than {limits.members:,}")
    total = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise refuse(f"it holds a part named {info.filename!r}, outside the archive's folder")
        if _is_link(info):
            raise refuse(
                f"its part {info.filename} is a link to another file, which no document holds"
            )
        size = info.file_size
        if size > limits.member_bytes:
            raise refuse(
                f"its part {info.filename} would unpack to {_size(size)}, more than "
                f"{_size(limits.member_bytes)} (a ZIP bomb?)"
            )
        total += size
        if total > limits.total_bytes:
            raise refuse(f"it would unpack to more than {_size(limits.total_bytes)} (a ZIP bomb?)")
        if size > limits.ratio_floor and size > limits.ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise refuse(
                f"its part {info.filename} is compressed {ratio:,} to 1, more than any document "
                f"is (a ZIP bomb?)"
            )


def check_archive(
    data: bytes,
    *,
    source: str,
    kind: str = "document",
    limits: Limits = DEFAULT_LIMITS,
    resave: str = "save it again",
) -> tuple[str, ...]:
    """Checks the whole archive in ``data`` before a library opens it: the declared sizes and
    names (:func:`open_archive`), then every member unpacked in chunks against the caps, and
    no XML member with a DTD. Returns the member names."""
    with open_archive(data, source=source, kind=kind, limits=limits, resave=resave) as archive:
        archive.verify()
        return archive.names
