"""The memos in the workbench: every memo listed, searched as you type, and a way to what a
memo is on.

``/`` (or any typing in the search field) narrows the list; ``enter`` on a memo about a coding
or a document goes to it in the transcript; ``e`` edits the memo's text (its earlier version is
kept); ``a`` writes a memo on the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.memos import Memo
from qualcode.services.project import Project
from qualcode.tui.screens.forms import MemoDialog
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList
from qualcode.tui.write_queue import WriteQueue


@dataclass(frozen=True)
class MemoTarget:
    """Where to go when the screen closes: a document, and a passage in it (or none)."""

    document: str
    start: int | None = None
    end: int | None = None


class MemosScreen(Screen[MemoTarget | None]):
    """Every memo, searchable; enter goes to what it is on."""

    AUTO_FOCUS = "#memos-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="memos-close"),
        Binding("enter", "jump", "Go to", id="memos-jump"),
        # With priority: "/" goes to the search field even when it has the focus (and is not
        # typed into it while it is empty), see check_action.
        Binding("slash", "search", "Search", priority=True, id="memos-search"),
        Binding("e", "edit", "Edit", id="memos-edit"),
        Binding("a", "add", "New project memo", id="memos-add"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.memos: list[Memo] = []
        self._writes = WriteQueue()

    def compose(self) -> ComposeResult:
        yield Static("Memos on the project, documents, categories and codings", id="memos-title")
        yield Input(placeholder="Search memos (/)", id="memos-search-field")
        yield RowList(
            ("On", "About", "Author", "Date", "Memo"),
            widest=(8, 24, 10, 10, None),
            fill_last=True,
            id="memos-table",
        )
        with VerticalScroll(id="memos-detail"):
            yield Static("", id="memos-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RowList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="memos")
    def load(self, search: str = "") -> None:
        found = self.project.memos.list(search=search)
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, memos: list[Memo]) -> None:
        self.memos = memos
        self.query_one(RowList).set_rows(
            [
                (
                    m.target,
                    _about(m),
                    m.author,
                    f"{m.updated.astimezone():%Y-%m-%d}",
                    m.heading,
                )
                for m in memos
            ],
            cursor=0,
        )
        self._show(0)

    @on(Input.Changed, "#memos-search-field")
    def _search(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#memos-search-field")
    def _searched(self) -> None:
        self.query_one(RowList).focus()

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self._show(event.row)

    @on(RowList.Selected)
    def _selected(self) -> None:
        self.action_jump()

    def _show(self, row: int) -> None:
        text = self.query_one("#memos-text", Static)
        if not self.memos:
            text.update("No memos (a writes one on the project; m on a coding writes its memo).")
            return
        memo = self.memos[row]
        edits = f", {len(memo.history)} earlier version(s)" if memo.history else ""
        text.update(
            f"[b]{_escape(memo.heading)}[/b] – {memo.target} {_escape(_about(memo))}"
            f" ({memo.author}{edits})\n{_escape(memo.text)}"
        )

    def _current(self) -> Memo | None:
        if not self.memos:
            return None
        return self.memos[self.query_one(RowList).cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a search field with text in it, "/" is a character of the search."""
        if action == "search":
            field = self.query_one("#memos-search-field", Input)
            return not (field.has_focus and field.value)
        return True

    def action_search(self) -> None:
        # At once, not after the keys already waiting: typed fast, the "e" of "Messen" would
        # otherwise reach the list and open the edit dialog.
        self.set_focus(self.query_one("#memos-search-field", Input))

    def action_jump(self) -> None:
        memo = self._current()
        if memo is None:
            return
        if memo.target not in ("coding", "document") or memo.target_id is None:
            self.notify(f"A memo on the {memo.target} has no passage to go to.")
            return
        self._find(memo)

    @work(thread=True, group="memos-jump")
    def _find(self, memo: Memo) -> None:
        place = self.project.memos.place(memo)
        target = MemoTarget(*place) if place is not None else None
        if target is None:
            self.app.call_from_thread(self.notify, "It is no longer there.", severity="warning")
            return
        self.app.call_from_thread(self.dismiss, target)

    def action_edit(self) -> None:
        memo = self._current()
        if memo is None:
            return

        def save(answer: object) -> None:
            if isinstance(answer, str) and answer.strip() != memo.text:
                self._writes.submit(
                    self,
                    lambda: self._save(lambda: self.project.memos.edit(memo.id, text=answer)),
                    group="memos-write",
                )

        title = f"Memo {memo.id} on {memo.target} {_about(memo)}"
        self.app.push_screen(MemoDialog(memo.text, _about(memo), title=title), save)

    def action_add(self) -> None:
        def save(answer: object) -> None:
            if isinstance(answer, str) and answer.strip():
                self._writes.submit(
                    self,
                    lambda: self._save(lambda: self.project.memos.add("project", None, answer)),
                    group="memos-write",
                )

        self.app.push_screen(MemoDialog("", "the project", title="New memo on the project"), save)

    def _save(self, change: object) -> None:
        """In a worker: one memo write, then the list again."""
        assert callable(change)
        try:
            change()
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        search = self.query_one("#memos-search-field", Input).value
        found = self.project.memos.list(search=search)
        self.app.call_from_thread(self._loaded, found)
        self.app.call_from_thread(self.notify, "Memo saved")

    def action_close(self) -> None:
        self.dismiss(None)


def _about(memo: Memo) -> str:
    """What a memo is on, in the workbench's English (the store keeps the exports' German
    "Projekt" for a memo on the project)."""
    return "the project" if memo.target == "project" else memo.about


def _escape(text: str) -> str:
    return text.replace("[", "\\[")
