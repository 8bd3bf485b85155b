"""``qualcode search``: keyword in context across the project."""

from __future__ import annotations

import json

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import width
from qualcode.domain.plurals import counted
from qualcode.domain.search import SearchHit, SearchQuery, parse_attribute, trim_left, trim_right


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
    state = service.index_state()
    if state.pending:
        click.echo(
            f"Indexing {counted(state.pending, 'document')} "
            f"({state.pending_words:,} words) for searching ...",
            err=True,
        )
        service.build_index()
    hits = service.search(wanted)
    if as_json:
        _stream_json(hits)
        return
    count, documents_hit = 0, set()
    for hit in hits:
        click.echo(_line(hit, width()))
        count += 1
        documents_hit.add(hit.document)
    if not count:
        click.echo("No hits.")
        return
    click.echo(f"{counted(count, 'hit')} in {counted(len(documents_hit), 'document')}.")


def _stream_json(hits: object) -> None:
    """``{"hits": [...]}`` written hit by hit, so that a long list starts at once."""
    click.echo('{"hits": [', nl=False)
    first = True
    for hit in hits:  # type: ignore[attr-defined]
        text = json.dumps(hit.as_json(), ensure_ascii=False)
        click.echo(("\n  " if first else ",\n  ") + text, nl=False)
        first = False
    click.echo("\n]}" if not first else "]}")


def _line(hit: SearchHit, columns: int) -> str:
    """One keyword-in-context line: the hits line up under each other at any width."""
    name = hit.document if len(hit.document) <= 12 else hit.document[:11] + "…"
    place = f"{name:<12} {f'Pos. {hit.position}':<9}"
    codes = "  " + ", ".join(hit.categories) if hit.categories else ""
    room = max(columns - len(place) - 1, 30)
    left_width = room * 2 // 5
    match = hit.match.replace("\n", " ")
    right_width = max(room - left_width - len(match) - len(codes), 6)
    left = trim_left(hit.left, left_width).rjust(left_width)
    right = trim_right(hit.right, right_width)
    right = right.ljust(right_width) if codes else right
    return f"{place} {left}{click.style(match, bold=True, fg='yellow')}{right}{codes}".rstrip()
