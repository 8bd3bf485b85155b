"""The coding screen's ways to the other screens: retrieval, the codebook editor, frequencies
and exports, import, the disagreement walkthrough, history and help.

A base class of :class:`~qualcode.tui.screens.coding.CodingScreen`, kept apart so that the
coding screen holds the coding itself. Each screen is imported when first opened: the workbench
starts without them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.binding import BindingType
from textual.screen import Screen

from qualcode.domain.codebook import Codebook
from qualcode.domain.errors import QualcodeError
from qualcode.services.project import Project
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualcode.tui.screens.retrieval import Jump
    from qualcode.tui.widgets.codebook_panel import CodebookTree


class WorkbenchTools(Screen[None]):
    """Actions that open another screen from the coding screen, and take its answer back."""

    project: Project
    book: Codebook | None
    document: str | None
    _jump: Jump | None  # a passage to select once its document is shown

    def load_project(self) -> object:
        """Read the project again (the coding screen does it in a worker)."""
        raise NotImplementedError

    def open_document(self, name: str) -> None:
        raise NotImplementedError

    def write(self, change: Callable[[], object], done: str) -> None:
        """Run one service call off the UI thread (the coding screen's write queue)."""
        raise NotImplementedError

    @on(DocumentList.RenameAsked)
    def _rename_document(self, event: DocumentList.RenameAsked) -> None:
        """F2 on the document list: the name the thesis cites, and why (for the trail)."""
        from qualcode.tui.screens.forms import AskDialog, Field

        old = event.name

        def chosen(answers: object) -> None:
            if isinstance(answers, dict) and answers["name"] != old:
                rename = partial(self._rename, old, answers["name"], answers["reason"])
                self.write(rename, f"Renamed {old}")

        self.app.push_screen(
            AskDialog(
                f"Rename the document {old}",
                [
                    Field("name", "New name (as the thesis cites it)", old),
                    Field("reason", "Why (kept in the audit trail)", required=False),
                ],
            ),
            chosen,
        )

    def _rename(self, old: str, new: str, reason: str) -> object:
        """In the write worker: rename, and show the open document under its new name."""
        renamed = self.project.documents.rename(old, new, reason=reason)
        if self.document == old:
            self.app.call_from_thread(self.open_document, renamed.new)
        return renamed

    def action_retrieve(self) -> None:
        """All passages of the category in the tree (or under the cursor), across documents."""
        from qualcode.tui.screens.retrieval import RetrievalScreen

        if self.book is None:
            return
        code = self.current_category()
        if code is None:
            self.notify("Choose a category in the tree first.", severity="warning")
            return

        self.app.push_screen(RetrievalScreen(self.project, self.book, code), self.go_to)

    def go_to(self, target: Jump | None) -> None:
        """Show a passage another screen chose (retrieval, a search hit), selected."""
        if target is None:
            return
        self._jump = target
        view = self.query_one(TranscriptView)
        view.focus()  # the eyes go to the passage: the keys too
        if target.document == self.document:
            view.select_span(target.start, target.end)
            self._jump = None
        else:
            self.query_one(DocumentList).set_documents(
                self.query_one(DocumentList).documents, keep=target.document
            )
            self.open_document(target.document)

    def action_search_project(self) -> None:
        """Search the whole project; a hit chosen there is shown here, selected."""
        from qualcode.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.project, self.book, self.write), self.go_to)

    def category_tree(self) -> CodebookTree | None:
        """The category tree, once there: the coding screen mounts it after its first frame."""
        # By its name: its module is imported once the tree is mounted.
        return cast("CodebookTree | None", next(iter(self.query("CodebookTree")), None))

    def current_category(self) -> str | None:
        """The category being worked with: the tree's while it has the focus, else the
        coding's under the cursor, else the tree's."""
        tree = self.category_tree()
        code = tree.cursor_node.data if tree and tree.cursor_node is not None else None
        if code is None or self.focused is not tree:
            here = self.query_one(TranscriptView).codings_at_cursor()
            code = here[0].category if here else code
        return code

    def action_codebook(self) -> None:
        """The codebook editor, open on the current category; coming back reloads what it
        changed."""
        from qualcode.tui.screens.codebook_editor import CodebookEditorScreen

        def back(_: None) -> None:
            self.load_project()

        self.app.push_screen(CodebookEditorScreen(self.project, self.current_category()), back)

    def action_case_summary(self) -> None:
        """The case summary of the document being read, with its versions."""
        from qualcode.tui.screens.case_summaries import CaseSummaryScreen

        if self.document is not None:
            self.app.push_screen(CaseSummaryScreen(self.project, self.document))

    def action_anonymised(self) -> None:
        """The document being read as the exports show it: the anonymisation table applied."""
        from qualcode.tui.screens.anonymised import AnonymisedScreen

        if self.document is not None:
            book = getattr(self, "book", None)
            colours = {c.code: book.colour_of(c.code) or "#888888" for c in book} if book else {}
            self.app.push_screen(AnonymisedScreen(self.project, self.document, colours))

    def action_theme_matrix(self) -> None:
        """The theme matrix (cases x categories), on the document being read."""
        from qualcode.tui.screens.case_summaries import ThemeMatrixScreen

        self.app.push_screen(ThemeMatrixScreen(self.project, self.document))

    def action_summarising(self) -> None:
        """Paraphrase, generalisation and reduction of the document's coded passages; coming
        back reloads what a promotion changed."""
        from qualcode.tui.screens.summarising import SummarisingScreen

        def back(_: None) -> None:
            self.load_project()

        if self.document is not None:
            self.app.push_screen(SummarisingScreen(self.project, self.document), back)

    def action_frequencies(self) -> None:
        from qualcode.tui.screens.exports import FrequenciesScreen

        self.app.push_screen(FrequenciesScreen(self.project))

    def action_words(self) -> None:
        """Word frequencies and keyness (counted in a worker)."""
        from qualcode.tui.screens.words import WordsScreen

        self.app.push_screen(WordsScreen(self.project))

    def action_proposals(self) -> None:
        """The autocoding proposals to accept or reject; coming back shows the new codings."""
        from qualcode.tui.screens.proposals import ProposalsScreen

        def back(target: Jump | None) -> None:
            self._jump = target  # selected once the document is shown again
            self.load_project()
            if target is not None:
                self.query_one(TranscriptView).focus()
                self.open_document(target.document)

        self.app.push_screen(ProposalsScreen(self.project), back)

    def action_export(self) -> None:
        """The same exports as 'qualcode export', chosen in a dialog."""
        from qualcode.tui.screens.exports import ExportChoice, ExportDialog

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.export(choice)

        self.app.push_screen(ExportDialog(self.project), chosen)

    @work(thread=True, group="export")
    def export(self, choice: object) -> None:
        from qualcode.tui.screens.exports import ExportChoice, run_export

        assert isinstance(choice, ExportChoice)
        try:
            written = run_export(self.project, choice)
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, written)

    def action_import(self) -> None:
        from qualcode.tui.screens.import_files import ImportScreen

        def imported(report: object) -> None:
            if report is not None:
                self.notify("Imported: " + ", ".join(d.name for d in report.imported))  # type: ignore[attr-defined]
                self.load_project()
                self.index_for_search()

        self.app.push_screen(ImportScreen(self.project.documents, Path.cwd()), imported)

    @work(thread=True, group="search-index")
    def index_for_search(self) -> None:
        """After an import: the new transcripts' sentences and words, for the project search,
        in the background (the search screen would otherwise build them when opened)."""
        try:
            built = self.project.search.build_index()
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        if built:
            self.app.call_from_thread(
                self.notify, f"Indexed {built} new document{'s' * (built != 1)} for search."
            )

    def action_disagreements(self) -> None:
        """Compare two coders and walk through where they differ (asks which two)."""
        self.ask_coders()

    @work(thread=True, group="coders")
    def ask_coders(self) -> None:
        coders = self.project.coders()
        self.app.call_from_thread(self._choose_coders, coders)

    def _choose_coders(self, coders: list[str]) -> None:
        from qualcode.services.agreement import AgreementRequest
        from qualcode.tui.screens.disagreements import DisagreementScreen
        from qualcode.tui.screens.forms import AskDialog, Field

        others = [c for c in coders if c != self.project.coder]
        first, second = self.project.coder, others[0] if others else ""

        def chosen(answers: object) -> None:
            if isinstance(answers, dict):
                request = AgreementRequest(coders=(answers["a"], answers["b"]))

                def back(_: None) -> None:
                    self.load_project()

                self.app.push_screen(DisagreementScreen(self.project, request), back)

        self.app.push_screen(
            AskDialog(
                "Walk through two coders' disagreements (segment level, 90 % overlap)",
                [
                    Field("a", "Coder A", first),
                    Field(
                        "b", "Coder B (for an intracoder check: anna@main, anna@recheck)", second
                    ),
                ],
            ),
            chosen,
        )

    def action_plan(self) -> None:
        """The analysis plan (Ablaufmodell), field by field."""
        from qualcode.tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(self.project))

    def action_memos(self) -> None:
        """Every memo, searchable; coming back from one on a coding or document goes there."""
        from qualcode.tui.screens.memos import MemosScreen, MemoTarget
        from qualcode.tui.screens.retrieval import Jump

        def back(target: MemoTarget | None) -> None:
            if target is None:
                self.load_project()  # a memo written there may show beside its coding
                return
            if target.start is None or target.end is None:
                self.query_one(DocumentList).set_documents(
                    self.query_one(DocumentList).documents, keep=target.document
                )
                self.open_document(target.document)
                return
            self._go_to(Jump(target.document, target.start, target.end))

        self.app.push_screen(MemosScreen(self.project), back)

    def _go_to(self, target: Jump) -> None:
        """Show a passage: in the open transcript at once, else once its document is open."""
        self._jump = target
        view = self.query_one(TranscriptView)
        view.focus()
        if target.document == self.document:
            view.select_span(target.start, target.end)
            self._jump = None
        else:
            self.query_one(DocumentList).set_documents(
                self.query_one(DocumentList).documents, keep=target.document
            )
            self.open_document(target.document)

    def action_history(self) -> None:
        """The audit trail of the coding under the cursor, or else of the chosen category."""
        from qualcode.tui.screens.history import HistoryScreen

        here = self.query_one(TranscriptView).codings_at_cursor()
        tree = self.category_tree()
        if here and self.focused is not tree:
            coding = here[0]
            title = f"History of coding {coding.id}: {coding.category} in {coding.document}"
            self.app.push_screen(HistoryScreen(self.project, title, coding=coding.id))
            return
        code = tree.cursor_node.data if tree and tree.cursor_node is not None else None
        if code is None:
            self.notify(
                "Put the cursor on a coding or choose a category first.", severity="warning"
            )
            return
        self.app.push_screen(
            HistoryScreen(self.project, f"History of {code} and its codings", category=code)
        )

    def help_sources(self) -> list[tuple[str, list[BindingType]]]:
        """What ``?`` lists here: moving and selecting first, then coding, then the rest."""
        from qualcode.tui.screens.codebook_editor import CodebookEditorScreen
        from qualcode.tui.screens.disagreements import DisagreementScreen
        from qualcode.tui.screens.forms import AskDialog
        from qualcode.tui.screens.search import SearchScreen
        from qualcode.tui.widgets.codebook_panel import CodebookTree as Tree

        return [
            ("Transcript", list(TranscriptView.BINDINGS)),
            ("Coding", list(self.BINDINGS)),
            ("Everywhere", list(self.app.BINDINGS)),
            ("Codebook tree", list(Tree.BINDINGS)),
            ("Document list", list(DocumentList.BINDINGS)),
            ("Dialogs", list(AskDialog.BINDINGS)),
            ("Project search", list(SearchScreen.BINDINGS)),
            ("Codebook editor", list(CodebookEditorScreen.BINDINGS)),
            ("Disagreements", list(DisagreementScreen.BINDINGS)),
        ]
