"""The search field under the transcript: typing marks every occurrence, enter goes to the next
one, escape closes it. Hidden until ``/`` opens it."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """An Input that opens on demand and says when it closes (the screen then clears the marks)."""

    class Closed(Message):
        """The search was closed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search in this document (enter: next, esc: close)", id=id)

    def open(self) -> None:
        self.display = True
        self.focus()

    def close(self) -> None:
        """Hide the field and post :class:`Closed` (nothing happens when it is not open)."""
        if self.display:
            self.display = False
            self.post_message(self.Closed())
