"""The workbench's export dialog (key E) offers the catalogue and writes what it offers."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import click
from textual.widgets import Checkbox, Input, Select

from qualcode.cli.export_commands import export
from qualcode.services import export_catalogue as catalogue
from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.exports import ExportDialog, dialog_options
from tests.tui.conftest import settle

SIZE = (160, 48)


def offered(select: Select[str]) -> tuple[str, ...]:
    """The values a Select offers (its blank line left out)."""
    return tuple(v for _, v in select._options if v is not Select.NULL)


async def test_the_dialog_offers_every_export_of_the_command_line(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        kinds = dialog.query_one("#export-kind", Select)
        assert offered(kinds) == tuple(export.commands)
        for kind in catalogue.KINDS:
            kinds.value = kind.name
            await pilot.pause()
            formats = dialog.query_one("#export-format", Select)
            command_formats = export.commands[kind.name].params
            fmt = next(p for p in command_formats if p.name == "fmt")
            assert isinstance(fmt.type, click.Choice)
            assert offered(formats) == tuple(fmt.type.choices) == kind.formats
            assert formats.value == kind.start_format
            shown = {n for n in dialog_options() if dialog.query_one(f"#export-{n}").display}
            assert shown == {o.name for o in kind.options}, kind.name
            for option in kind.options:
                field = dialog.query_one(f"#export-{option.name}")
                if isinstance(field, Select) and option.choices:
                    assert offered(field) == option.choices
            path = dialog.query_one("#export-path", Input).value
            assert path == str(catalogue.DEFAULT_FOLDER / kind.file_name(kind.start_format))


async def test_a_heat_map_with_its_options(app: QualcodeApp, tui_project: Project) -> None:
    tui_project.coding.code("B01", "K2.1", turns=(9, 9))  # a chart leaves out what is not coded
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        dialog = app.screen
        dialog.query_one("#export-kind", Select).value = "chart"
        await pilot.pause()
        dialog.query_one("#export-chart", Select).value = "heatmap"
        dialog.query_one("#export-format", Select).value = "svg"
        dialog.query_one("#export-unit", Select).value = "cases"
        dialog.query_one("#export-rollup", Checkbox).value = True
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value == "exports/chart-heatmap.svg"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert Path("exports/chart-heatmap.svg").read_bytes().startswith(b"<?xml")


async def test_attributes_need_the_attribute_and_quotes_take_a_citation(
    app: QualcodeApp, tui_project: Project
) -> None:
    tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        dialog = app.screen
        dialog.query_one("#export-kind", Select).value = "attributes"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # nothing named: the dialog stays, with a message
        dialog.query_one("#export-attribute", Input).value = "Branche"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
        await pilot.press("E")
        dialog = app.screen
        dialog.query_one("#export-kind", Select).value = "quotes"
        await pilot.pause()
        dialog.query_one("#export-format", Select).value = "md"
        dialog.query_one("#export-cite", Input).value = "({doc}, Abs. {pos})"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert Path("exports/attributes.xlsx").stat().st_size > 1000
    quotes = Path("exports/quotes.md").read_text(encoding="utf-8")
    assert quotes.startswith("## Zitate") and "(B01, Abs. 9)" in quotes


async def test_the_dialog_asks_before_replacing_a_file(app: QualcodeApp) -> None:
    """n (or Escape) keeps the file byte for byte; y replaces it."""
    from qualcode.tui.screens.confirm import ConfirmDialog

    Path("exports").mkdir()
    target = Path("exports/frequencies.md")
    target.write_bytes(b"my own notes\n")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        dialog = app.screen
        dialog.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value == str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert question.question == "exports/frequencies.md exists. Replace it?"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is dialog  # back in the dialog, nothing written
        assert target.read_bytes() == b"my own notes\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog and target.read_bytes() == b"my own notes\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, (ExportDialog, ConfirmDialog))
    assert target.read_text(encoding="utf-8").startswith("## Häufigkeit der Kategorien")
    assert [p.name for p in Path("exports").iterdir()] == ["frequencies.md"]  # no temp file


async def test_the_dialog_shows_a_refusal_and_stays_open(app: QualcodeApp) -> None:
    """The project file is refused in one line; the dialog keeps the user's choices."""
    # Everything committed moved into the file first: another process opening the project
    # meanwhile (the suggestions' helper) may otherwise do it, which is no export's writing.
    with closing(sqlite3.connect("project.db")) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = Path("project.db").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        dialog = app.screen
        dialog.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = "project.db"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        shown = [n.message for n in app._notifications]
        assert shown == [
            "project.db is the project file itself; an export never writes over it "
            "(nothing was written)"
        ]
        dialog.query_one("#export-path", Input).value = "elsewhere/f.csv"
        await pilot.press("ctrl+s")
        await pilot.pause()
        question = app.screen
        assert question.question == "The folder elsewhere does not exist. Create it?"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
    assert Path("elsewhere/f.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert Path("project.db").read_bytes() == before
