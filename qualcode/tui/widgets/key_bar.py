"""The key bar at the bottom of every screen: one line of text, not a widget per key.

Textual's Footer mounts and styles a widget for every key and rebuilds them all whenever the
bindings change (focus moving, a dialog closing). At start-up that cost the workbench a tenth of
a second or more before and after its first paint. This bar draws the same keys as one line of
text, redraws only when the keys it shows change, and a click on a key presses that key.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

# What a key shows: (key to press, its label, its description, whether it works right now).
Shown = tuple[str, str, str, bool]


class KeyBar(Widget, can_focus=False):
    """The current screen's shown keys, left to right, with the command palette on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[Shown, ...] = ()
        self._right: tuple[Shown, ...] = ()  # the keys list (?) and the palette: always shown
        # Where each key sits on the line once drawn: (first column, past the last, key).
        self._spans: list[tuple[int, int, Shown]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._read_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Redraw when the keys to show differ (focus moves change them often, mostly not)."""
        if self.is_attached and screen is self.screen and self._read_keys():
            self.refresh()

    def _read_keys(self) -> bool:
        """Take the screen's keys as the footer would show them; whether anything changed.

        The key that lists all keys and the command palette go to the right and stay there
        however narrow the terminal: whatever else does not fit, those two lead to it.
        """
        keys: list[Shown] = []
        right: list[Shown] = []
        actions: set[str] = set()
        app = self.app
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            shown = (binding.key, app.get_key_display(binding), binding.description, enabled)
            if binding.action == "command_palette":
                if app.ENABLE_COMMAND_PALETTE:
                    right.append(shown)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)  # one entry per action, as Textual's Footer does
                if binding.action == "help":
                    right.insert(0, shown)
                else:
                    keys.append(shown)
        changed = (tuple(keys), tuple(right)) != (self._keys, self._right)
        self._keys, self._right = tuple(keys), tuple(right)
        return changed

    def render(self) -> RenderResult:
        styles = {
            True: (
                self.get_visual_style("key-bar--key"),
                self.get_visual_style("key-bar--description"),
            ),
            False: (self.get_visual_style("key-bar--disabled"),) * 2,
        }
        width = self.size.width
        right_width = sum(_width(shown) for shown in self._right)
        parts: list[tuple[str, Any]] = []
        spans: list[tuple[int, int, Shown]] = []
        column = 0

        def add(shown: Shown) -> None:
            nonlocal column
            key_style, text_style = styles[shown[3]]
            parts.append((f" {shown[1]} ", key_style))
            parts.append((f"{shown[2]} ", text_style))
            spans.append((column, column + _width(shown), shown))
            column += _width(shown)

        for shown in self._keys:
            if column + _width(shown) > width - right_width:
                break  # the rest is on the help screen (?)
            add(shown)
        if right_width <= width - column:
            gap = width - column - right_width
            parts.append((" " * gap, styles[True][1]))
            column += gap
            for shown in self._right:
                add(shown)
        self._spans = spans
        return Content.assemble(*parts)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Clicking a key presses it; a key that does not work now rings the bell."""
        for first, past, (key, _label, _description, enabled) in self._spans:
            if first <= event.x < past:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return


def _width(shown: Shown) -> int:
    """Columns a key takes on the bar: " key description "."""
    return cell_len(shown[1]) + cell_len(shown[2]) + 3
