"""A list of rows in columns, with a header and a cursor: the workbench's table.

A Line API widget, like the transcript. Textual's DataTable measures every cell through Rich
whenever rows change (a fifth of a second for the 500 documents at start-up, half a second for
the 1,280 passages of one category in retrieval); here a row is one string cut into a few
segments, and only the rows on screen are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


def cell_width(text: str) -> int:
    """Width on screen; Rich's table lookup only for text that needs it."""
    return len(text) if text.isascii() else cell_len(text)


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    size = cell_width(text)
    if size <= width:
        return text + " " * (width - size)
    return set_cell_size(text, width - 1) + "…"


class RowList(ScrollView, can_focus=True):
    """Rows of text in columns under a header; the cursor row is highlighted."""

    HELP_NAME = "List"  # where its keys work, as the help (?) names it

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous row", show=False, id="row-up"),
        Binding("down", "cursor_down", "Next row", show=False, id="row-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="row-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="row-page-down"),
        Binding("home", "first", "First row", show=False, id="row-first"),
        Binding("end", "last", "Last row", show=False, id="row-last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--header",
        "row-list--cursor",
        "row-list--even-row",
    }

    # The look of Textual's DataTable, which this replaces.
    DEFAULT_CSS = """
    RowList {
        background: $surface;
        color: $foreground;
        & > .row-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .row-list--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .row-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .row-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:focus > .row-list--header {
            background-tint: $foreground 5%;
        }
    }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row."""

        row_list: RowList
        row: int

        @property
        def control(self) -> RowList:
            return self.row_list

    @dataclass
    class Selected(Message):
        """A row was chosen with a double click (the screen binds enter to what it means)."""

        row_list: RowList
        row: int

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(
        self,
        headings: Sequence[str],
        *,
        widest: Sequence[int | None] | None = None,
        fill_last: bool = False,
        id: str | None = None,
    ) -> None:
        """``widest``: the most cells a column may take (longer text is cut), None for any.
        ``fill_last``: the last column takes the width that is left, and long text in it is
        cut there (a passage), rather than the list scrolling sideways."""
        super().__init__(id=id)
        self.headings = tuple(headings)
        self.widest = tuple(widest) if widest is not None else (None,) * len(self.headings)
        self.fill_last = fill_last
        self.cursor_row = 0
        self._rows: list[tuple[str, ...]] = []
        self._widths = [cell_width(h) for h in self.headings]
        self._cache: dict[int, Strip] = {}  # row (-1: the header) -> its full-width strip
        self._styles: dict[str, Style] = {}  # per style change: each costs a walk up the DOM

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row_at(self, index: int) -> tuple[str, ...]:
        """The cells of a row, as given."""
        return self._rows[index]

    def set_rows(
        self,
        rows: Sequence[tuple[str, ...]],
        *,
        cursor: int | None = None,
        headings: Sequence[str] | None = None,
    ) -> None:
        """Show these rows; the cursor goes to ``cursor`` (or stays where it was). New
        ``headings`` replace the columns (a table whose columns come with its data)."""
        if headings is not None and tuple(headings) != self.headings:
            self.headings = tuple(headings)
            self.widest = (None,) * len(self.headings)
        self._rows = list(rows)
        widths = [cell_width(h) for h in self.headings]
        for cells in self._rows:
            for i, cell in enumerate(cells):
                if (size := cell_width(cell)) > widths[i]:
                    widths[i] = size
        self._widths = [
            w if most is None else min(w, max(most, cell_width(h)))
            for w, most, h in zip(widths, self.widest, self.headings, strict=True)
        ]
        self._fit_columns()
        row = self.cursor_row if cursor is None else cursor
        self.cursor_row = min(max(row, 0), max(len(self._rows) - 1, 0))
        self._changed()
        self._scroll_to_cursor()

    def _fit_columns(self) -> None:
        if self.fill_last and self.size.width and self._widths:
            width = self.size.width
            if len(self._rows) + 1 > self.size.height:  # a vertical scrollbar takes its share
                width -= self.styles.scrollbar_size_vertical
            others = sum(w + 2 for w in self._widths[:-1])
            self._widths[-1] = max(width - others - 2, cell_width(self.headings[-1]))
        self.virtual_size = Size(sum(w + 2 for w in self._widths), len(self._rows) + 1)

    # ----- moving --------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on a row (posting :class:`Highlighted` when it moves)."""
        if not self._rows:
            return
        row = min(max(row, 0), len(self._rows) - 1)
        moved = row != self.cursor_row
        self.cursor_row = row
        self._changed()
        self._scroll_to_cursor()
        if moved:
            self.post_message(self.Highlighted(self, row))

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
        self.move_cursor(len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1:
            row = int(self.scroll_y) + offset.y - 1
            if row < len(self._rows):
                self.move_cursor(row)
                if event.chain >= 2:  # a double click chooses the row
                    self.action_select()

    # ----- drawing -------------------------------------------------------------------------

    def _changed(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_focus(self) -> None:
        self._styles.clear()  # the cursor row looks different with focus
        self._changed()

    def on_resize(self) -> None:
        self._fit_columns()
        self._changed()  # rows are drawn as wide as the list

    def on_blur(self) -> None:
        self._styles.clear()
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
                style += self.get_component_rich_style(f"row-list--{part}")
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
        if row >= len(self._rows):
            return Strip.blank(width, self._style(""))
        cells = self.headings if row < 0 else self._rows[row]
        if row < 0:
            style = self._style("header")
        elif row == self.cursor_row:
            style = self._style("cursor")
        else:
            style = self._style("even-row" if row % 2 == 0 else "")
        text = "".join(f" {fit(cell, w)} " for cell, w in zip(cells, self._widths, strict=True))
        segments = [Segment(text, style)]
        if (used := cell_width(text)) < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments, width)
