"""The codebook editor: add, rename, move, merge and split categories, each with a reason.

Mayring's revision of the category system after the pilot is exactly this work; every change
goes into the audit trail with the reason given here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header

from qualcode.domain.codebook import Codebook
from qualcode.domain.errors import ConflictError, QualcodeError
from qualcode.services.project import Project
from qualcode.tui.screens.category_picker import CategoryPicker
from qualcode.tui.screens.forms import AskDialog, Field, edit_category
from qualcode.tui.widgets.codebook_panel import CodebookPanel, CodebookTree, GuidelinePanel
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.write_queue import WriteQueue

REASON = Field("reason", "Why? (kept in the audit trail)")


class CodebookEditorScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="editor-add"),
        Binding("R", "rename", "Rename", id="editor-rename"),
        Binding("M", "move", "Move", id="editor-move"),
        Binding("G", "merge", "Merge into", id="editor-merge"),
        Binding("S", "split", "Split", id="editor-split"),
        Binding("escape", "close", "Back", id="editor-close"),
    ]

    def __init__(self, project: Project, current: str | None = None) -> None:
        """``current``: the category to open on (the one being worked with on the screen below)."""
        super().__init__()
        self.project = project
        self._writes = WriteQueue()
        self.book: Codebook | None = None
        self._cursor = current  # where the tree's cursor goes when the codebook is read again

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield CodebookPanel(id="editor-tree")
            yield GuidelinePanel(id="editor-guideline")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Codebook: a add · R rename · M move · G merge · S split · e edit"
        self.reload()

    @work(thread=True, exclusive=True, group="editor")
    def reload(self) -> None:
        book = self.project.codebook.get()
        counts = self.project.coding.counts()
        self.app.call_from_thread(self._loaded, book, counts)

    def _loaded(self, book: Codebook, counts: dict[str, int]) -> None:
        self.book = book
        cursor, self._cursor = self._cursor, None
        self.query_one(CodebookPanel).set_codebook(book, counts, cursor=cursor)
        self.query_one(CodebookTree).focus()
        if (code := self.selected) is not None and (category := book.get(code)) is not None:
            self.query_one(GuidelinePanel).show_category(category, book.colour_of(code))

    @property
    def selected(self) -> str | None:
        node = self.query_one(CodebookTree).cursor_node
        return node.data if node is not None else None

    @on(CodebookTree.CategoryChosen)
    def _chosen(self, event: CodebookTree.CategoryChosen) -> None:
        if self.book is not None and (category := self.book.get(event.code)) is not None:
            self.query_one(GuidelinePanel).show_category(category, self.book.colour_of(event.code))

    def _ask(
        self, title: str, fields: list[Field], then: Callable[[dict[str, str]], object]
    ) -> None:
        def answered(result: object) -> None:
            if isinstance(result, dict):
                then(result)

        self.app.push_screen(AskDialog(title, fields), answered)

    def action_add(self) -> None:
        parent = self.selected
        self._ask(
            f"New category under {parent or 'the top level'}",
            [Field("name", "Name"), Field("definition", "Definition"), REASON],
            lambda a: self.change(
                lambda: self.project.codebook.create_category(
                    name=a["name"], parent=parent, definition=a["definition"], reason=a["reason"]
                ),
                f"Added {a['name']}",
            ),
        )

    def action_rename(self) -> None:
        code = self.selected
        if code is None or self.book is None or (category := self.book.get(code)) is None:
            return
        self._ask(
            f"Rename {code}",
            [Field("name", "New name", category.name), REASON],
            lambda a: self.change(
                lambda: self.project.codebook.edit_category(
                    code, name=a["name"], reason=a["reason"], expected_version=category.version
                ),
                f"Renamed {code}",
            ),
        )

    def action_move(self) -> None:
        code = self.selected
        if code is None or self.book is None:
            return

        def to(parent: str | None) -> None:
            if parent is None:
                return
            self._ask(
                f"Move {code} under {parent}",
                [REASON],
                lambda a: self.change(
                    lambda: self.project.codebook.move(code, parent, reason=a["reason"]).code,
                    f"Moved {code} under {parent}",
                ),
            )

        self.app.push_screen(CategoryPicker(self.book, f"Move {code} under…"), to)

    def action_merge(self) -> None:
        code = self.selected
        if code is None or self.book is None:
            return

        def into(target: str | None) -> None:
            if target is None:
                return
            self._ask(
                f"Merge {code} into {target}: its codings and anchors move, {code} is retired",
                [REASON],
                lambda a: self.change(
                    lambda: self._merge(code, target, a["reason"]),
                    f"Merged {code} into {target}",
                ),
            )

        self.app.push_screen(CategoryPicker(self.book, f"Merge {code} into…"), into)

    def _merge(self, code: str, target: str, reason: str) -> str:
        """Merge, and say where the cursor goes: the merged category is retired."""
        self.project.codebook.merge(code, target, reason=reason)
        return target

    def action_split(self) -> None:
        code = self.selected
        if code is None:
            return
        self._ask(
            f"Split a new category off {code} (then move passages to it in retrieval)",
            [Field("name", "Name of the new category"), REASON],
            lambda a: self.change(
                lambda: self.project.codebook.split(code, name=a["name"], reason=a["reason"]),
                f"Split {a['name']} off {code}",
            ),
        )

    @on(CodebookTree.EditRequested)
    def _edit(self, event: CodebookTree.EditRequested) -> None:
        edit_category(self, self.book, event.code, self.project.codebook, self.change)

    def change(self, call: Callable[[], object], done: str) -> None:
        """Run one codebook change off the UI thread, after the ones asked for before it.

        The tree keeps its open branches and its cursor; a change that returns a code (a move
        renumbers the category, a merge retires it into its target) puts the cursor there."""
        self._writes.submit(self, partial(self._change, call, done), group="editor-write")

    def _change(self, call: Callable[[], object], done: str) -> None:
        try:
            result = call()
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            if isinstance(exc, ConflictError):  # changed by someone else: show theirs
                self.app.call_from_thread(self.reload)
            return
        cursor = result if isinstance(result, str) else None
        self.app.call_from_thread(self._changed, done, cursor)

    def _changed(self, done: str, cursor: str | None) -> None:
        self._cursor = cursor
        self.notify(done, timeout=2)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
