"""Import transcripts from inside the workbench: pick files, optionally a case table, go.

Files are picked as in a file manager: the tree starts in the current folder, backspace goes up
a folder, and a path typed into the field above it opens that folder or marks that file.

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
from qualcode.services.document_changes import ImportReport
from qualcode.services.documents import DocumentService
from qualcode.services.workbench import importable_extensions
from qualcode.tui.widgets.key_bar import KeyBar

_TABLES = (".csv", ".tsv")  # case attributes, never a transcript


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
        Binding("ctrl+s", "start", "Import", id="import-start", key_display="ctrl+s"),
        Binding("backspace", "up", "Up a folder", id="import-up"),
    ]

    def __init__(self, documents: DocumentService, folder: Path) -> None:
        super().__init__()
        self.documents = documents
        self.folder = folder
        self.chosen: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog", id="import"):
            yield Label(
                "Import: enter marks a file; a .csv is the case table",
                classes="dialog-title",
            )
            yield Input(
                str(self.folder),
                placeholder="a folder to open or a file to mark: type its path, then enter",
                id="import-path",
            )
            yield TranscriptTree(self.folder, id="import-tree")
            yield Static("No files chosen yet.", id="import-chosen")
            yield Input(placeholder="case attributes (.csv), optional", id="import-attributes")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import (ctrl+s)", variant="primary", id="import-go")
                yield Button("Up a folder", id="import-up")
                yield Button("Cancel (esc)", id="import-close")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TranscriptTree).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.mark(event.path)

    def mark(self, path: Path) -> None:
        """Mark a file (or unmark it); a table goes into the case attributes field instead."""
        if path.suffix.lower() in _TABLES:
            self.query_one("#import-attributes", Input).value = str(path)
            self._say(
                f"{path.name} looks like a case-attribute table, not a transcript: "
                "it is imported as the case attributes."
            )
        elif path in self.chosen:
            self.chosen.remove(path)
        else:
            self.chosen.append(path)
        names = ", ".join(p.name for p in self.chosen) or "No files chosen yet."
        self.query_one("#import-chosen", Static).update(f"Chosen: {names}")

    def open_folder(self, folder: Path) -> None:
        """Show another folder in the tree (the marked files stay marked)."""
        self.folder = folder
        self.query_one(TranscriptTree).path = folder
        self.query_one("#import-path", Input).value = str(folder)

    def action_up(self) -> None:
        self.open_folder(self.folder.parent)
        self.query_one(TranscriptTree).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "import-path":
            return
        typed = Path(event.value.strip()).expanduser()
        path = typed if typed.is_absolute() else self.folder / typed
        if path.is_dir():
            self.open_folder(path.resolve())
            self._say("")
        elif path.is_file():
            self.open_folder(path.resolve().parent)
            self.mark(path.resolve())
        else:
            self._say(f"There is no file or folder {path}.")

    def _say(self, message: str) -> None:
        self.query_one("#import-error", Static).update(message)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import-go":
            self.action_start()
        elif event.button.id == "import-up":
            self.action_up()
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
