"""The documents of the project, with their codings and case attributes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import DataTable

from qualcode.domain.transcript import DocumentInfo


class DocumentList(DataTable[str]):
    """One row per document: name, number of codings, case attributes."""

    @dataclass
    class DocumentChosen(Message):
        """The user moved to (or clicked) a document."""

        document_list: DocumentList
        name: str

        @property
        def control(self) -> DocumentList:
            return self.document_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.documents: list[DocumentInfo] = []

    def on_mount(self) -> None:
        self.add_columns("Document", "Cod.", "Attributes")

    def set_documents(self, documents: list[DocumentInfo], *, keep: str | None = None) -> None:
        """Fill the table in one go (row by row, 500 documents would each cost a refresh)."""
        self.documents = documents
        self.clear()
        self.add_rows(
            (doc.name, str(doc.codings), ", ".join(doc.attributes.values())) for doc in documents
        )
        if keep is not None:
            names = [d.name for d in documents]
            if keep in names:
                self.move_cursor(row=names.index(keep), animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.documents):
            self.post_message(self.DocumentChosen(self, self.documents[event.cursor_row].name))
