"""Reading transcript files for an import: one file, or many in worker processes.

No database here: a file is read, its importer chosen and run, and the result handed over as
plain values (:class:`SourceFile`) that the document service (``services/documents.py``, the
use case) stores. How the worker processes start is the platform module's decision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from qualcode.domain.errors import InvalidInputError, QualcodeError
from qualcode.domain.speakers import SpeakerMap
from qualcode.domain.transcript import (
    ParsedTranscript,
    Turn,
    TurnRow,
    turn_rows,
    turns_from_rows,
)
from qualcode.importers.decoding import NeedsWholeFile, decode_pieces, refuse_empty
from qualcode.importers.files import document_name, read_file
from qualcode.importers.paragraphs import ParsedRows
from qualcode.importers.registry import TEXT, choose
from qualcode.platform import (
    pool_start_method,
    release_free_memory,
    start_worker,
    usable_cpus,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future


#: A turn's fields in :data:`SourceFile.cells` (TurnRow's, in its order).
TURN_FIELDS = 6


@dataclass(frozen=True, slots=True, eq=False)
class SourceFile:
    """A transcript read and parsed, ready to store.

    It holds what is stored, in the form it is stored in: a large import sends 500 of these
    back from the parsing processes (their fields but the path, see ``_parsed_in_worker``) and
    writes them at once. The text is its UTF-8 bytes, as SQLite keeps it: sent as text it
    would be encoded to cross to this process, decoded here, and encoded again to be stored
    (0.03 s of CPU for 500 peer-corpus files, in the process that writes); only a transcript
    too large to hold twice keeps its text as text (see :func:`_read_large_text`). The turns
    are their fields one after another (``cells``: TURN_FIELDS a turn, TurnRow's order), bound
    as they are to the writer's statements: 50,000 turns as one flat tuple unpickle without a
    tuple each. ``text``, ``turns`` and ``parsed`` give the usual forms; two are equal when
    those are.
    """

    path: Path
    name: str
    sha256: str
    content: bytes | str  # the normalised text in UTF-8 (or, for a large one, the text)
    format: str
    cells: tuple[int | str | float | None, ...]  # the turns' fields in a row, see TURN_FIELDS
    attributes: dict[str, str]
    warnings: tuple[str, ...]
    words: int  # counted while parsing, which may run in another process

    @property
    def text(self) -> str:
        content = self.content
        return content if isinstance(content, str) else content.decode("utf-8")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceFile):
            return NotImplemented
        return self._compared() == other._compared()

    def _compared(self) -> tuple[object, ...]:
        return (
            self.path,
            self.name,
            self.sha256,
            self.text,
            self.format,
            self.cells,
            self.attributes,
            self.warnings,
            self.words,
        )

    @property
    def turn_count(self) -> int:
        return len(self.cells) // TURN_FIELDS

    @property
    def turns(self) -> tuple[TurnRow, ...]:
        """The turns as rows (Turn's fields in order, see ``turn_rows``)."""
        return rows_of_cells(self.cells)

    @property
    def speakers(self) -> set[str | None]:
        """The speaker labels its turns have, each once."""
        return set(cast("tuple[str | None, ...]", self.cells[1::TURN_FIELDS]))

    @property
    def parsed(self) -> ParsedTranscript:
        return ParsedTranscript(
            text=self.text,
            turns=turns_from_rows(self.turns),
            format=self.format,
            attributes=self.attributes,
            warnings=self.warnings,
            words=self.words,
        )


def rows_of_cells(cells: tuple[int | str | float | None, ...]) -> tuple[TurnRow, ...]:
    """Turns' fields in a row (:data:`SourceFile.cells`) as one tuple a turn."""
    fields = iter(cells)
    return cast("tuple[TurnRow, ...]", tuple(zip(*[fields] * TURN_FIELDS, strict=True)))


# A transcript this large (days of recorded talk, or a whole corpus in one file) is read piece
# by piece and parsed in the importing process: read whole, its bytes and text were held
# several times over (1.3 GB for a 200 MB file), and a worker would send it all back pickled.
LARGE_FILE_BYTES = 16 * 2**20
_PIECE_BYTES = 8 * 2**20


def read_source(path: Path, *, encoding: str | None = None, size: int | None = None) -> SourceFile:
    """Read and parse one transcript file (no database involved); ``size``: its size in bytes,
    when the caller looked already."""
    if (_size(path) if size is None else size) >= LARGE_FILE_BYTES:
        streamed = _read_large_text(path, encoding)
        if streamed is not None:
            return streamed
    data = read_file(path)
    refuse_empty(data, str(path))
    importer = choose(path, data)
    parsed = (
        TEXT.parse_rows(data, source=str(path), encoding=encoding)
        if importer is TEXT
        else importer.parse(data, source=str(path), encoding=encoding)
    )
    return _source_file(path, hashlib.sha256(data).hexdigest(), parsed)


def _source_file(
    path: Path, sha256: str, parsed: ParsedRows | ParsedTranscript, *, encode: bool = True
) -> SourceFile:
    if isinstance(parsed, ParsedRows):
        rows, words = parsed.rows, parsed.words
    else:
        rows, words = turn_rows(parsed.turns), parsed.word_count()
    if not rows:
        raise InvalidInputError("the file holds no text to import", file=str(path))
    return SourceFile(
        path=path,
        name=document_name(path),
        sha256=sha256,
        content=parsed.text.encode("utf-8") if encode else parsed.text,
        format=parsed.format,
        cells=tuple(chain.from_iterable(rows)),
        attributes=parsed.attributes,
        warnings=parsed.warnings,
        words=words,
    )


def _read_large_text(path: Path, encoding: str | None) -> SourceFile | None:
    """A large plain-text transcript (UTF-8 or the named encoding, undamaged) read a piece at
    a time: the same result as reading it whole, in a fraction of the memory. None for any
    other file, which is then read whole, with the usual rules and messages."""
    if path.suffix.lower() not in TEXT.extensions:
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            head = handle.read(2**16)
            handle.seek(-min(1024, len(head)), 2)
            try:  # the start and the end are what tell the formats apart
                if choose(path, head + handle.read()) is not TEXT:
                    return None
            except QualcodeError:
                return None  # read whole, it gets its usual message
            handle.seek(0)
            pieces = decode_pieces(_chunks(handle, digest), encoding=encoding)
            # A transcript's own errors (a time mark out of order) are the whole file's.
            parsed = TEXT.parse_pieces(pieces, source=str(path))
    except (OSError, NeedsWholeFile):
        return None  # read whole after all, with decode's rules and messages
    # Its text stays text: encoded here, it would be held twice at once (it is encoded as it
    # is stored, one document at a time).
    source = _source_file(path, digest.hexdigest(), parsed, encode=False)
    del parsed
    release_free_memory()  # what reading took, before storing the text takes as much again
    return source


def _chunks(handle: BinaryIO, digest: hashlib._Hash) -> Iterator[bytes]:
    while chunk := handle.read(_PIECE_BYTES):
        digest.update(chunk)
        yield chunk


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it says what is wrong


# Parsing is pure, so many files are parsed in worker processes (one per core) while this
# process writes the documents already parsed, and parses too whenever it would otherwise wait
# for them (SourceReader._in_order). Starting them costs 20-40 ms (fork) to 0.3 s (a fresh
# interpreter), and a plainly labelled transcript parses in well under a millisecond, so an
# import of fewer than a hundred files stays in this process: on two cores the pool won from
# 500 files on and tied at 200 (`python bench/imports.py --pool`, BENCHMARKS.md).
PARALLEL_MIN_FILES = 100
PARALLEL_MIN_BYTES = 4 * 2**20
_CHUNK_FILES = 8  # files per task: fewer round trips, still an even share for each worker
# At most so many bytes of files parsed here ahead of the writing (from the end) are held at a
# time; then this process waits for the workers, as it did before it parsed at all.
_MOST_HELD_BYTES = 8 * 2**20


def _read_or_error(
    path: Path, encoding: str | None, size: int | None = None
) -> SourceFile | QualcodeError:
    """One file for a worker process: a user's error comes back as a value, in file order."""
    try:
        return read_source(path, encoding=encoding, size=size)
    except QualcodeError as exc:
        return exc


# What a worker sends back for a file: SourceFile's fields but its path, which the importing
# process has (a path is rebuilt part by part when unpickled; a tuple of plain values is not).
_Sent = tuple[
    str,
    str,
    bytes | str,
    str,
    tuple[int | str | float | None, ...],
    dict[str, str],
    tuple[str, ...],
    int,
]


def _parsed_in_worker(
    paths: list[Path], encoding: str | None, sizes: list[int]
) -> list[_Sent | QualcodeError]:
    """:func:`_read_or_error` of a chunk of files in a worker process, as it is sent back."""
    return [_sent(_read_or_error(p, encoding, s)) for p, s in zip(paths, sizes, strict=True)]


def _sent(found: SourceFile | QualcodeError) -> _Sent | QualcodeError:
    if isinstance(found, QualcodeError):
        return found
    return (
        found.name,
        found.sha256,
        found.content,
        found.format,
        found.cells,
        found.attributes,
        found.warnings,
        found.words,
    )


def _cancelled(future: Future[list[_Sent | QualcodeError]] | None) -> bool:
    """Whether a chunk's task was taken back from the workers before they began it."""
    return future is not None and future.cancel()


def _received(path: Path, sent: _Sent | QualcodeError) -> SourceFile | QualcodeError:
    """A worker's result for ``path`` as :func:`_read_or_error` gives it."""
    return sent if isinstance(sent, QualcodeError) else SourceFile(path, *sent)


def worth_parallel(paths: list[Path]) -> bool:
    """Whether these files are enough work to parse in worker processes.

    Other programs' load does not matter: with the writing overlapping the parsing, the pool
    wins even when they keep every core busy (the import then gets a larger share of them;
    BENCHMARKS.md has the figures).
    """
    sizes = [size for size in map(_size, paths) if size < LARGE_FILE_BYTES]  # (large: here)
    if len(sizes) < 2 or usable_cpus() < 2:
        return False
    return len(sizes) >= PARALLEL_MIN_FILES or sum(sizes) >= PARALLEL_MIN_BYTES


def read_sources(
    paths: list[Path], *, encoding: str | None = None, parallel: bool | None = None
) -> SourceReader:
    """Every file read and parsed, in the order given, with a user's error as a value.

    ``parallel``: parse in worker processes; None decides by the amount of work. The workers
    start at once, so the caller can get on (import the write path) while they parse; closing
    the reader early (the caller hit a bad file) cancels what the workers have not begun.
    """
    if parallel is None:
        parallel = worth_parallel(paths)
    return SourceReader(paths, encoding, parallel=parallel)


class SourceReader(Iterator[tuple[Path, "SourceFile | QualcodeError"]]):
    """The files' results in order, from this process or from a pool of workers.

    ``total_bytes``: the files' size together (one that cannot be read counts nothing: reading
    it says why), from the one look at each file's size that the reader takes.
    """

    def __init__(self, paths: list[Path], encoding: str | None, *, parallel: bool) -> None:
        self._pool: Executor | None = None
        sizes = list(map(_size, paths))
        self.total_bytes = sum(sizes)
        if not parallel:
            self._results: Iterator[SourceFile | QualcodeError] = map(
                _read_or_error, paths, repeat(encoding), sizes
            )
        else:
            # A large file is parsed here, in its turn, rather than sent back pickled.
            large = [size >= LARGE_FILE_BYTES for size in sizes]
            small = [
                (path, size) for path, size, big in zip(paths, sizes, large, strict=True) if not big
            ]
            # A worker process a core; this process writes what they parse, and parses as
            # well whenever the next file's result is not there yet (see _in_order). (One
            # worker fewer would leave this process a core of its own on a quiet machine, but
            # on a busy one the import then gets a smaller share of the cores: 2,000 files took
            # as long as before at load 9 while 500 gained, see BENCHMARKS.md.)
            workers = max(1, min(usable_cpus(), len(small)))
            self._pool = pool = _start_pool(workers)
            files = max(1, min(_CHUNK_FILES, len(small) // (workers * 4)))
            chunks = [small[start : start + files] for start in range(0, len(small), files)]
            futures = [
                pool.submit(
                    _parsed_in_worker, [path for path, _ in chunk], encoding, [s for _, s in chunk]
                )
                for chunk in chunks
            ]
            pooled = self._in_order(futures, chunks, encoding)
            self._results = (
                _read_or_error(path, encoding, size) if big else next(pooled)
                for path, size, big in zip(paths, sizes, large, strict=True)
            )
        self._pairs = zip(paths, self._results, strict=True)
        self.parallel = parallel

    @staticmethod
    def _in_order(
        futures: list[Future[list[_Sent | QualcodeError]]],
        chunks: list[list[tuple[Path, int]]],
        encoding: str | None,
    ) -> Iterator[SourceFile | QualcodeError]:
        """The pooled files' results in order. While the next is not back yet, this process
        parses a chunk the workers have not begun, the last one first, rather than wait: the
        writing leaves time over, and on a busy machine the workers may get little of it (the
        two meet where the workers have got to; then the rest is theirs). What it parsed ahead
        is held until its turn comes, _MOST_HELD_BYTES of files at most (the next chunk
        itself is always taken when the workers have not begun it)."""
        here: dict[int, list[SourceFile | QualcodeError]] = {}
        held = 0  # the bytes of the files parsed here and not yet handed on
        tail = len(futures)  # the chunks from here on are parsed here
        waiting: list[Future[list[_Sent | QualcodeError]] | None] = list(futures)
        del futures  # (a chunk's future is let go once its files are handed on, see below)
        for index, future in enumerate(waiting):
            assert future is not None
            while (
                tail > index
                and not future.done()
                and (held < _MOST_HELD_BYTES or tail - 1 == index)
                and _cancelled(waiting[tail - 1])
            ):
                tail -= 1
                here[tail] = [_read_or_error(path, encoding, size) for path, size in chunks[tail]]
                held += sum(size for _, size in chunks[tail])
            if index in here:
                held -= sum(size for _, size in chunks[index])
                yield from here.pop(index)
            else:
                paths = [path for path, _ in chunks[index]]
                sent = future.result()
                waiting[index] = future = None  # its results are held only until handed on
                yield from map(_received, paths, sent)

    def __next__(self) -> tuple[Path, SourceFile | QualcodeError]:
        try:
            return next(self._pairs)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        """Stops the workers; what they have not begun is cancelled."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def parsed_sources(
    read: SourceReader,
    paths: list[Path],
    skip_bad: bool,
    skipped: list[str],
    progress: Callable[[int, int, str], None] | None,
) -> Iterator[SourceFile]:
    """The files that could be read, in order; the first that could not is raised (with
    ``skip_bad``, listed in ``skipped``). ``progress`` hears of each file before its result."""
    for done, path in enumerate(paths):
        if progress is not None:
            progress(done, len(paths), path.name)
        _, result = next(read)
        if isinstance(result, QualcodeError):
            if not skip_bad:
                raise result
            skipped.append(str(result))
        else:
            yield result


def drain(sources: Iterator[SourceFile]) -> None:
    """Reads the rest of the files, for the error of one that cannot be read."""
    for _ in sources:
        pass


def _start_pool(workers: int) -> Executor:
    """Worker processes that leave Ctrl-C to this one and end when it dies (killed or not)."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(pool_start_method()),
        initializer=_start_parse_worker,
        initargs=(os.getpid(),),
    )


def _start_parse_worker(parent_pid: int) -> None:
    """A parse worker's start (see ``platform.start_worker``), without the cycle collector: a
    worker makes many small tuples and no cycles, and ends with the import (a forked worker
    has it off already, as the importing process while it imports)."""
    import gc

    start_worker(parent_pid)
    gc.disable()


def with_speakers(parsed: ParsedTranscript, speakers: SpeakerMap) -> ParsedTranscript:
    """The transcript with every label replaced by its canonical speaker."""
    if not speakers.speakers:
        return parsed
    names = _canonical_names({t.speaker for t in parsed.turns}, speakers)
    if not names:
        return parsed
    turns = tuple(
        Turn(t.position, names.get(t.speaker, t.speaker), t.char_start, t.char_end, t.start, t.end)
        for t in parsed.turns
    )
    return dataclass_replace(parsed, turns=turns)


def cells_with_speakers(
    cells: tuple[int | str | float | None, ...], speakers: SpeakerMap
) -> tuple[int | str | float | None, ...]:
    """:func:`with_speakers` for an import's turns (:data:`SourceFile.cells`): the same
    cells, with the labels the map renames replaced."""
    if not speakers.speakers:
        return cells
    labels = cast("tuple[str | None, ...]", cells[1::TURN_FIELDS])
    names = _canonical_names(set(labels), speakers)
    if not names:
        return cells
    renamed = list(cells)
    renamed[1::TURN_FIELDS] = [names.get(label, label) for label in labels]
    return tuple(renamed)


def _canonical_names(labels: set[str | None], speakers: SpeakerMap) -> dict[str | None, str]:
    """The labels a speaker map renames, each looked up once (a document has a few labels and
    a hundred turns; the map's lookup builds its index every time)."""
    names: dict[str | None, str] = {}
    for label in labels:
        name = speakers.canonical(label)
        if name is not None and name != label:
            names[label] = name
    return names
