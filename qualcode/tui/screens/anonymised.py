"""The anonymised view: the document being read as every export shows it.

``a`` on the coding screen opens it: the transcript with the project's anonymisation table
applied and the codings on the same words, read-only (coding goes on in the normal view, whose
offsets are the stored text's). ``a`` or Escape goes back.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label

from qualcode.domain.errors import QualcodeError
from qualcode.domain.transcript import Transcript
from qualcode.services.project import Project
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.transcript_view import TranscriptView


class AnonymisedScreen(Screen[None]):
    """One document, anonymised, to read as a supervisor would (see the module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,a", "close", "Back to coding", id="anonymised-close"),
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
        status = (
            f"Anonymised view of {transcript.document.name}: {count} replacements "
            "(read only; A or Escape to code again)"
            if count
            else f"{self.document}: the anonymisation table replaces nothing here "
            "('qualcode anonymise add TERM REPLACEMENT'); A or Escape to go back"
        )
        self.query_one("#anonymised-status", Label).update(status)
        view = self.query_one(TranscriptView)
        view.show(transcript, codings, self.colours)  # type: ignore[arg-type]
        view.focus()

    def action_close(self) -> None:
        self.dismiss(None)
