"""Quotes for a thesis, with the citation the author chose, and the coding guideline table.

German theses cite interview passages as „…“ (B3, Pos. 12–14), (B3, Z. 45–47) or
(B3, 00:12:31) and mark omissions with […] (method notes §3.4). The citation is a template so an
author uses one form consistently; the passage is cut from the transcript, so its Pos. range and
time are those of the turns it came from. The Kodierleitfaden (§1.6, §3.2) lives here too: its
anchor examples are quotes with a source, printed in the same typography.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.analysis.frequencies import SEGMENTS, Rows, cases_header, row_categories
from qualcode.domain.codebook import Anchor, Category, Codebook
from qualcode.domain.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.domain.coding import Coding
    from qualcode.domain.transcript import Transcript, Turn

POSITION_TEMPLATE = "({doc}, Pos. {pos})"
LINE_TEMPLATE = "({doc}, Z. {line})"
TIME_TEMPLATE = "({doc}, {time})"
CITATION_STYLES = {"pos": POSITION_TEMPLATE, "line": LINE_TEMPLATE, "time": TIME_TEMPLATE}
FIELDS = ("doc", "pos", "pos_start", "pos_end", "line", "line_start", "line_end", "time")
OMISSION = "[…]"
RANGE_DASH = "–"
TURN_BREAK = " / "

QUOTE = "Zitat"
SOURCE = "Beleg"


def citation_template(value: str) -> str:
    """A template from a style name (pos, line, time) or a template of its own, checked.

    Placeholders: {doc}; {pos} (a Pos. range such as 4–6), {pos_start}, {pos_end}; {line},
    {line_start}, {line_end} (line numbers of the transcript appendix, ``qualcode export
    transcripts``); {time} (hh:mm:ss where the first turn starts).
    """
    if value in CITATION_STYLES:  # the styles' own templates: checked here, not each time
        return CITATION_STYLES[value]
    import string  # only a template of one's own is parsed

    template = value
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise InvalidInputError(f"the citation template {value!r} is broken: {exc}") from exc
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise InvalidInputError(
            f"the citation template {value!r} uses {{{unknown[0]}}}; it may use "
            + ", ".join(f"{{{f}}}" for f in FIELDS)
        )
    if "doc" not in names:
        raise InvalidInputError(f"the citation template {value!r} must name the document: {{doc}}")
    return template


def position_range(first: int, last: int) -> str:
    """``4`` or ``4–6`` (an en dash, as German typesetting writes ranges)."""
    return str(first) if last == first else f"{first}{RANGE_DASH}{last}"


def cites_lines(template: str) -> bool:
    """Whether ``template`` names line numbers of the appendix."""
    return any(f"{{{name}" in template for name in ("line}", "line_start}", "line_end}"))


def cite(
    template: str,
    *,
    document: str,
    first: int,
    last: int,
    seconds: float | None,
    lines: tuple[int, int] | None = None,
) -> str:
    """One citation. Without a time mark, {time} falls back to the Pos. ("Pos. 4"); without
    the appendix's ``lines``, {line} does (the Pos. range)."""
    span = position_range(first, last)
    if template == POSITION_TEMPLATE:  # the usual citation, without the format machinery
        return f"({document}, Pos. {span})"
    time = ""  # formatted only for a template that prints it
    if "{time" in template:
        from qualcode.domain.timecode import format_seconds

        time = format_seconds(seconds) if seconds is not None else f"Pos. {span}"
    line_first, line_last = lines if lines is not None else (first, last)
    return template.format(
        doc=document,
        pos=span,
        pos_start=first,
        pos_end=last,
        line=position_range(line_first, line_last),
        line_start=line_first,
        line_end=line_last,
        time=time,
    )


def shorten(text: str, max_words: int | None) -> str:
    """Cut a long passage in the middle, at sentence boundaries where possible, marking […].

    The start and the end of a statement carry its claim and its conclusion, so whole sentences
    are kept from both ends, alternately, as long as they fit; when not even one sentence fits,
    the cut falls between words.
    """
    if max_words is None:
        return text
    words = text.split()
    if len(words) <= max_words:
        return text
    if max_words < 1:
        raise InvalidInputError("--max-words must be at least 1")
    from qualcode.domain.sentences import sentence_spans  # only a shortened quote needs them

    sentences = [text[start:end] for start, end in sentence_spans(text)]
    head: list[str] = []
    tail: list[str] = []
    budget, i, j, front = max_words, 0, len(sentences) - 1, True
    while i <= j:
        sides = (True, False) if front else (False, True)
        for side in sides:
            sentence = sentences[i] if side else sentences[j]
            size = len(sentence.split())
            if size <= budget:
                budget -= size
                if side:
                    head.append(sentence)
                    i += 1
                else:
                    tail.insert(0, sentence)
                    j -= 1
                front = not side
                break
        else:
            break
    if head or tail:
        return " ".join([*head, OMISSION, *tail])
    keep_tail = max_words // 2
    keep_head = max_words - keep_tail
    cut = [*words[:keep_head], OMISSION, *(words[-keep_tail:] if keep_tail else [])]
    return " ".join(cut)


