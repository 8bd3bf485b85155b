"""Case summaries and the theme matrix in the workbench.

``s`` on the coding screen shows the case summary of the document being read, with its
versions; ``T`` opens the theme matrix: cases as rows, categories as columns, each cell the
number of coded passages (and ✎ when it has a summary). The arrow keys move between cells;
below the grid the cell's summary and passages are shown whole, and ``e`` writes the cell's
summary, ``s`` the case's, in place. The grid draws only the columns that fit, so it reads at
80x24 as at 120x40.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.summaries import Summary, ThemeMatrix, positions
from qualcode.services.project import Project
from qualcode.tui.screens.forms import MemoDialog
from qualcode.tui.widgets.key_bar import KeyBar

CASE_WIDTH = 9
CELL_WIDTH = 7


class SummaryDialog(MemoDialog):
    """Write a summary (a case's or a cell's): the memo dialog with its own title."""

    def __init__(self, text: str, title: str) -> None:
        super().__init__(text, title)
        self.title_text = title


def _stamp(summary: Summary) -> str:
    return f"{summary.author}, {summary.written.astimezone():%d.%m.%Y %H:%M}"


class CaseSummaryScreen(ModalScreen[None]):
    """The case summary (Fallzusammenfassung) of one document, with its earlier versions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="case-summary-close"),
        Binding("e", "edit", "Write", id="case-summary-edit"),
    ]

    def __init__(self, project: Project, document: str) -> None:
        super().__init__()
        self.project, self.document = project, document
        self.current: Summary | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="case-summary"):
            yield Label(f"Case summary of {self.document}", classes="dialog-title")
            yield Static("Reading…", id="case-summary-text")
            yield Label("e: write   esc: back", classes="dialog-hint")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, group="case-summary")
    def load(self) -> None:
        versions = self.project.summaries.history(self.document)
        self.app.call_from_thread(self._loaded, versions)

    def _loaded(self, versions: list[Summary]) -> None:
        self.current = versions[-1] if versions else None
        text = Text()
        if self.current is None:
            text.append("No case summary yet: press e to write one.\n", style="italic")
        else:
            text.append(self.current.text + "\n\n")
            text.append(f"{_stamp(self.current)}\n", style="dim")
        for number, old in enumerate(reversed(versions[:-1]), start=1):
            if number == 1:
                text.append("\nEarlier versions\n", style="bold")
            text.append(f"{_stamp(old)}: ", style="dim")
            text.append(old.text + "\n")
        self.query_one("#case-summary-text", Static).update(text)

    def action_edit(self) -> None:
        def save(text: object) -> None:
            if isinstance(text, str):
                self.save(text)

        old = self.current.text if self.current is not None else ""
        self.app.push_screen(SummaryDialog(old, f"Case summary of {self.document}"), save)

    @work(thread=True, group="case-summary")
    def save(self, text: str) -> None:
        try:
            self.project.summaries.write(self.document, text)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Saved the case summary of {self.document}")
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)


