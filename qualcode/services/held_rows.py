"""Rows made in one order and written in another: kept in memory while they are few, moved to
a temporary file once they are many.

A quotes export cuts its passages document by document (one text in memory at a time) but prints
them category by category. 20,000 quotes (7.8 million characters) are held in memory and handed
back as they are; past :data:`HELD_CHARACTERS` every row goes to a temporary file and only its
place stays in memory, so 100,000 quotes need little more memory than their sort keys and the
rows held until then. Writing and reading back the file cost a 20,000-quote export a tenth of its
time, hence the two ways.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from typing import IO, Any

Row = tuple[str, ...]

HELD_CHARACTERS = 10_000_000
"""The characters of text held in memory before the rows go to a temporary file."""


class HeldRows:
    """Rows by number: :meth:`add` keeps one and returns its number, :meth:`read` hands rows
    back in any order of numbers. Use as a context manager (it closes the temporary file)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = HELD_CHARACTERS if limit is None else limit
        self._rows: list[Row | None] = []  # None: the row is in the file
        self._places: list[tuple[int, int]] = []  # offset and size in the file, once spilled
        self._characters = 0
        self._file: IO[bytes] | None = None
        self._end = 0

    @property
    def spilled(self) -> bool:
        """Whether the rows went to a temporary file."""
        return self._file is not None

    def add(self, row: Row) -> int:
        number = len(self._rows)
        if self._file is not None:
            self._rows.append(None)
            self._places.append(self._write(row))
            return number
        self._rows.append(row)
        self._characters += sum(map(len, row))
        if self._characters > self.limit:
            self._spill()
        return number

    def read(self, numbers: Iterable[int]) -> Iterator[Row]:
        """The rows of ``numbers``, in that order."""
        rows, places, file = self._rows, self._places, self._file
        if file is not None:
            file.flush()
        for number in numbers:
            row = rows[number]
            if row is None:
                assert file is not None
                at, size = places[number]
                # seek and read rather than a memory map: the operating system caches the
                # file, and its pages do not count as this process's memory.
                file.seek(at)
                row = marshal.loads(file.read(size))
            yield row

    def _spill(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        for number, row in enumerate(self._rows):
            assert row is not None
            self._places.append(self._write(row))
            self._rows[number] = None
        self._characters = 0

    def _write(self, row: Row) -> tuple[int, int]:
        assert self._file is not None
        data = marshal.dumps(row)
        self._file.write(data)
        at = self._end
        self._end += len(data)
        return at, len(data)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> HeldRows:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
