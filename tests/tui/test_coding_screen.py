"""The workbench driven through Pilot, asserting on the database afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import DataTable, Input

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.category_picker import CategoryPicker
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.forms import EditCategoryDialog, MemoDialog, NewCategoryDialog
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.widgets.codebook_panel import CodebookTree
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.search_bar import SearchBar
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle

SIZE = (160, 48)


def view(app: QualcodeApp) -> TranscriptView:
    return app.screen.query_one(TranscriptView)


def choose_in_tree(app: QualcodeApp, code: str) -> CodebookTree:
    """Focus the codebook tree with its cursor on a main category."""
    tree = app.screen.query_one(CodebookTree)
    tree.focus()
    tree.move_cursor(next(n for n in tree.root.children if n.data == code))
    return tree


async def test_opens_with_documents_transcript_and_codebook(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.query_one(DocumentList).row_count == 3
        assert view(app).transcript is not None
        assert view(app).transcript.document.name == "B01"
        tree = app.screen.query_one(CodebookTree)
        assert [n.data for n in tree.root.children][:3] == ["K1", "K2", "K3"]


async def test_move_extend_and_code_with_the_picker(app: QualcodeApp, tui_project: Project) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "down")
        assert view(app).cursor_turn == 4
        await pilot.press("k")
        assert view(app).cursor_turn == 3
        await pilot.press("shift+down")
        transcript = view(app).transcript
        assert transcript is not None
        assert view(app).selection == (
            transcript.turn_at(3).char_start,
            transcript.turn_at(4).char_end,
        )
        await pilot.press("c")
        assert isinstance(app.screen, CategoryPicker)
        await pilot.press(*"K2.1", "enter")
        await settle(pilot)
    (coding,) = tui_project.coding.query()
    assert (coding.category, coding.coder, coding.position, coding.position_end) == (
        "K2.1",
        "alice",
        3,
        4,
    )
    assert coding.text == transcript.text[coding.start : coding.end]


async def test_pinned_remove_undo_and_memo(app: QualcodeApp, tui_project: Project) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "c", *"kaltakquise", "enter")
        await settle(pilot)
        await pilot.press("down", "1")  # K2.1 was pinned by its first use
        await settle(pilot)
        assert [c.position for c in tui_project.coding.query()] == [2, 3]
        await pilot.press("x")
        await settle(pilot)
        assert [c.position for c in tui_project.coding.query()] == [2]
        await pilot.press("u")
        await settle(pilot)
        assert [c.position for c in tui_project.coding.query()] == [2, 3]
        await pilot.press("m")
        assert isinstance(app.screen, MemoDialog)
        await pilot.press(*"klarer Fall", "ctrl+s")
        await settle(pilot)
        assert {c.position: c.memo for c in tui_project.coding.query()}[3] == "klarer Fall"
        await pilot.press("u")  # undo the memo
        await settle(pilot)
        assert {c.position: c.memo for c in tui_project.coding.query()}[3] == ""


async def test_new_inductive_category_from_the_selection(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "n")
        assert isinstance(app.screen, NewCategoryDialog)
        await pilot.press(*"Vertrieb über Servicetechniker", "ctrl+s")
        await settle(pilot)
    book = tui_project.codebook.get()
    created = book.resolve("Vertrieb über Servicetechniker")
    assert created is not None and created.origin == "inductive"
    assert created.anchors[0].document == "B01" and created.anchors[0].position == 3
    (coding,) = tui_project.coding.query()
    assert coding.category == created.code


async def test_undo_takes_back_a_new_category(app: QualcodeApp, tui_project: Project) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "n")
        await pilot.press(*"Versehen", "ctrl+s")
        await settle(pilot)
        assert tui_project.codebook.get().resolve("Versehen") is not None
        await pilot.press("u")
        await settle(pilot)
    assert tui_project.codebook.get().resolve("Versehen") is None
    assert tui_project.coding.query() == []


async def test_edit_a_category_needs_a_reason(app: QualcodeApp, tui_project: Project) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        choose_in_tree(app, "K2")
        await pilot.press("e")
        assert isinstance(app.screen, EditCategoryDialog)
        await pilot.press("ctrl+s")  # no reason yet: refused, dialog stays
        assert isinstance(app.screen, EditCategoryDialog)
        app.screen.query_one("#edit-name", Input).value = "Akquiseinstrumente (direkt)"
        app.screen.query_one("#edit-reason", Input).value = "Name an die Arbeit angeglichen"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert tui_project.codebook.resolve("K2").name == "Akquiseinstrumente (direkt)"
    with tui_project.database.engine.connect() as conn:
        reason = conn.execute(
            sa.text("SELECT reason FROM audit_events WHERE entity='category' AND action='update'")
        ).scalar_one()
    assert reason == "Name an die Arbeit angeglichen"


async def test_search_sentences_documents_help_and_quit(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Messe", "enter")
        transcript = view(app).transcript
        assert transcript is not None
        selection = view(app).selection
        assert selection is not None
        assert transcript.text[selection[0] : selection[1]].casefold() == "messe"
        await pilot.press("escape")
        assert not app.screen.query_one("#search", Input).display
        await pilot.press("home", "down", "down", "v")
        assert view(app).sentence_mode
        first = view(app).selection
        await pilot.press("down")
        second = view(app).selection
        assert first and second and first[1] <= second[0]
        assert view(app).cursor_turn == 3  # both sentences are in turn 3
        documents = app.screen.query_one(DocumentList)
        documents.focus()
        await pilot.press("down")
        await settle(pilot)
        assert view(app).transcript.document.name == "B02"  # type: ignore[union-attr]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table", DataTable)
        rows = {tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)}
        # keys that work only in a part of the workbench are listed too, with where
        assert ("Document list", "f2", "Rename") in {(w, k.casefold(), d) for w, k, d in rows}
        assert ("Dialogs", "ctrl+s", "Save") in rows
        assert ("Project search", "c", "Code hit") in rows
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("q")
    assert app.return_code == 0 or app.return_code is None


async def test_mouse_click_and_drag_select(app: QualcodeApp, tui_project: Project) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        transcript_view = view(app)
        gutter = transcript_view.gutter_width
        await pilot.click(TranscriptView, offset=(gutter + 2, 4))
        assert transcript_view.cursor_turn is not None and transcript_view.cursor_turn > 1
        await pilot.mouse_down(TranscriptView, offset=(gutter + 0, 4))
        await pilot.hover(TranscriptView, offset=(gutter + 10, 4))
        await pilot.mouse_up(TranscriptView, offset=(gutter + 10, 4))
        selection = transcript_view.selection
        assert selection is not None and selection[1] - selection[0] == 10
        await pilot.press("c", *"K1", "enter")
        await settle(pilot)
    (coding,) = tui_project.coding.query()
    assert len(coding.text) == 10


async def test_keys_typed_ahead_of_the_picker_are_not_lost(
    app: QualcodeApp, tui_project: Project
) -> None:
    """Over SSH "c K2.5 enter" can arrive in one burst, before the picker has opened."""
    from textual import events

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst = [
            ("down", None),
            ("c", "c"),
            ("K", "K"),
            ("2", "2"),
            ("full_stop", "."),
            ("5", "5"),
            ("enter", "\r"),
        ]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await settle(pilot)
    assert [(c.category, c.position) for c in tui_project.coding.query()] == [("K2.5", 2)]


async def test_retrieval_filters_and_jumps_to_the_source(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.retrieval import RetrievalScreen

    tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    tui_project.coding.code("B03", "K2.3", turns=(7, 7))
    tui_project.as_coder("bob").coding.code("B02", "K2", turns=(5, 5))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        choose_in_tree(app, "K2")
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RetrievalScreen)
        assert [(c.document, c.category) for c in screen.codings] == [
            ("B01", "K2.1"),
            ("B02", "K2"),
            ("B03", "K2.3"),
        ]
        from textual.widgets import Select

        screen.query_one("#retrieval-coder", Select).value = "bob"
        await settle(pilot)
        assert [c.document for c in screen.codings] == ["B02"]
        screen.query_one("#retrieval-coder", Select).clear()
        screen.query_one("#retrieval-attribute", Select).value = "Branche\x1fLogistik"
        await settle(pilot)
        assert [c.document for c in screen.codings] == ["B03"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        transcript = view(app).transcript
        assert transcript is not None and transcript.document.name == "B03"
        assert view(app).cursor_turn == 7


async def test_codebook_editor_add_rename_move_merge_split(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.codebook_editor import CodebookEditorScreen
    from qualcode.tui.screens.forms import AskDialog

    tui_project.coding.code("B01", "K2.3", turns=(5, 5))

    async def answer(pilot: object, *values: str) -> None:
        assert isinstance(app.screen, AskDialog)
        for field, value in zip(app.screen.query(Input), values, strict=False):
            field.value = value
        await pilot.press("ctrl+s")  # type: ignore[attr-defined]
        await settle(pilot)  # type: ignore[arg-type]

    async def cursor_to(code: str) -> None:
        tree = app.screen.query_one(CodebookTree)
        node = next(n for n in _walk(tree.root) if n.data == code)
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        await pilot.pause()
        tree.move_cursor(node)
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == code

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, CodebookEditorScreen)
        await cursor_to("K12")
        await pilot.press("a")
        await answer(
            pilot, "Plattformökonomie", "Aussagen zu Marktplätzen.", "am Material gefunden"
        )
        await cursor_to("K12.4")
        await pilot.press("R")
        await answer(pilot, "Plattformen und Marktplätze", "klarerer Name")
        await cursor_to("K2.3")
        await pilot.press("G", *"K2.4", "enter")
        await answer(pilot, "Empfehlung und Referenz zusammen")
        await cursor_to("K12.4")
        await pilot.press("M", *"K4", "enter")
        await answer(pilot, "gehört zu den indirekten Instrumenten")
        await cursor_to("K4.8")
        await pilot.press("S")
        await answer(pilot, "B2B-Marktplätze", "zu breit")
        await cursor_to("K4.9")
        await pilot.press("e")  # the same guideline dialog as in the coding screen
        assert isinstance(app.screen, EditCategoryDialog)
        app.screen.query_one("#edit-name", Input).value = "B2B-Marktplätze und Plattformen"
        app.screen.query_one("#edit-reason", Input).value = "Name ergänzt"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CodebookEditorScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
    book = tui_project.codebook.get()
    assert book.get("K4.8").name == "Plattformen und Marktplätze"  # type: ignore[union-attr]
    assert book.get("K4.9").name == "B2B-Marktplätze und Plattformen"  # type: ignore[union-attr]
    assert book.get("K2.3").status == "retired"  # type: ignore[union-attr]
    assert [c.category for c in tui_project.coding.query()] == ["K2.4"]
    with tui_project.database.engine.connect() as conn:
        reasons = conn.execute(sa.text("SELECT reason FROM audit_events")).scalars().all()
    assert "Name ergänzt" in reasons
    assert book.get("K4.9") is not None


def _walk(node):  # type: ignore[no-untyped-def]
    for child in node.children:
        yield child
        yield from _walk(child)


async def test_import_from_the_workbench(app: QualcodeApp, tui_project: Project) -> None:
    from pathlib import Path

    from textual.widgets import Static

    from qualcode.tui.screens.import_files import ImportScreen, TranscriptTree
    from tests.helpers import SAMPLE_FILES

    Path("B04.txt").write_bytes(SAMPLE_FILES[3].read_bytes())
    Path("kaputt.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    Path("notizen.xlsx").write_bytes(b"PK")  # not offered: not a transcript format

    async def importing() -> None:
        await settle(pilot)  # settle leaves out the folder tree's loader

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        tree = screen.query_one(TranscriptTree)
        for _ in range(100):  # the tree lists the folder in the background
            if tree.root.children:
                break
            await pilot.pause(0.02)
        names = [str(n.label) for n in tree.root.children]
        assert "B04.txt" in names and "kaputt.txt" in names and "notizen.xlsx" not in names
        for name in ("B04.txt", "kaputt.txt"):
            tree.move_cursor(next(n for n in tree.root.children if str(n.label) == name))
            await pilot.press("enter")
        assert not screen.query_one("#import-progress").display  # nothing running yet
        await pilot.press("ctrl+s")
        assert screen.query_one("#import-progress").display
        await importing()
        assert isinstance(app.screen, ImportScreen)  # the bad file stopped it, nothing stored
        error = str(app.screen.query_one("#import-error", Static).render())
        assert "kaputt.txt: this is a PNG image" in error
        assert [d.name for d in tui_project.documents.all()] == ["B01", "B02", "B03"]
        tree.move_cursor(next(n for n in tree.root.children if str(n.label) == "kaputt.txt"))
        await pilot.press("enter")  # unmark it
        await pilot.press("ctrl+s")
        await importing()
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.query_one(DocumentList).row_count == 4
    assert [d.name for d in tui_project.documents.all()] == ["B01", "B02", "B03", "B04"]


async def test_frequencies_screen_and_export_dialog(app: QualcodeApp, tui_project: Project) -> None:
    from pathlib import Path

    import openpyxl

    from qualcode.tui.screens.exports import ExportDialog, FrequenciesScreen
    from qualcode.tui.widgets.row_list import RowList

    tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    tui_project.coding.code("B02", "K2.2", turns=(5, 5))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FrequenciesScreen)
        grid = app.screen.query_one(RowList)
        rows = [grid.row_at(i) for i in range(grid.row_count)]
        assert len(rows) == 12  # rolled up: the main categories
        assert grid.headings[:2] == ("Code", "Segmente") and grid.headings[-1] == "Kategorie"
        k2 = next(r for r in rows if r[0] == "K2")
        assert k2[1] == "2" and k2[-1] == "Akquiseinstrumente – direkt"  # two segments
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one(RowList).row_count == 88
        await pilot.press("escape")
        await pilot.press("E")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
    sheet = openpyxl.load_workbook(Path("exports/frequencies.xlsx")).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[:3] == ["K2.1", "Kaltakquise (Telefon)", 1] for row in values)


async def test_key_bar_shows_the_keys_and_a_click_presses_one(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        shown = bar.render()
        assert isinstance(shown, Content)
        assert "Code…" in shown.plain and "Undo" in shown.plain and "Commands" in shown.plain
        await pilot.click(KeyBar, offset=(shown.plain.index("Code…"), 0))
        assert isinstance(app.screen, CategoryPicker)
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_key_bar_at_80_columns_keeps_to_one_line_with_the_palette(app: QualcodeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = app.screen.query_one(KeyBar).render()
        assert isinstance(shown, Content)
        assert len(shown.plain) <= 80
        assert shown.plain.rstrip().endswith("Commands")


async def test_tab_cycles_the_panels(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, TranscriptView)
        seen = []
        for _ in range(6):
            await pilot.press("tab")
            seen.append(type(app.focused))
        assert {CodebookTree, DocumentList, TranscriptView} <= set(seen)
        await pilot.press("shift+tab")
        assert type(app.focused) is seen[-2]


async def test_command_palette_runs_a_workbench_key_by_its_name(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Frequencies")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        from qualcode.tui.screens.exports import FrequenciesScreen

        assert isinstance(app.screen, FrequenciesScreen)


async def test_category_filter_narrows_the_tree_and_leaves_the_search_alone(
    app: QualcodeApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#category-filter", Input).focus()
        await pilot.press(*"kaltakquise")
        await settle(pilot)
        tree = app.screen.query_one(CodebookTree)
        shown = []
        stack = list(tree.root.children)
        while stack:
            node = stack.pop()
            shown.append(node.data)
            stack.extend(node.children)
        assert "K2.1" in shown and "K1" not in shown
        assert view(app).search == ""  # typing in the filter is not a search in the transcript
        assert not app.screen.query_one(SearchBar).display


async def test_search_marks_every_hit_and_escape_clears_them(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Kunde")
        assert view(app).search == "Kunde"
        await pilot.press(*"nichtimtext", "enter")
        assert view(app).search == "Kundenichtimtext"
        view(app).focus()
        await pilot.press("escape")  # closes the search from the transcript, too
        assert view(app).search == ""
        assert not app.screen.query_one(SearchBar).display


async def test_paging_ends_extending_upwards_and_clearing_the_selection(app: QualcodeApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        transcript = view(app).transcript
        assert transcript is not None
        last = len(transcript.turns)
        await pilot.press("end")
        assert view(app).cursor_turn == last
        await pilot.press("home", "pagedown")
        assert (view(app).cursor_turn or 0) > 2
        await pilot.press("pageup")
        assert view(app).cursor_turn == 1
        await pilot.press("down", "down", "down", "shift+up", "shift+up")
        selection = view(app).selection
        assert selection is not None
        assert selection == (transcript.turn_at(2).char_start, transcript.turn_at(4).char_end)
        await pilot.press("escape")
        assert view(app).selection == (
            transcript.turn_at(2).char_start,
            transcript.turn_at(2).char_end,
        )  # back to the turn under the cursor


async def test_p_in_the_tree_pins_and_unpins_a_category(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        choose_in_tree(app, "K3")
        await pilot.press("p")
        await settle(pilot)
        assert tui_project.pins.pinned() == ["K3"]
        await pilot.press("p")
        await settle(pilot)
        assert tui_project.pins.pinned() == []


async def test_an_empty_project_says_how_to_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualcode.services.project import init_project
    from tests.helpers import CODEBOOK

    monkeypatch.chdir(tmp_path)
    project = init_project("leer.db", "alice", CODEBOOK)
    app = QualcodeApp(project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert view(app).transcript is None
        assert "press i to import" in view(app).placeholder
        assert "press i to import" in view(app).render_line(1).text
    project.close()


async def test_a_passage_too_long_for_the_retrieval_list_is_cut_with_an_ellipsis(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.retrieval import RetrievalScreen
    from qualcode.tui.widgets.row_list import RowList

    tui_project.coding.code("B01", "K2.1", turns=(5, 5))  # a long answer
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        choose_in_tree(app, "K2")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
        table = app.screen.query_one(RowList)
        line = table.render_line(1).text
        assert line.rstrip().endswith("…") and len(line) <= table.size.width
        assert "Pos." in table.render_line(0).text


async def test_saving_a_category_unchanged_says_so_and_records_nothing(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        choose_in_tree(app, "K3")
        await pilot.press("e")
        assert isinstance(app.screen, EditCategoryDialog)
        app.screen.query_one("#edit-reason", Input).value = "nur angesehen"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert any("Nothing changed in K3" in n.message for n in app._notifications)
    with tui_project.database.engine.connect() as conn:
        reasons = conn.execute(sa.text("SELECT reason FROM audit_events")).scalars().all()
    assert "nur angesehen" not in reasons


async def test_search_field_comes_after_the_first_frame_under_the_transcript(
    app: QualcodeApp,
) -> None:
    """Mounted after the first frame, the field still sits right under the transcript."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        column = app.screen.query_one("#transcript-column")
        assert [child.id for child in column.children] == ["transcript", "search"]
        await pilot.press("slash")
        bar = app.screen.query_one(SearchBar)
        assert bar.display and bar.has_focus
        assert bar.region.y == view(app).region.bottom
