"""``qualcode words``: word frequencies by group, keyness between two groups, the stop list."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table

_BY = click.option(
    "--by",
    metavar="document|category|speaker|attr:KEY",
    default=None,
    help="Count per document, per category (the coded passages), per speaker role or per "
    "value of a case attribute (attr:Branche). Without it: the whole project.",
)
_LEMMA = click.option(
    "--lemma/--form",
    "lemma",
    default=True,
    help="Count lemmas (gewann, gewonnen -> gewinnen; the default) or word forms.",
)


@click.group(invoke_without_command=True)
@_BY
@_LEMMA
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many words per group.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@click.pass_context
def words(ctx: click.Context, by: str | None, lemma: bool, top: int, as_json: bool) -> None:
    """Word frequencies without stop words (spaCy's list and the project's stop list)."""
    if ctx.invoked_subcommand is not None:
        return
    settings = ctx.find_object(Settings)
    assert settings is not None
    found = settings.open().words.frequencies(by=by, lemma=lemma, top=top)
    if as_json:
        emit_json(
            {
                "by": found.by,
                "counted": "lemma" if found.lemma else "form",
                "sizes": found.sizes,
                "words": [
                    {
                        "group": r.group,
                        "word": r.word,
                        "count": r.count,
                        "per_1000": round(r.per_thousand, 2),
                        "documents": r.documents,
                    }
                    for r in found.rows
                ],
            }
        )
        return
    headers = ["word", "count", "per 1,000", "documents"]
    grouped = found.by != "all"
    table(
        (["group"] if grouped else []) + headers,
        [
            ([r.group] if grouped else []) + [r.word, r.count, f"{r.per_thousand:.1f}", r.documents]
            for r in found.rows
        ],
        right={1 + grouped, 2 + grouped, 3 + grouped},
    )
    sizes = ", ".join(f"{g}: {n:,}" for g, n in sorted(found.sizes.items()))
    click.echo(f"\nWords counted (stop words left out): {sizes}")


@words.command("keyness")
@click.argument("group_a")
@click.argument("group_b")
@_BY
@_LEMMA
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="How many words to list.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def keyness(
    settings: Settings,
    group_a: str,
    group_b: str,
    by: str | None,
    lemma: bool,
    top: int,
    as_json: bool,
) -> None:
    """The words that tell GROUP_A from GROUP_B (log-likelihood G2); GROUP_B may be 'rest'."""
    found = settings.open().words.keyness(group_a, group_b, by=by or "document", lemma=lemma)
    rows = found.rows[:top]
    if as_json:
        emit_json(
            {
                "by": found.by,
                "group_a": found.group_a,
                "group_b": found.group_b,
                "size_a": found.size_a,
                "size_b": found.size_b,
                "words": [
                    {
                        "word": r.word,
                        "a": r.a,
                        "b": r.b,
                        "g2": round(r.g2, 3),
                        "percent_diff": round(r.percent_diff, 1),
                        "log_ratio": round(r.log_ratio, 3),
                        "significance": r.significance,
                        "more_in": found.group_a if r.more_in == "A" else found.group_b,
                    }
                    for r in rows
                ],
            }
        )
        return
    table(
        ["word", "A", "B", "G2", "%DIFF", "log ratio", "p", "more in"],
        [
            [
                r.word,
                r.a,
                r.b,
                f"{r.g2:.2f}",
                f"{r.percent_diff:+.0f}%",
                f"{r.log_ratio:+.2f}",
                r.significance or "n.s.",
                found.group_a if r.more_in == "A" else found.group_b,
            ]
            for r in rows
        ],
        right={1, 2, 3, 4, 5},
    )
    click.echo(
        f"\nA = {found.group_a} ({found.size_a:,} words), B = {found.group_b} "
        f"({found.size_b:,} words); G2 >= 3.84: p<0.05, >= 6.63: p<0.01, >= 10.83: p<0.001."
    )


@words.group("stoplist", invoke_without_command=True)
@click.pass_context
def stoplist(ctx: click.Context) -> None:
    """The project's own stop words, left out of word frequencies beside spaCy's list."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(show)


@stoplist.command("show")
@pass_settings
def show(settings: Settings) -> None:
    """List the project's stop words."""
    found = settings.open().words.stop_list()
    click.echo("\n".join(found) if found else "The project's stop list is empty.")


@stoplist.command("add")
@click.argument("word", nargs=-1, required=True)
@pass_settings
def add(settings: Settings, word: tuple[str, ...]) -> None:
    """Add words to the project's stop list."""
    found = settings.open().words.change_stop_list(add=word)
    click.echo(f"The stop list has {len(found)} words.")


@stoplist.command("remove")
@click.argument("word", nargs=-1, required=True)
@pass_settings
def remove(settings: Settings, word: tuple[str, ...]) -> None:
    """Take words off the project's stop list."""
    found = settings.open().words.change_stop_list(remove=word)
    click.echo(f"The stop list has {len(found)} words.")
