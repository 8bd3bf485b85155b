"""Searching the whole project: every hit in its context, a jump to it, coding from the list.

The same search as ``qualcode search``: type the query, switch lemma, parts, whole words,
regular expressions and "uncoded only" with ctrl keys, narrow it with filters written as on the
command line (``category=K2 speaker=respondent doc=B01 Branche=Logistik``). The index is built
in a worker when the project has documents it does not cover yet, with its progress shown;
searching waits for it, the screen does not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from qualcode.domain.codebook import Codebook
from qualcode.domain.errors import QualcodeError
from qualcode.domain.plurals import counted
from qualcode.domain.search import SearchHit, SearchQuery, trim_left, trim_right
from qualcode.services.project import Project
from qualcode.tui.screens.retrieval import Jump
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList

#: The switches of the query, each with its key and its word in the options line.
SWITCHES = (
    ("lemma", "ctrl+l", "lemma"),
    ("parts", "ctrl+t", "parts"),
    ("whole_word", "ctrl+o", "whole word"),
    ("regex", "ctrl+r", "regex"),
    ("uncoded", "ctrl+n", "uncoded"),
)
#: Hits shown at once while a search with many goes on.
FIRST_SCREEN = 200


def parse_filters(text: str) -> dict[str, object]:
    """``category=K2 speaker=respondent doc=B01 KEY=VALUE`` as the query's fields."""
    fields: dict[str, object] = {"documents": (), "attributes": ()}
    for word in text.split():
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise ValueError(f"a filter is name=value, not {word!r}")
        if key == "category":
            fields["category"] = value
        elif key == "speaker":
            fields["speaker"] = value
        elif key == "doc":
            fields["documents"] = (*fields["documents"], value)  # type: ignore[misc]
        else:
            fields["attributes"] = (*fields["attributes"], (key, value))  # type: ignore[misc]
    return fields


