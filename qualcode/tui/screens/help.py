"""The keyboard table, built from the live bindings so that it cannot drift from them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

_ARGUMENTS = re.compile(r"\(.*\)$")


def key_rows(
    sources: list[tuple[str, list[BindingType]]], display: Callable[[str], str] | None = None
) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every binding with an id, in declaration order; ``display``
    shows a key as the key bar does ("?" for question_mark).

    A run of bindings to one action that differ only in their key (pins 1 to 9) is one row:
    ``1–9 Code with pin 1–9``."""
    show = display or (lambda key: key.replace("_", " "))
    rows: list[tuple[str, str, str]] = []
    for where, bindings in sources:
        run: list[tuple[str, Binding]] = []  # (keys shown, binding) of one action
        for binding in [*bindings, None]:
            if isinstance(binding, Binding) and not binding.id:
                continue
            keys = ""
            if isinstance(binding, Binding):
                keys = binding.key_display or ", ".join(show(k) for k in binding.key.split(","))
            if run and not (isinstance(binding, Binding) and _same_kind(run[0], (keys, binding))):
                rows.append((where, *_joined(run)))
                run = []
            if isinstance(binding, Binding):
                run.append((keys, binding))
    return rows


def _same_kind(one: tuple[str, Binding], other: tuple[str, Binding]) -> bool:
    """Whether two bindings do the same with another argument, as pins 1 and 2 do."""
    (key, binding), (other_key, other_binding) = one, other
    return _ARGUMENTS.sub("", binding.action) == _ARGUMENTS.sub(
        "", other_binding.action
    ) and binding.description.replace(key, "#") == other_binding.description.replace(other_key, "#")


def _joined(run: list[tuple[str, Binding]]) -> tuple[str, str]:
    """The keys and description of a run of bindings (see key_rows)."""
    first, binding = run[0]
    if len(run) == 1:
        return first, binding.description
    keys = f"{first}–{run[-1][0]}"
    return keys, re.sub(rf"\b{re.escape(first)}\b", keys, binding.description, count=1)


class HelpScreen(ModalScreen[None]):
    """Every key of the screen below, moving and selecting first; the arrow and page keys
    scroll the table at once (no row cursor to walk down first)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help-close")
    ]

    def __init__(self, sources: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sources = sources

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Label(
                "Keys (↑ ↓ PgUp PgDn scroll, esc closes)",
                classes="dialog-title",
            )
            table: DataTable[str] = DataTable(cursor_type="none", id="help-table")
            table.add_columns("Where", "Keys", "What")
            for row in key_rows(
                self.sources, lambda key: self.app.get_key_display(Binding(key, ""))
            ):
                table.add_row(*row)
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
