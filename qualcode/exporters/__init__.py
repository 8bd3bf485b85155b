"""Writing tables and charts in the formats a thesis needs: one module per format.

Every writer takes :class:`~qualcode.exporters.table.Table` objects (a title, a DataFrame and the
method notes printed under it) and a binary stream or a file the user named (a path or an
:class:`~qualcode.exporters.output.Destination`), which goes through
:mod:`qualcode.exporters.output`: checked, written to a temporary file and renamed into place
when complete. Nothing here reads a project; the services hand over finished tables. The format
libraries (pandas, openpyxl, python-docx, matplotlib) are imported inside the writers, so
importing this package costs nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from qualcode.domain.errors import InvalidInputError
from qualcode.exporters.output import Destination, replacing, write_bytes

if TYPE_CHECKING:
    from qualcode.exporters.table import Table

TEXT_FORMATS = ("csv", "md", "tex")
BINARY_FORMATS = ("xlsx", "docx")
FORMATS = (*TEXT_FORMATS, *BINARY_FORMATS)
CHART_FORMATS = ("png", "svg", "pdf")
PROJECT_FORMATS = ("qdpx", "qdc")  # REFI-QDA, written by exporters/refi.py
CSV_SEPARATORS = (";", ",")

Progress = Callable[[int, int], None]
Target = Path | Destination | BinaryIO
"""Where a writer writes: a file the user named (see :mod:`qualcode.exporters.output`) or a
binary stream (standard output, a buffer)."""


def write(
    tables: Sequence[Table],
    target: Target,
    fmt: str,
    *,
    sep: str = ";",
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``tables`` in format ``fmt`` (csv, md, tex, xlsx, docx) to a file or binary stream.

    ``progress(rows_done, rows_total)`` is called now and then while a large XLSX or DOCX file
    is written, so a front end can show that 100,000 rows take a moment. Returns the files
    written beside the one named: CSV puts the notes (and further tables) into files of their
    own (see :mod:`qualcode.exporters.csv`).
    """
    if fmt == "csv":
        from qualcode.exporters.csv import write as write_csv

        written = write_csv(tables, target, sep=sep)
        return written[1:]
    if fmt == "md":
        from qualcode.exporters.markdown import write as write_markdown

        write_markdown(tables, target)
    elif fmt == "tex":
        from qualcode.exporters.latex import write as write_latex

        write_latex(tables, target)
    elif fmt == "xlsx":
        from qualcode.exporters.xlsx import write as write_xlsx

        write_xlsx(tables, target, progress=progress)
    elif fmt == "docx":
        from qualcode.exporters.docx import write as write_docx

        write_docx(tables, target, progress=progress)
    else:
        raise InvalidInputError(
            f"there is no export format {fmt!r}; use one of {', '.join(FORMATS)}"
        )
    return []


def put_bytes(data: bytes, target: Target) -> None:
    """Write finished bytes to a user-named file (safely) or to a binary stream."""
    if isinstance(target, Path | Destination):
        write_bytes(data, target)
    else:
        target.write(data)


@contextmanager
def text_stream(target: Target) -> Iterator[TextIO]:
    """UTF-8 text written as it comes to a user-named file (safely, renamed into place when
    complete) or to a binary stream, so that a large table is never held whole."""
    if isinstance(target, Path | Destination):
        with replacing(target) as temp, temp.open("wb") as raw, _wrapped(raw) as text:
            yield text
        return
    with _wrapped(target) as text:
        yield text


@contextmanager
def _wrapped(raw: BinaryIO) -> Iterator[TextIO]:
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
    try:
        yield text
        text.flush()
    finally:
        text.detach()  # the binary stream stays open: standard output, a caller's buffer
