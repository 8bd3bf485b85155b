"""``qualcode plan``, ``qualcode memos``, ``qualcode memo`` and ``qualcode settings terms``:
the analysis plan, the researcher's memos, and the words the exports use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.numbers import WholeNumber
from qualcode.cli.output import emit_json, table, wrapped
from qualcode.domain.errors import InvalidInputError
from qualcode.domain.memos import TARGETS
from qualcode.domain.plan import FIELDS, NAMES

if TYPE_CHECKING:
    from datetime import datetime

    from qualcode.domain.memos import Memo
    from qualcode.domain.terminology import Terms

MEMO_ID = WholeNumber("a memo number")


# -- the analysis plan ---------------------------------------------------------------------


@click.group()
def plan() -> None:
    """The analysis plan (Ablaufmodell): research questions, technique, units and rules.

    \b
    qualcode plan show              what is written, and what is missing
    qualcode plan edit              fill it in in your editor (a commented form)
    qualcode plan set FIELD TEXT    change one field
    qualcode plan export -o F.docx  the plan as Markdown, Word or LaTeX
    qualcode export methods         a draft methods chapter from plan and project
    """


@plan.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def plan_show(settings: Settings, as_json: bool) -> None:
    """Show the analysis plan field by field, then what a supervisor would find missing."""
    current = settings.open().plan.get()
    if as_json:
        emit_json({"plan": current.as_dict(), "missing": current.problems()})
        return
    for field in FIELDS:
        value = current.value(field.name)
        click.echo(click.style(f"{field.german} ({field.name})", bold=True))
        if isinstance(value, tuple):
            for item in value:
                wrapped("  - ", item, indent=4)
        elif value:
            for paragraph in value.split("\n"):
                wrapped("  ", paragraph, indent=2)
        if not value:
            click.echo("  (empty)")
    problems = current.problems()
    click.echo()
    if problems:
        click.echo("Missing: " + "; ".join(problems) + ".")
        click.echo("Fill it in with 'qualcode plan edit' or 'qualcode plan set FIELD TEXT'.")
    else:
        click.echo("The plan is complete.")


@plan.command("edit")
@pass_settings
def plan_edit(settings: Settings) -> None:
    """Fill in the plan in your editor ($VISUAL or $EDITOR): a form with a comment on each field.

    Save and close the editor to store it. If the form does not read (say, a text not indented
    under its field), the plan stays as it was and the form is opened again with your text.
    """
    service = settings.open().plan
    text = service.form()
    while True:
        edited = click.edit(text, extension=".yaml", require_save=True)
        if edited is None:
            click.echo("Nothing changed.")
            return
        try:
            saved = service.save_form(edited)
        except InvalidInputError as error:
            click.echo(f"qualcode: {error}", err=True)
            if not click.confirm("Open the form again to correct it?", default=True):
                raise
            text = edited
            continue
        missing = saved.problems()
        click.echo(
            "Saved the analysis plan"
            + (f"; still missing: {'; '.join(missing)}." if missing else "; it is complete.")
        )
        return


@plan.command("set")
@click.argument("field", type=click.Choice(NAMES), metavar="FIELD")
@click.argument("text", required=False)
@click.option(
    "--add",
    is_flag=True,
    help="Add TEXT as one more entry (research_questions, techniques) instead of replacing.",
)
@click.option(
    "--file",
    "from_file",
    type=click.File("rb"),
    help="Read TEXT from a file ('-': standard input).",
)
@pass_settings
def plan_set(settings: Settings, field: str, text: str | None, add: bool, from_file: Any) -> None:
    """Set one FIELD of the plan to TEXT (an empty TEXT clears it).

    FIELD is one of: research_questions, material, case_selection, techniques,
    technique_reason, coding_unit, context_unit, recording_unit, selection_criterion,
    abstraction_level, transcription_rules, anonymisation, quality_criteria. Techniques take
    Mayring's labels or short names: deduktiv, induktiv, zusammenfassende, explizierende,
    strukturierende.
    """
    if from_file is not None:
        text = _utf8_text(from_file.read(), from_file.name)
    if text is None:
        raise click.UsageError("give the TEXT, or --file FILE")
    service = settings.open().plan
    saved = service.add(field, text) if add else service.set(field, text)
    value = saved.value(field)
    shown = "; ".join(value) if isinstance(value, tuple) else value
    click.echo(f"Set {field}: {shown or '(empty)'}")


def _utf8_text(data: bytes, name: str) -> str:
    """The text of a plan file; one line, not a traceback, when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"the file must be UTF-8 text (byte {exc.start + 1:,} is not); save it as UTF-8 "
            "in your editor",
            file="standard input" if name == "<stdin>" else str(name),
        ) from None


