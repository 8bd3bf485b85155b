"""Textual's Footer, rebuilt only when the keys it shows change.

The Footer rebuilds itself (a dozen widgets mounted and styled, ~50 ms here) after every change
of the bindings, and at start-up focus settles in several steps: five rebuilds of the same keys
kept the workbench busy for half a second after its first paint. This one coalesces the
requests and skips a rebuild that would show what is already there.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that recomposes at most once per refresh, and only for different keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None
        self._pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        shown = self._keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _keys(self) -> tuple[object, ...]:
        """What compose would show: the keys, their descriptions, and whether enabled."""
        return (
            self.compact,
            self.show_command_palette,
            *(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for _, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show or binding.action == "command_palette"
            ),
        )
