"""What the workbench shows first, read in two parts, and a way to read the first while Textual
loads.

``qualcode tui`` starts :class:`Preload` right after opening the project and before importing
Textual. It reads only what the first frame shows (:func:`load_first_screen`: the first
transcript, its codings, the codebook for their colours, the pins on the status bar), so that
the little Python work the reads need competes as little as it can with Textual's import; the
coding screen is composed with it instead of fetching it after the first paint. The document
list and the counts beside the transcript (:func:`load_listing`, the longest reads) follow once
that frame is drawn. Plain Python, no Textual: the services layer stays free of the UI.
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
class FirstScreen:
    """What the first frame shows: the first transcript, the codebook and the pins."""

    book: Codebook
    pins: list[str]
    first: tuple[Transcript, list[Coding]] | None  # the first transcript and its codings


@dataclass(frozen=True, slots=True)
class Listing:
    """What the panels beside the transcript show: the documents and the categories' counts."""

    documents: list[DocumentInfo]
    counts: dict[str, int]


def _codebook(project: Project) -> Codebook:
    """The project's codebook (a project without one gets an empty one)."""
    try:
        return project.codebook.get()
    except QualcodeError:
        return Codebook(title="", version="", categories=())


def load_first_screen(project: Project) -> FirstScreen:
    """Read what the first frame shows: the document that comes first in the list, read
    without the list."""
    from qualcode.storage.documents import reads as documents_query

    with project.database.reading() as reader:
        name = documents_query.first_name(reader)
    first = None
    if name is not None:
        first = (project.documents.transcript(name), project.coding.query(document=name))
    return FirstScreen(_codebook(project), project.pins.pinned(), first)


def load_listing(project: Project) -> Listing:
    """Read the document list (with each document's codings counted) and the counts of the
    categories."""
    return Listing(project.documents.all(), project.coding.counts())


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
    book = _codebook(project)
    counts = project.coding.counts()
    pins = project.pins.pinned()
    first = None
    if documents and with_first:
        name = documents[0].name
        first = (project.documents.transcript(name), project.coding.query(document=name))
    return Opening(documents, book, counts, pins, first)


class Preload:
    """:func:`load_first_screen` running in a plain daemon thread, started at once."""

    def __init__(self, project: Project) -> None:
        self._done = Event()
        self._first: FirstScreen | None = None
        self._error: BaseException | None = None
        Thread(target=self._run, args=(project,), name="qualcode-preload", daemon=True).start()

    def _run(self, project: Project) -> None:
        try:
            self._first = load_first_screen(project)
        except BaseException as exc:  # handed to whoever asks for the result
            self._error = exc
        finally:
            self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the data is there (waiting at most ``timeout`` seconds)."""
        return self._done.wait(timeout)

    def result(self) -> FirstScreen:
        """The data, waiting for it if need be; an error in the thread is raised here."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._first is not None
        return self._first


def warm_up_writes() -> None:
    """Import what the first coding needs (the write path: SQLAlchemy and the codings' queries).

    The workbench calls this in a background thread once the user is reading, so the first
    coding does not pay for the imports; the UI itself never reaches into storage. Importing is
    Python's own work, which holds the interpreter lock: the workbench runs it when its screen
    has nothing else to do, not while it draws.
    """
    import qualcode.storage.codings.writes  # noqa: F401


def importable_extensions() -> frozenset[str]:
    """The file endings the import dialog offers: every transcript format, and case attributes
    (.csv). The importers are loaded only when the dialog asks."""
    from qualcode.importers.registry import supported_extensions

    return frozenset(supported_extensions()) | {".csv"}
