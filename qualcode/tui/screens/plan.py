"""The analysis plan in the workbench: every field of the Ablaufmodell, edited in place.

The fields are a list (arrows choose one), the chosen field's text and what belongs in it stand
below, and ``enter`` opens it in a text dialog (``ctrl+s`` saves). Entries of a list field
(research questions, techniques) are one per line. Reads and writes run in thread workers, one
write after the other (:mod:`qualcode.tui.write_queue`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.plan import FIELDS, AnalysisPlan
from qualcode.services.project import Project
from qualcode.tui.screens.forms import MemoDialog
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList
from qualcode.tui.write_queue import WriteQueue


class PlanScreen(Screen[None]):
    """Read and fill in the analysis plan, field by field."""

    AUTO_FOCUS = "#plan-fields"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="plan-close"),
        Binding("enter,e", "edit", "Edit field", id="plan-edit"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.plan = AnalysisPlan()
        self._writes = WriteQueue()

    def compose(self) -> ComposeResult:
        yield Static("Analysis plan (Ablaufmodell after Mayring)", id="plan-title")
        yield RowList(("Field", "Text"), widest=(22, None), fill_last=True, id="plan-fields")
        with VerticalScroll(id="plan-detail"):
            yield Static("", id="plan-text")
        yield Static("", id="plan-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RowList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="plan")
    def load(self) -> None:
        plan = self.project.plan.get()
        self.app.call_from_thread(self._loaded, plan)

    def _loaded(self, plan: AnalysisPlan) -> None:
        self.plan = plan
        rows = []
        for field in FIELDS:
            value = plan.value(field.name)
            shown = "; ".join(value) if isinstance(value, tuple) else " ".join(value.split())
            rows.append((field.german, shown or "–"))
        self.query_one(RowList).set_rows(rows)
        self._show(self.query_one(RowList).cursor_row)
        missing = plan.problems()
        self.query_one("#plan-status", Static).update(
            f"{plan.filled} of {len(FIELDS)} fields filled in"
            + ("; the plan is complete." if not missing else "; enter edits the field.")
        )

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self._show(event.row)

    @on(RowList.Selected)
    def _selected(self) -> None:
        self.action_edit()

    def _show(self, row: int) -> None:
        field = FIELDS[row]
        value = self.plan.value(field.name)
        text = "\n".join(f"- {v}" for v in value) if isinstance(value, tuple) else value
        self.query_one("#plan-text", Static).update(
            f"[b]{field.german}[/b] ({field.english})\n[dim]{field.help}[/dim]\n\n"
            + (_escape(text) or "[dim](empty)[/dim]")
        )

    def action_edit(self) -> None:
        field = FIELDS[self.query_one(RowList).cursor_row]
        value = self.plan.value(field.name)
        text = "\n".join(value) if isinstance(value, tuple) else value
        title = field.german + (": one per line" if field.listed else "")
        if field.name == "techniques":
            title += " (Mayring's labels, or deduktiv, induktiv, zusammenfassende …)"

        def entered(answer: str) -> str | list[str]:
            return (
                [line for line in answer.splitlines() if line.strip()] if field.listed else answer
            )

        def check(answer: str) -> str | None:
            """What the plan would refuse (an unknown technique), said while the text is open."""
            try:
                self.plan.with_value(field.name, entered(answer))
            except QualcodeError as exc:
                return str(exc)
            return None

        def save(answer: object) -> None:
            if not isinstance(answer, str):
                return
            new = entered(answer)
            self._writes.submit(self, lambda: self._save(field.name, new), group="plan-write")

        self.app.push_screen(MemoDialog(text, field.german, title=title, check=check), save)

    def _save(self, name: str, value: str | list[str]) -> None:
        """In a worker: store one field, then show the plan as stored."""
        try:
            plan = self.project.plan.set(name, value)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._loaded, plan)
        self.app.call_from_thread(self.notify, "Plan saved")

    def action_close(self) -> None:
        self.dismiss(None)


def _escape(text: str) -> str:
    """Text shown as it is (a bracket in it is not markup)."""
    return text.replace("[", "\\[")
