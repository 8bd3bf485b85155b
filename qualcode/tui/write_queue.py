"""Writes one at a time, in the order they were asked for.

Two fast keystrokes start two thread workers; either thread may run first. Textual's
``exclusive=True`` would cancel the earlier one and lose a keystroke, so each worker instead
takes the oldest waiting write under a lock: every write lands, in order, and no two overlap.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from threading import Lock
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode


class WriteQueue:
    def __init__(self) -> None:
        self._waiting: deque[Callable[[], None]] = deque()
        self._lock = Lock()

    def submit(self, node: DOMNode, write: Callable[[], None], *, group: str) -> None:
        """Queue a write (on the UI thread) and start a thread worker that runs the oldest."""
        self._waiting.append(write)
        node.run_worker(self.run_next, thread=True, group=group)

    def run_next(self) -> None:
        """Run the oldest waiting write (in a worker thread), after the one before it."""
        with self._lock:
            if self._waiting:
                self._waiting.popleft()()