def quoted(text: str) -> str:
    """German quotation marks „…“; quotation marks inside become the single ‚…‘."""
    return "„" + text.replace("„", "‚").replace("“", "‘") + "“"


def one_line(text: str) -> str:
    """Text on one line with single blanks (the stored text is normalised, so usually as is)."""
    if "\n" in text or "  " in text:
        return " ".join(text.split())
    return text.strip()


def passage(
    transcript: Transcript, start: int, end: int, turns: Sequence[Turn] | None = None
) -> str:
    """The text of a span as one line: blanks folded, turn boundaries marked with " / "."""
    pieces = []
    for turn in turns if turns is not None else transcript.turns_for_span(start, end):
        piece = one_line(transcript.text[max(start, turn.char_start) : min(end, turn.char_end)])
        if piece:
            pieces.append(piece)
    if not pieces:  # a span between turns: the text as it is
        return one_line(transcript.text[start:end])
    return TURN_BREAK.join(pieces)


@dataclass(frozen=True, slots=True)
class Quote:
    """A passage ready to paste: its category, its text (maybe shortened) and its citation."""

    category: str
    category_name: str
    document: str
    text: str
    citation: str
    position: int
    position_end: int
    seconds: float | None
    coding_id: int

    @property
    def quoted(self) -> str:
        return quoted(self.text)


TurnSpans = tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[float | None]]
"""A document's turns as four lists: where each starts and ends, its Pos., its time mark."""


def turn_spans(transcript: Transcript) -> TurnSpans:
    """A transcript's turns as :data:`TurnSpans`."""
    turns = transcript.turns
    return (
        [t.char_start for t in turns],
        [t.char_end for t in turns],
        [t.position for t in turns],
        [t.start for t in turns],
    )


Cut = tuple[str, str, int, int, float | None]
"""A coded passage cut for quoting (:func:`cut_span`): its text on one line (shortened where
asked), its citation, its first and last Pos. and the time mark of its first turn."""


def cut_span(
    document: str,
    start: int,
    end: int,
    span: str,
    stored: str,
    turns: TurnSpans | None,
    template: str,
    max_words: int | None,
    position: int | None = None,
    position_end: int | None = None,
    lines: tuple[int, int] | None = None,
) -> Cut:
    """The one place a coded passage becomes a quote: ``span`` is the document's text from
    ``start`` to ``end`` as it is now, ``turns`` the document's turns (None or empty: the
    coding's ``stored`` text and its ``position`` to ``position_end`` are used), ``template`` a
    checked citation template, ``lines`` the passage's lines in the transcript appendix.

    :func:`span_quote` makes a :class:`Quote` of the parts, :func:`span_row` the quotes
    table's row without one (an export of 100,000 quotes needs no object for each). The
    arguments are positional and the parts a plain tuple: the export cuts every passage here.
    """
    if turns and turns[0]:
        starts, ends, positions, times = turns
        first_turn = max(bisect_right(starts, start) - 1, 0)
        last_turn = max(bisect_left(starts, end), first_turn + 1)
        seconds = times[first_turn]
        first = positions[first_turn]
        if last_turn == first_turn + 1 and starts[first_turn] <= start and end <= ends[first_turn]:
            # Most passages lie within one turn: the pieces below would be the span itself.
            last = first
            text = one_line(span)
        else:
            pieces = []
            for i in range(first_turn, min(last_turn, len(starts))):
                piece = one_line(span[max(start, starts[i]) - start : min(end, ends[i]) - start])
                if piece:
                    pieces.append(piece)
            text = TURN_BREAK.join(pieces) if pieces else one_line(span)
            last = positions[min(last_turn, len(starts)) - 1]
    else:
        text, seconds = one_line(stored), None
        first = position or 0
        last = position_end or first
    if template == POSITION_TEMPLATE:  # cite's work without its call
        citation = (
            f"({document}, Pos. {first})"
            if last == first
            else f"({document}, Pos. {first}{RANGE_DASH}{last})"
        )
    else:
        citation = cite(
            template, document=document, first=first, last=last, seconds=seconds, lines=lines
        )
    if max_words is not None:
        text = shorten(text, max_words)
    return text, citation, first, last, seconds


