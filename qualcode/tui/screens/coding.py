"""The coding screen: documents | transcript | codebook tree and guideline.

The screen owns the workflow (which document, what to do with a selection, undo) and calls the
services in thread workers; the widgets own their keys and report through messages. Writes go
through a queue (one at a time, in the order asked for), and what they return is applied on the
UI thread: a coding action returns everything the screen redraws, so it costs one transaction.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from qualcode.domain.codebook import Anchor, Codebook
from qualcode.domain.coding import Coding
from qualcode.domain.errors import QualcodeError
from qualcode.domain.transcript import DocumentInfo, Transcript
from qualcode.services.project import Project
from qualcode.services.steps import StepDone, Steps
from qualcode.services.workbench import (
    FirstScreen,
    Listing,
    Opening,
    Preload,
    load_first_screen,
    load_listing,
    load_opening,
)
from qualcode.tui.positions import positions
from qualcode.tui.screens.workbench_tools import WorkbenchTools
from qualcode.tui.suggesting import Suggester
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.transcript_view import TranscriptView
from qualcode.tui.write_queue import WriteQueue

# Not imported before the first frame (a tenth of the workbench's own start-up): the picker,
# the dialogs and the live updates are needed once the coder is reading; the category tree,
# the guideline and the search field (with Textual's Tree and Input) are mounted after it.
if TYPE_CHECKING:
    from textual.widgets import Input

    from qualcode.services.coding import CodingChange
    from qualcode.services.live import Refreshed
    from qualcode.tui.screens.category_picker import CategoryPicker
    from qualcode.tui.screens.forms import NewCategory
    from qualcode.tui.screens.retrieval import Jump
    from qualcode.tui.widgets.codebook_panel import CodebookPanel, CodebookTree, GuidelinePanel
    from qualcode.tui.widgets.search_bar import SearchBar


@dataclass(frozen=True)
class PinsStored:
    codes: list[str]


WARM_AFTER = 2.0  # seconds after the project shows before the suggestions' index is built
PICKER_AFTER = 0.2  # seconds after the lists are filled before the picker is composed ahead


class CodingScreen(WorkbenchTools):
    AUTO_FOCUS = "#transcript"  # focus moving at start-up would rebuild the footer twice
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "pick", "Code…", id="code"),
        Binding(
            "left_square_bracket",
            "toggle_panel('documents')",
            "Documents",
            key_display="[",
            id="toggle-documents",
        ),
        Binding(
            "right_square_bracket",
            "toggle_panel('codebook-column')",
            "Categories",
            key_display="]",
            id="toggle-codebook",
        ),
        *[
            Binding(str(n), f"pinned({n})", f"Code with pin {n}", show=False, id=f"pin-{n}")
            for n in range(1, 10)
        ],
        Binding("x", "uncode", "Remove coding", id="uncode"),
        Binding("u", "undo", "Undo", id="undo"),
        # Not on the bar (room there is scarce): the status bar names it when there is a step
        # to redo, and ? lists it.
        Binding("ctrl+y", "redo", "Redo", id="redo", key_display="ctrl+y", show=False),
        Binding("m", "memo", "Memo", id="memo"),
        Binding("n", "new_category", "New category", id="new-category"),
        Binding("slash", "search", "Search", id="search"),
        # Not on the bar (room there is scarce): ? and the command palette list it.
        Binding("S", "search_project", "Search project", show=False, id="search-project"),
        Binding("r", "retrieve", "Retrieve", id="retrieve"),
        Binding("b", "codebook", "Codebook", id="codebook-editor"),
        Binding("f", "frequencies", "Frequencies", id="frequencies"),
        Binding("E", "export", "Export", id="export"),
        Binding("i", "import", "Import", id="import"),
        Binding("d", "disagreements", "Disagreements", id="disagreements"),
        Binding("h", "history", "History", id="history"),
        # Not on the bar (room there is scarce); ? and the palette list them.
        Binding("P", "plan", "Analysis plan", id="plan", show=False),
        Binding("M", "memos", "Memos", id="memos", show=False),
        Binding("W", "words", "Word frequencies", show=False, id="words"),
        Binding("A", "proposals", "Autocoding proposals", show=False, id="proposals"),
        Binding("s", "case_summary", "Case summary", show=False, id="case-summary"),
        Binding("T", "theme_matrix", "Theme matrix", show=False, id="theme-matrix"),
        Binding("Z", "summarising", "Summarising (Mayring)", show=False, id="summarising"),
        Binding("a", "anonymised", "Anonymised view", show=False, id="anonymised"),
    ]

    @dataclass
    class Suggested(Message):
        """The suggestions' helper answered which categories a passage resembles."""

        text: str
        codes: list[str]

    def __init__(
        self, project: Project, preload: Preload | None = None, *, classes: str | None = None
    ) -> None:
        super().__init__(classes=classes)
        self.project = project
        self._preload = preload  # the first data, read while Textual was loading
        self.book: Codebook | None = None
        self.counts: dict[str, int] = {}
        self.pins: list[str] = []
        self.document: str | None = None
        self.steps = Steps()  # what undo and redo would do next (the day's history)
        self._steps_asked = itertools.count()  # reads of it, in the order they started
        self.suggester = Suggester(project)
        self._steps_shown = -1
        self._writes = WriteQueue()
        self._jump: Jump | None = None  # a passage to select once its document is shown
        self.others_changes = 0  # how often other coders' changes were drawn (live)
        self._documents: list[DocumentInfo] = []  # as read last, for the list
        self._panels_asked = False  # the list, the tree, the guideline: after the first frame
        self._panels_filled = False
        self.picker: CategoryPicker | None = None  # composed ahead, opened again for each "c"
        self._suggested: tuple[str, list[str]] | None = None  # the latest answer, and for what
        self._asked: str | None = None  # the passage asked about last
        self._picking: str | None = None  # the passage the open picker codes

    # ----- layout and loading -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="workbench"):
            yield DocumentList(id="documents")
            with Vertical(id="transcript-column"):
                yield TranscriptView(id="transcript")
                # The search field (hidden until /) follows after the first frame too: an
                # Input's styles and mounting are work that frame does not show.
            # Filled after the first frame (_show_panels): the tree, its filter and the
            # guideline took a quarter of the app's time to the first transcript.
            yield Vertical(id="codebook-column")
        yield Static("", id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "qualcode"
        self.sub_title = self.project.location
        # Usually read already: then the first paint shows the data (no worker round trip).
        preload, self._preload = self._preload, None
        if preload is not None and preload.wait(0.5):
            self._first_read(preload.result())
        else:
            self.load_first(preload)

    # What happens after the first frame, one thing at a time: the document list and the counts
    # are read (a worker; the screen has nothing to draw meanwhile), the panels are mounted and
    # filled (steps of their own), the day's history is read, the picker is composed ahead,
    # and then the write path is imported and the other coders' changes followed. Python work
    # in a thread holds the interpreter lock that the screen needs to draw: none of it runs
    # while a step of the screen does, unless the coder presses keys meanwhile.

    @work(thread=True, exclusive=True, group="project")
    def load_first(self, preload: Preload | None = None) -> None:
        """The first screen's data, when it was not there in time (or not asked for)."""
        first = preload.result() if preload is not None else load_first_screen(self.project)
        self.app.call_from_thread(self._first_read, first)

    def _first_read(self, first: FirstScreen) -> None:
        self.book, self.pins = first.book, first.pins
        self._set_placeholder(bool(first.first))
        if first.first is not None and self.document is None:
            self.document = first.first[0].document.name
            self._document_loaded(*first.first)
        self.query_one(TranscriptView).focus()
        self._status()
        # After the frame that shows the transcript: the lists beside it.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # Other coders' changes are followed from before the list is read: none is missed.
        self.follow_others()
        self.load_listing()

    @work(thread=True, exclusive=True, group="listing")
    def load_listing(self) -> None:
        """The document list and the counts, read once the first frame is drawn."""
        self.app.call_from_thread(self._listing_read, load_listing(self.project))

    def _listing_read(self, listing: Listing) -> None:
        if self.book is not None:
            self.counts = self._rolled_up(self.book, listing.counts)
        self._documents = listing.documents
        if self._panels_filled:
            self._fill_panels()
        elif not self._panels_asked:
            self._panels_asked = True
            self.call_later(self._show_panels)

    def _started(self) -> None:
        """The panels are there and the history read: what the coder needs a moment later."""
        # The picker's suggestions: their index is built (in a helper process) once the coder
        # is reading.
        self.set_timer(WARM_AFTER, self.suggester.warm)
        self.set_timer(PICKER_AFTER, self._prepare_picker)

    def _screen_resized(self, size: Size) -> None:
        """Textual lays a new screen out, then handles the Resize event that this first layout
        sends the screen itself by laying it out and drawing it again at the same size, in the
        same step as the first frame, for nothing. A real change of size is laid out."""
        if size != self._compositor.size:
            super()._screen_resized(size)

    def on_unmount(self) -> None:
        self.suggester.close()
        picker, self.picker = self.picker, None
        # Not while it is shown (the app is quitting from it): Textual ends it then.
        if picker is not None and picker not in self.app.screen_stack:
            self.app.uninstall_screen(picker)
            picker.remove()

    @work(thread=True, exclusive=True, group="project")
    def load_project(self) -> None:
        # Without a document shown (none until now), the first comes in the same trip.
        opening = load_opening(self.project, with_first=self.document is None)
        self.app.call_from_thread(self._opened, opening)

    def _opened(self, opening: Opening) -> None:
        self._project_loaded(
            opening.documents, opening.book, opening.counts, opening.pins, opening.first
        )

    def _project_loaded(
        self,
        documents: list[DocumentInfo],
        book: Codebook,
        counts: dict[str, int],
        pins: list[str],
        first: tuple[Transcript, list[Coding]] | None = None,
    ) -> None:
        """The project read again (another screen changed it)."""
        self.book, self.counts, self.pins = book, self._rolled_up(book, counts), pins
        self._documents = documents
        self._set_placeholder(bool(documents))
        if first is not None and self.document is None:
            self.document = first[0].document.name
            self._document_loaded(*first)
        if self._panels_filled:
            self._fill_panels()
        elif not self._panels_asked:
            self._panels_asked = True
            self.call_after_refresh(self._show_panels)
        # The picker's suggestions: the index is built again if a change made it stale.
        self.set_timer(WARM_AFTER, self.suggester.warm)
        self.set_timer(PICKER_AFTER, self._prepare_picker)
        self.query_one(TranscriptView).focus()
        self._status()
        self.call_after_refresh(self.read_steps)

    def _set_placeholder(self, documents: bool) -> None:
        self.query_one(TranscriptView).placeholder = (
            "Choose a document on the left."
            if documents
            else "No transcripts yet: press i to import some (.txt, .md, .docx, .odt, .rtf, "
            ".pdf, .srt, .vtt), or use 'qualcode import'."
        )

    def _prepare_picker(self) -> None:
        """Compose the category picker while the coder reads (it is not shown): "c" then
        only fills and shows it. Installed, so that closing it keeps it for the next time."""
        if self.picker is not None or self.book is None or not self.is_attached:
            return
        from qualcode.tui.screens.category_picker import CategoryPicker

        self.picker = CategoryPicker(self.book)
        self.app.install_screen(self.picker, f"category-picker-{id(self)}")
        # What push_screen does to a screen the first time (Textual has no public call that
        # composes a screen without showing it).
        self.app._register(self.app, self.picker)
        # Once the picker is drawn (unseen): the rest of the start-up's work, in a thread.
        self.picker.when_drawn = self._warm_up

    def _warm_up(self) -> None:
        """The write path imported, so that the first coding is instant: Python's own work in
        a thread, which would slow the steps above if it ran beside them."""
        warm_up = getattr(self.app, "warm_up", None)
        if callable(warm_up):
            warm_up()

    async def _show_panels(self) -> None:
        """After the first frame: the category tree and the guideline mounted, then (in a step
        of its own) the lists filled with what was read last."""
        from qualcode.tui.widgets.codebook_panel import CodebookPanel, GuidelinePanel

        await self.query_one("#codebook-column").mount(
            CodebookPanel(id="codebook"), GuidelinePanel(id="guideline-panel")
        )
        self._panels_filled = True
        self.call_after_refresh(self._panels_shown)

    def _panels_shown(self) -> None:
        self._fill_panels()
        shown = self.query_one(TranscriptView).transcript
        if shown is not None and (shown.document.memo or shown.document.sets):
            self._guideline().show_document(shown.document)
        # A step of its own: in the panels' step it would lengthen the longest one.
        self.call_after_refresh(self._mount_search)

    def _mount_search(self) -> None:
        from qualcode.tui.widgets.search_bar import SearchBar

        self.query_one("#transcript-column").mount(SearchBar(id="search"))
        # Then the day's history (for undo and redo), read while the screen is idle.
        self.call_after_refresh(self.read_steps, True)

    def _fill_panels(self) -> None:
        """The document list and the category tree, with what was read last."""
        self.query_one(DocumentList).set_documents(self._documents, keep=self.document)
        if (panel := self._tree_panel()) is not None and self.book is not None:
            panel.set_codebook(self.book, self.counts)

    # The widgets of the codebook column, once mounted (just after the first frame), found by
    # their ids: their module is imported only then.

    def _tree_panel(self) -> CodebookPanel | None:
        return cast("CodebookPanel", self.query_one("#codebook")) if self._panels_filled else None

    def _guideline(self) -> GuidelinePanel:
        return cast("GuidelinePanel", self.query_one("#guideline-panel"))

    def _guideline_panel(self) -> GuidelinePanel | None:
        return self._guideline() if self._panels_filled else None

    @work(thread=True, exclusive=True, group="steps")
    def read_steps(self, starting: bool = False) -> None:
        """What undo and redo would do next: the day's history survives a restart.
        ``starting``: the first read, after which the start-up goes on (:meth:`_started`)."""
        asked = next(self._steps_asked)
        self.app.call_from_thread(self._steps_known, self.project.history.steps(), asked)
        if starting:
            self.app.call_from_thread(self._started)

    def _steps_known(self, steps: Steps, asked: int) -> None:
        """Take what undo and redo would do, unless a later read has come back already."""
        if asked < self._steps_shown:
            return
        self.steps, self._steps_shown = steps, asked
        self._status()

    @staticmethod
    def _rolled_up(book: Codebook, counts: dict[str, int]) -> dict[str, int]:
        """Counts shown in the tree: a main category's count includes its subcategories."""
        rolled = dict(counts)
        for category in book:
            parent = category.parent
            while parent:
                rolled[parent] = rolled.get(parent, 0) + counts.get(category.code, 0)
                item = book.get(parent)
                parent = item.parent if item else None
        return rolled

    @on(DocumentList.DocumentChosen)
    def _document_chosen(self, event: DocumentList.DocumentChosen) -> None:
        if event.name != self.document:
            self.open_document(event.name)

    def open_document(self, name: str) -> None:
        """Show a document; remembered at once so that a second request for it is ignored."""
        self.document = name
        self.load_document(name)

    @work(thread=True, exclusive=True, group="document")
    def load_document(self, name: str) -> None:
        transcript = self.project.documents.transcript(name)
        codings = self.project.coding.query(document=name)
        self.app.call_from_thread(self._document_loaded, transcript, codings)

    def _document_loaded(self, transcript: Transcript, codings: list[Coding]) -> None:
        colours = (
            {c.code: self.book.colour_of(c.code) or "#888888" for c in self.book}
            if self.book
            else {}
        )
        view = self.query_one(TranscriptView)
        view.show(transcript, codings, colours)
        if (guideline := self._guideline_panel()) is None:
            pass  # shown when the panel is mounted
        elif transcript.document.memo or transcript.document.sets:
            guideline.show_document(transcript.document)
        else:
            guideline.forget_document()
        if self._jump is not None and self._jump.document == transcript.document.name:
            view.select_span(self._jump.start, self._jump.end)
            self._jump = None
            view.focus()
        self._status()

    # ----- selection feedback ---------------------------------------------------------------

    @on(TranscriptView.SelectionChanged)
    def _selection_changed(self, event: TranscriptView.SelectionChanged) -> None:
        self._follow_coding(event.codings)
        self._status()
        self._ask_suggestions(self._selected_text())

    def _selected_text(self) -> str:
        view = self.query_one(TranscriptView)
        if view.selection is None or view.transcript is None:
            return ""
        start, end = view.selection
        return view.transcript.text[start:end]

    def _ask_suggestions(self, text: str) -> None:
        """Ask the helper about the passage now, so that the answer is there before "c"."""
        known = self._suggested is not None and self._suggested[0] == text
        if self.book is None or known or text == self._asked:
            return
        if self.suggester.ask(text, [c.code for c in self.book], self._answered):
            self._asked = text

    def _answered(self, text: str, codes: list[str]) -> None:
        """In the helper's reading thread: hand the answer to the UI thread."""
        self.post_message(self.Suggested(text, codes))

    @on(Suggested)
    def _suggestions_came(self, event: Suggested) -> None:
        from qualcode.tui.screens.category_picker import CategoryPicker

        self._suggested = (event.text, event.codes)
        picker = self.app.screen
        if isinstance(picker, CategoryPicker) and event.text == self._picking:
            picker.suggest(event.codes)

    def _forget_suggestions(self) -> None:
        """The project changed: the same passage may now resemble other categories."""
        self._suggested = self._asked = None

    def _follow_coding(self, codings: list[Coding]) -> None:
        """The guideline panel shows the category of the coding under the cursor."""
        guideline = self._guideline_panel()
        if codings and self.book is not None and guideline is not None:
            category = self.book.get(codings[0].category)
            if category is not None:
                guideline.show_category(category, self.book.colour_of(category.code))

    def on_codebook_tree_category_chosen(self, event: CodebookTree.CategoryChosen) -> None:
        # Only while browsing the tree: refilling it (counts change with every coding) moves
        # its cursor too, and the panel follows the transcript's cursor then.
        if self.focused is not event.tree:
            return
        if self.book is not None and (category := self.book.get(event.code)) is not None:
            self._guideline().show_category(category, self.book.colour_of(event.code))

    def _status(self) -> None:
        view = self.query_one(TranscriptView)
        parts = [self.document or "no document"]
        if view.cursor_turn is not None:
            parts.append(f"Pos. {positions(*view.selected_turns)}")
        parts.append("sentences" if view.sentence_mode else "turns")
        codings = view.codings_at_cursor()
        if codings:
            parts.append("coded: " + ", ".join(dict.fromkeys(c.category for c in codings)))
        if self.steps.undo is not None:
            step = self.steps.undo
            parts.append(
                f"Undo: {step.name}"
                if not step.blocked
                else f"the {step.name} cannot be undone: undo stops here"
            )
        if self.steps.redo is not None:
            parts.append(f"Redo (ctrl+y): {self.steps.redo.name}")
        pins = "  ".join(f"{n}:{code}" for n, code in enumerate(self.pins, start=1))
        parts.append(f"pins {pins}" if pins else "no pins (p in the tree pins a category)")
        if self.project.blind:
            parts.append(f"blind: only {self.project.coder}'s codings shown")
        self.query_one("#status", Static).update(" │ ".join(parts))

    # ----- coding ----------------------------------------------------------------------------

    def action_pick(self) -> None:
        from qualcode.tui.screens.category_picker import CategoryPicker, picker_rows

        view = self.query_one(TranscriptView)
        if self.book is None or view.selection is None:
            self.notify("Open a document and select a passage first.", severity="warning")
            return
        # The picker takes the bottom rows: the passage moves into the rows above it.
        rows = picker_rows(self.app.size.height)
        view.reveal_selection(self.app.size.height - rows - view.content_region.y)
        self.suggester.warm()
        text = self._selected_text()
        # Never waited for: known already (asked as the selection moved), or shown when the
        # answer comes (see _suggestions_came).
        suggested = self._suggested[1] if self._suggested and self._suggested[0] == text else []
        if not suggested:
            self._ask_suggestions(text)
        self._picking = text
        picker = self.picker
        if picker is not None and picker.ready:
            picker.reopen(self.book, suggested)
        else:  # "c" pressed before the picker was composed ahead
            picker = CategoryPicker(self.book, suggested=suggested)
        self.app.push_screen(picker, self._code_with)

    def action_toggle_panel(self, panel_id: str) -> None:
        """Show or hide a side panel (narrow terminals start without them): the transcript
        takes the width."""
        panel = self.query_one(f"#{panel_id}")
        panel.display = not panel.display
        if not panel.display and self.focused is not None and panel in self.focused.ancestors:
            self.query_one(TranscriptView).focus()

    def action_pinned(self, number: int) -> None:
        if number > len(self.pins):
            self.notify(
                f"No category is pinned to {number}: press p on one in the tree.",
                severity="warning",
            )
            return
        self._code_with(self.pins[number - 1])

    def _code_with(self, code: str | None) -> None:
        view = self.query_one(TranscriptView)
        span = view.selection
        if code is None or span is None or self.document is None:
            return
        document = self.document
        self.write(
            lambda: self.suggester.learned(self.project.coding.apply(document, code, span)),
            f"Coded with {code}",
        )

    def action_uncode(self) -> None:
        found = self.query_one(TranscriptView).codings_at_cursor()
        if not found:
            self.notify("There is no coding here.", severity="warning")
            return
        coding = found[0]
        self.write(
            lambda: self.suggester.forgot(self.project.coding.remove(coding.id)),
            f"Removed {coding.category}",
        )

    def action_undo(self) -> None:
        """Take back the latest of the day's steps (codings, memos, codebook changes)."""
        # Before the history is read (just after the start) the service finds the step itself.
        if self.steps.undo is None and self._steps_shown >= 0:
            self.notify("Nothing to undo today.")
            return
        self.write(self.project.history.undo, "Undone")

    def action_redo(self) -> None:
        if self.steps.redo is None and self._steps_shown >= 0:
            self.notify("Nothing to redo.")
            return
        self.write(self.project.history.redo, "Redone")

    def action_memo(self) -> None:
        found = self.query_one(TranscriptView).codings_at_cursor()
        if not found:
            self.notify("Put the cursor on a coded passage to write a memo.", severity="warning")
            return
        coding = found[0]
        from qualcode.tui.screens.forms import MemoDialog

        def save(memo: object) -> None:
            if isinstance(memo, str):
                self.write(lambda: self.project.coding.set_memo(coding.id, memo), "Memo saved")

        about = (
            f"{coding.category} {coding.category_name} "
            f"(Pos. {positions(coding.position, coding.position_end)})"
        )
        self.app.push_screen(MemoDialog(coding.memo, about), save)

    def action_new_category(self) -> None:
        view = self.query_one(TranscriptView)
        span = view.selection
        if self.book is None or span is None or view.transcript is None:
            self.notify("Select the passage the new category comes from.", severity="warning")
            return
        passage = view.transcript.text[span[0] : span[1]]
        tree = self.category_tree()
        parent = tree.cursor_node.data if tree and tree.cursor_node is not None else None
        document, position = view.transcript.document.name, view.cursor_turn or 1
        from qualcode.tui.screens.forms import NewCategory, NewCategoryDialog

        def create(form: object) -> None:
            if isinstance(form, NewCategory):
                anchor = Anchor(passage, document, position)
                self.write(lambda: self._create(form, anchor, span), f"Created {form.name}")

        self.app.push_screen(NewCategoryDialog(self.book, passage, parent), create)

    def _create(self, form: NewCategory, anchor: Anchor, span: tuple[int, int]) -> None:
        """The category and the passage coded with it: one step, undone together."""
        with self.project.history.one_step():
            category = self.project.codebook.create_category(
                name=form.name,
                parent=form.parent,
                definition=form.definition,
                coding_rule=form.coding_rule,
                anchors=(anchor,),
                reason=form.reason,
            )
            self.project.coding.code(anchor.document, category.code, chars=span)

    def on_codebook_tree_edit_requested(self, event: CodebookTree.EditRequested) -> None:
        from qualcode.tui.screens.forms import edit_category

        edit_category(self, self.book, event.code, self.project.codebook, self.write)

    def on_codebook_tree_pin_requested(self, event: CodebookTree.PinRequested) -> None:
        pins = [p for p in self.pins if p != event.code]
        if len(pins) == len(self.pins):
            pins.append(event.code)
        self.write(lambda: PinsStored(self.project.pins.set_pinned(pins)), "Pins changed")

    def write(self, change: Callable[[], object], done: str) -> None:
        """Run one service call off the UI thread, after the ones asked for before it."""
        self._writes.submit(self, partial(self._write, change, done), group="write")

    def _write(self, change: Callable[[], object], done: str) -> None:
        """One write, in a worker thread; its result is applied on the UI thread, then what
        undo and redo would do next is read (the status bar names it)."""
        from qualcode.services.coding import CodingChange

        try:
            result = change()
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        if isinstance(result, StepDone):
            verb = "Redone" if result.redone else "Undone"
            done = f"{verb}: {result.name}"
        if isinstance(result, CodingChange):
            self.app.call_from_thread(self._coding_changed, done, result)
        elif isinstance(result, PinsStored):
            self.app.call_from_thread(self._pins_stored, done, result.codes)
            return  # pins are not a step of the history
        else:  # a change to the codebook, a memo, an undo: read what the screen shows again
            self.suggester.stale()
            document = self.document
            documents = self.project.documents.all()
            book = self.project.codebook.get()
            counts = self.project.coding.counts()
            codings = self.project.coding.query(document=document) if document else []
            self.app.call_from_thread(
                self._written, done, documents, book, counts, (document, codings)
            )
        asked = next(self._steps_asked)
        steps = result.steps if isinstance(result, StepDone) else self.project.history.steps()
        self.app.call_from_thread(self._steps_known, steps, asked)

    def _coding_changed(self, done: str, change: CodingChange) -> None:
        self._forget_suggestions()
        self.pins = change.pins
        if self.book is not None:
            self.counts = self._rolled_up(self.book, change.counts)
            if (panel := self._tree_panel()) is not None:
                panel.set_codebook(self.book, self.counts)
        self._documents = change.documents
        self.query_one(DocumentList).set_documents(change.documents, keep=self.document)
        if change.coding.document == self.document:
            view = self.query_one(TranscriptView)
            view.set_codings(change.document_codings)
            self._follow_coding(view.codings_at_cursor())
        self._status()
        self.notify(done, timeout=2)

    def _pins_stored(self, done: str, pins: list[str]) -> None:
        self.pins = pins
        self._status()
        self.notify(done, timeout=2)

    def _written(
        self,
        done: str,
        documents: list[DocumentInfo],
        book: Codebook,
        counts: dict[str, int],
        shown: tuple[str | None, list[Coding]],
    ) -> None:
        self._forget_suggestions()
        self.book, self.counts = book, self._rolled_up(book, counts)
        self._documents = documents
        self._fill_panels()
        view = self.query_one(TranscriptView)
        view.colours = {c.code: book.colour_of(c.code) or "#888888" for c in book}
        if shown[0] == self.document:
            view.set_codings(shown[1])
        self._status()
        self.notify(done, timeout=2)

    # ----- other coders' changes, live -----------------------------------------------------

    @work(thread=True, group="live", exit_on_error=False)
    def follow_others(self) -> None:
        """Show what other coders change while this screen is open: wait for a sign (a NOTIFY
        on PostgreSQL, the file's version on SQLite), read back only what changed, and apply it
        on the UI thread. Checks every quarter second whether the screen has closed."""
        from qualcode.services.live import LiveService

        worker = get_current_worker()
        live = LiveService(self.project)
        try:
            while not worker.is_cancelled:
                if not live.wait(0.25) or worker.is_cancelled:
                    continue
                try:
                    refreshed = live.refresh(self.document)
                except Exception:  # the server or file briefly out of reach: what was missed
                    time.sleep(1.0)  # is read next time, from the trail
                    continue
                if refreshed is not None and not worker.is_cancelled:
                    self.app.call_from_thread(self._others_changed, refreshed)
        finally:
            live.close()

    def _others_changed(self, refreshed: Refreshed) -> None:
        """Redraw what others changed; the cursor, the selection and the scroll stay."""
        view = self.query_one(TranscriptView)
        if refreshed.book is not None:
            self.book = refreshed.book
            view.colours = {c.code: self.book.colour_of(c.code) or "#888888" for c in self.book}
        if self.book is not None and (refreshed.book is not None or refreshed.counts is not None):
            if refreshed.counts is not None:
                self.counts = self._rolled_up(self.book, refreshed.counts)
            if (panel := self._tree_panel()) is not None:
                panel.set_codebook(self.book, self.counts)
        if refreshed.documents is not None:
            self._documents = refreshed.documents
            self.query_one(DocumentList).set_documents(refreshed.documents, keep=self.document)
        if refreshed.codings is not None and refreshed.document == self.document:
            view.set_codings(refreshed.codings)
        elif refreshed.book is not None:
            view.set_codings(view.codings)  # drawn again in the new colours
        self.others_changes += 1
        self._status()

    # ----- search -----------------------------------------------------------------------------

    def action_search(self) -> None:
        for bar in self._search_bars():  # none in the moment before the panels are mounted
            bar.open()

    def _search_bars(self) -> list[SearchBar]:
        return cast("list[SearchBar]", list(self.query("SearchBar")))

    # By their handlers' names, not @on(SearchBar.Changed, ...): the search field's module is
    # imported after the first frame.

    def on_input_changed(self, event: Input.Changed) -> None:
        if type(event.input).__name__ == "SearchBar":
            self.query_one(TranscriptView).highlight(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if type(event.input).__name__ != "SearchBar":
            return
        if event.value and not self.query_one(TranscriptView).find_next(event.value):
            self.notify(f"„{event.value}“ does not occur in {self.document}.", severity="warning")

    def on_search_bar_closed(self) -> None:
        view = self.query_one(TranscriptView)
        view.highlight("")
        view.focus()

    def key_escape(self) -> None:
        """Escape closes the search from anywhere on the screen, not only from its field."""
        for bar in self._search_bars():
            bar.close()
