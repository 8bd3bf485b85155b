"""What the workbench shows first, read in one go, and a way to read it while Textual loads.

``qualcode tui`` starts :class:`Preload` right after opening the project and before importing
Textual: the reads (mostly SQLite, which lets go of the interpreter lock) overlap with the
import, and the coding screen is composed with its data instead of fetching it after the first
paint. Plain Python, no Textual: the services layer stays free of the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Event, Thread
from typing import TYPE_CHECKING

from qualcode.domain.codebook import Codebook
from qualcode.domain.coding import Coding
from qualcode.domain.errors import QualcodeError
from qualcode.domain.transcript import DocumentInfo, Transcript

if TYPE_CHECKING:
    from qualcode.services.project import Project


@dataclass(frozen=True, slots=True)
class Opening:
    """The documents, the codebook with its counts, the pins, and the first document."""

    documents: list[DocumentInfo]
    book: Codebook
    counts: dict[str, int]
    pins: list[str]
    first: tuple[Transcript, list[Coding]] | None  # the first transcript and its codings


def load_opening(project: Project, *, with_first: bool = True) -> Opening:
    """Read what the coding screen shows (a project without a codebook gets an empty one)."""
    documents = project.documents.all()
    try:
        book = project.codebook.get()
    except QualcodeError:
        book = Codebook(title="", version="", categories=())
    counts = project.coding.counts()
    pins = project.pins.pinned()
    first = None
    if documents and with_first:
        name = documents[0].name
        first = (project.documents.transcript(name), project.coding.query(document=name))
    return Opening(documents, book, counts, pins, first)


class Preload:
    """:func:`load_opening` running in a plain daemon thread, started at once."""

    def __init__(self, project: Project) -> None:
        self._done = Event()
        self._opening: Opening | None = None
        self._error: BaseException | None = None
        Thread(target=self._run, args=(project,), name="qualcode-preload", daemon=True).start()

    def _run(self, project: Project) -> None:
        try:
            self._opening = load_opening(project)
        except BaseException as exc:  # handed to whoever asks for the result
            self._error = exc
        finally:
            self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the data is there (waiting at most ``timeout`` seconds)."""
        return self._done.wait(timeout)

    def result(self) -> Opening:
        """The data, waiting for it if need be; an error in the thread is raised here."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._opening is not None
        return self._opening


def warm_up_writes() -> None:
    """Import what the first coding needs (the write path: SQLAlchemy and the codings' queries).

    The workbench calls this in a background thread once the user is reading, so the first
    coding does not pay for the imports; the UI itself never reaches into storage.
    """
    import qualcode.storage.codings.writes  # noqa: F401


def importable_extensions() -> frozenset[str]:
    """The file endings the import dialog offers: every transcript format, and case attributes
    (.csv). The importers are loaded only when the dialog asks."""
    from qualcode.importers.registry import supported_extensions

    return frozenset(supported_extensions()) | {".csv"}
