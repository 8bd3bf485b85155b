"""The documents of the project, with their codings and case attributes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message

from qualcode.domain.transcript import DocumentInfo
from qualcode.tui.widgets.row_list import RowList


class DocumentList(RowList):
    """One row per document: name, number of codings, case attributes; moving the cursor opens
    the document."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous document", show=False, id="document-up"),
        Binding("down", "cursor_down", "Next document", show=False, id="document-down"),
        Binding("home", "first", "First document", show=False, id="document-first"),
        Binding("end", "last", "Last document", show=False, id="document-last"),
    ]

    @dataclass
    class DocumentChosen(Message):
        """The user moved to (or clicked) a document."""

        document_list: DocumentList
        name: str

        @property
        def control(self) -> DocumentList:
            return self.document_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(("Document", "Cod.", "Attributes"), id=id)
        self.documents: list[DocumentInfo] = []

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

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        event.stop()
        self.post_message(self.DocumentChosen(self, self.documents[event.row].name))
