"""The workbench application: receives an open project and shows the coding screen."""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from qualcode.services.project import Project
from qualcode.services.workbench import Preload, warm_up_writes
from qualcode.tui.screens.coding import CodingScreen

WARM_UP_AT_THE_LATEST = 3.0  # seconds: in case the coding screen's start-up never gets there
# The garbage collector's full passes, moved to the moments the user reads (see warm_up): every
# frame Textual draws leaves its lines as small reference cycles, and a full pass over the
# workbench's objects and that garbage holds the screen 15-20 ms, at whatever key it falls on.
FULL_PASS_EVERY = 100  # second-generation passes between automatic full ones (Python's: 10)
IDLE_BEFORE_FULL_PASS = 0.8  # seconds without a key or a click
FULL_PASS_AFTER = 3  # second-generation passes since the last full one before it is worth it


class QualcodeApp(App[None]):
    """qualcode's terminal workbench. Tests build it with a project on a temporary file."""

    CSS_PATH = "app.tcss"
    TITLE = "qualcode"
    # Narrow terminals (80 columns over SSH) get slimmer side panels; see app.tcss.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        # Here, not on each screen: every screen's key bar keeps "? Keys" on its right. F1 too,
        # since a focused text field types "?" (the bar then shows "F1 Keys" instead).
        Binding("question_mark,f1", "help", "Keys", id="help"),
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
        self._warmed = False
        self._input_at = 0.0  # when the user last pressed a key or used the mouse
        self._thresholds: tuple[int, int, int] | None = None  # the collector's, to restore

    def on_load(self) -> None:
        if self._preload is None:  # not earlier: tests change the project before running
            self._preload = Preload(self.project)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) offers every key of the screen it was opened on, by its name:
        typing "export" finds what E does, for whoever does not remember the key."""
        yield from super().get_system_commands(screen)
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not (enabled and binding.id and binding.description):
                continue
            if binding.action != "command_palette":
                key = self.get_key_display(binding)
                yield SystemCommand(
                    binding.description, f"key {key}", partial(self.simulate_key, binding.key)
                )

    def action_help(self) -> None:
        """The keys of the screen shown: what it lists itself (``help_sources``), or else its
        own keys, those of the focused widget and those that work everywhere."""
        from qualcode.tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        listed = getattr(screen, "help_sources", None)
        if callable(listed):
            sources = listed()
        else:
            name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(screen).__name__.removesuffix("Screen"))
            sources = [(name.capitalize(), list(type(screen).BINDINGS))]
            if screen.focused is not None:
                focused = type(screen.focused)
                name = getattr(focused, "HELP_NAME", focused.__name__)
                sources.append((name, list(focused.BINDINGS)))
            sources.append(("Everywhere", list(self.BINDINGS)))
        self.push_screen(HelpScreen(sources))

    def _collect_when_idle(self) -> None:
        """Full garbage-collector passes while the user reads rather than at a key press: the
        automatic ones become rare (a backstop), and one runs after a pause in the input."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, FULL_PASS_EVERY)
            self.set_interval(IDLE_BEFORE_FULL_PASS / 2, self._full_pass_if_idle)

    def _full_pass_if_idle(self) -> None:
        idle = time.monotonic() - self._input_at >= IDLE_BEFORE_FULL_PASS
        if idle and gc.isenabled() and gc.get_count()[2] >= FULL_PASS_AFTER:
            gc.collect()

    def on_unmount(self) -> None:
        if self._thresholds is not None:  # the process outlives the app (tests)
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent):
            self._input_at = time.monotonic()
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """Keys no widget took: typed ahead into a picker that was still opening."""
        from qualcode.tui.screens.category_picker import CategoryPicker

        if isinstance(self.screen, CategoryPicker):
            event.stop()
            self.screen.type_ahead(event)

    def on_mount(self) -> None:
        # Not inside on_mount: Textual holds back the display while the app mounts, and a
        # screen pushed now is laid out and drawn once for nothing (75 ms) and again after.
        # The coding screen calls warm_up once its own start-up is done (or, failing that,
        # this timer: the garbage collector must not stay off).
        self.call_later(self._open_coding_screen)
        self.set_timer(WARM_UP_AT_THE_LATEST, self.warm_up)

    def _open_coding_screen(self) -> None:
        # Born with the class its width calls for: Textual adds it on the first resize
        # otherwise, and restyles every widget once more just before the first paint.
        width_class = [
            name for least, name in self.HORIZONTAL_BREAKPOINTS if self.size.width >= least
        ]
        self.push_screen(
            CodingScreen(self.project, self._preload, classes=" ".join(width_class[-1:]))
        )
        self._preload = None
        warning = self.project.trail_warning
        if warning:  # opening found the trail's triggers gone: say so where the user looks
            self.call_after_refresh(
                self.notify, warning, title="Audit trail", severity="warning", timeout=30
            )

    def warm_up(self) -> None:
        """Import the write path's libraries in the background, so the first coding is instant
        (once the user is reading: importing in a thread holds the interpreter lock)."""
        if not gc.isenabled():  # `qualcode tui` starts without it (see open_workbench)
            gc.freeze()  # what start-up made lasts: later passes need not look at it again
            gc.enable()
            self._collect_when_idle()
        if not self._warmed:
            self._warmed = True
            self.run_worker(warm_up_writes, thread=True, group="warm-up", exit_on_error=False)
