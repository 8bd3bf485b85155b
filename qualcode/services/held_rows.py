"""Rows made in one order and written in another: kept in memory while they are few, moved to
a temporary file once they are many.

A quotes export cuts its passages document by document (one text in memory at a time) but prints
them category by category. 20,000 quotes (7.8 million characters) are held in memory and handed
back as they are; past :data:`HELD_CHARACTERS` every row goes to a temporary file and only its
place stays in memory, so 100,000 quotes (more than :data:`HELD_ROWS`: to the file from the
first) need little more memory than their sort keys. Writing and reading back the file cost a
20,000-quote export a tenth of its time, hence the two ways.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import IO, Any, cast

Row = tuple[str, ...]

HELD_CHARACTERS = 10_000_000
"""The characters of text held in memory before the rows go to a temporary file."""

HELD_ROWS = 30_000
"""More rows expected than this go to a temporary file from the first: holding the first
millions of characters before the rest would only raise the peak of a large export."""


class HeldRows:
    """Rows by number: :meth:`add` keeps one and returns its number (:meth:`extend` keeps
    several, numbered on), :meth:`read` hands rows back in any order of numbers. Use as a
    context manager (it closes the temporary file)."""

    def __init__(self, limit: int | None = None, *, expected: int = 0) -> None:
        """``expected``: how many rows will come at most (0: not known)."""
        self.limit = HELD_CHARACTERS if limit is None else limit
        self._rows: list[Row | None] = []  # None: the row is in the file
        # Where each row lies in the file, once spilled: offset and size, 16 bytes a row.
        self._at = array("q")
        self._size = array("q")
        self._characters = 0
        self._file: IO[bytes] | None = None
        self._end = 0
        if expected > HELD_ROWS:
            self._spill()

    @property
    def spilled(self) -> bool:
        """Whether the rows went to a temporary file."""
        return self._file is not None

    def add(self, row: Row) -> int:
        number = len(self._rows)
        if self._file is not None:
            self._rows.append(None)
            self._write(row)
            return number
        self._rows.append(row)
        self._characters += sum(map(len, row))
        if self._characters > self.limit:
            self._spill()
        return number

    def extend(self, rows: Sequence[Row]) -> None:
        """Keep ``rows``, numbered on from the last row kept (as :meth:`add` would number
        them): one call for the rows of a document rather than one for each."""
        if self._file is not None:
            self._rows += [None] * len(rows)
            for row in rows:
                self._write(row)
            return
        self._rows += rows
        self._characters += sum(map(len, chain.from_iterable(rows)))
        if self._characters > self.limit:
            self._spill()

    def __len__(self) -> int:
        return len(self._rows)

    def read(self, numbers: Iterable[int]) -> Iterator[Row]:
        """The rows of ``numbers``, in that order."""
        if self._file is None:  # all in memory: handed out without a step of Python each
            return cast(Iterator[Row], map(self._rows.__getitem__, numbers))
        return self._read_file(self._file, numbers)

    def _read_file(self, file: IO[bytes], numbers: Iterable[int]) -> Iterator[Row]:
        starts, sizes = self._at, self._size
        file.flush()
        for number in numbers:
            # seek and read rather than a memory map: the operating system caches the file,
            # and its pages do not count as this process's memory.
            file.seek(starts[number])
            yield marshal.loads(file.read(sizes[number]))

    def _spill(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        for number, row in enumerate(self._rows):
            assert row is not None
            self._write(row)
            self._rows[number] = None
        self._characters = 0

    def _write(self, row: Row) -> None:
        assert self._file is not None
        data = marshal.dumps(row)
        self._file.write(data)
        self._at.append(self._end)
        self._size.append(len(data))
        self._end += len(data)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> HeldRows:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
