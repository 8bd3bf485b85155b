"""Autocoding proposals in the workbench: the coder accepts or rejects each one, in context.

The list shows what the codebook's autocode rules found and are waiting for a decision; below
it stands the highlighted passage in its transcript. ``a`` accepts (it becomes the coder's
coding, and the trail records the rule), ``r`` rejects (it is not proposed again), ``ctrl+a``
accepts every listed proposal, ``n`` runs the rules again for new proposals, enter goes to the
passage in its transcript. Every write goes through a queue in a worker, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from qualcode.domain.autocoding import Proposal
from qualcode.domain.errors import QualcodeError
from qualcode.domain.plurals import counted
from qualcode.services.autocoding import InContext
from qualcode.services.project import Project
from qualcode.tui.screens.retrieval import Jump
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList
from qualcode.tui.write_queue import WriteQueue

CONTEXT = 160  # characters of the transcript on either side of a proposal


class ProposalsScreen(Screen[Jump | None]):
    DEFAULT_CSS = """
    ProposalsScreen #proposals-title { text-style: bold; padding: 0 1; }
    ProposalsScreen #proposals-table { height: 1fr; }
    ProposalsScreen #proposals-context {
        height: 7; padding: 0 1; border-top: solid $primary-background;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="proposals-close"),
        Binding("a", "accept", "Accept", id="proposals-accept"),
        Binding("r", "reject", "Reject", id="proposals-reject"),
        Binding("ctrl+a", "accept_all", "Accept all", id="proposals-accept-all"),
        Binding("n", "propose", "Run rules", id="proposals-run"),
        Binding("enter", "jump", "Go to", id="proposals-jump"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.proposals: list[Proposal] = []
        self._writes = WriteQueue()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Autocoding proposals", id="proposals-title")
        yield RowList(
            ("No.", "Doc", "Pos.", "Cat.", "Passage"),
            widest=(5, 10, 5, 7, None),
            fill_last=True,
            id="proposals-table",
        )
        yield Static("", id="proposals-context")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="proposals")
    def load(self, cursor: int = 0) -> None:
        try:
            found = self.project.autocoding.proposals()
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._loaded, found, cursor)

    def _loaded(self, proposals: list[Proposal], cursor: int) -> None:
        self.proposals = proposals
        grid = self.query_one(RowList)
        grid.set_rows(
            [
                (str(p.id), p.document, str(p.position), p.category, " ".join(p.text.split()))
                for p in proposals
            ],
            cursor=min(cursor, max(len(proposals) - 1, 0)),
        )
        waiting = len(proposals)
        self.query_one("#proposals-title", Static).update(
            f"Autocoding proposals: {waiting} waiting for your decision"
            if waiting
            else "No proposals wait: n runs the codebook's autocode rules"
        )
        if not proposals:
            self.query_one("#proposals-context", Static).update("")
        grid.focus()
        self._show_context()

    @on(RowList.Highlighted)
    def _show_context(self) -> None:
        current = self._current()
        if current is not None:
            self.read_context(current)

    @work(thread=True, exclusive=True, group="proposals-context")
    def read_context(self, proposal: Proposal) -> None:
        try:
            seen = self.project.autocoding.in_context(proposal, width=CONTEXT)
        except QualcodeError:
            return
        self.app.call_from_thread(self._context_read, seen)

    def _context_read(self, seen: InContext) -> None:
        if seen.proposal != self._current():
            return
        text = Text()
        text.append(f"{seen.proposal.category} by the rule {seen.proposal.rule}\n", style="italic")
        text.append("…" + " ".join(seen.left.split()) + " ", style="dim")
        text.append(" ".join(seen.proposal.text.split()), style="bold reverse")
        text.append(" " + " ".join(seen.right.split()) + "…", style="dim")
        self.query_one("#proposals-context", Static).update(text)

    def _current(self) -> Proposal | None:
        grid = self.query_one(RowList)
        if not self.proposals or grid.cursor_row >= len(self.proposals):
            return None
        return self.proposals[grid.cursor_row]

    def _write(self, change: Callable[[], object], done: str) -> None:
        row = self.query_one(RowList).cursor_row
        self._writes.submit(self, partial(self._run, change, done, row), group="proposals-write")

    def _run(self, change: Callable[[], object], done: str, row: int) -> None:
        try:
            change()
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
        else:
            self.app.call_from_thread(self.notify, done, timeout=2)
        self.app.call_from_thread(self.load, row)

    def action_accept(self) -> None:
        current = self._current()
        if current is not None:
            service = self.project.autocoding
            self._write(
                lambda: service.accept([current.id]),
                f"Accepted proposal {current.id}: {_where(current)} coded as {current.category}",
            )

    def action_reject(self) -> None:
        current = self._current()
        if current is not None:
            service = self.project.autocoding
            self._write(
                lambda: service.reject([current.id]),
                f"Rejected proposal {current.id} ({_where(current)} as {current.category}); "
                "it will not be proposed again",
            )

    def action_accept_all(self) -> None:
        ids = [p.id for p in self.proposals]
        if ids:
            service = self.project.autocoding
            self._write(lambda: service.accept(ids), f"Accepted {counted(len(ids), 'proposal')}")

    def action_propose(self) -> None:
        service = self.project.autocoding

        def run() -> object:
            report = service.autocode()
            self.app.call_from_thread(
                self.notify,
                f"{counted(report.total, 'new proposal')} ({report.known} known before)",
            )
            return report

        self.notify("Running the autocode rules …", timeout=2)
        self._write(run, "Autocoding done")

    def action_jump(self) -> None:
        current = self._current()
        if current is not None:
            self.dismiss(Jump(current.document, current.start, current.end))

    @on(RowList.Selected)
    def _row_selected(self) -> None:
        self.action_jump()

    def action_close(self) -> None:
        self.dismiss(None)


def _where(proposal: Proposal) -> str:
    """Where a proposal's passage is ("B01 Pos. 7"), named as the command line and the log do."""
    return f"{proposal.document} Pos. {proposal.position}"