def span_quote(code: str, name: str, document: str, coding_id: int, cut: Cut) -> Quote:
    """The quote of a passage of ``document`` cut by :func:`cut_span`, listed under the
    category ``code`` (``name``)."""
    text, citation, first, last, seconds = cut
    return Quote(
        category=code,
        category_name=name,
        document=document,
        text=text,
        citation=citation,
        position=first,
        position_end=last,
        seconds=seconds,
        coding_id=coding_id,
    )


def span_row(code: str, name: str, cut: Cut) -> tuple[str, str, str, str]:
    """:func:`quote_row` of :func:`span_quote`'s quote, made without the quote."""
    return (code, name, quoted(cut[0]), cut[1])


def quote_groups(
    book: Codebook, *, rollup: bool = False, categories: Sequence[str] = ()
) -> list[tuple[Category, list[Category]]]:
    """Under which category the quotes of each category are listed, in the order printed:
    each chosen category with the categories whose quotes it lists (with roll-up a main
    category lists those of its subcategories)."""
    chosen = _chosen(book, categories)
    groups: dict[str, tuple[Category, list[Category]]] = {}
    for category in book.categories:
        if chosen is not None and category.code not in chosen:
            continue
        group = (_main(book, category.code) if rollup else category) or category
        groups.setdefault(group.code, (group, []))[1].append(category)
    order = {c.code: i for i, c in enumerate(book.categories)}
    return sorted(groups.values(), key=lambda g: order[g[0].code])


def collect_quotes(
    codings: Iterable[Coding],
    book: Codebook,
    transcripts: Mapping[str, Transcript],
    *,
    template: str = POSITION_TEMPLATE,
    max_words: int | None = None,
    rollup: bool = False,
    categories: Sequence[str] = (),
    lines: Mapping[int, tuple[int, int]] | None = None,
) -> list[Quote]:
    """Quotes grouped by category in codebook order, then by document and place in the text.

    ``lines``: each coding's lines in the transcript appendix (by coding id), for {line}.

    Each passage is cut from its document's transcript (so the text and Pos. are the current
    ones even if a coding's stored copy drifted); with roll-up a subcategory's quotes are
    listed under its main category. The exports stream the same quotes from the database
    (:func:`cut_span` on each coding, document by document).
    """
    template = citation_template(template)
    chosen = _chosen(book, categories)
    order = {c.code: i for i, c in enumerate(book.categories)}
    turns: dict[str, TurnSpans] = {}
    found: list[tuple[int, str, int, int, Quote]] = []
    for coding in codings:
        if chosen is not None and coding.category not in chosen:
            continue
        group = _main(book, coding.category) if rollup else book.get(coding.category)
        code = group.code if group is not None else coding.category
        name = group.name if group is not None else coding.category_name
        transcript = transcripts.get(coding.document)
        spans = None
        span = coding.text
        if transcript is not None:
            spans = turns.get(coding.document)
            if spans is None:
                spans = turns[coding.document] = turn_spans(transcript)
            span = transcript.text[coding.start : coding.end]
        cut = cut_span(
            coding.document,
            coding.start,
            coding.end,
            span,
            coding.text,
            spans,
            template,
            max_words,
            coding.position,
            coding.position_end,
            lines.get(coding.id) if lines is not None else None,
        )
        quote = span_quote(code, name, coding.document, coding.id, cut)
        found.append((order.get(code, len(order)), coding.document, coding.start, coding.id, quote))
    found.sort(key=lambda item: item[:4])
    return [item[4] for item in found]


QUOTE_COLUMNS = ["Code", "Kategorie", QUOTE, SOURCE]


def quote_row(quote: Quote) -> tuple[str, str, str, str]:
    """One quote as the quotes table prints it: Code | Kategorie | Zitat | Beleg."""
    return (quote.category, quote.category_name, quote.quoted, quote.citation)


def quotes_table(quotes: Sequence[Quote]) -> pd.DataFrame:
    """Code | Kategorie | Zitat | Beleg: one row per quote, in the order given."""
    return Rows(QUOTE_COLUMNS, [quote_row(q) for q in quotes], [False] * 4).frame()


def _chosen(book: Codebook, categories: Sequence[str]) -> set[str] | None:
    """The chosen categories and their subcategories, as the frequency tables choose them."""
    if not categories:
        return None
    return {c.code for c in row_categories(book, rollup=False, categories=categories)}


def _main(book: Codebook, code: str) -> Category | None:
    category = book.get(code)
    while category is not None and category.parent is not None:
        parent = book.get(category.parent)
        if parent is None:
            break
        category = parent
    return category


# The coding guideline ----------------------------------------------------------------------

ORIGIN_DE = {"deductive": "deduktiv", "inductive": "induktiv"}


