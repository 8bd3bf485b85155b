"""Exports from the workbench, and the frequencies at a glance.

The export dialog only collects the choices; the screen hands them to the same export service as
``qualcode export`` (Harlequin's export screen -> export.write_file is the model). Before it
closes, the dialog asks the service whether the file may be written: a file that exists is
replaced only after a yes (:class:`~qualcode.tui.screens.confirm.ConfirmDialog`), a missing
folder is created only after a yes (``exports/`` itself without asking), and a refusal (the
project file, an SQLite file, a link, an ending of another format) is shown as its one line while
the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
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
from qualcode.services import export_catalogue as catalogue
from qualcode.services.export_catalogue import DEFAULT_FOLDER, ExportKind, Option
from qualcode.services.project import Project
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList

_EMPTY_IS_DEFAULT = ("text", "count")  # an empty field leaves the export's own default


@dataclass(frozen=True)
class ExportChoice:
    """What the dialog collected: an export of the catalogue, its format, file and options."""

    kind: str
    fmt: str
    path: Path
    options: tuple[tuple[str, object], ...] = ()
    force: bool = False  # replace the file (the user said yes)
    mkdir: bool = False  # create its folder


def dialog_options() -> dict[str, Option]:
    """One field per option name in the catalogue (the first kind that takes it describes it)."""
    found: dict[str, Option] = {}
    for kind in catalogue.KINDS:
        for option in kind.options:
            found.setdefault(option.name, option)
    return found


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Every export of the catalogue, with its formats and options; the fields a kind does not
    take are hidden."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
        Binding("ctrl+s", "save", "Export", id="export-save", key_display="ctrl+s"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        first = catalogue.KINDS[0]
        # The fields scroll when a kind's options do not fit; the buttons stay in view.
        with Vertical(classes="dialog form-dialog", id="export"):
            yield Label(f"Export for the thesis (into {DEFAULT_FOLDER}/)", classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                yield Select(
                    [(k.name, k.name) for k in catalogue.KINDS],
                    value=first.name,
                    allow_blank=False,
                    id="export-kind",
                )
                yield Static(first.description, id="export-description")
                yield Select(
                    _formats(first), value=first.start_format, allow_blank=False, id="export-format"
                )
                for option in dialog_options().values():
                    yield _field(option)
                yield Input(id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export-go")
                yield Button("Cancel (esc)", id="export-close")
        yield KeyBar()

    @property
    def kind(self) -> ExportKind:
        return catalogue.find(str(self.query_one("#export-kind", Select).value))

    def on_mount(self) -> None:
        self._configure(self.kind)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "export-kind":
            self._configure(self.kind)
        else:
            self._suggest()

    def _configure(self, kind: ExportKind) -> None:
        """Show the kind's description, formats and options, each at the kind's default."""
        self.query_one("#export-description", Static).update(kind.description)
        fmt = self.query_one("#export-format", Select)
        with self.prevent(Select.Changed):
            fmt.set_options(_formats(kind))
            fmt.value = kind.start_format
        for name in dialog_options():
            option = kind.option(name)
            field = self.query_one(f"#export-{name}")
            field.display = option is not None
            if option is None:
                continue
            with self.prevent(Select.Changed):
                if isinstance(field, Checkbox):
                    field.label = option.label
                    field.value = bool(option.default)
                elif isinstance(field, Select):
                    field.set_options([(f"{option.label}: {c}", c) for c in option.choices])
                    field.value = Select.NULL if option.default is None else option.default
                elif isinstance(field, Input):
                    field.placeholder = _placeholder(option)
                    field.value = ""
        self._suggest()

    def _suggest(self) -> None:
        kind = self.kind
        fmt = str(self.query_one("#export-format", Select).value)
        try:
            values = {k: v for k, v in self._values(kind).items() if v is not None}
        except ValueError:  # a count half typed: name the file by the defaults meanwhile
            values = {}
        self.query_one("#export-path", Input).value = str(
            DEFAULT_FOLDER / kind.file_name(fmt, values)
        )

    def _values(self, kind: ExportKind) -> dict[str, object]:
        """The options as filled in; None where a field is empty."""
        values: dict[str, object] = {}
        for option in kind.options:
            field = self.query_one(f"#export-{option.name}")
            if isinstance(field, Checkbox):
                values[option.name] = field.value
            elif isinstance(field, Select):
                values[option.name] = None if field.is_blank() else field.value
            elif isinstance(field, Input):
                values[option.name] = _typed(option, field.value.strip())
        return values

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        kind = self.kind
        try:
            values = self._values(kind)
        except ValueError:
            self.notify("Give a whole number of words, or leave the field empty.", severity="error")
            return
        for option in kind.options:
            if option.required and not values.get(option.name):
                self.notify(f"Name {option.label}.", severity="error")
                return
        chosen = tuple((k, v) for k, v in values.items() if v is not None)
        path = Path(self.query_one("#export-path", Input).value.strip())
        self.offer(
            ExportChoice(
                kind=kind.name,
                fmt=str(self.query_one("#export-format", Select).value),
                path=path,
                options=chosen,
                mkdir=path.parent == DEFAULT_FOLDER,  # qualcode's own folder, made when needed
            )
        )

    def offer(self, choice: ExportChoice) -> None:
        """Close with ``choice`` once the file may be written; ask first where it exists or
        its folder is missing; show a refusal and stay open."""
        from qualcode.services.exports import FileExists, FolderMissing
        from qualcode.tui.screens.confirm import ConfirmDialog

        def again(changed: ExportChoice) -> Callable[[bool | None], None]:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.offer(changed)
                else:
                    self.notify(f"Nothing was written; {choice.path} is as it was.")

            return answered

        try:
            self.project.exports.check(
                choice.kind, choice.fmt, choice.path, force=choice.force, mkdir=choice.mkdir
            )
        except FileExists:
            question = f"{choice.path} exists. Replace it?"
            detail = "y or Enter replaces it; n or Escape keeps it and writes nothing."
            self.app.push_screen(
                ConfirmDialog(question, detail), again(replace(choice, force=True))
            )
        except FolderMissing:
            question = f"The folder {choice.path.parent} does not exist. Create it?"
            self.app.push_screen(ConfirmDialog(question), again(replace(choice, mkdir=True)))
        except QualcodeError as exc:
            self.notify(str(exc), severity="error")
        else:
            self.dismiss(choice)


def _formats(kind: ExportKind) -> list[tuple[str, str]]:
    return [(f"{catalogue.format_of(f).label} ({f})", f) for f in kind.formats]


def _field(option: Option) -> Checkbox | Select[str] | Input:
    """The dialog's field for one option; :meth:`ExportDialog._configure` fills it per kind."""
    name = f"export-{option.name}"
    if option.type == "flag":
        return Checkbox(option.label, id=name)
    if option.type == "choice":
        return Select([(c, c) for c in option.choices], prompt=option.label, id=name)
    return Input(
        placeholder=_placeholder(option),
        type="integer" if option.type == "count" else "text",
        id=name,
    )