class MatrixGrid(Static, can_focus=True):
    """The cases x categories grid with a cell cursor; shows the columns that fit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1, 0)", "Case above", show=False, id="matrix-up"),
        Binding("down", "move(1, 0)", "Case below", show=False, id="matrix-down"),
        Binding("left", "move(0, -1)", "Category left", show=False, id="matrix-left"),
        Binding("right", "move(0, 1)", "Category right", show=False, id="matrix-right"),
    ]

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.matrix: ThemeMatrix | None = None
        self.row = self.column = self.first_column = 0

    def show(self, matrix: ThemeMatrix) -> None:
        self.matrix = matrix
        self.row = min(self.row, max(len(matrix.cases) - 1, 0))
        self.column = min(self.column, max(len(matrix.columns) - 1, 0))
        self.draw()

    def action_move(self, rows: int, columns: int) -> None:
        if self.matrix is None or not self.matrix.cases:
            return
        self.row = min(max(self.row + rows, 0), len(self.matrix.cases) - 1)
        self.column = min(max(self.column + columns, 0), len(self.matrix.columns) - 1)
        self.draw()
        screen = self.screen
        if isinstance(screen, ThemeMatrixScreen):
            screen.show_cell()

    def visible_columns(self) -> int:
        width = self.size.width or 80
        return max((width - CASE_WIDTH) // CELL_WIDTH, 1)

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        matrix = self.matrix
        if matrix is None:
            return
        fits = self.visible_columns()
        if self.column < self.first_column:
            self.first_column = self.column
        elif self.column >= self.first_column + fits:
            self.first_column = self.column - fits + 1
        shown = matrix.columns[self.first_column : self.first_column + fits]
        text = Text(no_wrap=True, overflow="crop")
        text.append("Case".ljust(CASE_WIDTH), style="bold")
        for offset, column in enumerate(shown):
            style = "bold reverse" if self.first_column + offset == self.column else "bold"
            text.append(column.code[: CELL_WIDTH - 1].center(CELL_WIDTH - 1), style=style)
            text.append(" ")
        if self.first_column + fits < len(matrix.columns):
            text.append("→", style="dim")
        for row, case in enumerate(matrix.cases):
            text.append("\n")
            mark = "✎" if case in matrix.case_summaries else " "
            style = "bold reverse" if row == self.row else "bold"
            text.append(f"{case[: CASE_WIDTH - 2]:<{CASE_WIDTH - 2}}{mark}", style=style)
            text.append(" ")
            for offset, column in enumerate(shown):
                cell = matrix.cell(case, column.code)
                label = str(len(cell.codings)) if cell.codings else "·"
                if cell.summary is not None:
                    label += "✎"
                here = row == self.row and self.first_column + offset == self.column
                text.append(label.center(CELL_WIDTH - 1), style="reverse" if here else "")
                text.append(" ")
        self.update(text)


class ThemeMatrixScreen(Screen[None]):
    """The theme matrix: read across a row for a case, down a column for a category."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="matrix-close"),
        Binding("e,enter", "edit_cell", "Cell summary", id="matrix-edit-cell"),
        Binding("s", "edit_case", "Case summary", id="matrix-edit-case"),
    ]

    def __init__(self, project: Project, document: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.start_at = document
        self.matrix: ThemeMatrix | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            "Theme matrix: cases × categories (n: coded passages, ✎: summary written)",
            id="matrix-title",
        )
        yield MatrixGrid(id="matrix-grid")
        with VerticalScroll(id="matrix-detail"):
            yield Static("Reading the codings…", id="matrix-cell")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(MatrixGrid).focus()
        self.load()

    @work(thread=True, group="matrix")
    def load(self) -> None:
        try:
            view = self.project.summaries.matrix()
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._loaded, view.matrix)

    def _loaded(self, matrix: ThemeMatrix) -> None:
        grid = self.query_one(MatrixGrid)
        if self.matrix is None and self.start_at in matrix.cases:
            grid.row = matrix.cases.index(self.start_at)
        self.matrix = matrix
        grid.show(matrix)
        self.show_cell()

    def here(self) -> tuple[str, str] | None:
        grid = self.query_one(MatrixGrid)
        if self.matrix is None or not self.matrix.cases or not self.matrix.columns:
            return None
        return self.matrix.cases[grid.row], self.matrix.columns[grid.column].code

    def show_cell(self) -> None:
        where = self.here()
        if where is None or self.matrix is None:
            return
        case, code = where
        cell = self.matrix.cell(case, code)
        column = self.matrix.columns[self.query_one(MatrixGrid).column]
        text = Text()
        text.append(f"{case} × {column.code} {column.name}\n", style="bold")
        case_summary = self.matrix.case_summaries.get(case)
        text.append("Case summary (s): ", style="bold dim")
        text.append((case_summary.text if case_summary else "none yet") + "\n")
        text.append("Cell summary (e): ", style="bold")
        if cell.summary is not None:
            text.append(cell.summary.text + "\n")
            text.append(f"  {_stamp(cell.summary)}\n", style="dim")
        else:
            text.append("none yet\n", style="italic")
        if not cell.codings:
            text.append("\nNo passage coded here.", style="italic")
        for coding in cell.codings:
            text.append(f"\n{positions(coding)} ({coding.category}) ", style="bold dim")
            text.append(" ".join(coding.text.split()) + "\n")
        self.query_one("#matrix-cell", Static).update(text)
        self.query_one("#matrix-detail", VerticalScroll).scroll_home(animate=False)

    def action_edit_cell(self) -> None:
        where = self.here()
        if where is None or self.matrix is None:
            return
        case, code = where
        summary = self.matrix.cell(case, code).summary
        self._edit(case, code, summary.text if summary else "", f"Summary of {case} × {code}")

    def action_edit_case(self) -> None:
        where = self.here()
        if where is None or self.matrix is None:
            return
        case = where[0]
        summary = self.matrix.case_summaries.get(case)
        self._edit(case, None, summary.text if summary else "", f"Case summary of {case}")

    def _edit(self, case: str, code: str | None, old: str, title: str) -> None:
        def save(text: object) -> None:
            if isinstance(text, str) and text.strip() != old:
                self.save(case, code, text)

        self.app.push_screen(SummaryDialog(old, title), save)

    @work(thread=True, group="matrix-write")
    def save(self, case: str, code: str | None, text: str) -> None:
        try:
            self.project.summaries.write(case, text, category=code)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, "Summary saved")
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
