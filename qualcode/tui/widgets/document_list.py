"""The documents of the project, with their codings and case attributes.

A Line API widget, like the transcript: a DataTable measured and rendered every cell of 500
documents through Rich (a fifth of a second at start-up); here a row is one string cut into a
few segments, and only the rows on screen are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualcode.domain.transcript import DocumentInfo

HEADINGS = ("Document", "Cod.", "Attributes")


def _width(text: str) -> int:
    """Width on screen; Rich's table lookup only for text that needs it."""
    return len(text) if text.isascii() else cell_len(text)


class DocumentList(ScrollView, can_focus=True):
    """One row per document: name, number of codings, case attributes; a cursor row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous document", show=False, id="document-up"),
        Binding("down", "cursor_down", "Next document", show=False, id="document-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="document-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="document-page-down"),
        Binding("home", "first", "First document", show=False, id="document-first"),
        Binding("end", "last", "Last document", show=False, id="document-last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-list--header",
        "document-list--cursor",
        "document-list--even-row",
    }

    # The look of Textual's DataTable, which this replaces.
    DEFAULT_CSS = """
    DocumentList {
        background: $surface;
        color: $foreground;
        & > .document-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .document-list--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .document-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .document-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .document-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:focus > .document-list--header {
            background-tint: $foreground 5%;
        }
    }
    """

    @dataclass
    class DocumentChosen(Message):
        """The user moved to (or clicked) a document."""

        document_list: DocumentList
        name: str

        @property
        def control(self) -> DocumentList:
            return self.document_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: list[DocumentInfo] = []
        self.cursor_row = 0
        self._cells: list[tuple[str, str, str]] = []
        self._widths = [_width(h) for h in HEADINGS]
        self._cache: dict[int, Strip] = {}  # row (-1: the header) -> its full-width strip
        self._styles: dict[str, Style] = {}  # per style change: each costs a walk up the DOM

    @property
    def row_count(self) -> int:
        return len(self.documents)

    def set_documents(self, documents: list[DocumentInfo], *, keep: str | None = None) -> None:
        """Show these documents; the cursor stays on ``keep`` (or where it was)."""
        self.documents = documents
        self._cells = [
            (doc.name, str(doc.codings), ", ".join(doc.attributes.values())) for doc in documents
        ]
        self._widths = [
            max([_width(h), *(_width(row[i]) for row in self._cells)])
            for i, h in enumerate(HEADINGS)
        ]
        self.virtual_size = Size(sum(w + 2 for w in self._widths), len(documents) + 1)
        row = self.cursor_row
        if keep is not None:
            row = next((i for i, d in enumerate(documents) if d.name == keep), row)
        self.cursor_row = min(row, max(len(documents) - 1, 0))
        self._changed()
        self._scroll_to_cursor()

    # ----- moving --------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on a row and tell the screen which document that is."""
        if not self.documents:
            return
        row = min(max(row, 0), len(self.documents) - 1)
        moved = row != self.cursor_row
        self.cursor_row = row
        self._changed()
        self._scroll_to_cursor()
        if moved:
            self.post_message(self.DocumentChosen(self, self.documents[row].name))

    def _scroll_to_cursor(self) -> None:
        rows = max((self.scrollable_content_region.height or self.size.height) - 1, 1)
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + rows:
            self.scroll_to(y=self.cursor_row - rows + 1, animate=False)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - max(self.size.height - 2, 1))

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + max(self.size.height - 2, 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.documents) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1:
            self.move_cursor(int(self.scroll_y) + offset.y - 1)

    # ----- drawing -------------------------------------------------------------------------

    def _changed(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_focus(self) -> None:
        self._changed()

    def on_resize(self) -> None:
        self._changed()  # rows are drawn as wide as the list

    def on_blur(self) -> None:
        self._changed()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _style(self, part: str) -> Style:
        style = self._styles.get(part)
        if style is None:
            style = self.rich_style
            if part:
                style += self.get_component_rich_style(f"document-list--{part}")
            self._styles[part] = style
        return style

    def render_line(self, y: int) -> Strip:
        row = -1 if y == 0 else int(self.scroll_y) + y - 1
        strip = self._cache.get(row)
        if strip is None:
            strip = self._cache[row] = self._draw(row)
        width = self.scrollable_content_region.width or self.size.width
        return strip.crop_extend(int(self.scroll_x), int(self.scroll_x) + width, None)

    def _draw(self, row: int) -> Strip:
        width = max(self.virtual_size.width, self.size.width)
        if row >= len(self._cells):
            return Strip.blank(width, self._style(""))
        cells = HEADINGS if row < 0 else self._cells[row]
        if row < 0:
            style = self._style("header")
        elif row == self.cursor_row:
            style = self._style("cursor")
        else:
            style = self._style("even-row" if row % 2 == 0 else "")
        text = "".join(
            f" {cell}{' ' * (w - _width(cell))} "
            for cell, w in zip(cells, self._widths, strict=True)
        )
        segments = [Segment(text, style)]
        if (used := _width(text)) < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments, width)
