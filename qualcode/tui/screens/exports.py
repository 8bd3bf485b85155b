"""Exports from the workbench, and the frequencies at a glance.

The export dialog only collects the choices; the screen hands them to the same export service as
``qualcode export`` (Harlequin's export screen -> export.write_file is the model).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Label,
    Select,
    Static,
)

from qualcode.domain.errors import QualcodeError
from qualcode.services.project import Project
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList

KINDS = ("frequencies", "matrix", "attributes", "cooccurrence", "quotes", "guideline", "chart")
TABLE_FORMATS = ("xlsx", "docx", "csv", "md", "tex")
CHART_FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class ExportChoice:
    kind: str
    fmt: str
    path: Path
    rollup: bool
    attribute: str = ""


class ExportDialog(ModalScreen[ExportChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
        Binding("ctrl+s", "save", "Export", id="export-save"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Label("Export for the thesis (into exports/)", classes="dialog-title")
            yield Select(
                [(k, k) for k in KINDS], value="frequencies", allow_blank=False, id="export-kind"
            )
            yield Select(
                [(f, f) for f in TABLE_FORMATS], value="xlsx", allow_blank=False, id="export-format"
            )
            yield Checkbox("Roll subcategories up into their main category", id="export-rollup")
            yield Input(
                placeholder="case attribute for 'attributes', e.g. Branche", id="export-attribute"
            )
            yield Input(id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export-go")
                yield Button("Cancel (esc)", id="export-close")

    def on_mount(self) -> None:
        self._suggest()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "export-kind":
            formats = CHART_FORMATS if event.value == "chart" else TABLE_FORMATS
            fmt = self.query_one("#export-format", Select)
            fmt.set_options([(f, f) for f in formats])
            fmt.value = formats[0]
        self._suggest()

    def _suggest(self) -> None:
        kind = self.query_one("#export-kind", Select).value
        fmt = self.query_one("#export-format", Select).value
        self.query_one("#export-path", Input).value = f"exports/{kind}.{fmt}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        kind = str(self.query_one("#export-kind", Select).value)
        attribute = self.query_one("#export-attribute", Input).value.strip()
        if kind == "attributes" and not attribute:
            self.notify("Name the case attribute to compare by, e.g. Branche.", severity="error")
            return
        self.dismiss(
            ExportChoice(
                kind=kind,
                fmt=str(self.query_one("#export-format", Select).value),
                path=Path(self.query_one("#export-path", Input).value.strip()),
                rollup=self.query_one("#export-rollup", Checkbox).value,
                attribute=attribute,
            )
        )


def run_export(project: Project, choice: ExportChoice) -> Path:
    """Write one export exactly as ``qualcode export`` would; returns the file written."""
    from qualcode.services.exports import ExportRequest

    service = project.exports
    request = ExportRequest(rollup=choice.rollup)
    choice.path.parent.mkdir(parents=True, exist_ok=True)
    if choice.kind == "chart":
        service.chart("bar", request, choice.path, fmt=choice.fmt)
        return choice.path
    if choice.kind == "guideline":
        tables = service.guideline(request)
    elif choice.kind == "attributes":
        tables = [service.attributes(choice.attribute, request)]
    elif choice.kind == "quotes":
        tables = [service.quotes(request)]
    else:
        tables = [getattr(service, choice.kind)(request)]
    service.write(tables, choice.path, choice.fmt)
    return choice.path


class FrequenciesScreen(Screen[None]):
    """How often each category was coded: segments and cases, with a bar chart."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="frequencies-close"),
        Binding("r", "rollup", "Roll up / break down", id="frequencies-rollup"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.rollup = True

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        with Horizontal():
            # The numbers first, the name last and cut to the room left: at 80 columns the
            # counts stay in view.
            yield RowList((), fill_last=True, id="frequencies-table")
            yield PlotextPlot(id="frequencies-chart")
        yield Static("", id="frequencies-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def action_rollup(self) -> None:
        self.rollup = not self.rollup
        self.load()

    @work(thread=True, exclusive=True, group="frequencies")
    def load(self) -> None:
        from qualcode.services.exports import ExportRequest

        try:
            table = self.project.exports.frequencies(ExportRequest(rollup=self.rollup))
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._loaded, table)

    def _loaded(self, table: object) -> None:
        frame = table.frame  # type: ignore[attr-defined]
        order = [0, *range(2, len(frame.columns)), 1]  # code, the counts, then the name
        grid = self.query_one(RowList)
        grid.set_rows(
            [tuple(_cell(row[i]) for i in order) for row in frame.itertuples(index=False)],
            headings=[str(frame.columns[i]) for i in order],
        )
        counted = frame[frame.iloc[:, 2] > 0].head(15)
        plot = self.query_one("#frequencies-chart")
        plt = plot.plt  # type: ignore[attr-defined]
        plt.clear_data()
        plt.clear_figure()
        plt.bar(
            [str(c) for c in counted.iloc[:, 0]],
            [int(v) for v in counted.iloc[:, 2]],
            orientation="horizontal",
        )
        plt.title("Segmente je Kategorie" + (" (mit Subkategorien)" if self.rollup else ""))
        plot.refresh()
        notes = " ".join(table.notes)  # type: ignore[attr-defined]
        self.query_one("#frequencies-note", Static).update(notes)
        grid.focus()

    def action_close(self) -> None:
        self.dismiss(None)


def _cell(value: object) -> str:
    """A table value as the exports write it: whole numbers plain, shares with one decimal."""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
