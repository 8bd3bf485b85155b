"""The history of one coding or one category, from the audit trail."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from qualcode.domain.audit import AuditEvent
from qualcode.services.project import Project


class HistoryScreen(ModalScreen[None]):
    """Who did what to it, when and why: oldest first, as in 'qualcode log'."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "close", "Back", id="history-close"),
    ]

    def __init__(
        self,
        project: Project,
        title: str,
        *,
        coding: int | None = None,
        category: str | None = None,
    ) -> None:
        super().__init__()
        self.project, self.title_text = project, title
        self.coding, self.category = coding, category

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="history"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static("Reading the audit trail…", id="history-events")
            yield Label("esc: back", classes="dialog-hint")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True)
    def load(self) -> None:
        events = self.project.audit.log(coding=self.coding, category=self.category)
        self.app.call_from_thread(self._loaded, events)

    def _loaded(self, events: list[AuditEvent]) -> None:
        text = Text()
        for event in events:
            when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
            text.append(f"{when}  {event.coder}\n", style="bold")
            text.append(f"  {event.describe()}\n")
            if event.reason:
                text.append(f"  Why: {event.reason}\n", style="italic")
        if not events:
            text.append("Nothing recorded yet.")
        self.query_one("#history-events", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)
