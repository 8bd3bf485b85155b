"""Import transcripts from inside the workbench: pick files, optionally a case table, go.

It calls the same import service as ``qualcode import`` in a thread worker, shows progress, and
shows the same one-line errors; the documents appear in the list without a restart.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, ProgressBar, Static

from qualcode.domain.errors import QualcodeError
from qualcode.services.documents import DocumentService, ImportReport
from qualcode.services.workbench import importable_extensions


class TranscriptTree(DirectoryTree):
    """Folders and the files qualcode can import; nothing else."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        kinds = importable_extensions()
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in kinds)
        ]


class ImportScreen(ModalScreen[ImportReport | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import-cancel"),
        Binding("ctrl+s", "start", "Import", id="import-start"),
    ]

    def __init__(self, documents: DocumentService, folder: Path) -> None:
        super().__init__()
        self.documents = documents
        self.folder = folder
        self.chosen: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import"):
            yield Label(
                "Import transcripts: enter or click marks a file, a .csv becomes the case table",
                classes="dialog-title",
            )
            yield TranscriptTree(self.folder, id="import-tree")
            yield Static("No files chosen yet.", id="import-chosen")
            yield Input(placeholder="case attributes (.csv), optional", id="import-attributes")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import (ctrl+s)", variant="primary", id="import-go")
                yield Button("Cancel (esc)", id="import-close")

    def on_mount(self) -> None:
        self.query_one(TranscriptTree).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        path = event.path
        if path.suffix.lower() == ".csv":
            self.query_one("#import-attributes", Input).value = str(path)
        elif path in self.chosen:
            self.chosen.remove(path)
        else:
            self.chosen.append(path)
        names = ", ".join(p.name for p in self.chosen) or "No files chosen yet."
        self.query_one("#import-chosen", Static).update(f"Chosen: {names}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import-go":
            self.action_start()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_start(self) -> None:
        attributes = self.query_one("#import-attributes", Input).value.strip()
        if not self.chosen and not attributes:
            self.query_one("#import-error", Static).update("Choose at least one file first.")
            return
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=len(self.chosen) or 1, progress=0)
        bar.display = True  # hidden until there is something to show (it pulses while idle)
        self.query_one("#import-error", Static).update("Importing…")
        self.run_import(list(self.chosen), Path(attributes) if attributes else None)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, files: list[Path], attributes: Path | None) -> None:
        bar = self.query_one("#import-progress", ProgressBar)

        def progress(done: int, total: int, _name: str) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            report = self.documents.import_files(
                files, attributes_file=attributes, progress=progress
            )
        except QualcodeError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, report)

    def _failed(self, message: str) -> None:
        self.query_one("#import-error", Static).update(f"[b red]Nothing was imported:[/] {message}")
