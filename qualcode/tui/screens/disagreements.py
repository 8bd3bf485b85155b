"""Walking through two coders' disagreements and settling each one, with a reason.

Mayring's feedback loop: the coefficient matters less than the passages behind it. Each
disagreement shows the passage (the whole turns around it) twice, side by side, with each
coder's coding of the category highlighted, and is settled as A did, as B did, both (one
coding spanning both), or neither. Every decision goes into the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.plurals import counted
from qualcode.domain.transcript import Transcript
from qualcode.services.agreement import AgreementReport, AgreementRequest, DisagreementView
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
        except QualcodeError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        transcript = None
        if result.disagreements:
            index = self._place(result)
            transcript = self.project.documents.transcript(
                result.disagreements[index].disagreement.document
            )
        self.app.call_from_thread(self._loaded, result, transcript)

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

    def _loaded(self, result: AgreementReport, transcript: Transcript | None) -> None:
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
        self.notify(f"Settled: {counted(removed, 'coding')} removed, {added} added.")
        if left:
            self._reload_transcript()
        else:
            self.show()
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
