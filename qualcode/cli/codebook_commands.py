"""``qualcode codebook show|check|load|edit|freeze|versions``: the coding guideline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table, thousands, wrapped
from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.errors import CodebookError
from qualcode.domain.plurals import counted


@click.group()
def codebook() -> None:
    """The codebook: categories with definition, anchor example and coding rule."""


def category_json(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name": category.name,
        "parent": category.parent,
        "definition": category.definition,
        "coding_rule": category.coding_rule,
        "anchors": [
            {
                "text": a.text,
                "source": a.source,
                "document": a.document,
                "position": a.position,
            }
            for a in category.anchors
        ],
        "origin": category.origin,
        "reference": category.reference,
        "colour": category.colour,
        "status": category.status,
        # Raised by every change: 'codebook edit --if-version' refuses an edit made on an
        # older reading instead of overwriting a colleague's change.
        "version": category.version,
    }


def codebook_json(book: Codebook) -> dict[str, Any]:
    return {
        "title": book.title,
        "version": book.version,
        "language": book.language,
        "description": book.description,
        "source": book.source,
        "categories": [category_json(c) for c in book],
    }


def _guideline(category: Category) -> None:
    click.echo(f"{category.code} {category.name}")
    origin = "deductive" if category.origin == "deductive" else "inductive"
    wrapped("  Origin:      ", f"{origin}; {category.reference}".rstrip("; "))
    wrapped("  Definition:  ", category.definition)
    for anchor in category.anchors:
        wrapped("  Anchor:      ", f"„{anchor.text}“ ({anchor.source})")
    wrapped("  Coding rule: ", category.coding_rule)


@codebook.command("show")
@click.argument("category", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def show_codebook(settings: Settings, category: str | None, as_json: bool) -> None:
    """Show the category tree, or one CATEGORY's full guideline (by code or name)."""
    from qualcode.services.sets import SetService

    project = settings.open()
    book = project.codebook.get()
    sets = [s for s in SetService(project.database, project.coder).all() if s.categories]
    if category is not None:
        found = project.codebook.resolve(category)
        if as_json:
            emit_json(category_json(found))
            return
        _guideline(found)
        in_sets = [s.name for s in sets if found.code in s.categories]
        if in_sets:
            wrapped("  Sets:        ", ", ".join(in_sets))
        for child in book.children(found.code):
            click.echo(f"  - {child.code} {child.name}")
        return
    if as_json:
        data = codebook_json(book)
        data["sets"] = [
            {"name": s.name, "description": s.description, "categories": list(s.categories)}
            for s in sets
        ]
        emit_json(data)
        return
    click.echo(f"{book.title} (version {book.version})")
    for item in book:
        mark = "" if item.origin == "deductive" else "  [inductive]"
        status = "" if item.status == "active" else f"  [{item.status}]"
        click.echo(f"{'  ' * (item.depth + 1)}{item.code:<7} {item.name}{mark}{status}")
    if sets:
        click.echo("Sets of categories:")
        for group in sets:
            wrapped(f"  {group.name}: ", ", ".join(group.categories))
            if group.description:
                wrapped("    ", group.description)


@codebook.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@pass_settings
def check(settings: Settings, file: Path | None) -> None:
    """Check a codebook file (or, without FILE, the project's codebook): every problem with its
    line number, and every category whose definition, anchor example or coding rule is empty."""
    from qualcode.services.codebook import CodebookService

    if file is None:
        book = settings.open().codebook.get()
        where = "the project's codebook"
    else:
        try:
            book = CodebookService.check(file)
        except CodebookError as exc:
            for line, message in exc.problems:
                place = f"{file}:{line}" if line else str(file)
                click.echo(f"{place}: {message}", err=True)
            raise SystemExit(int(exc.exit_code)) from None
        where = str(file)
    subs = len(book) - len(book.main_categories)
    anchors = sum(len(c.anchors) for c in book)
    click.echo(
        f"{where}: OK: {book.title} (version {book.version}), "
        f"{counted(len(book.main_categories), 'main category')}, "
        f"{counted(subs, 'subcategory')}, {counted(anchors, 'anchor example')}."
    )
    found = CodebookService.gaps(book)
    if not found:
        return
    count = len(found)
    click.echo(
        f"{count} {'category is' if count == 1 else 'categories are'} incomplete in the "
        "guideline (the guideline export marks them too):"
    )
    for gap in found:
        place = f"{file}:{gap.category.line}: " if file is not None and gap.category.line else "  "
        click.echo(f"{place}{gap.category.code} {gap.category.name}: missing {gap.words()}")


