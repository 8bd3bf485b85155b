"""The documents of the project, with their codings and case attributes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message

from qualcode.domain.transcript import DocumentInfo
from qualcode.tui.widgets.row_list import RowList, cell_width

#: While the list has focus it widens to show whole names, up to this share of the screen.
WIDEST_SHARE = 0.6


class DocumentList(RowList):
    """One row per document: name, number of codings, case attributes; moving the cursor opens
    the document.

    A panel beside the transcript is narrow, and a name a thesis cites (``Interview
    Geschäftsführer Müller GmbH``) is not: while the user is in the list, choosing a document,
    it widens to show the whole names; back in the transcript it takes its own width again.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous document", show=False, id="document-up"),
        Binding("down", "cursor_down", "Next document", show=False, id="document-down"),
        Binding("home", "first", "First document", show=False, id="document-first"),
        Binding("end", "last", "Last document", show=False, id="document-last"),
        Binding("f2", "rename", "Rename", id="document-rename"),
    ]

    @dataclass
    class DocumentChosen(Message):
        """The user moved to (or clicked) a document."""

        document_list: DocumentList
        name: str

        @property
        def control(self) -> DocumentList:
            return self.document_list

    @dataclass
    class RenameAsked(Message):
        """The user asked to rename the document under the cursor."""

        document_list: DocumentList
        name: str

        @property
        def control(self) -> DocumentList:
            return self.document_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(("Document", "Cod.", "Attributes"), id=id)
        self.documents: list[DocumentInfo] = []
        self._own_width = 0

    def set_documents(self, documents: list[DocumentInfo], *, keep: str | None = None) -> None:
        """Show these documents; the cursor stays on ``keep`` (or where it was)."""
        self.documents = documents
        cursor = None
        if keep is not None:
            cursor = next((i for i, d in enumerate(documents) if d.name == keep), None)
        self.set_rows(
            [(d.name, str(d.codings), ", ".join(d.attributes.values())) for d in documents],
            cursor=cursor,
        )
        if self.has_focus:
            self._widen()

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        event.stop()
        self.post_message(self.DocumentChosen(self, self.documents[event.row].name))

    def action_rename(self) -> None:
        if self.documents:
            self.post_message(self.RenameAsked(self, self.documents[self.cursor_row].name))

    # ----- whole names while choosing -----------------------------------------------------

    def names_width(self) -> int:
        """The cells the name and codings columns take, with the panel's border and scrollbar."""
        names = max((cell_width(d.name) for d in self.documents), default=0)
        codings = max((len(str(d.codings)) for d in self.documents), default=0)
        columns = max(names, cell_width(self.headings[0])) + max(codings, 4) + 4
        return columns + self.styles.gutter.width + self.styles.scrollbar_size_vertical

    def _widen(self) -> None:
        if not self.styles.inline.has_rule("width"):
            self._own_width = self.outer_size.width  # what the stylesheet gives it
        wanted = min(self.names_width(), int(self.screen.size.width * WIDEST_SHARE))
        self.styles.width = wanted if wanted > self._own_width else None

    def on_focus(self) -> None:  # RowList's on_focus runs too (Textual calls each class's)
        self._widen()

    def on_blur(self) -> None:
        self.styles.width = None  # the stylesheet's width again
