"""Mayring's summarising technique in the workbench: the passages of a document (or of a
category, across the documents) with their paraphrase (Z1), generalisation (Z2) and reduction
(Z3/Z4), edited beside the passage.

The list shows one row per coded passage; below it the passage itself and the three texts.
``t`` switches between the document and the category of the passage under the cursor.
``e`` (or enter) edits all three, each saved as one transaction; ``P`` turns the reductions
into inductive categories of the codebook (under a category you name, or as main categories).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.summarising import Unit
from qualcode.services.project import Project
from qualcode.tui.screens.forms import AskDialog, Field
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList


class SummarisingScreen(Screen[None]):
    """The reduction table of one document, written row by row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="summarising-close"),
        Binding("e,enter", "edit", "Write", id="summarising-edit"),
        Binding("t", "switch", "Document/category", id="summarising-toggle"),
        Binding("P", "promote", "Form categories", id="summarising-promote"),
    ]

    HEADINGS = ("Pos.", "Kat.", "Paraphrase", "Generalisierung", "Reduktion")

    def __init__(self, project: Project, document: str) -> None:
        super().__init__()
        self.project, self.document = project, document
        self.category: str | None = None  # set: the passages of this category, every case
        self.units: list[Unit] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="summarising-title")
        yield RowList(
            self.HEADINGS,
            widest=(None, 7, 22, 22, None),
            fill_last=True,
            id="summarising-rows",
        )
        with VerticalScroll(id="summarising-detail"):
            yield Static("", id="summarising-unit")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RowList).focus()
        self.load()

    @work(thread=True, group="summarising")
    def load(self) -> None:
        try:
            if self.category is not None:
                units = self.project.summarising.units(category=self.category)
            else:
                units = self.project.summarising.units(document=self.document)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._loaded, units)

    def _loaded(self, units: list[Unit]) -> None:
        self.units = units
        what = f"{self.category} in every case" if self.category else self.document
        self.query_one("#summarising-title", Static).update(
            f"Summarising {what}: Z1 paraphrase, Z2 generalisation, Z3/Z4 reduction"
        )
        rows = [
            (
                f"{u.document} {u.pos}" if self.category else u.pos,
                u.category,
                u.paraphrase or "…",
                u.generalisation or "…",
                (f"[{u.promoted}] " if u.promoted else "") + (u.reduction or "…"),
            )
            for u in units
        ]
        headings = ("Fall, Pos." if self.category else "Pos.", *self.HEADINGS[1:])
        self.query_one(RowList).set_rows(rows, headings=headings)
        self.show_unit()

    def current(self) -> Unit | None:
        row = self.query_one(RowList).cursor_row
        return self.units[row] if 0 <= row < len(self.units) else None

    @on(RowList.Highlighted)
    def show_unit(self) -> None:
        unit = self.current()
        text = Text()
        if unit is None:
            text.append("No coded passage in this document yet.", style="italic")
        else:
            text.append(f"{unit.document}, Pos. {unit.pos} ({unit.category}): ", style="bold")
            text.append(" ".join(unit.text.split()) + "\n")
            for label, value in (
                ("Paraphrase (Z1)", unit.paraphrase),
                ("Generalisierung (Z2)", unit.generalisation),
                ("Reduktion (Z3/Z4)", unit.reduction),
            ):
                text.append(f"{label}: ", style="bold")
                text.append((value or "–") + "\n")
            if unit.promoted:
                text.append(f"Became the category {unit.promoted}.\n", style="dim")
        self.query_one("#summarising-unit", Static).update(text)

    def action_edit(self) -> None:
        unit = self.current()
        if unit is None:
            return

        def chosen(answers: object) -> None:
            if isinstance(answers, dict):
                self.save(unit.coding_id, answers)

        self.app.push_screen(
            AskDialog(
                f"Pos. {unit.pos} ({unit.category})",
                [
                    Field("paraphrase", "Paraphrase (Z1)", unit.paraphrase, required=False),
                    Field(
                        "generalisation",
                        "Generalisation (Z2)",
                        unit.generalisation,
                        required=False,
                    ),
                    Field("reduction", "Reduction (Z3/Z4)", unit.reduction, required=False),
                ],
            ),
            chosen,
        )

    @work(thread=True, group="summarising-write")
    def save(self, coding_id: int, answers: dict[str, str]) -> None:
        try:
            self.project.summarising.edit(coding_id, **answers)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, "Saved")
        self.load()

    def action_promote(self) -> None:
        def chosen(answers: object) -> None:
            if isinstance(answers, dict):
                self.promote(answers["under"] or None)

        self.app.push_screen(
            AskDialog(
                "Turn the reductions into inductive categories",
                [Field("under", "Under the category (empty: as main categories)", "", False)],
            ),
            chosen,
        )

    @work(thread=True, group="summarising-write")
    def promote(self, under: str | None) -> None:
        try:
            done = self.project.summarising.promote(under=under)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        made = ", ".join(d.code for d in done)
        self.app.call_from_thread(self.notify, f"Categories formed: {made}")
        self.load()

    def action_switch(self) -> None:
        """The document's passages, or those of the category under the cursor in every case."""
        unit = self.current()
        if self.category is None and unit is None:
            return
        self.category = None if self.category is not None else unit.category if unit else None
        self.query_one(RowList).move_cursor(0)
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