class SearchScreen(Screen[Jump | None]):
    """The project search; its result is the hit to jump to (None: back where it was)."""

    AUTO_FOCUS = "#search-query"
    DEFAULT_CSS = """
    SearchScreen #search-switches, SearchScreen #search-status {
        color: $text-muted;
        padding: 0 1;
        height: 1;
    }
    SearchScreen #search-hits {
        height: 1fr;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="search-close"),
        # In the fields a letter is typed, so c and C show only in the hits: ↓ leads there. With
        # priority, as the field binds ↓ itself (to scroll); in the list ↓ moves its cursor.
        Binding(
            "down", "to_hits", "To the hits", key_display="↓", priority=True, id="search-to-hits"
        ),
        Binding("enter", "jump", "Go to hit", id="search-jump"),
        Binding("c", "code_hit", "Code hit", id="search-code-hit"),
        Binding("C", "code_all", "Code all", id="search-code-all"),
        *[
            Binding(key, f"switch('{name}')", label.capitalize(), id=f"search-{name}")
            for name, key, label in SWITCHES
        ],
    ]

    def __init__(
        self,
        project: Project,
        book: Codebook | None,
        write: Callable[[Callable[[], object], str], None],
        query: str = "",
    ) -> None:
        super().__init__()
        self.project, self.book, self._write = project, book, write
        self.switches = dict.fromkeys((name for name, _key, _label in SWITCHES), False)
        self.hits: list[SearchHit] = []
        self._initial = query
        self._generation = 0
        self._indexing = False
        self._picking = False
        self._shown = -1  # the search whose hits the list shows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self._initial, placeholder="Search the project for…", id="search-query")
        yield Input(
            placeholder="filters: category=K2 speaker=respondent doc=B01 Branche=Logistik",
            id="search-filters",
        )
        yield Static(self._switches_line(), id="search-switches")
        yield RowList(
            ("Document", "Pos.", "Codes", "Hit in context"),
            widest=(12, None, 12, None),
            fill_last=True,
            id="search-hits",
        )
        yield Static("", id="search-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.build_index()

    # --- the index ----------------------------------------------------------------------

    @work(thread=True, group="search-index")
    def build_index(self) -> None:
        """Index what the index does not cover yet, showing how far it has got."""
        service = self.project.search
        state = service.index_state()
        if state.pending:
            self._indexing = True
            self.app.call_from_thread(
                self._status, f"Indexing {counted(state.pending, 'document')} for search…"
            )

            def progress(done: int, total: int) -> None:
                share = 100 * done // max(total, 1)
                self.app.call_from_thread(self._status, f"Indexing for search… {share} %")

            try:
                service.build_index(progress)
            finally:
                self._indexing = False
        self.app.call_from_thread(self.search)

    # --- searching ----------------------------------------------------------------------

    def _switches_line(self) -> str:
        parts = [
            f"{'■' if self.switches[name] else '□'} {label} {key.replace('ctrl+', '^')}"
            for name, key, label in SWITCHES
        ]
        return "  ".join(parts)

    def action_switch(self, name: str) -> None:
        self.switches[name] = not self.switches[name]
        self.query_one("#search-switches", Static).update(self._switches_line())
        self.search()

    @on(Input.Changed)
    def _typed(self) -> None:
        self.search()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_to_hits()

    def action_to_hits(self) -> None:
        """From the query or the filters into the hits, where enter, c and C work."""
        table = self.query_one(RowList)
        if self.hits and not table.has_focus:
            table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """↓ leads into the hits from a field (in the list it moves the cursor)."""
        if action == "to_hits":
            return isinstance(self.focused, Input)
        return True

    def query_now(self) -> SearchQuery | None:
        """The query the screen's fields say; None (with the reason shown) when incomplete."""
        text = self.query_one("#search-query", Input).value
        if not text.strip():
            return None
        try:
            filters = parse_filters(self.query_one("#search-filters", Input).value)
            return SearchQuery(text, **self.switches, **filters)  # type: ignore[arg-type]
        except (ValueError, QualcodeError) as error:
            self._status(str(error))
            return None

    def search(self) -> None:
        """Search again with what the fields say (in a worker; a newer search wins)."""
        self._generation += 1
        query = self.query_now()
        if query is None:
            self._show([], self._generation, None)
            return
        if self._indexing:
            return  # the index worker searches when it is done
        self._status("Searching…")
        self.run_search(query, self._generation)

    @work(thread=True, group="search")
    def run_search(self, query: SearchQuery, generation: int) -> None:
        found: list[SearchHit] = []
        try:
            for hit in self.project.search.search(query):
                found.append(hit)
                if len(found) == FIRST_SCREEN:  # the first screenful while the rest is read
                    self.app.call_from_thread(self._show, list(found), generation, None, True)
        except QualcodeError as error:
            if generation == self._generation:
                self.app.call_from_thread(self._status, str(error))
            return
        self.app.call_from_thread(self._show, found, generation, query)

    def _show(
        self,
        hits: list[SearchHit],
        generation: int,
        query: SearchQuery | None,
        partial: bool = False,
    ) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self.hits = hits
        table = self.query_one(RowList)
        first = generation != self._shown
        width = max(self.size.width - 36, 30)
        left = width * 2 // 5
        table.set_rows(
            [
                (
                    hit.document,
                    str(hit.position),
                    ", ".join(hit.categories),
                    trim_left(hit.left, left).rjust(left)
                    + hit.match
                    + trim_right(hit.right, max(width - left - len(hit.match), 4)),
                )
                for hit in hits
            ],
            cursor=0 if first else None,  # kept while a search fills up
        )
        self._shown = generation
        if partial:
            self._status(f"{counted(len(hits), 'hit')} so far, searching on…")
            return
        if query is None:
            self._status("Type a word, a phrase or a pattern.")
            return
        documents = len({hit.document for hit in hits})
        self._status(
            f"{counted(len(hits), 'hit')} in {counted(documents, 'document')}"
            if hits
            else "No hits."
        )

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(text)

    # --- going there and coding ---------------------------------------------------------

    def _current(self) -> SearchHit | None:
        if not self.hits:
            return None
        return self.hits[min(self.query_one(RowList).cursor_row, len(self.hits) - 1)]

    def action_jump(self) -> None:
        if self._picking:
            return  # the picker's own enter, seen again once the picker has closed
        hit = self._current()
        if hit is not None:
            self.dismiss(Jump(hit.document, hit.start, hit.end))

    @on(RowList.Selected)
    def _row_selected(self) -> None:
        self.action_jump()

    def action_code_hit(self) -> None:
        hit = self._current()
        if hit is not None:
            self._pick([hit], f"Code „{hit.match}“ ({hit.document}, Pos. {hit.position}) with…")

    def action_code_all(self) -> None:
        from qualcode.tui.screens.confirm import ConfirmDialog

        hits = list(self.hits)
        if not hits:
            return
        documents = len({hit.document for hit in hits})
        question = f"Code all {counted(len(hits), 'hit')} in {counted(documents, 'document')}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._pick(hits, f"Code all {counted(len(hits), 'hit')} with…")

        self.app.push_screen(
            ConfirmDialog(
                question,
                "Each becomes a coding of the hit's words, in the audit trail like any other; "
                "hits coded with the category already are left as they are.",
                yes="Choose the category",
                no="Cancel",
            ),
            answered,
        )

    def _pick(self, hits: list[SearchHit], title: str) -> None:
        from qualcode.tui.screens.category_picker import CategoryPicker

        if self.book is None or not len(self.book):
            self.notify("The project has no codebook yet.", severity="warning")
            return

        app = self.app

        def chosen(code: str | None) -> None:
            self.call_after_refresh(self._picked)
            if code is None:
                return
            self._write(
                lambda: self._code(app, hits, code),
                f"Coded {counted(len(hits), 'hit')} with {code}",
            )

        self._picking = True
        self.app.push_screen(CategoryPicker(self.book, title), chosen)

    def _picked(self) -> None:
        self._picking = False

    def _code(self, app: App[object], hits: list[SearchHit], code: str) -> int:
        """In the coding screen's write worker: code, then show the hits with their codes."""
        made = self.project.search.code_hits(hits, code)
        if self.is_attached:
            app.call_from_thread(self.search)
        return made

    def action_close(self) -> None:
        self.dismiss(None)
