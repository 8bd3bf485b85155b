"""The coding screen's suggestions: which categories the selected passage resembles.

The index (services/suggestions.py) is built in a background thread shortly after the project
shows (or when the picker first opens), since loading the language tables takes about a second,
and then kept current: a
coding made adds its passage's words, one removed takes them away. A change the screen cannot
follow word by word (an undo, a codebook edit) marks the index stale, and the next selection
builds it again in the background. Until it is ready the picker simply has no suggestions.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from qualcode.domain.errors import QualcodeError
from qualcode.services.coding import CodingChange

if TYPE_CHECKING:
    from qualcode.services.project import Project
    from qualcode.services.suggestions import LiveSuggestions

SHOWN = 3  # suggestions marked at the top of the picker
LONGEST = 5000  # characters of a selection that are compared (a whole transcript needs not)


class Suggester:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._live: LiveSuggestions | None = None
        self._building = False
        self._done = threading.Event()
        self._done.set()

    @property
    def ready(self) -> bool:
        return self._live is not None

    def warm(self) -> None:
        """Build the index in a background thread unless it is there or on its way.

        A plain daemon thread rather than a Textual worker: nothing on screen waits for it
        (the picker shows no suggestions until it is done), and closing the workbench need not.
        """
        if self._live is not None or self._building:
            return
        self._building = True
        self._done.clear()
        threading.Thread(target=self._build, name="suggestions", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until a build started by :meth:`warm` has ended; whether the index is ready."""
        self._done.wait(timeout)
        return self.ready

    def _build(self) -> None:
        try:
            self._live = self.project.suggestions.live()
        except QualcodeError:
            self._live = None  # no codebook yet: no suggestions
        finally:
            self._building = False
            self._done.set()

    def top(self, text: str, among: list[str]) -> list[str]:
        """The codes the passage resembles most (none while the index is being built)."""
        live = self._live
        if live is None or not text.strip():
            return []
        ranked = live.rank(text[:LONGEST], among=among)
        return [s.category for s in ranked[:SHOWN] if s.score > 0]

    def learned(self, change: CodingChange) -> CodingChange:
        """A coding was made (in the write worker): its words count for its category."""
        if self._live is not None:
            self._live.coded(change.coding.category, change.coding.text)
        return change

    def forgot(self, change: CodingChange) -> CodingChange:
        """A coding was removed: its words no longer count for its category."""
        if self._live is not None:
            self._live.uncoded(change.coding.category, change.coding.text)
        return change

    def stale(self) -> None:
        """The project changed in a way not followed word by word: build again when asked."""
        self._live = None
