"""Retrieval: every passage of a category across documents, to read a category as a whole.

Filters by case attribute and coder; enter jumps to the passage in its transcript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Select, Static

from qualcode.domain.codebook import Codebook
from qualcode.domain.coding import Coding
from qualcode.domain.ordering import natural_key
from qualcode.services.project import Project
from qualcode.tui.positions import positions
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList


@dataclass(frozen=True)
class Jump:
    """Where to go when the screen closes: a document and a span in it."""

    document: str
    start: int
    end: int


class RetrievalScreen(Screen[Jump | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="retrieval-close"),
        Binding("enter", "jump", "Go to passage", id="retrieval-jump"),
    ]

    def __init__(self, project: Project, book: Codebook, code: str) -> None:
        super().__init__()
        self.project, self.book, self.code = project, book, code
        self.codings: list[Coding] = []
        self._coders_offered = False

    def compose(self) -> ComposeResult:
        category = self.book.get(self.code)
        yield Header()
        yield Static(
            f"{self.code} {category.name if category else ''} and its subcategories",
            id="retrieval-title",
        )
        with Horizontal(id="retrieval-filters"):
            yield Select([], prompt="all cases", id="retrieval-attribute")
            yield Select([], prompt="all coders", id="retrieval-coder")
        yield RowList(
            ("Document", "Pos.", "Code", "Coder", "Passage"),
            widest=(16, None, None, 12, None),
            fill_last=True,
            id="retrieval-table",
        )
        yield Static("", id="retrieval-count")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load_filters()
        self.load()

    @work(thread=True, group="retrieval-filters")
    def load_filters(self) -> None:
        documents = self.project.documents.all()
        pairs = {(k, v) for d in documents for k, v in d.attributes.items()}
        attributes = sorted(pairs, key=lambda pair: (pair[0], natural_key(pair[1])))
        self.app.call_from_thread(self._filters_loaded, attributes)

    def _filters_loaded(self, attributes: list[tuple[str, str]]) -> None:
        self.query_one("#retrieval-attribute", Select).set_options(
            [(f"{k}: {v}", f"{k}\x1f{v}") for k, v in attributes]
        )

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="retrieval")
    def load(self) -> None:
        attribute = self.query_one("#retrieval-attribute", Select).value
        coder = self.query_one("#retrieval-coder", Select).value
        pair = tuple(str(attribute).split("\x1f", 1)) if isinstance(attribute, str) else None
        found = self.project.coding.query(
            category=self.code,
            coder=coder if isinstance(coder, str) else None,
            attribute=(pair[0], pair[1]) if pair and len(pair) == 2 else None,
        )
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, codings: list[Coding]) -> None:
        self.codings = codings
        if not self._coders_offered:  # the first, unfiltered list: who coded this category
            self._coders_offered = True
            coders = sorted({c.coder for c in codings})
            self.query_one("#retrieval-coder", Select).set_options([(c, c) for c in coders])
        table = self.query_one(RowList)
        table.set_rows(
            [
                (
                    c.document,
                    positions(c.position, c.position_end),
                    c.category,
                    c.coder,
                    " ".join(c.text.split()),
                )
                for c in codings
            ],
            cursor=0,
        )
        documents = len({c.document for c in codings})
        self.query_one("#retrieval-count", Static).update(
            f"{len(codings)} passage{'s' * (len(codings) != 1)} in {documents} "
            f"document{'s' * (documents != 1)}"
        )
        table.focus()

    def action_jump(self) -> None:
        table = self.query_one(RowList)
        if not self.codings:
            return
        coding = self.codings[table.cursor_row]
        self.dismiss(Jump(coding.document, coding.start, coding.end))

    @on(RowList.Selected)
    def _row_selected(self) -> None:
        self.action_jump()

    def action_close(self) -> None:
        self.dismiss(None)
