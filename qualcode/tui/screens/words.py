"""Word frequencies and keyness in the workbench: what the transcripts talk about.

The counting loads the language tables and reads every transcript, so it runs in a worker and
the screen says so meanwhile. ``g`` cycles the grouping (whole project, document, category,
speaker role, each case attribute), ``l`` switches lemmas and word forms, ``k`` compares the
highlighted row's group with all the others (keyness), ``s`` puts the highlighted word on the
project's stop list.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from qualcode.domain.errors import QualcodeError
from qualcode.services.project import Project
from qualcode.services.words import KeynessTable, WordTable
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList

TOP = 30  # words per group
_FREQUENCY_HEADINGS = ("Group", "Word", "Count", "per 1,000", "Docs")
_KEYNESS_HEADINGS = ("Word", "A", "B", "G2", "%DIFF", "log ratio", "p")


class WordsScreen(Screen[None]):
    DEFAULT_CSS = """
    WordsScreen #words-title { text-style: bold; padding: 0 1; }
    WordsScreen #words-table { height: 1fr; }
    WordsScreen #words-note { height: auto; color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="words-close"),
        Binding("g", "grouping", "Group by", id="words-grouping"),
        Binding("l", "lemma", "Lemmas/forms", id="words-lemma"),
        Binding("k", "keyness", "Keyness", id="words-keyness"),
        Binding("s", "stop", "Stop word", id="words-stop"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.groupings = ["all", "document", "category", "speaker"]
        self.by = "all"
        self.lemma = True
        self.table: WordTable | None = None
        self.keyness: KeynessTable | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="words-title")
        yield RowList(_FREQUENCY_HEADINGS, widest=(18, 28, None, None, None), id="words-table")
        yield Static("", id="words-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load_groupings()
        self.load()

    @work(thread=True, group="words-groupings")
    def load_groupings(self) -> None:
        keys = sorted({k for d in self.project.documents.all() for k in d.attributes})
        self.app.call_from_thread(self.groupings.extend, [f"attr:{k}" for k in keys])

    def _waiting(self, what: str) -> None:
        self.query_one("#words-title", Static).update(f"{what} …")
        self.query_one("#words-note", Static).update(
            "Counting words (the first time loads the language tables, about a second)."
        )

    @work(thread=True, exclusive=True, group="words")
    def load(self) -> None:
        self.app.call_from_thread(self._waiting, self._describe())
        try:
            table = self.project.words.frequencies(by=self.by, lemma=self.lemma, top=TOP)
        except QualcodeError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._loaded, table)

    def _describe(self) -> str:
        counted = "lemmas" if self.lemma else "word forms"
        where = "of the whole project" if self.by == "all" else f"per {self.by}"
        return f"Words {where}, as {counted}, without stop words"

    def _failed(self, message: str) -> None:
        self.query_one("#words-title", Static).update(self._describe())
        self.query_one("#words-note", Static).update(message)
        self.query_one(RowList).set_rows([], cursor=0)

    def _loaded(self, table: WordTable) -> None:
        self.table, self.keyness = table, None
        grid = self.query_one(RowList)
        grid.set_rows(
            [
                (r.group, r.word, str(r.count), f"{r.per_thousand:.1f}", str(r.documents))
                for r in table.rows
            ],
            cursor=0,
            headings=_FREQUENCY_HEADINGS,
        )
        self.query_one("#words-title", Static).update(self._describe())
        sizes = ", ".join(f"{g}: {n:,}" for g, n in sorted(table.sizes.items())[:6])
        more = " …" if len(table.sizes) > 6 else ""
        self.query_one("#words-note", Static).update(
            f"Words counted: {sizes}{more}. g group · l lemmas/forms · k keyness · s stop word"
        )
        grid.focus()

    def action_grouping(self) -> None:
        index = self.groupings.index(self.by) if self.by in self.groupings else -1
        self.by = self.groupings[(index + 1) % len(self.groupings)]
        self.load()

    def action_lemma(self) -> None:
        self.lemma = not self.lemma
        self.load()

    def _highlighted(self) -> tuple[str, str] | None:
        """(group, word) of the highlighted row of the frequencies."""
        grid = self.query_one(RowList)
        if self.table is None or self.keyness is not None or not grid.row_count:
            return None
        row = self.table.rows[grid.cursor_row]
        return row.group, row.word

    def action_keyness(self) -> None:
        if self.keyness is not None:  # back to the frequencies
            self.load()
            return
        found = self._highlighted()
        if self.by == "all" or found is None:
            self.notify("Group the words first (g), then choose a row of a group.")
            return
        self.load_keyness(found[0])

    @work(thread=True, exclusive=True, group="words")
    def load_keyness(self, group: str) -> None:
        self.app.call_from_thread(self._waiting, f"Keyness of {group} against the rest")
        try:
            found = self.project.words.keyness(group, "rest", by=self.by, lemma=self.lemma)
        except QualcodeError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._keyness_loaded, found)

    def _keyness_loaded(self, found: KeynessTable) -> None:
        self.keyness = found
        grid = self.query_one(RowList)
        grid.set_rows(
            [
                (
                    r.word,
                    str(r.a),
                    str(r.b),
                    f"{r.g2:.1f}",
                    f"{r.percent_diff:+.0f}%",
                    f"{r.log_ratio:+.2f}",
                    r.significance or "n.s.",
                )
                for r in found.rows[:200]
            ],
            cursor=0,
            headings=_KEYNESS_HEADINGS,
        )
        self.query_one("#words-title", Static).update(
            f"Keyness: A = {found.group_a} ({found.size_a:,} words), "
            f"B = the rest ({found.size_b:,} words)"
        )
        self.query_one("#words-note", Static).update(
            "Log-likelihood G2 (Rayson & Garside): 3.84 p<0.05, 6.63 p<0.01, 10.83 p<0.001. "
            "k back to the frequencies"
        )
        grid.focus()

    def action_stop(self) -> None:
        found = self._highlighted()
        if found is None:
            return
        self.add_stop_word(found[1])

    @work(thread=True, group="words-stop")
    def add_stop_word(self, word: str) -> None:
        try:
            self.project.words.change_stop_list(add=[word])
        except QualcodeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"{word} is now a stop word of the project.")
        self.app.call_from_thread(self.load)

    @on(RowList.Selected)
    def _row_selected(self) -> None:
        self.action_keyness()

    def action_close(self) -> None:
        self.dismiss(None)