def _typed(option: Option, text: str) -> object:
    """A field's text as the option's value (None when empty); ValueError if not a count."""
    if not text:
        return None
    if option.type == "count":
        number = int(text)
        if number < 1:
            raise ValueError(text)
        return number
    return text


def _placeholder(option: Option) -> str:
    if option.type in _EMPTY_IS_DEFAULT and option.default:
        return f"{option.label}; default {option.default}"
    return option.label


def run_export(project: Project, choice: ExportChoice) -> str:
    """Write one export exactly as ``qualcode export`` would; returns what to tell the user."""
    from qualcode.services.exports import ExportRequest

    values: dict[str, Any] = dict(choice.options)
    request = replace(ExportRequest(), **values)
    written = project.exports.run(
        choice.kind, choice.fmt, request, choice.path, force=choice.force, mkdir=choice.mkdir
    )
    made = f" (created the folder {written.created})" if written.created is not None else ""
    beside = f"; beside it {', '.join(p.name for p in written.beside)}" if written.beside else ""
    return f"Wrote {choice.path}{made}{beside}"


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
            # counts stay in view, and the chart gives way (app.tcss) so the names show.
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
            # Every category, the uncoded ones too: here they show what is still to code.
            request = ExportRequest(rollup=self.rollup, uncoded=True)
            table = self.project.exports.frequencies(request)
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
            headings=[_heading(str(frame.columns[i])) for i in order],
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
    """A table value as the exports write it: whole numbers plain, shares with one decimal
    and a decimal comma."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def _heading(text: str) -> str:
    """A column's heading without what the note below says (``Fälle (n, N = 7)`` -> ``Fälle``),
    so the category names keep their room; a share keeps its ``%``."""
    short = text.split(" (", 1)[0]
    return f"{short} %" if "(%)" in text else short