def anchor_text(
    anchor: Anchor,
    template: str = POSITION_TEMPLATE,
    lines: Callable[[Anchor], tuple[int, int] | None] | None = None,
) -> str:
    """An anchor example as the guideline prints it: „…“ (B01, Pos. 5). With a template of
    line numbers, ``lines`` finds the anchor's lines in the transcript appendix; an anchor it
    cannot find there is cited by its Pos."""
    found = lines(anchor) if lines is not None and cites_lines(template) else None
    if cites_lines(template) and found is None:
        template = POSITION_TEMPLATE
    source = cite(
        template,
        document=anchor.document,
        first=anchor.position,
        last=anchor.position,
        seconds=None,
        lines=found,
    )
    return f"{quoted(anchor.text)} {source}"


def origin_text(category: Category) -> str:
    """deduktiv (with its literature source) or induktiv."""
    origin = ORIGIN_DE.get(category.origin, category.origin)
    return f"{origin} ({category.reference})" if category.reference else origin


TREE_COLUMNS = ["Code", "Hauptkategorie", "Subkategorien", "Herkunft"]


def category_tree_rows(book: Codebook) -> Rows:
    """The overview of §3.2: Code | Hauptkategorie | Subkategorien | Herkunft, one row per main.

    Subcategories at any depth are listed with their code; the origin column says "deduktiv +
    induktiv" where a deductive main category gained inductive subcategories.
    """
    rows = []
    for main in book.main_categories:
        below = book.descendants(main.code)
        origins = [main.origin, *(c.origin for c in below)]
        kinds = [ORIGIN_DE.get(o, o) for o in dict.fromkeys(origins)]
        rows.append((main.code, main.name, "; ".join(c.label for c in below), " + ".join(kinds)))
    return Rows(TREE_COLUMNS, rows, [False] * 4)


def category_tree_table(book: Codebook) -> pd.DataFrame:
    """:func:`category_tree_rows` as a DataFrame."""
    return category_tree_rows(book).frame()


MISSING = "(fehlt)"
"""What an empty definition, anchor example or coding rule reads in the guideline."""


def _or_missing(category: Category, part: str, text: str) -> str:
    """``text``, or :data:`MISSING` where an active category's entry lacks this part."""
    from qualcode.domain.completeness import missing_parts

    if text.strip() or category.status != "active" or part not in missing_parts(category):
        return text
    return MISSING


GUIDELINE_COLUMNS = ["Code", "Kategorie", "Definition", "Ankerbeispiel", "Kodierregel", "Herkunft"]


def guideline_rows(
    book: Codebook,
    counts: Mapping[str, tuple[int, int]] | None = None,
    *,
    cases: int = 0,
    rows: Sequence[str] | None = None,
    template: str = POSITION_TEMPLATE,
    lines: Callable[[Anchor], tuple[int, int] | None] | None = None,
) -> Rows:
    """The Kodierleitfaden: Code | Kategorie | Definition | Ankerbeispiel | Kodierregel | Herkunft.

    Every category (or those whose codes are in ``rows``), in tree order, with all its anchor
    examples (one per line). ``counts`` (segments and cases per code, of ``cases`` cases) adds
    the two counts, so the appendix table shows how much material each category holds.
    """
    wanted = set(rows) if rows is not None else None
    columns = list(GUIDELINE_COLUMNS)
    if counts is not None:
        columns += [SEGMENTS, cases_header(cases)]
    found = []
    for c in book.categories:
        if wanted is not None and c.code not in wanted:
            continue
        row: list[object] = [
            c.code,
            c.name,
            _or_missing(c, "definition", c.definition),
            _or_missing(c, "anchor", "\n".join(anchor_text(a, template, lines) for a in c.anchors)),
            _or_missing(c, "rule", c.coding_rule),
            origin_text(c),
        ]
        if counts is not None:
            row += list(counts.get(c.code, (0, 0)))
        found.append(tuple(row))
    return Rows(columns, found, [False] * 6 + [True] * (len(columns) - 6))


def guideline_table(
    book: Codebook,
    frequencies: pd.DataFrame | None = None,
    *,
    rows: Sequence[str] | None = None,
    template: str = POSITION_TEMPLATE,
    lines: Callable[[Anchor], tuple[int, int] | None] | None = None,
) -> pd.DataFrame:
    """:func:`guideline_rows` as a DataFrame; ``frequencies`` (from
    :func:`qualcode.analysis.frequencies.frequencies`, indexed by code) adds the counts."""
    if frequencies is None:
        return guideline_rows(book, rows=rows, template=template, lines=lines).frame()
    n = int(frequencies["N"].iloc[0]) if len(frequencies) else 0
    counts = {
        str(code): (int(segments), int(cases))
        for code, segments, cases in zip(
            frequencies.index, frequencies["segments"], frequencies["cases"], strict=True
        )
    }
    return guideline_rows(book, counts, cases=n, rows=rows, template=template, lines=lines).frame()