@codebook.command("load")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--reason", default="", help="Why the codebook changes (kept in the audit trail).")
@pass_settings
def load(settings: Settings, file: Path, reason: str) -> None:
    """Load a codebook file into the project, or update the project's codebook from it.

    Categories are matched by code: new ones are added, changed ones updated. Categories the
    file no longer has are kept (codings may use them) and listed.
    """
    report = settings.open().codebook.load(file, reason=reason)
    click.echo(
        f"Codebook version {report.version}: {counted(len(report.added), 'category')} added, "
        f"{len(report.updated)} updated, {report.unchanged} unchanged."
    )
    if report.not_in_file:
        click.echo(
            f"Kept {counted(len(report.not_in_file), 'category')} that the file does not have: "
            + ", ".join(report.not_in_file)
        )


@codebook.command("edit")
@click.argument("category")
@click.option("--name", default=None, help="The category's new name.")
@click.option("--definition", default=None, help="The new definition.")
@click.option("--rule", "coding_rule", default=None, help="The new coding rule.")
@click.option("--reason", required=True, help="Why it changes (kept in the audit trail).")
@click.option(
    "--if-version",
    "expected",
    type=int,
    default=None,
    metavar="N",
    help="Change it only if it is still at version N (as 'codebook show --json' gave it), "
    "so that a colleague's change made meanwhile is not overwritten.",
)
@pass_settings
def edit(
    settings: Settings,
    category: str,
    name: str | None,
    definition: str | None,
    coding_rule: str | None,
    reason: str,
    expected: int | None,
) -> None:
    """Change a category's name, definition or coding rule.

    In a team project, another coder may change the same category at the same time; with
    --if-version the edit is refused ("K2.1 was changed by anna at 14:02; reload and try
    again") rather than overwriting their change.
    """
    project = settings.open()
    found = project.codebook.resolve(category)
    changed = project.codebook.edit_category(
        found.code,
        reason=reason,
        name=name,
        definition=definition,
        coding_rule=coding_rule,
        expected_version=found.version if expected is None else expected,
    )
    if changed is found or changed == found:
        click.echo(f"{found.code} is unchanged.")
        return
    click.echo(f"Changed {changed.code} {changed.name}.")


@codebook.command("freeze")
@click.option("--reason", default="", help="A note on the pilot (kept in the audit trail).")
@pass_settings
def freeze(settings: Settings, reason: str) -> None:
    """Freeze the codebook after the pilot run (Mayring's revision step).

    Records how much of the material is coded so far. From then on every change to the
    codebook needs a reason and opens a new version, and codings of a changed category made
    under an older version are flagged for re-checking ('qualcode codings --review').
    """
    version, share = settings.open().versions.freeze(reason=reason)
    click.echo(
        f"Froze codebook version {version.label}: {share.share:.0%} of the material coded "
        f"({share.documents_coded} of {counted(share.documents, 'document')}, "
        f"{thousands(share.words_coded)} of {counted(share.words, 'word', thousands=True)})."
    )
    warning = share.pilot_warning()
    if warning:
        click.echo(f"Note: {warning}.")
    click.echo(
        "New codings now belong to the main pass unless you choose another ('qualcode pass')."
    )


@codebook.command("versions")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def versions(settings: Settings, as_json: bool) -> None:
    """List the codebook's versions: when, by whom, why, and which were frozen."""
    found = settings.open().versions.all()
    if as_json:
        emit_json(
            [
                {
                    "label": v.label,
                    "created": v.created,
                    "created_by": v.created_by,
                    "reason": v.reason,
                    "frozen": v.frozen,
                    "coded_share": v.coded_share,
                }
                for v in found
            ]
        )
        return
    if not found:
        click.echo("This project has no codebook yet.")
        return
    rows = [
        (
            v.label,
            f"{v.created:%Y-%m-%d %H:%M}",
            v.created_by,
            f"{v.frozen:%Y-%m-%d}" if v.frozen else "",
            f"{v.coded_share:.0%}" if v.coded_share is not None else "",
            v.reason,
        )
        for v in found
    ]
    table(["version", "created", "by", "frozen", "coded", "reason"], rows, right={4})
