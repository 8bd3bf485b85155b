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
        self.documents = documents
        self.clear()
        for doc in documents:
            attributes = ", ".join(doc.attributes.values())
            self.add_row(doc.name, str(doc.codings), attributes, key=doc.name)
        if keep is not None:
            names = [d.name for d in documents]
            if keep in names:
                self.move_cursor(row=names.index(keep), animate=False)

    def update_count(self, name: str, codings: int) -> None:
        """Change one document's coding count in place (after coding), without a reload."""
        for doc in self.documents:
            if doc.name == name:
                self.update_cell(name, self.ordered_columns[1].key, str(codings))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.DocumentChosen(self, str(event.row_key.value)))