@plan.command("export")
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="The file to write (.md, .docx or .tex); '-' for standard output. "
    "Default: exports/plan.md.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx", "tex"]),
    default=None,
    help="The format (default: from the file name, else md).",
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="German or English headings.",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option("--mkdir", is_flag=True, help="Create the folder of -o if it does not exist.")
@pass_settings
def plan_export(
    settings: Settings, output: str | None, fmt: str | None, lang: str, force: bool, mkdir: bool
) -> None:
    """Write the analysis plan as Markdown, Word or LaTeX, field by field, to hand on."""
    service = settings.open().plan
    if output == "-":
        if fmt == "docx":
            raise click.UsageError("docx is a binary format: give a file with -o, not '-'")
        with click.open_file("-", "wb") as stream:
            service.export(stream, fmt or "md", language=lang)  # type: ignore[arg-type]
        return
    path = Path(output) if output else Path("exports") / f"plan.{fmt or 'md'}"
    if fmt is None:
        fmt = {".docx": "docx", ".tex": "tex"}.get(path.suffix.lower(), "md")
    created = service.export(path, fmt, language=lang, force=force, mkdir=mkdir or not output)
    if created is not None:
        click.echo(f"Created the folder {created}.")
    click.echo(f"Wrote {path}.")


# -- memos ---------------------------------------------------------------------------------


def memo_json(memo: Memo) -> dict[str, Any]:
    return {
        "id": memo.id,
        "on": memo.target,
        "target_id": memo.target_id,
        "about": memo.about,
        "title": memo.title,
        "text": memo.text,
        "author": memo.author,
        "created": memo.created,
        "updated": memo.updated,
        "history": [
            {"title": v.title, "text": v.text, "author": v.author, "saved": v.saved}
            for v in memo.history
        ],
    }


