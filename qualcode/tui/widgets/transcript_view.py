"""The transcript: numbered turns, speakers, times, coded passages in their colours.

A Line API widget (Toolong's LogLines is the model): the text is wrapped once per width into
visual lines, and only the lines on screen are drawn, so a 10,000-turn transcript paints as fast
as a short one. The widget owns the cursor and the selection (by turn, by sentence, or any span
with the mouse); what to do with a selection is the screen's business.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualcode.domain.coding import Coding
from qualcode.domain.sentences import sentence_spans
from qualcode.domain.timecode import format_seconds
from qualcode.domain.transcript import Transcript
from qualcode.tui.widgets.transcript_layout import Lines, column_to_offset, layout

MARK_COLUMNS = 3
CONTEXT_LINES = 2  # lines kept in view above the passage when the view scrolls to it


@dataclass(frozen=True, slots=True)
class Unit:
    """What the cursor steps over: a whole turn, or one sentence of a turn."""

    start: int
    end: int
    turn: int  # index into the transcript's turns


class Units:
    """The units of a transcript as three lists of numbers.

    Ten thousand turns as ten thousand objects set off garbage-collector passes over them (and
    over the whole app) while a big transcript opens; three lists are three objects to it.
    """

    __slots__ = ("end", "start", "turn")

    def __init__(self, start: list[int], end: list[int], turn: list[int]) -> None:
        self.start, self.end, self.turn = start, end, turn

    def __len__(self) -> int:
        return len(self.start)

    def __getitem__(self, index: int) -> Unit:
        return Unit(self.start[index], self.end[index], self.turn[index])


class TranscriptView(ScrollView, can_focus=True):
    """A transcript with a cursor, a selection and its codings highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous", show=False, id="cursor-up"),
        Binding("down,j", "cursor_down", "Next", show=False, id="cursor-down"),
        Binding("shift+up", "extend_up", "Extend up", show=False, id="extend-up"),
        Binding("shift+down", "extend_down", "Extend down", show=False, id="extend-down"),
        Binding("v", "toggle_sentences", "Sentences", id="toggle-sentences"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("home", "first", "First turn", show=False, id="first-turn"),
        Binding("end", "last", "Last turn", show=False, id="last-turn"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="clear-selection"),
    ]

    sentence_mode: reactive[bool] = reactive(False)

    @dataclass
    class SelectionChanged(Message):
        """The selection moved: its span and the codings under the cursor."""

        view: TranscriptView
        start: int
        end: int
        codings: list[Coding]

        @property
        def control(self) -> TranscriptView:
            return self.view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.transcript: Transcript | None = None
        self._placeholder = ""  # what the empty view says (the screen knows why it is empty)
        self.codings: list[Coding] = []
        self.colours: dict[str, str] = {}
        self.search: str = ""
        self._lines = Lines()
        self._first_line: list[int] = []  # first visual line of each turn
        self._turn_starts: list[int] = []
        self._by_turn: dict[int, list[Coding]] = {}  # turns with codings only
        self._units = Units([], [], [])
        self._cursor = 0
        self._anchor: int | None = None
        self._mouse: tuple[int, int] | None = None  # a span chosen with the mouse
        self._dragging = False
        self._layout_width = 0
        self._timed = False  # whether the transcript has time marks (a column in the gutter)
        self._cache: dict[int, Strip] = {}
        self._palette: tuple[Style, Style, Color] | None = None  # base, muted, background
        self._tints: dict[str, Style] = {}  # coded text's style by colour (for this palette)

    # ----- data -------------------------------------------------------------------------

    def show(self, transcript: Transcript, codings: list[Coding], colours: dict[str, str]) -> None:
        """Show a transcript (or the same one with new codings), keeping the cursor if it can."""
        same = self.transcript is not None and self.transcript.document.id == transcript.document.id
        self.transcript = transcript
        self.colours = colours
        self._turn_starts = [t.char_start for t in transcript.turns]
        self._timed = any(t.start is not None for t in transcript.turns)
        self.set_codings(codings, keep_cursor=same)
        if not same:
            self._cursor, self._anchor, self._mouse = 0, None, None
            self._layout_width = 0
            self.scroll_to(0, 0, animate=False)
        self._build_units()
        self._relayout()

    def set_codings(self, codings: list[Coding], *, keep_cursor: bool = True) -> None:
        self.codings = sorted(codings, key=lambda c: (c.start, c.end, c.id))
        self._by_turn = {}
        turns = len(self._turn_starts)
        for coding in self.codings:
            first = max(bisect_right(self._turn_starts, coding.start) - 1, 0)
            last = max(bisect_right(self._turn_starts, coding.end - 1) - 1, first)
            for index in range(first, min(last + 1, turns)):
                self._by_turn.setdefault(index, []).append(coding)
        self._changed()

    def _build_units(self) -> None:
        transcript = self.transcript
        if transcript is None:
            self._units = Units([], [], [])
            return
        turns = transcript.turns
        if not self.sentence_mode:
            self._units = Units(
                [t.char_start for t in turns], [t.char_end for t in turns], list(range(len(turns)))
            )
        else:
            starts: list[int] = []
            ends: list[int] = []
            owners: list[int] = []
            for index, turn in enumerate(turns):
                spans = sentence_spans(transcript.text[turn.char_start : turn.char_end])
                for first, last in spans or [(0, turn.char_end - turn.char_start)]:
                    starts.append(turn.char_start + first)
                    ends.append(turn.char_start + last)
                    owners.append(index)
            self._units = Units(starts, ends, owners)
        self._cursor = min(self._cursor, max(len(self._units) - 1, 0))

    def _relayout(self) -> None:
        transcript = self.transcript
        width = self.size.width or 80
        # Wrap for the width that is left once the vertical scrollbar shows.
        text_width = max(width - self.gutter_width - self.styles.scrollbar_size_vertical, 8)
        self._lines, self._first_line = Lines(), []
        if transcript is not None:
            self._lines, self._first_line = layout(transcript, text_width)
        self._layout_width = width
        # As wide as the wrapped text: no horizontal scrollbar taking a line for nothing.
        self.virtual_size = Size(self.gutter_width + text_width, len(self._lines))
        self._changed()

    @property
    def placeholder(self) -> str:
        """What the view says while no transcript is open."""
        return self._placeholder

    @placeholder.setter
    def placeholder(self, text: str) -> None:
        if text != self._placeholder:
            self._placeholder = text
            self._changed()

    def _changed(self) -> None:
        self._cache.clear()
        self.refresh()

    @property
    def gutter_width(self) -> int:
        return 6 + 5 + (9 if self._timed else 0) + MARK_COLUMNS + 1

    def on_resize(self, _event: events.Resize) -> None:
        if self.transcript is None:
            self._changed()  # the placeholder wraps for the new width
            return
        if self.size.width != self._layout_width:
            self._relayout()
        # Shorter (the search field opened) or re-wrapped: the passage stays in view.
        self.call_after_refresh(self.reveal_selection)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The first paint comes before the first Resize event: wrap for the real width now,
        # not for the guess made before there was a size, which a second paint would re-wrap
        # a moment after the transcript first shows.
        if self.transcript is not None and self.size.width != self._layout_width:
            self._relayout()
        return super().render_lines(crop)

    # ----- selection --------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span (character offsets), or None when there is nothing to select."""
        if self._mouse is not None:
            return self._mouse
        if not self._units:
            return None
        low, high = sorted((self._cursor, self._cursor if self._anchor is None else self._anchor))
        return self._units.start[low], self._units.end[high]

    @property
    def cursor_turn(self) -> int | None:
        """The Pos. of the turn under the cursor."""
        if self.transcript is None or not self._units:
            return None
        return self.transcript.turns[self._units.turn[self._cursor]].position

    @property
    def selected_turns(self) -> tuple[int | None, int | None]:
        """The Pos. of the first and the last turn the selection touches (the same for one)."""
        span = self.selection
        if self.transcript is None or span is None:
            return None, None
        turns = self.transcript.turns
        first = max(bisect_right(self._turn_starts, span[0]) - 1, 0)
        last = max(bisect_right(self._turn_starts, max(span[1] - 1, span[0])) - 1, first)
        return turns[first].position, turns[last].position

    def codings_at_cursor(self) -> list[Coding]:
        """Codings that overlap the selection, most recent first."""
        span = self.selection
        if span is None:
            return []
        start, end = span
        found = [c for c in self.codings if c.start < end and start < c.end]
        return sorted(found, key=lambda c: c.created, reverse=True)

    def highlight(self, text: str) -> None:
        """Mark every occurrence of ``text`` (case-insensitive); empty clears the marks."""
        self.search = text
        self._changed()

    def find_next(self, text: str) -> bool:
        """Select the next occurrence of ``text`` after the selection, from the top past the
        end; whether there is one. A case-insensitive pattern keeps offsets exact ("ß" would
        casefold to "ss")."""
        if self.transcript is None or not text:
            return False
        pattern = re.compile(re.escape(text), re.IGNORECASE)
        after = self.selection[1] if self.selection else 0
        found = pattern.search(self.transcript.text, after) or pattern.search(self.transcript.text)
        if found is not None:
            self.select_span(found.start(), found.end())
        return found is not None

    def select_span(self, start: int, end: int) -> None:
        """Select any span (a search hit, a jump from retrieval), moving the cursor there."""
        if self.transcript is None:
            return
        self._mouse = (start, end)
        self._anchor = None
        index = bisect_right(self._units.start, start) - 1
        self._cursor = max(index, 0)
        self._after_move()

    def _move(self, delta: int, *, extend: bool) -> None:
        if not self._units:
            return
        if extend and self._anchor is None:
            self._anchor = self._cursor
        if not extend:
            self._anchor = None
        self._mouse = None
        self._cursor = min(max(self._cursor + delta, 0), len(self._units) - 1)
        self._after_move()

    def _after_move(self) -> None:
        self.reveal_selection()
        self._changed()
        span = self.selection
        if span is not None:
            self.post_message(
                self.SelectionChanged(self, span[0], span[1], self.codings_at_cursor())
            )

    def reveal_selection(self, rows: int | None = None) -> None:
        """Scroll so that the passage being coded is in view within the first ``rows`` rows
        (all of the view when None): the whole selection if it fits, else the whole unit under
        the cursor, else as much of it as fits from its start; with lines of context above."""
        if not self._units or not self._lines:
            return
        height = max(rows or self.scrollable_content_region.height or self.size.height or 1, 1)
        unit = self._units[self._cursor]
        span = self.selection or (unit.start, unit.end)
        first, last = self.visual_lines(*span)
        if last - first + 1 > height:  # the selection does not fit: the unit the cursor is on
            first, last = self.visual_lines(unit.start, unit.end)
        self.scroll_to_lines(first, last, height)

    def visual_lines(self, start: int, end: int) -> tuple[int, int]:
        """The first and last visual line of a span."""
        return self._line_of_offset(start), self._line_of_offset(max(end - 1, start))

    def scroll_to_lines(self, first: int, last: int, height: int | None = None) -> None:
        """Bring visual lines ``first``..``last`` into view with scrolling as little as possible,
        keeping up to two lines above them (the end of the turn before) when it has to scroll.
        Lines that do not all fit show from ``first``."""
        height = height or self.scrollable_content_region.height or self.size.height or 1
        top = int(self.scroll_y)
        context = min(CONTEXT_LINES, max(height - (last - first + 1), 0))
        if last - first + 1 > height:
            target = first
        elif first - context < top:
            target = first - context
        elif last >= top + height:
            target = last - height + 1
        else:
            return
        self.scroll_to(y=max(target, 0), animate=False)

    def _line_of_offset(self, offset: int) -> int:
        if not self._lines:
            return 0
        turn = max(bisect_right(self._turn_starts, offset) - 1, 0)
        line = self._first_line[turn]
        lines = self._lines
        while (
            line + 1 < len(lines)
            and lines.turn[line + 1] == turn
            and lines.start[line + 1] <= offset
        ):
            line += 1
        return line

    def action_cursor_up(self) -> None:
        self._move(-1, extend=False)

    def action_cursor_down(self) -> None:
        self._move(1, extend=False)

    def action_extend_up(self) -> None:
        self._move(-1, extend=True)

    def action_extend_down(self) -> None:
        self._move(1, extend=True)

    def action_page_up(self) -> None:
        self._move(-max(self.size.height // 3, 1), extend=False)

    def action_page_down(self) -> None:
        self._move(max(self.size.height // 3, 1), extend=False)

    def action_first(self) -> None:
        self._move(-len(self._units), extend=False)

    def action_last(self) -> None:
        self._move(len(self._units), extend=False)

    def action_clear_selection(self) -> None:
        self._anchor, self._mouse = None, None
        self._after_move()

    def action_toggle_sentences(self) -> None:
        self.sentence_mode = not self.sentence_mode

    def watch_sentence_mode(self, _old: bool, _new: bool) -> None:
        span = self.selection
        self._anchor, self._mouse = None, None
        self._build_units()
        if span is not None and self._units:
            self._cursor = max(bisect_right(self._units.start, span[0]) - 1, 0)
        self._after_move()

    # ----- mouse -------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or not self._lines:
            return None
        line = min(offset.y + int(self.scroll_y), len(self._lines) - 1)
        _, start, end = self._lines[line]
        assert self.transcript is not None  # there are lines
        column = max(offset.x - self.gutter_width, 0)
        return column_to_offset(self.transcript.text, start, end, column)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        at = self._offset_at(event)
        if at is None:
            return
        self._dragging = True
        self._press = at
        self.capture_mouse()
        self.focus()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        at = self._offset_at(event)
        if at is not None and at != self._press:
            low, high = sorted((self._press, at))
            self._mouse = (low, high)
            self._changed()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        at = self._offset_at(event)
        if at is not None and at != self._press:
            low, high = sorted((self._press, at))
            self.select_span(low, high)
        else:  # a click: put the cursor on that turn (or sentence)
            self._cursor = max(bisect_right(self._units.start, self._press) - 1, 0)
            self._anchor, self._mouse = None, None
            self._after_move()

    # ----- drawing ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None  # focus tints the background: draw again
        self._tints.clear()
        self._cache.clear()

    @property
    def palette(self) -> tuple[Style, Style, Color]:
        """The widget's style, the muted gutter style and the background colour, worked out
        once per style change (each costs a walk up the DOM; a paint asks for every line)."""
        if self._palette is None:
            background = self.background_colors[1]
            muted = Style(color=(background.get_contrast_text(0.55)).rich_color)
            self._palette = (self.rich_style, muted, background)
        return self._palette

    def _tint(self, colour: str, background: Color) -> Style:
        """The style of text coded in ``colour``: the colour faded into the background."""
        style = self._tints.get(colour)
        if style is None:
            tint = Color.parse(colour).blend(background, 0.55)
            style = Style(bgcolor=tint.rich_color, color=tint.get_contrast_text().rich_color)
            self._tints[colour] = style
        return style

    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_y) + y
        strip = self._cache.get(line)
        if strip is None:
            strip = self._draw(line)
            self._cache[line] = strip
        return strip.crop_extend(0, self.size.width, self.palette[0])

    def _draw(self, line: int) -> Strip:
        transcript = self.transcript
        base, muted, background = self.palette
        if transcript is None and self._placeholder:
            wrapped = textwrap.wrap(self._placeholder, max(self.size.width - 4, 16))
            if 1 <= line <= len(wrapped):
                return Strip([Segment("  " + wrapped[line - 1], base + muted)])
        if transcript is None or line >= len(self._lines):
            return Strip.blank(self.size.width, base)
        index, start, end = self._lines[line]
        turn = transcript.turns[index]
        cursor_here = bool(self._units) and self._units.turn[self._cursor] == index
        segments: list[Segment] = []
        first = line == self._first_line[index]
        pointer = "▶" if cursor_here and first else " "
        position = f"{turn.position:>4}" if first else "    "
        speaker = f"{(turn.speaker or '')[:4]:<4}" if first else "    "
        segments.append(Segment(f"{pointer}{position} ", base + muted))
        segments.append(Segment(f"{speaker} ", base + Style(bold=True)))
        if self.gutter_width > 6 + 5 + MARK_COLUMNS + 1:
            time = format_seconds(turn.start) if first else ""
            segments.append(Segment(f"{time:>8} ", base + muted))
        here = [c for c in self._by_turn.get(index, ()) if c.start < end and start < c.end]
        marks = []
        for coding in here:
            colour = self.colours.get(coding.category)
            if colour and colour not in marks:
                marks.append(colour)
        for i in range(MARK_COLUMNS):
            if i < len(marks):
                segments.append(Segment("▌", Style(color=marks[i])))
            else:
                segments.append(Segment(" ", base))
        segments.append(Segment(" ", base))
        segments.extend(self._text_segments(transcript.text, start, end, here, background))
        return Strip(segments)

    def _text_segments(
        self, text: str, start: int, end: int, here: list[Coding], background: Color
    ) -> list[Segment]:
        """The text of one visual line, cut where codings, selection and search hits change."""
        base = self.palette[0]
        cuts = {start, end}
        for coding in here:
            cuts.update(p for p in (coding.start, coding.end) if start < p < end)
        selection = self.selection
        if selection is not None:
            cuts.update(p for p in selection if start < p < end)
        hits: list[tuple[int, int]] = []
        if self.search:
            pattern = re.compile(re.escape(self.search), re.IGNORECASE)
            for match in pattern.finditer(text, start, end):
                hits.append((match.start(), match.end()))
                cuts.update(p for p in hits[-1] if start < p < end)
        points = sorted(cuts)
        segments = []
        for a, b in zip(points, points[1:], strict=False):
            style = base
            covering = [c for c in here if c.start <= a and b <= c.end]
            if covering:
                style += self._tint(self.colours.get(covering[-1].category, "#888888"), background)
            if selection is not None and selection[0] <= a and b <= selection[1]:
                style += Style(reverse=True)
            if any(h0 <= a and b <= h1 for h0, h1 in hits):
                style += Style(bgcolor="yellow", color="black")
            segments.append(Segment(text[a:b], style))
        return segments
