"""What undo and redo would do next, as the workbench shows it.

Kept apart from the history service (which replays the day's audit trail and imports the typed
events) so that the coding screen can hold these results without loading it at start.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One step of the history as the status bar names it."""

    name: str  # "coding K2.1 in B03 Pos. 9"
    blocked: str = ""  # why it cannot be undone, when it cannot


@dataclass(frozen=True)
class Steps:
    """What ``u`` and redo would do next (None: nothing)."""

    undo: Step | None = None
    redo: Step | None = None


@dataclass(frozen=True)
class StepDone:
    """An undo or redo that was carried out, and what comes next."""

    name: str
    redone: bool
    steps: Steps


__all__ = ["Step", "StepDone", "Steps"]
