"""Document names in the workbench: F2 renames (audited), and the list shows whole names."""

from __future__ import annotations

from textual.widgets import Input, Static

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.forms import AskDialog
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle

LONG = "Interview Geschäftsführer Müller GmbH"


def row_text(documents: DocumentList, row: int) -> str:
    """What the list shows in a row (y 0 is the header)."""
    return documents.render_line(row + 1).text


async def test_f2_renames_the_document_and_the_screen_follows(
    app: QualcodeApp, tui_project: Project
) -> None:
    tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        documents = app.screen.query_one(DocumentList)
        await pilot.press("[")  # at 80 columns the document list starts hidden
        await settle(pilot)
        narrow = documents.outer_size.width  # the stylesheet's width
        documents.focus()
        await pilot.press("f2")
        assert isinstance(app.screen, AskDialog)
        assert app.screen.query_one("#ask-name", Input).value == "B01"
        app.screen.query_one("#ask-name", Input).value = LONG
        app.screen.query_one("#ask-reason", Input).value = "zitierbar"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document == LONG
        transcript = app.screen.query_one(TranscriptView).transcript
        assert transcript is not None and transcript.document.name == LONG
        assert str(app.screen.query_one("#status", Static).render()).startswith(LONG)
        assert [d.name for d in documents.documents] == ["B02", "B03", LONG]
        assert documents.cursor_row == 2  # still on the renamed document
        # the whole name is on screen while the list has focus, at 80 columns
        assert LONG in row_text(documents, 2)
        assert documents.outer_size.width <= 48  # the transcript keeps the rest
        # back in the transcript, the list takes its own narrow width again
        app.screen.query_one(TranscriptView).focus()
        await settle(pilot)
        assert documents.outer_size.width == narrow
    [coding] = tui_project.coding.query(document=LONG)
    assert coding.position == 9
    last = tui_project.audit.log()[-1]
    assert (last.action, last.before, last.after, last.reason) == (
        "rename",
        {"name": "B01"},
        {"name": LONG},
        "zitierbar",
    )


async def test_a_name_that_is_taken_is_refused_and_nothing_changes(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(DocumentList).focus()
        await pilot.press("f2")
        app.screen.query_one("#ask-name", Input).value = "B02"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document == "B01"
    assert sorted(d.name for d in tui_project.documents.all()) == ["B01", "B02", "B03"]
    assert tui_project.audit.log()[-1].action != "rename"