@click.command()
@click.option(
    "--on",
    "target",
    type=click.Choice(TARGETS),
    help="Only memos on the project, documents, categories or codings.",
)
@click.option(
    "--search",
    default="",
    metavar="TEXT",
    help="Only memos whose title, text or subject holds TEXT (case ignored).",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def memos(settings: Settings, target: str | None, search: str, as_json: bool) -> None:
    """List the memos on the project, documents, categories and codings, oldest first.

    A coding's memo is the one 'qualcode codings' shows beside it. Read one whole, with its
    earlier versions, with 'qualcode memo show N'.
    """
    found = settings.open().memos.list(target=target, search=search)
    if as_json:
        emit_json([memo_json(m) for m in found])
        return
    if not found:
        click.echo(
            "No memos"
            + (" match." if search or target else " yet. Write one with 'qualcode memo add'.")
        )
        return
    rows = [
        (
            m.id,
            m.target,
            _cut("the project" if m.target == "project" else m.about, 34),
            _cut(m.heading, 40),
            m.author,
            f"{m.updated.astimezone():%Y-%m-%d}",
            len(m.history) or "",
        )
        for m in found
    ]
    table(["#", "on", "about", "memo", "author", "changed", "edits"], rows, right={0, 6})


def _cut(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@click.group()
def memo() -> None:
    """Write, change, read and remove one memo.

    \b
    qualcode memo add "Text" --title "Eindruck"          on the project
    qualcode memo add --on document --to B01 "Text"       on a document
    qualcode memo add --on category --to K2.1 "Text"      on a category
    qualcode memo add --on coding --to 17 "Text"          on coding 17
    qualcode memo edit 3 --text "..."   qualcode memo show 3   qualcode memo remove 3
    """


def _from_editor(text: str = "") -> str:
    edited = click.edit(text, extension=".md", require_save=True)
    if edited is None:
        raise click.ClickException("nothing was written (the editor was closed without saving)")
    return edited


@memo.command("add")
@click.argument("text", required=False)
@click.option(
    "--on",
    "target",
    type=click.Choice(TARGETS),
    default="project",
    show_default=True,
    help="What the memo is on.",
)
@click.option(
    "--to",
    "ref",
    metavar="REF",
    help="Which one: a document's name or id, a category's code, a coding's number.",
)
@click.option(
    "--title", default="", help="A short title (default: none; lists show the first line)."
)
@pass_settings
def memo_add(
    settings: Settings, text: str | None, target: str, ref: str | None, title: str
) -> None:
    """Write a new memo; without TEXT your editor ($EDITOR) opens for it."""
    if target != "project" and not ref:
        raise click.UsageError(f"name the {target} with --to")
    written = settings.open().memos.add(
        target, ref, text if text is not None else _from_editor(), title=title
    )
    about = "the project" if written.target == "project" else f"{written.target} {written.about}"
    click.echo(f"Wrote memo {written.id} on {about}.")


@memo.command("edit")
@click.argument("memo_id", type=MEMO_ID, metavar="N")
@click.option(
    "--text",
    default=None,
    help="The new text (without it, and without --title, your editor opens).",
)
@click.option("--title", default=None, help="The new title.")
@pass_settings
def memo_edit(settings: Settings, memo_id: int, text: str | None, title: str | None) -> None:
    """Change memo N; the version before stays in its history ('qualcode memo show N')."""
    service = settings.open().memos
    if text is None and title is None:
        text = _from_editor(service.get(memo_id).text)
    changed = service.edit(memo_id, text=text, title=title)
    click.echo(f"Changed memo {changed.id} ({len(changed.history)} earlier version(s) kept).")


@memo.command("show")
@click.argument("memo_id", type=MEMO_ID, metavar="N")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def memo_show(settings: Settings, memo_id: int, as_json: bool) -> None:
    """Show memo N whole, with who wrote it when and every earlier version."""
    found = settings.open().memos.get(memo_id)
    if as_json:
        emit_json(memo_json(found))
        return
    click.echo(
        click.style(f"Memo {found.id}" + (f": {found.title}" if found.title else ""), bold=True)
    )
    changed = f", changed {_when(found.updated)}" if found.history else ""
    click.echo(
        f"On {found.target} {found.about}; by {found.author}, {_when(found.created)}{changed}."
    )
    click.echo()
    for paragraph in found.text.split("\n"):
        wrapped("", paragraph, indent=0)
    for number, version in reversed(list(enumerate(found.history, start=1))):
        click.echo()
        heading = f"Earlier version {number} ({version.author}, {_when(version.saved)})"
        click.echo(click.style(heading, dim=True))
        for paragraph in version.text.split("\n"):
            wrapped("  ", paragraph, indent=2)


@memo.command("remove")
@click.argument("memo_id", type=MEMO_ID, metavar="N")
@click.option("--yes", is_flag=True, help="Do not ask first.")
@pass_settings
def memo_remove(settings: Settings, memo_id: int, yes: bool) -> None:
    """Remove memo N and its history (the audit trail keeps its last wording)."""
    service = settings.open().memos
    found = service.get(memo_id)
    if not yes and not click.confirm(f"Remove memo {memo_id} on {found.target} {found.about}?"):
        click.echo("Nothing was removed.")
        return
    service.remove(memo_id)
    click.echo(f"Removed memo {memo_id}.")


# -- settings ------------------------------------------------------------------------------


@click.group("settings")
def settings_group() -> None:
    """Project settings: the words the exports use (qualcode settings terms)."""


@settings_group.group("terms", invoke_without_command=True)
@click.pass_context
def terms(ctx: click.Context) -> None:
    """The words the German exports use: Kodier- or Codier-, the people interviewed, a case.

    \b
    qualcode settings terms                     show them
    qualcode settings terms set spelling Codier    Kodier | Codier
    qualcode settings terms set person Befragte    Experte | Befragte | Interviewpartner | ...
    qualcode settings terms set case Interview     Fall | Interview | Transkript
    qualcode settings terms preset kuckartz        mayring | kuckartz | maxqda
    """
    if ctx.invoked_subcommand is None:
        settings = ctx.find_object(Settings)
        assert settings is not None
        _show_terms(settings.open().plan.terms())


def _when(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def _show_terms(current: Terms) -> None:
    from qualcode.domain.terminology import CASES, PERSONS, SPELLINGS

    examples = f"{current.coding('leitfaden')}, {current.apply('codierte Segmente')}"
    click.echo(f"spelling  {current.spelling}-   ({examples}; choices: {', '.join(SPELLINGS)})")
    click.echo(f"person    {current.person}   ({current.persons}; choices: {', '.join(PERSONS)})")
    click.echo(f"case      {current.case}   ({current.cases}; choices: {', '.join(CASES)})")


@terms.command("set")
@click.argument("field", type=click.Choice(["spelling", "person", "case"]))
@click.argument("value")
@pass_settings
def terms_set(settings: Settings, field: str, value: str) -> None:
    """Set one word (spelling, person or case); every export from now on uses it."""
    _show_terms(settings.open().plan.set_term(field, value))


@terms.command("preset")
@click.argument("name", type=click.Choice(["mayring", "kuckartz", "maxqda"]))
@pass_settings
def terms_preset(settings: Settings, name: str) -> None:
    """Use a ready-made set: mayring (Kodier-, Experte, Fall), kuckartz (Codier-, Befragte,
    Fall) or maxqda (Codier-, Interviewpartner, Interview)."""
    _show_terms(settings.open().plan.use_preset(name))
