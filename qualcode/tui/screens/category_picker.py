"""Pick a category by typing its code (K2.1) or words of its name.

The picker sits along the bottom of the screen, so that the passage being coded stays in view
above it, and shows the highlighted category's definition and coding rule beside the list:
comparing the passage with the guideline is the coding decision (Mayring).

The coding screen composes its picker once, while the coder reads, and opens it again for each
passage (:meth:`CategoryPicker.reopen`): composing it on the key press cost a frame's time.
Its suggestions may come a moment after it opens (:meth:`CategoryPicker.suggest`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from qualcode.domain.codebook import Category, Codebook
from qualcode.tui.widgets.codebook_panel import guideline_text


def picker_rows(screen_height: int) -> int:
    """How many rows of the screen the picker takes, at its bottom: half, within 10 to 18."""
    return max(10, min(18, screen_height // 2))


def rank(book: Codebook, query: str, suggested: Sequence[str] = ()) -> list[Category]:
    """Categories matching ``query``: exact code first, then code prefixes, then name words.

    With nothing typed, the ``suggested`` categories (those the passage resembles) come first.
    """
    words = query.casefold().split()
    if not words:
        top = [c for code in suggested if (c := book.get(code)) and c.status != "retired"]
        return top + [c for c in book if c.status != "retired" and c not in top]
    first = words[0]
    scored: list[tuple[int, int, Category]] = []
    for order, category in enumerate(book):
        if category.status == "retired":
            continue
        code, name = category.code.casefold(), category.name.casefold()
        haystack = f"{code} {name}"
        if not all(word in haystack for word in words):
            continue
        score = 0 if code == first else 1 if code.startswith(first) else 2
        scored.append((score, order, category))
    return [c for _, _, c in sorted(scored, key=lambda s: (s[0], s[1]))]


class Underneath(Visual):
    """The screen below the picker as it is drawn already, seen through the picker's transparent
    background. Textual's own way (a BackgroundScreen) renders that screen again through Rich,
    segment by segment, each time the picker opens: a third of the time it took to open."""

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        # Without the mouse actions and links of the widgets below, on the picker's own base
        # style, as Textual's way draws them.
        base = style.rich_style
        return [
            Strip(
                [
                    Segment(text, base if rich is None else base + rich.clear_meta_and_links())
                    for text, rich, _ in strip
                ],
                strip.cell_length,
            )
            for strip in self._screen._compositor.render_strips()
        ]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._screen.size.height


class CategoryPicker(ModalScreen[str | None]):
    """A fuzzy category picker: type, move with up/down, enter applies, escape cancels."""

    AUTO_FOCUS = "#picker-input"  # focus at once, so keys typed right after "c" are not lost

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker-cancel"),
        Binding("down", "next", "Next", show=False, id="picker-next"),
        Binding("up", "previous", "Previous", show=False, id="picker-previous"),
    ]

    def __init__(
        self,
        book: Codebook,
        title: str = "Code the selection with…",
        *,
        suggested: Sequence[str] = (),
    ) -> None:
        """``suggested``: categories the passage resembles, best first, shown at the top."""
        super().__init__()
        self.book = book
        self.suggested = tuple(suggested)
        self.title_text = title
        self._typed_ahead: list[events.Key] = []
        self._ready = False
        self._moved = False  # the coder moved in the list or typed: late suggestions wait
        self.when_drawn: Callable[[], None] | None = None  # called once composed ahead and drawn

    @property
    def ready(self) -> bool:
        """Composed and mounted: it opens without being composed again."""
        return self._ready

    def reopen(self, book: Codebook, suggested: Sequence[str] = ()) -> None:
        """Open again for another passage: nothing typed, the list from the top, the codebook
        as it is now (called before the picker is pushed again)."""
        self.book, self.suggested = book, tuple(suggested)
        self._moved = False
        self._typed_ahead.clear()
        if self._ready:
            self._start()

    def suggest(self, suggested: Sequence[str]) -> None:
        """Suggestions that came after the picker opened: shown at the top unless the coder
        has already typed or moved in the list (the highlight does not jump under them)."""
        if self._moved or tuple(suggested) == self.suggested:
            return
        self.suggested = tuple(suggested)
        if self._ready and not self.query_one(Input).value.strip():
            self._fill("")

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(self.title_text, classes="dialog-title")
            with Horizontal(id="picker-body"):
                with Vertical(id="picker-choices"):
                    yield Input(
                        placeholder="Code or name: K2.1, kalt",
                        id="picker-input",
                    )
                    yield OptionList(id="picker-options")
                with VerticalScroll(id="picker-guideline", can_focus=False):
                    yield Static("", id="picker-guideline-text")

    def on_mount(self) -> None:
        self._start()
        self._ready = True
        if not self.is_current:  # composed ahead: laid out now too, while nobody waits
            self.call_later(self._lay_out_unseen)
        for event in self._typed_ahead:
            self.type_ahead(event)
        self._typed_ahead.clear()

    def render(self) -> RenderResult:  # type: ignore[override]  # a Visual, as widgets may
        drawn = super().render()
        if isinstance(drawn, BackgroundScreen) and drawn.color.a == 0:
            return Underneath(drawn.screen)
        return drawn

    def _start(self) -> None:
        self.query_one("#picker").styles.height = picker_rows(self.app.size.height)
        field = self.query_one(Input)
        if field.value:
            with field.prevent(Input.Changed):
                field.value = ""
        self._fill("")
        field.focus()

    def _lay_out_unseen(self) -> None:
        """Place the widgets at the terminal's size before the picker is first shown (a
        screen not shown is laid out, not drawn), then draw them once where nobody sees it:
        showing the picker then puts together lines drawn already (half the time)."""
        if not self.is_current:
            self._refresh_layout(self.app.size)
            self.call_later(self._draw_unseen)

    def _draw_unseen(self) -> None:
        if not self.is_current:
            self._compositor.render_full_update()
        if self.when_drawn is not None:
            self.call_later(self.when_drawn)  # after this step
            self.when_drawn = None

    def type_ahead(self, event: events.Key) -> None:
        """A key typed right after "c" that went to the screen below (see QualcodeApp.on_key).

        Over a slow link, or typed fast, "c K2.5 enter" arrives at once; those keys were already
        on their way to the transcript and must not be lost, nor trigger its bindings.
        """
        if not self._ready:
            self._typed_ahead.append(event)
            return
        if event.is_printable and event.character:
            self._moved = True
            field = self.query_one(Input)
            field.insert_text_at_cursor(event.character)
            self._fill(field.value)
        elif event.key == "enter":
            self._choose()
        elif event.key == "escape":
            self.action_cancel()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        marked = bool(self.suggested) and not query.strip()  # typing: the words decide
        ranked = rank(self.book, query, self.suggested)[:200]
        options.add_options([self._option(c, marked=marked) for c in ranked])  # one layout
        if options.option_count:
            options.highlighted = 0
        else:
            self.query_one("#picker-guideline-text", Static).update("No category matches.")

    def _option(self, category: Category, *, marked: bool = False) -> Option:
        label = Text()
        if marked:
            label.append("* " if category.code in self.suggested else "  ", style="bold")
        label.append("■ ", style=self.book.colour_of(category.code) or "white")
        label.append(f"{category.code:<7}", style="bold")
        label.append(category.name)
        return Option(label, id=category.code)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The guideline of the highlighted category, to compare the passage with."""
        code = event.option.id
        category = self.book.get(code) if code is not None else None
        if category is not None:
            text = guideline_text(category, self.book.colour_of(category.code), rule_first=True)
            # As Content, which Textual wraps itself: a third of the cost of drawing Rich text.
            self.query_one("#picker-guideline-text", Static).update(Content.from_rich_text(text))
            self.query_one("#picker-guideline", VerticalScroll).scroll_home(animate=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._moved = True
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_next(self) -> None:
        self._moved = True
        self.query_one(OptionList).action_cursor_down()

    def action_previous(self) -> None:
        self._moved = True
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
