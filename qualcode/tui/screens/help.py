"""The keyboard table, built from the live bindings so that it cannot drift from them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label


def key_rows(sources: list[tuple[str, list[BindingType]]]) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every binding with an id, in declaration order."""
    rows = []
    for where, bindings in sources:
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id:
                keys = ", ".join(k.replace("_", " ") for k in binding.key.split(","))
                rows.append((where, binding.key_display or keys, binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close")
    ]

    def __init__(self, sources: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sources = sources

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label(
                "Keys (the mouse works too: click, drag to select, scroll)", classes="dialog-title"
            )
            table: DataTable[str] = DataTable(cursor_type="row", id="help-table")
            table.add_columns("Where", "Keys", "What")
            for row in key_rows(self.sources):
                table.add_row(*row)
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
