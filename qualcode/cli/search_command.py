"""``qualcode search``: keyword in context across the project."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from json.encoder import encode_basestring as _quoted
from typing import Any

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import width
from qualcode.domain.plurals import counted
from qualcode.domain.search import HitRow, SearchQuery, parse_attribute, trim_left, trim_right


@click.command()
@click.argument("query", metavar="QUERY")
@click.option("--lemma", is_flag=True, help="Find every inflected form (Kunde, Kunden).")
@click.option("--regex", is_flag=True, help="QUERY is a regular expression.")
@click.option("--whole-word", is_flag=True, help="Not inside longer words.")
@click.option(
    "--parts",
    is_flag=True,
    help="Also compounds with the word as a part (Kunden: Neukunden, Kundenbindung).",
)
@click.option("--category", metavar="CODE", help="Only inside codings of this category.")
@click.option("--uncoded", is_flag=True, help="Only where nothing is coded.")
@click.option("--speaker", metavar="ROLE", help="Only in turns of this speaker or role.")
@click.option("--doc", "documents", metavar="DOC", multiple=True, help="Only this document.")
@click.option("--attr", "attributes", metavar="KEY=VALUE", multiple=True, help="Only these cases.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON, for scripts.")
@pass_settings
def search(
    settings: Settings,
    query: str,
    lemma: bool,
    regex: bool,
    whole_word: bool,
    parts: bool,
    category: str | None,
    uncoded: bool,
    speaker: str | None,
    documents: tuple[str, ...],
    attributes: tuple[str, ...],
    as_json: bool,
) -> None:
    """Find a word, phrase or pattern in every transcript and show it in its context.

    Each line shows the document, the turn (Pos.), the text left of the hit, the hit, the
    text right of it, and the categories already coded there.
    """
    wanted = SearchQuery(
        query,
        lemma=lemma,
        regex=regex,
        whole_word=whole_word,
        parts=parts,
        category=category,
        uncoded=uncoded,
        speaker=speaker,
        documents=documents,
        attributes=tuple(parse_attribute(value) for value in attributes),
    )
    service = settings.open().search
    notice = service.trigram_notice()  # PostgreSQL without its trigram index: once, here
    if notice:
        click.echo(f"qualcode: note: {notice}", err=True)
    state = service.index_state()
    if state.pending:
        click.echo(
            f"Indexing {counted(state.pending, 'document')} "
            f"({state.pending_words:,} words) for searching ...",
            err=True,
        )
        service.build_index()
    rows = service.rows(wanted)
    if as_json:
        _write(rows, _JsonLines(), '{"hits": [\n  ', ",\n  ", "\n]}\n", '{"hits": []}\n')
        return
    lines = _TextLines(width())
    _write(rows, lines, "", "\n", "\n", "")
    if not lines.hits:
        click.echo("No hits.")
        return
    click.echo(f"{counted(lines.hits, 'hit')} in {counted(len(lines.documents), 'document')}.")


#: Lines written at once at most: a write per hit costs more than making its line. The first
#: hit is written alone, so that it shows at once, and the batches grow from there.
BATCH = 1024


def _write(
    rows: Iterator[HitRow],
    lines_of: Callable[[list[HitRow]], list[str]],
    opening: str,
    between: str,
    closing: str,
    nothing: str,
) -> None:
    """The lines of the rows with ``between`` them, inside ``opening`` and ``closing``
    (``nothing`` when there are none), written in growing batches."""
    size, written = 1, False
    color = True if isinstance(lines_of, _JsonLines) else None  # JSON escapes every ESC
    while batch := list(islice(rows, size)):
        text = between.join(lines_of(batch))
        click.echo((between if written else opening) + text, nl=False, color=color)
        size, written = min(size * 4, BATCH), True
    click.echo(closing if written else nothing, nl=False)


class _Quoted(dict[Any, str]):
    """Strings (or tuples of them) as JSON, each worked out once: a listing repeats its
    documents' names and its few sets of codes tens of thousands of times."""

    def __missing__(self, key: Any) -> str:
        found = self[key] = ", ".join(map(_quoted, key)) if isinstance(key, tuple) else _quoted(key)
        return found


class _JsonLines:
    """Each hit as the JSON object of ``SearchHit.as_json`` (``json.dumps`` of it, byte for
    byte: umlauts unescaped), made with the encoder's own string quoting; a batch at once."""

    def __init__(self) -> None:
        self.quoted = _Quoted()

    def __call__(self, rows: list[HitRow]) -> list[str]:
        known = self.quoted.__getitem__
        return [
            f'{{"document": {known(document)}, "position": {position}, "start": {start}, '
            f'"end": {end}, "match": {_quoted(match)}, "left": {_quoted(left)}, '
            f'"right": {_quoted(right)}, "categories": [{known(categories)}]}}'
            for document, position, start, end, match, left, right, categories in rows
        ]


class _TextLines:
    """Keyword-in-context lines at a terminal's width (the hits line up under each other at
    any width), and how many hits in which documents they showed. What a line's document,
    Pos. and codes make of it is worked out once for each; the rest in one loop per batch."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.hits = 0
        self.documents: set[str] = set()
        self.names: dict[str, str] = {}
        self.places: dict[int, tuple[str, int, int]] = {}  # Pos. -> its text, widths
        self.codes: dict[tuple[str, ...], str] = {}

    def _place(self, position: int) -> tuple[str, int, int]:
        """The Pos. column, the room for the rest and the width of the left context."""
        pos = f"{f'Pos. {position}':<9}"
        room = max(self.columns - (12 + 1 + len(pos)) - 1, 30)
        found = self.places[position] = (pos, room, room * 2 // 5)
        return found

    def __call__(self, rows: list[HitRow]) -> list[str]:
        self.hits += len(rows)
        self.documents.update(row[0] for row in rows)
        names, places, codes_of = self.names, self.places, self.codes
        lines: list[str] = []
        add = lines.append
        for document, position, _start, _end, match, hit_left, hit_right, categories in rows:
            name = names.get(document)
            if name is None:
                short = document if len(document) <= 12 else document[:11] + "…"
                name = names[document] = f"{short:<12}"
            place = places.get(position)
            pos, room, left_width = place if place is not None else self._place(position)
            codes = codes_of.get(categories)
            if codes is None:
                codes = codes_of[categories] = "  " + ", ".join(categories) if categories else ""
            match = match.replace("\n", " ")
            right_width = max(room - left_width - len(match) - len(codes), 6)
            left = trim_left(hit_left, left_width).rjust(left_width)
            right = trim_right(hit_right, right_width)
            if codes:
                right = right.ljust(right_width)
            add(f"{name} {pos} {left}{_BEFORE}{match}{_AFTER}{right}{codes}".rstrip())
        return lines


_BEFORE, _AFTER = click.style("\0", bold=True, fg="yellow").split("\0")
