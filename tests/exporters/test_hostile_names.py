"""Names and text from other people's files, in every text export: nothing they hold becomes
markup (raw HTML or a link in Markdown, a command in LaTeX, a formula in CSV).

The Markdown is rendered by a real CommonMark reader (markdown-it, which ships with rich) with
raw HTML allowed, as GitHub, pandoc and editors' previews read it.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from markdown_it import MarkdownIt

from qualcode.domain.lines import Line
from qualcode.exporters import csv as csv_format
from qualcode.exporters import latex, markdown
from qualcode.exporters.formulas import looks_like_formula
from qualcode.exporters.methods import Block, Chapter, Section
from qualcode.exporters.methods import render_markdown as methods_markdown
from qualcode.exporters.table import Table
from qualcode.exporters.transcripts import AppendixTranscript
from qualcode.exporters.transcripts import render_markdown as appendix_markdown
from qualcode.exporters.transcripts import render_tex as appendix_tex

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click](javascript:alert(3))",
    "![x](javascript:alert(4))",
    "[ref][evil]",
    "\\input{/etc/passwd}",
    "\\write18{rm -rf ~}",
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\tTab",
    "\rCR",
)
_DANGER = re.compile(r"<script|<img|href=\"javascript|src=\"javascript", re.IGNORECASE)


def rendered(text: str) -> str:
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    return str(html)


def hostile_table() -> Table:
    return Table(
        title="Kategorien <b>[x](javascript:1)</b>",
        columns=("Code", "Kategorie", "Definition"),
        rows=[(f"K{i}", name, f"Text mit {name} darin") for i, name in enumerate(HOSTILE)],
        notes=("Anmerkung mit <script>x</script>",),
        name="Kategorien",
    )


def test_markdown_tables_hold_no_markup_from_names() -> None:
    html = rendered(markdown.render([hostile_table()]))
    assert _DANGER.search(html) is None, _DANGER.search(html)
    assert "<a " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as the text it is
    assert "[click](javascript:alert(3))" in html


def test_markdown_keeps_the_brackets_of_an_omission_as_they_are() -> None:
    text = markdown.escape("„Wir rufen an […] und fragen nach.“ [Name]")
    assert text == "„Wir rufen an […] und fragen nach.“ [Name]"


def test_the_methods_chapter_in_markdown_holds_no_markup_from_the_plan() -> None:
    chapter = Chapter(
        title="Methode <script>x</script>",
        sections=(
            Section(
                heading="[a](javascript:1)",
                blocks=(
                    Block("text", (("Frage: <img src=x onerror=alert(1)> [b](javascript:2)",),)),
                    Block("list", tuple((h,) for h in HOSTILE)),
                    Block(
                        "table", (("Code", "Name"), *((f"K{i}", h) for i, h in enumerate(HOSTILE)))
                    ),
                ),
            ),
        ),
    )
    html = rendered(methods_markdown(chapter))
    assert _DANGER.search(html) is None, _DANGER.search(html)
    assert "<a " not in html


def appendix(name: str) -> AppendixTranscript:
    return AppendixTranscript(
        name=name,
        header=(("Branche", "<img src=x onerror=alert(1)>"), ("[x](javascript:1)", "y")),
        speakers=("I", "B"),
        lines=(Line(1, "I: Hallo \\end{Verbatim} \\input{/etc/passwd}", 1, 0, 40),),
    )


@pytest.mark.parametrize("name", HOSTILE)
def test_the_transcript_appendix_holds_no_markup_from_names(name: str) -> None:
    md = appendix_markdown([appendix(name)], width=80, timestamps=False, anonymised=False)
    html = rendered(md)
    assert _DANGER.search(html) is None, _DANGER.search(html)
    assert "<a " not in html
    tex = appendix_tex([appendix(name)], width=80, timestamps=False, anonymised=False)
    outside = tex.split("\\begin{Verbatim}")[0]  # the lines themselves are set verbatim
    assert "\\input{" not in outside and "\\write18" not in outside
    assert tex.count("\\end{Verbatim}") == 1


@pytest.mark.parametrize("name", HOSTILE)
def test_latex_turns_no_name_into_a_command(name: str) -> None:
    text = latex.escape(name)
    assert "\\input{" not in text and "\\write18{" not in text
    assert re.search(r"(?<!\\)[{}$&#%^_~]", text.replace("{}", "")) is None


@pytest.mark.parametrize("sep", [";", ","])
def test_csv_guards_every_formula_start_in_names(sep: str) -> None:
    text = csv_format.render([hostile_table()], sep=sep).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    assert len(rows) == len(HOSTILE) + 1
    for row in rows:
        assert not any(looks_like_formula(cell) for cell in row), row
