"""Walking through two coders' disagreements and settling each one, with a reason.

Mayring's feedback loop: the coefficient matters less than the passages behind it. Each
disagreement shows the passage (the whole turns around it) twice, side by side, with each
coder's coding of the category highlighted, and is settled as A did, as B did, both (one
coding spanning both), or neither. Every decision goes into the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.plurals import counted
from qualcode.domain.transcript import Transcript
from qualcode.services.agreement import AgreementReport, AgreementRequest, DisagreementView
from qualcode.services.export_catalogue import DEFAULT_FOLDER
from qualcode.services.project import Project
from qualcode.tui.screens.forms import AskDialog, Field
from qualcode.tui.widgets.key_bar import KeyBar


def _key(view: DisagreementView) -> tuple[str, int, str]:
    d = view.disagreement
    return d.document, -1 if d.start is None else d.start, d.code


_DECISIONS = {
    "a": "as {a} coded it",
    "b": "as {b} coded it",
    "both": "both: one coding spanning what either marked",
    "neither": "neither: the category does not apply here",
}


REPORT_BEFORE_CONSENSUS = DEFAULT_FOLDER / "agreement-before-consensus.docx"
"""Where the walkthrough saves the report before the first settlement (numbered if taken)."""


def free_name(path: Path) -> Path:
    """``path``, or ``path`` with -2, -3, ... when a file of that name exists already."""
    number = 1
    found = path
    while found.exists():
        number += 1
        found = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return found


class FirstSettlementDialog(ModalScreen[str]):
    """The warning before the first settlement: the agreement changes with it.

    Its result is ``save`` (write the report first, then settle), ``settle`` or ``cancel``.
    """

    DEFAULT_CSS = """
    FirstSettlementDialog { align: center middle; }
    FirstSettlementDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    FirstSettlementDialog .dialog-buttons { height: auto; }
    FirstSettlementDialog Button { margin: 0 1 0 0; min-width: 8; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('save')", "Save report", id="first-settlement-save"),
        Binding("c", "answer('settle')", "Settle", id="first-settlement-settle"),
        Binding("escape", "answer('cancel')", "Cancel", id="first-settlement-cancel"),
    ]

    def __init__(self, agreement: str, path: Path) -> None:
        super().__init__()
        self.agreement, self.path = agreement, path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "[b]This is the first settled disagreement.[/b]\n"
                "Settling changes both coders' codings, so the agreement computed afterwards "
                f"is the figure after consensus. Before consensus it is {self.agreement}: the "
                "figure a thesis reports. It stays available (qualcode agreement "
                f"--before-consensus), but you can save the report now, as {self.path}.",
                id="first-settlement-text",
            )
            with Horizontal(classes="dialog-buttons"):
                # The path is in the text above: a button naming it would not fit 80 columns.
                yield Button("Save report (s)", variant="primary", id="save")
                yield Button("Settle (c)", id="settle")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class DisagreementScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right,j", "next", "Next", id="disagreement-next"),
        Binding("p,left,k", "previous", "Previous", id="disagreement-previous"),
        Binding("a", "decide('a')", "Accept A", id="disagreement-accept-a"),
        Binding("b", "decide('b')", "Accept B", id="disagreement-accept-b"),
        Binding("o", "decide('both')", "Both", id="disagreement-both"),
        Binding("x", "decide('neither')", "Neither", id="disagreement-neither"),
        Binding("escape,q", "close", "Back", id="disagreement-close"),
    ]

    def __init__(self, project: Project, request: AgreementRequest) -> None:
        super().__init__()
        self.project, self.request = project, request
        self.result: AgreementReport | None = None
        self.index = 0
        self.transcript: Transcript | None = None
        self.busy = False
        self.updating = False  # the numbers are being recomputed after a decision
        self.settled_before: int | None = None  # settlements in the project when loaded
        self.saved: Path | None = None  # where the report before consensus was saved

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Comparing the coders…", id="disagreement-title")
        yield Static("", id="disagreement-detail")
        with Horizontal(id="disagreement-sides"):
            with VerticalScroll(classes="disagreement-side"):
                yield Static("", id="side-a")
            with VerticalScroll(classes="disagreement-side"):
                yield Static("", id="side-b")
        yield KeyBar()

    def on_mount(self) -> None:
        a, b = self.request.coders
        self.sub_title = f"Disagreements of {a} and {b}"
        self.load()

    @work(thread=True, exclusive=True, group="disagreements")
    def load(self) -> None:
        try:
            result = self.project.agreement.compare(self.request)
            settled = self.project.agreement.settlements()
        except QualcodeError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        transcript = None
        if result.disagreements:
            index = self._place(result)
            transcript = self.project.documents.transcript(
                result.disagreements[index].disagreement.document
            )
        self.app.call_from_thread(self._loaded, result, transcript, settled)

    def _place(self, result: AgreementReport) -> int:
        """Where to stand in a fresh list: at the passage shown before, or the one after it."""
        if self.result is None or not self.result.disagreements:
            return min(self.index, max(len(result.disagreements) - 1, 0))
        shown = self.result.disagreements[min(self.index, len(self.result.disagreements) - 1)]
        here = _key(shown)
        for number, view in enumerate(result.disagreements):
            if _key(view) >= here:
                return number
        return max(len(result.disagreements) - 1, 0)

    def _failed(self, message: str) -> None:
        self.query_one("#disagreement-title", Static).update(message)
        self.notify(message, severity="error")

    def _loaded(self, result: AgreementReport, transcript: Transcript | None, settled: int) -> None:
        self.settled_before = settled
        if not self.request.documents:
            # Keep comparing the same documents while disagreements are settled, even when
            # settling one leaves a coder without codings in a document.
            documents = result.parameters.get("documents")
            if isinstance(documents, list):
                self.request = replace(self.request, documents=tuple(map(str, documents)))
        self.index = self._place(result)
        self.result, self.updating = result, False
        self.transcript = transcript
        self.show()

    def show(self) -> None:
        result = self.result
        if result is None:
            return
        overall = result.report.overall
        agreed = "-" if overall.percent is None else f"{overall.percent * 100:.1f} %"
        if self.updating:
            agreed = "being recomputed…"
        title = self.query_one("#disagreement-title", Static)
        if not result.disagreements:
            title.update(f"No disagreements left. Agreement now {agreed} ({result.level} level).")
            self.query_one("#disagreement-detail", Static).update("")
            self.query_one("#side-a", Static).update("")
            self.query_one("#side-b", Static).update("")
            return
        view = result.disagreements[self.index]
        d = view.disagreement
        title.update(
            f"Disagreement {self.index + 1} of {len(result.disagreements)} · {d.document} "
            f"{view.position} · {d.code} {view.category_name}   (agreement now {agreed})"
        )
        self.query_one("#disagreement-detail", Static).update(d.detail)
        a, b = result.coders
        self.query_one("#side-a", Static).update(
            self._side(f"A: {a.label}", view, d.a, view.others_a)
        )
        self.query_one("#side-b", Static).update(
            self._side(f"B: {b.label}", view, d.b, view.others_b)
        )

    def _side(
        self,
        heading: str,
        view: DisagreementView,
        spans: tuple[object, ...],
        others: tuple[str, ...],
    ) -> Text:
        """The passage's turns with this coder's codings of the category highlighted."""
        d = view.disagreement
        text = Text()
        text.append(heading + "\n", style="bold")
        coded = "coded (highlighted)" if spans else "not coded here"
        text.append(f"{d.code} {view.category_name}: {coded}\n", style="dim")
        text.append(f"Also coded here: {', '.join(others) or '-'}\n", style="dim")
        text.append("\n")
        transcript = self.transcript
        if transcript is None or transcript.document.name != d.document or d.start is None:
            text.append(view.passage)
            return text
        assert d.end is not None
        turns = [t for t in transcript.turns if t.char_start < d.end and d.start < t.char_end]
        if not turns:
            return text
        for turn in turns:
            label = f"{turn.position} {turn.speaker or ''}".rstrip()
            text.append(f"{label}: ", style="bold dim")
            piece = Text(transcript.text[turn.char_start : turn.char_end])
            for span in spans:
                lo = max(span.start, turn.char_start) - turn.char_start  # type: ignore[attr-defined]
                hi = min(span.end, turn.char_end) - turn.char_start  # type: ignore[attr-defined]
                if hi > lo:
                    piece.stylize("reverse bold", lo, hi)
            text.append_text(piece)
            text.append("\n\n")
        return text

    def action_next(self) -> None:
        if self.result and self.index < len(self.result.disagreements) - 1:
            self.index += 1
            self._reload_transcript()

    def action_previous(self) -> None:
        if self.result and self.index > 0:
            self.index -= 1
            self._reload_transcript()

    def _reload_transcript(self) -> None:
        assert self.result is not None
        document = self.result.disagreements[self.index].disagreement.document
        if self.transcript is not None and self.transcript.document.name == document:
            self.show()
            return
        self.fetch_transcript(document)

    @work(thread=True, exclusive=True, group="disagreement-transcript")
    def fetch_transcript(self, document: str) -> None:
        transcript = self.project.documents.transcript(document)
        self.app.call_from_thread(self._transcript_loaded, transcript)

    def _transcript_loaded(self, transcript: Transcript) -> None:
        self.transcript = transcript
        self.show()

    def action_decide(self, decision: str) -> None:
        if self.busy or self.result is None or not self.result.disagreements:
            return
        view = self.result.disagreements[self.index]
        if view.disagreement.start is None:
            self.notify(
                "Disagreements about whole documents are settled at the segment or unit level.",
                severity="warning",
            )
            return
        if self.settled_before == 0:
            self._warn_first(view, decision)
        else:
            self._ask_reason(view, decision)

    def _warn_first(self, view: DisagreementView, decision: str) -> None:
        """Before the first settlement: say that the agreement changes, offer to save it."""
        assert self.result is not None
        overall = self.result.report.overall
        agreed = "-" if overall.percent is None else f"{overall.percent * 100:.1f} %"
        path = free_name(REPORT_BEFORE_CONSENSUS)

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.save_report(path)
            if answer in ("save", "settle"):
                self._ask_reason(view, decision)

        self.app.push_screen(FirstSettlementDialog(agreed, path), answered)

    @work(thread=True, group="disagreement-save")
    def save_report(self, path: Path) -> None:
        """The report as it stands (before consensus), written as every export is."""
        from qualcode.services.agreement_report import write_report

        assert self.result is not None
        try:
            destination = self.project.exports.destination(path, mkdir=True)
            write_report(self.result, destination, "docx")
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.saved = path
        self.app.call_from_thread(self.notify, f"Saved the report before consensus: {path}")

    def _ask_reason(self, view: DisagreementView, decision: str) -> None:
        assert self.result is not None
        a, b = (c.label for c in self.result.coders)
        wording = _DECISIONS[decision].format(a=a, b=b)

        def answered(answers: object) -> None:
            if isinstance(answers, dict):
                self.busy = True
                self.settle(view, decision, answers["reason"])

        self.app.push_screen(
            AskDialog(
                f"Settle {view.disagreement.code} in {view.disagreement.document} "
                f"{view.position}: {wording}",
                [Field("reason", "Why? (goes into the audit trail)")],
            ),
            answered,
        )

    @work(thread=True, group="disagreement-settle")
    def settle(self, view: DisagreementView, decision: str, reason: str) -> None:
        try:
            done = self.project.disagreements.resolve(
                self.request.coders, view, decision, reason=reason
            )
        except QualcodeError as exc:
            self.busy = False
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._settled, view, done.removed, done.added)

    def _settled(self, view: DisagreementView, removed: int, added: int) -> None:
        """Move on at once; the numbers are recomputed behind (seconds in a large project)."""
        assert self.result is not None
        left = tuple(v for v in self.result.disagreements if v is not view)
        self.result = replace(self.result, disagreements=left)
        self.index = min(self.index, max(len(left) - 1, 0))
        self.busy, self.updating = False, True
        self.settled_before = (self.settled_before or 0) + 1
        self.notify(f"Settled: {counted(removed, 'coding')} removed, {added} added.")
        if left:
            self._reload_transcript()
        else:
            self.show()
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
