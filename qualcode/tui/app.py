"""The workbench application: receives an open project and shows the coding screen."""

from __future__ import annotations

import gc
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from qualcode.services.project import Project
from qualcode.services.workbench import Preload
from qualcode.tui.screens.category_picker import CategoryPicker
from qualcode.tui.screens.coding import CodingScreen


class QualcodeApp(App[None]):
    """qualcode's terminal workbench. Tests build it with a project on a temporary file."""

    CSS_PATH = "app.tcss"
    TITLE = "qualcode"
    # Narrow terminals (80 columns over SSH) get slimmer side panels; see app.tcss.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("tab", "focus_next", "Next panel", show=False, id="next-panel"),
        Binding("shift+tab", "focus_previous", "Previous panel", show=False, id="previous-panel"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command-palette"),
    ]

    def __init__(self, project: Project, preload: Preload | None = None) -> None:
        """``preload``: the first screen's data, already being read (``qualcode tui`` starts it
        before importing Textual); without it, reading starts when the app does."""
        super().__init__()
        self.project = project
        self._preload = preload

    def on_load(self) -> None:
        if self._preload is None:  # not earlier: tests change the project before running
            self._preload = Preload(self.project)

    def on_key(self, event: events.Key) -> None:
        """Keys no widget took: typed ahead into a picker that was still opening."""
        if isinstance(self.screen, CategoryPicker):
            event.stop()
            self.screen.type_ahead(event)

    def on_mount(self) -> None:
        self.push_screen(CodingScreen(self.project, self._preload))
        self._preload = None
        # Not at once: importing in a thread holds the interpreter lock and would slow the
        # first paint; a second later the user is reading, not waiting.
        self.set_timer(1.0, self.warm_up)

    def warm_up(self) -> None:
        """Import the write path's libraries in the background, so the first coding is instant."""
        from threading import Thread

        if not gc.isenabled():  # `qualcode tui` starts without it (see open_workbench)
            gc.freeze()  # what start-up made lasts: later passes need not look at it again
            gc.enable()

        def load() -> None:
            import qualcode.storage.repositories.codings  # noqa: F401

        Thread(target=load, daemon=True).start()
