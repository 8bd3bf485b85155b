"""``qualcode search``: keyword in context across the project."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _quoted

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
        _write(_json_lines(rows), '{"hits": [\n  ', ",\n  ", "\n]}\n", '{"hits": []}\n')
        return
    found = _Tally()
    _write(_text_lines(rows, width(), found), "", "\n", "\n", "")
    if not found.hits:
        click.echo("No hits.")
        return
    click.echo(f"{counted(found.hits, 'hit')} in {counted(len(found.documents), 'document')}.")


#: Lines written at once at most: a write per hit costs more than making its line. The first
#: hit is written alone, so that it shows at once, and the batches grow from there.
BATCH = 1024


def _write(lines: Iterator[str], opening: str, between: str, closing: str, nothing: str) -> None:
    """The lines with ``between`` them, inside ``opening`` and ``closing`` (``nothing`` when
    there are none), written in growing batches."""
    batch: list[str] = []
    size, written = 1, False
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            click.echo((between if written else opening) + between.join(batch), nl=False)
            batch, size, written = [], min(size * 4, BATCH), True
    if batch:
        click.echo((between if written else opening) + between.join(batch), nl=False)
        written = True
    click.echo(closing if written else nothing, nl=False)


def _json_lines(rows: Iterable[HitRow]) -> Iterator[str]:
    """Each hit as the JSON object of ``SearchHit.as_json`` (``json.dumps`` of it, byte for
    byte: umlauts unescaped), made with the encoder's own string quoting."""
    names: dict[str, str] = {}
    for document, position, start, end, match, left, right, categories in rows:
        name = names.get(document)
        if name is None:
            name = names[document] = _quoted(document)
        codes = ", ".join(map(_quoted, categories))
        yield (
            f'{{"document": {name}, "position": {position}, "start": {start}, "end": {end}, '
            f'"match": {_quoted(match)}, "left": {_quoted(left)}, "right": {_quoted(right)}, '
            f'"categories": [{codes}]}}'
        )


class _Tally:
    """How many hits a listing showed, and in which documents."""

    def __init__(self) -> None:
        self.hits = 0
        self.documents: set[str] = set()


def _text_lines(rows: Iterable[HitRow], columns: int, tally: _Tally) -> Iterator[str]:
    for row in rows:
        tally.hits += 1
        tally.documents.add(row[0])
        yield _line(row, columns)


_BEFORE, _AFTER = click.style("\0", bold=True, fg="yellow").split("\0")


def _line(row: HitRow, columns: int) -> str:
    """One keyword-in-context line: the hits line up under each other at any width."""
    document, position, _start, _end, match, hit_left, hit_right, categories = row
    name = document if len(document) <= 12 else document[:11] + "…"
    place = f"{name:<12} {f'Pos. {position}':<9}"
    codes = "  " + ", ".join(categories) if categories else ""
    room = max(columns - len(place) - 1, 30)
    left_width = room * 2 // 5
    match = match.replace("\n", " ")
    right_width = max(room - left_width - len(match) - len(codes), 6)
    left = trim_left(hit_left, left_width).rjust(left_width)
    right = trim_right(hit_right, right_width)
    right = right.ljust(right_width) if codes else right
    return f"{place} {left}{_BEFORE}{match}{_AFTER}{right}{codes}".rstrip()
