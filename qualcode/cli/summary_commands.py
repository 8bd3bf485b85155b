"""``qualcode summary``, ``qualcode matrix-summary`` and ``qualcode reduce``: case summaries,
the theme matrix's cell summaries, and Mayring's summarising technique."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.numbers import CODING_ID
from qualcode.cli.output import emit_json, wrapped
from qualcode.domain.errors import InvalidInputError
from qualcode.domain.summaries import Summary
from qualcode.domain.summarising import RULES


def _stamp(summary: Summary) -> str:
    return f"{summary.author}, {summary.written:%d.%m.%Y %H:%M}"


def _show(found: Summary | None, what: str, history: list[Summary] | None) -> None:
    if history is not None:
        if not history:
            click.echo(f"No {what} yet.")
        for number, version in enumerate(history, start=1):
            click.echo(f"Version {number} ({_stamp(version)}):")
            wrapped("  ", version.text)
        return
    if found is None:
        click.echo(f"No {what} yet; write one with --set TEXT or --edit.")
        return
    click.echo(f"{what[0].upper()}{what[1:]} ({_stamp(found)}):")
    wrapped("  ", found.text)


def _text(set_text: str | None, edit: bool, current: Summary | None) -> str | None:
    """The new text from --set or the editor (None: leave the summary as it is)."""
    if set_text is not None and edit:
        raise InvalidInputError("give either --set TEXT or --edit, not both")
    if set_text is not None:
        return set_text
    if edit:
        return click.edit(current.text if current is not None else "", extension=".txt")
    return None


def _summary_options(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")(func)
    func = click.option(
        "--history", is_flag=True, help="Every version, oldest first, with author and date."
    )(func)
    func = click.option("--show", is_flag=True, help="Print the summary (what happens anyway).")(
        func
    )
    func = click.option(
        "--edit", is_flag=True, help="Write it in your editor ($EDITOR), starting from the last."
    )(func)
    return click.option(
        "--set", "set_text", metavar="TEXT", help="The new summary (the old one stays in history)."
    )(func)


def _summary_json(summary: Summary) -> dict[str, object]:
    return {
        "document": summary.document,
        "category": summary.category,
        "text": summary.text,
        "author": summary.author,
        "written": summary.written,
    }


@click.command()
@click.argument("document")
@_summary_options
@pass_settings
def summary(
    settings: Settings,
    document: str,
    set_text: str | None,
    edit: bool,
    show: bool,
    history: bool,
    as_json: bool,
) -> None:
    """The case summary (Fallzusammenfassung) of DOCUMENT: show it, or write a new version.

    A short, fact-oriented description of the case for the research question. Each version is
    kept with its author and date (--history) and recorded in the audit trail.
    """
    service = settings.open().summaries
    current = service.case_summary(document)
    text = _text(set_text, edit, current)
    if text is not None:
        current = service.write(document, text)
        click.echo(f"Saved the case summary of {current.document}.")
        return
    versions = service.history(document) if history else None
    if as_json:
        emit_json([_summary_json(s) for s in (versions or ([current] if current else []))])
        return
    _show(current, f"case summary of {document}", versions)


@click.command("matrix-summary")
@click.argument("document")
@click.argument("category")
@_summary_options
@pass_settings
def matrix_summary(
    settings: Settings,
    document: str,
    category: str,
    set_text: str | None,
    edit: bool,
    show: bool,
    history: bool,
    as_json: bool,
) -> None:
    """The summary of one cell of the theme matrix: what DOCUMENT says on CATEGORY.

    Written beside the cell's coded passages (see 'qualcode export theme-matrix' and the
    workbench's theme matrix, M). Each version is kept with its author and date.
    """
    service = settings.open().summaries
    current = service.cell_summary(document, category)
    text = _text(set_text, edit, current)
    if text is not None:
        current = service.write(document, text, category=category)
        click.echo(f"Saved the summary of {current.where}.")
        return
    versions = service.history(document, category) if history else None
    if as_json:
        emit_json([_summary_json(s) for s in (versions or ([current] if current else []))])
        return
    _show(current, f"summary of {document} × {category}", versions)


@click.group()
def reduce() -> None:
    """Mayring's summarising content analysis: paraphrase, generalise, reduce (Z1-Z4).

    Write the three columns beside each coded passage (reduce set, or the workbench's
    summarising screen, Z), export the reduction table ('qualcode export summary-table') and
    turn the reductions into inductive categories (reduce promote).
    """


@reduce.command("list")
@click.option("--doc", "document", metavar="DOC", help="Only this document (name or id).")
@click.option("--category", metavar="CODE", help="Only this category (and its subcategories).")
@click.option("--written", is_flag=True, help="Only passages with something written.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def reduce_list(
    settings: Settings, document: str | None, category: str | None, written: bool, as_json: bool
) -> None:
    """The coded passages with their paraphrase, generalisation and reduction.

    Each passage is listed by its coding number (for 'reduce set'), document and Pos.
    """
    units = settings.open().summarising.units(
        document=document, category=category, written_only=written
    )
    if as_json:
        emit_json(
            [
                {
                    "coding": u.coding_id,
                    "document": u.document,
                    "position": u.position,
                    "category": u.category,
                    "text": u.text,
                    "paraphrase": u.paraphrase,
                    "generalisation": u.generalisation,
                    "reduction": u.reduction,
                    "promoted": u.promoted,
                }
                for u in units
            ]
        )
        return
    if not units:
        click.echo("No coded passages here.")
        return
    for u in units:
        click.echo(f"#{u.coding_id} {u.document}, Pos. {u.pos} ({u.category})")
        passage = " ".join(u.text.split())
        wrapped("    Passage:         ", passage if len(passage) <= 200 else passage[:199] + "…")
        for label, value in (
            ("Paraphrase:      ", u.paraphrase),
            ("Generalisierung: ", u.generalisation),
            ("Reduktion:       ", u.reduction + (f" [{u.promoted}]" if u.promoted else "")),
        ):
            if value.strip():
                wrapped(f"    {label}", value)


@reduce.command("set")
@click.argument("coding_id", type=CODING_ID, metavar="CODING")
@click.option("--paraphrase", metavar="TEXT", help="Z1: the content in a short, plain sentence.")
@click.option(
    "--generalisation", metavar="TEXT", help="Z2: the paraphrase at the abstraction level."
)
@click.option(
    "--reduction",
    metavar="TEXT",
    help="Z3/Z4: the statement it reduces to (the same text bundles passages; empty: left out).",
)
@pass_settings
def reduce_set(
    settings: Settings,
    coding_id: int,
    paraphrase: str | None,
    generalisation: str | None,
    reduction: str | None,
) -> None:
    """Write the paraphrase, generalisation or reduction of coded passage CODING.

    The number is the coding's, as 'qualcode reduce list' shows it. Each change is one
    transaction, recorded in the audit trail.
    """
    if paraphrase is None and generalisation is None and reduction is None:
        raise InvalidInputError("give --paraphrase, --generalisation or --reduction")
    unit = settings.open().summarising.edit(
        coding_id, paraphrase=paraphrase, generalisation=generalisation, reduction=reduction
    )
    click.echo(f"Saved #{unit.coding_id} ({unit.document}, Pos. {unit.pos}).")


@reduce.command("promote")
@click.option(
    "--under", metavar="CODE", help="Make them subcategories of this category (default: main)."
)
@click.option(
    "--only", multiple=True, metavar="TEXT", help="Only this reduction statement; repeatable."
)
@click.option("--dry-run", is_flag=True, help="Say what would be created, change nothing.")
@pass_settings
def reduce_promote(
    settings: Settings, under: str | None, only: tuple[str, ...], dry_run: bool
) -> None:
    """Turn the reduction statements into inductive categories, in one step.

    Each distinct reduction becomes a category (its definition the reduction, its anchor
    examples the passages it came from) and those passages are coded with it; the link stays.
    One transaction, recorded in the audit trail.
    """
    service = settings.open().summarising
    if dry_run:
        found = service.reductions()
        if not found:
            click.echo("There is no reduction to turn into a category yet.")
        for r in found:
            where = "; ".join(f"{u.document} Pos. {u.pos}" for u in r.units)
            wrapped("  - ", f"{r.text} ({where})")
        return
    for done in service.promote(under=under, only=only):
        verb = "Created" if done.created else "Used"
        n = len(done.codings)
        click.echo(
            f"{verb} {done.code} {done.name}: coded {n} passage{'' if n == 1 else 's'} with it."
        )


reduce.epilog = "\b\n" + "\n".join(f"{rule}: {text}" for rule, text in RULES)
