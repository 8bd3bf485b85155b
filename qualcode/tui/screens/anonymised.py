"""The anonymised view: the document being read as every export shows it.

``a`` on the coding screen opens it: the transcript with the project's anonymisation table
applied and the codings on the same words, read-only (coding goes on in the normal view, whose
offsets are the stored text's). ``a``, ``q`` or Escape goes back: Escape with priority, since
the transcript, which has the focus, would otherwise take it to clear its selection.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label

from qualcode.domain.errors import QualcodeError
from qualcode.domain.plurals import counted
from qualcode.domain.transcript import Transcript
from qualcode.services.project import Project
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.transcript_view import TranscriptView


class AnonymisedScreen(Screen[None]):
    """One document, anonymised, to read as a supervisor would (see the module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back to coding", priority=True, id="anonymised-close"),
        Binding("q,a", "close", "Back to coding", show=False, id="anonymised-close-keys"),
    ]

    def __init__(self, project: Project, document: str, colours: dict[str, str]) -> None:
        super().__init__()
        self.project, self.document, self.colours = project, document, colours

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="anonymised-status")
        yield TranscriptView(id="anonymised-transcript")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TranscriptView).placeholder = "Reading …"
        self.read()

    @work(thread=True, exclusive=True)
    def read(self) -> None:
        try:
            transcript = self.project.documents.transcript(self.document)
            codings = self.project.coding.query(document=self.document)
            shown, moved, count = self.project.anonymisation.display(transcript, codings)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._shown, shown, moved, count)

    def _shown(self, transcript: Transcript, codings: list[object], count: int) -> None:
        # The way back first: at 80 columns the end of the line is cut.
        status = (
            f"a, q or Escape: back to coding. {transcript.document.name} anonymised (read "
            f"only): {counted(count, 'replacement')}."
            if count
            else f"a, q or Escape: back to coding. {self.document}: the anonymisation table "
            "replaces nothing here ('qualcode anonymise add TERM REPLACEMENT')."
        )
        self.query_one("#anonymised-status", Label).update(status)
        view = self.query_one(TranscriptView)
        view.show(transcript, codings, self.colours)  # type: ignore[arg-type]
        view.focus()

    def action_close(self) -> None:
        self.dismiss(None)
