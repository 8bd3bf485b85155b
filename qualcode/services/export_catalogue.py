"""The exports a project offers: every kind with its formats, options and description, as data.

``qualcode export ...`` builds one subcommand per kind from this list, the workbench's export
dialog offers the same kinds, formats and options, and :meth:`ExportService.run
<qualcode.services.exports.ExportService.run>` writes any of them. A new export is one
:class:`ExportKind` in :data:`KINDS` plus the code that produces it (a table builder registered in
:mod:`qualcode.services.exports`, and a writer under :mod:`qualcode.exporters` if its format is
new). This module is plain data: command-line help reads it without loading pandas or the format
libraries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from qualcode.domain.errors import InvalidInputError

__all__ = [
    "CHARTS",
    "COLUMNS",
    "DEFAULT_FOLDER",
    "DOCUMENT_FORMATS",
    "FORMATS",
    "KINDS",
    "LEVELS",
    "POSITIONS",
    "PROJECT_FORMATS",
    "PAGE_FORMATS",
    "APPENDIX_FORMATS",
    "REPORT_FORMATS",
    "TABLE_FORMATS",
    "UNITS",
    "ExportKind",
    "Format",
    "Option",
    "find",
    "format_for",
    "format_named",
    "format_of",
]

DEFAULT_FOLDER = Path("exports")
"""Where an export goes unless the user names another place."""


@dataclass(frozen=True, slots=True)
class Format:
    """A file format: its name on the command line, the file suffix and how it is written."""

    name: str
    suffix: str
    label: str
    text: bool  # text can go to standard output; binary formats need a file


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", ".csv", "CSV (Excel)", text=True),
        Format("xlsx", ".xlsx", "XLSX", text=False),
        Format("md", ".md", "Markdown", text=True),
        Format("tex", ".tex", "LaTeX", text=True),
        Format("docx", ".docx", "Word", text=False),
        Format("png", ".png", "PNG", text=False),
        Format("svg", ".svg", "SVG", text=True),
        Format("pdf", ".pdf", "PDF", text=False),
        Format("qdpx", ".qdpx", "REFI-QDA project", text=False),
        Format("qdc", ".qdc", "REFI-QDA codebook", text=False),
        Format("html", ".html", "HTML (opens in any browser)", text=True),
    )
}

TABLE_FORMATS = ("csv", "xlsx", "md", "tex", "docx")
REPORT_FORMATS = ("md", "xlsx", "docx", "csv", "tex")
"""The agreement report's formats (``qualcode agreement --format``): the table formats, the
readable ones first."""
CHART_FORMATS = ("png", "svg", "pdf")
PROJECT_FORMATS = ("qdpx", "qdc")
POSITIONS = ("code-points", "utf-16")
PAGE_FORMATS = ("html",)
DOCUMENT_FORMATS = ("md", "docx", "tex")
"""A text of its own (the methods chapter): headings and paragraphs rather than tables."""
MEMO_FORMATS = ("md", "docx", "csv", "xlsx")
LANGUAGES = ("de", "en")
MEMO_TARGETS = ("project", "document", "category", "coding")

APPENDIX_FORMATS = ("docx", "pdf", "tex", "md")
"""The transcript appendix's formats (PDF: the Word file converted by LibreOffice)."""
UNITS = ("segments", "cases")
LEVELS = ("segment", "turn", "document")
CHARTS = ("bar", "heatmap")
COLUMNS = ("main", "all")  # the theme matrix's columns: main categories, or every category

OptionType = Literal["flag", "choice", "text", "count"]


@dataclass(frozen=True, slots=True)
class Option:
    """A choice an export takes beyond the shared filters.

    ``name`` is the field of :class:`~qualcode.services.exports.ExportRequest` it sets; ``help``
    is the command-line help and ``label`` the short wording of the workbench's dialog. A
    ``default`` of None means the export decides (frequencies count both units then).
    """

    name: str
    type: OptionType
    help: str
    label: str
    default: str | int | bool | None = None
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True, slots=True)
class ExportKind:
    """One export: what it is called, what it says about itself, how it can be written.

    ``stem`` names the file (under :data:`DEFAULT_FOLDER`) and may use the options, as in
    ``chart-{chart}``; ``workbench_format`` is where the dialog starts: a file to open rather
    than one to pipe.
    """

    name: str
    description: str
    formats: tuple[str, ...]
    default_format: str
    options: tuple[Option, ...] = ()
    stem: str = ""
    workbench_format: str = ""
    chart: bool = False  # a picture, drawn by the chart writers rather than written as tables
    project: bool = False  # the project for other programs (REFI-QDA), not a table or chart
    page: bool = False  # a whole document of its own (the reviewer's page), not tables
    whole: bool = False  # about the whole project: the shared filters do not apply

    @property
    def table(self) -> bool:
        return not (self.chart or self.project or self.page)

    @property
    def filters(self) -> bool:
        """Whether the shared filters (documents, coders, ...) choose what it counts."""
        return not (self.project or self.whole)

    @property
    def separator(self) -> bool:
        """Whether the CSV separator matters (the kind can be written as CSV)."""
        return "csv" in self.formats

    @property
    def start_format(self) -> str:
        return self.workbench_format or self.default_format

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def file_name(self, fmt: str, values: dict[str, object] | None = None) -> str:
        """The default file name for format ``fmt``, such as ``chart-bar.png``."""
        chosen = {o.name: o.default for o in self.options} | (values or {})
        return (self.stem or self.name).format(**chosen) + format_of(fmt).suffix


ROLLUP_HELP = "Count subcategories in their main category (and list main categories only)."
ROLLUP_LABEL = "Roll subcategories up into their main category"


def _rollup(text: str = ROLLUP_HELP) -> Option:
    return Option("rollup", "flag", text, ROLLUP_LABEL, default=False)


def _unit(default: str | None, text: str) -> Option:
    label = "Count" if default is not None else "Count (default: both)"
    return Option("unit", "choice", text, label, default=default, choices=UNITS)


def _uncoded(what: str = "list", label: str = "Also list categories never coded") -> Option:
    """The categories never coded in the selection: left out of tables and charts by default,
    so that they show what was found."""
    thing = "figure" if what == "draw" else "table"
    return Option(
        "uncoded",
        "flag",
        f"Also {what} the categories never coded in this selection (left out by default, so "
        f"the {thing} shows what was found).",
        label,
        default=False,
    )


def _group() -> Option:
    return Option(
        "group",
        "text",
        "Count per document, category, speaker (role) or attr:KEY (a case attribute); "
        "empty: the whole project.",
        "count words per: document, category, speaker or attr:KEY",
        default="",
    )


def _forms() -> Option:
    return Option(
        "forms", "flag", "Count word forms instead of lemmas.", "Count word forms", default=False
    )


def _top() -> Option:
    return Option("top", "count", "How many words per group (default 50).", "words per group")


def _table(
    name: str, description: str, *options: Option, workbench_format: str = "xlsx"
) -> ExportKind:
    return ExportKind(
        name,
        description,
        TABLE_FORMATS,
        "csv",
        options=options,
        workbench_format=workbench_format,
    )


KINDS: tuple[ExportKind, ...] = (
    _table(
        "frequencies",
        'Category frequencies: coded segments ("Nennungen") and cases (n of N experts).',
        _rollup(),
        _unit(None, "Count segments or cases only (default: both)."),
        _uncoded(),
    ),
    _table(
        "matrix",
        "Category x document matrix: segment counts or presence per case, with a row sum.",
        _rollup(),
        _unit("segments", "Cells count segments, or mark cases with the category (✓/–)."),
        _uncoded(),
    ),
    _table(
        "attributes",
        "Categories by a case attribute (industry, company size, ...): counts per group.",
        Option(
            "attribute",
            "text",
            "The case attribute to group by, e.g. Branche or Unternehmensgröße.",
            "the case attribute to compare by, e.g. Branche",
            default="",
            required=True,
        ),
        _rollup(),
        _unit("cases", "Cells count cases (with each group's N) or segments."),
        _uncoded(),
    ),
    _table(
        "cooccurrence",
        "Co-occurrence of categories: a category x category matrix of how often they meet.",
        Option(
            "level",
            "choice",
            "Together means: overlapping segments, the same turn, or the same document.",
            "Together means",
            default="segment",
            choices=LEVELS,
        ),
        _rollup(),
        _uncoded(),
    ),
    _table(
        "quotes",
        "Quotes per category in codebook order, in „…“ with a citation such as (B01, Pos. 4–6).",
        Option(
            "cite",
            "text",
            "How quotes are cited: pos '({doc}, Pos. {pos})', line '({doc}, Z. {line})', "
            "time '({doc}, {time})', or a template of your own with those fields.",
            "citation: pos, line, time or e.g. ({doc}, Abs. {pos})",
            default="pos",
        ),
        Option(
            "max_words",
            "count",
            "Shorten longer quotes in the middle, at sentence ends where possible, marked […].",
            "shorten quotes to at most this many words (empty: whole quotes)",
        ),
        _rollup("List each quote under its main category."),
    ),
    _table(
        "search",
        "Search hits in context (keyword in context) with the categories already coded there.",
        Option(
            "query",
            "text",
            "What to find: a word, a phrase, or with --regex a regular expression.",
            "search for (a word, a phrase or a pattern)",
            default="",
            required=True,
        ),
        Option(
            "lemma",
            "flag",
            "Find every inflected form (Kunde, Kunden).",
            "Every form (lemma)",
            default=False,
        ),
        Option(
            "parts",
            "flag",
            "Also compounds with the word as a part (Kunden: Neukunden, Kundenbindung).",
            "Also compounds with it as a part",
            default=False,
        ),
        Option("whole_word", "flag", "Not inside longer words.", "Whole words only", default=False),
        Option(
            "regex",
            "flag",
            "The query is a regular expression.",
            "Regular expression",
            default=False,
        ),
        Option(
            "speaker",
            "text",
            "Only in turns of this speaker or role (interviewer, respondent, other).",
            "speaker or role (empty: everyone)",
            default="",
        ),
        Option(
            "uncoded",
            "flag",
            "Only hits where nothing is coded.",
            "Only where nothing is coded",
            default=False,
        ),
    ),
    _table(
        "guideline",
        "The coding guideline (Kodierleitfaden) and the category tree, with frequencies.",
        _rollup("Count every category's subcategories in its frequency columns."),
        Option(
            "cite",
            "text",
            "How anchor examples are cited: pos '({doc}, Pos. {pos})', line '({doc}, Z. {line})' "
            "(the transcript appendix's lines), or a template of your own.",
            "citation of anchors: pos, line or e.g. ({doc}, Abs. {pos})",
            default="pos",
        ),
    ),
    ExportKind(
        "theme-matrix",
        "Theme matrix (cases x categories): each cell its summary, then its passages with Pos.",
        ("xlsx", "docx", "md", "csv"),
        "xlsx",
        options=(
            Option(
                "cite",
                "choice",
                "How passages are cited: pos (B01, Pos. 9) or line (B01, Z. 16–17), the lines "
                "of the transcript appendix.",
                "Cite passages by",
                default="pos",
                choices=("pos", "line"),
            ),
            Option(
                "columns",
                "choice",
                "The columns: the main categories, each with its subcategories' passages, "
                "or every category.",
                "Columns",
                default="main",
                choices=COLUMNS,
            ),
        ),
        workbench_format="docx",
    ),
    ExportKind(
        "summary-table",
        "Mayring's reduction table: Fall, Pos., Paraphrase, Generalisierung, Reduktion.",
        ("xlsx", "docx", "md", "csv"),
        "xlsx",
        workbench_format="docx",
    ),
    ExportKind(
        "chart",
        "A chart: frequency bars (bar) or a category x case heat map (heatmap); PNG, SVG or PDF.",
        CHART_FORMATS,
        "png",
        options=(
            Option(
                "chart",
                "choice",
                "The chart: frequency bars or a category x case heat map.",
                "Chart",
                default="bar",
                choices=CHARTS,
            ),
            _rollup(),
            _unit("segments", "Bars or cells count segments or cases."),
            _uncoded("draw", "Also draw categories never coded"),
        ),
        stem="chart-{chart}",
        chart=True,
    ),
    _table(
        "words",
        "Word frequencies per group (document, category, speaker, case), without stop words.",
        _group(),
        _forms(),
        _top(),
    ),
    _table(
        "keyness",
        "Keyness of words between two groups: log-likelihood G2, %DIFF, log ratio, p.",
        Option(
            "compare",
            "text",
            "The two groups to compare, as A,B (B may be 'rest': all other groups together).",
            "groups to compare: A,B (B may be rest)",
            default="",
            required=True,
        ),
        _group(),
        _forms(),
        _top(),
    ),
    ExportKind(
        "wordchart",
        "A bar chart of the most frequent words of the project or the chosen documents.",
        CHART_FORMATS,
        "png",
        options=(_forms(), _top()),
        stem="words-chart",
        chart=True,
    ),
    ExportKind(
        "qdpx",
        "The whole project for MAXQDA, ATLAS.ti, NVivo, QualCoder (REFI-QDA .qdpx).",
        ("qdpx",),
        "qdpx",
        options=(
            Option(
                "positions",
                "choice",
                "How selection positions count: code points (the standard, what QualCoder "
                "reads) or UTF-16 units (for a program that counts an emoji as two; which of "
                "MAXQDA, ATLAS.ti and NVivo do is not yet verified, see docs/refi-qda.md).",
                "Positions count",
                default="code-points",
                choices=POSITIONS,
            ),
        ),
        project=True,
    ),
    ExportKind(
        "qdc",
        "The codebook alone for other programs (REFI-QDA .qdc), with the guideline.",
        ("qdc",),
        "qdc",
        project=True,
    ),
    ExportKind(
        "methods",
        "A draft of the methods chapter: the analysis plan with the project's own figures.",
        DOCUMENT_FORMATS,
        "md",
        options=(
            Option(
                "lang",
                "choice",
                "The chapter's language: German (de, in the project's terms) or English (en).",
                "Language",
                default="de",
                choices=LANGUAGES,
            ),
        ),
        workbench_format="docx",
        page=True,
        whole=True,
    ),
    ExportKind(
        "memos",
        "Every memo (project, documents, categories, codings) with author, date and history.",
        MEMO_FORMATS,
        "md",
        options=(
            Option(
                "on",
                "choice",
                "Only the memos on the project, documents, categories or codings.",
                "Memos on (default: all)",
                choices=MEMO_TARGETS,
            ),
        ),
        workbench_format="docx",
        whole=True,
    ),
    ExportKind(
        "review",
        "The reviewer's page: one HTML file with guideline, transcripts, agreement and history.",
        PAGE_FORMATS,
        "html",
        page=True,
    ),
    ExportKind(
        "transcripts",
        "The transcript appendix with numbered lines of 80 characters, as --cite line cites.",
        APPENDIX_FORMATS,
        "docx",
        options=(
            Option(
                "header",
                "text",
                "Print this case attribute above each transcript (--attr KEY, repeatable).",
                "Case attributes above each transcript (comma-separated)",
            ),
            Option(
                "timestamps",
                "flag",
                "Print each turn's time mark (hh:mm:ss) beside its first line.",
                "Time marks beside the lines",
                default=False,
            ),
        ),
        page=True,
    ),
)


def find(name: str) -> ExportKind:
    """The export called ``name``; an error naming the others when there is none."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    names = ", ".join(k.name for k in KINDS)
    raise InvalidInputError(f"there is no export {name!r}; use one of {names}")


def format_of(name: str) -> Format:
    """The format called ``name``."""
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInputError(
            f"there is no export format {name!r}; use one of {', '.join(FORMATS)}"
        ) from None


def format_for(
    path: Path, fmt: str | None, formats: tuple[str, ...], default: str, *, what: str = "export"
) -> str:
    """The format to write ``path`` in: the one its ending names, else ``fmt`` or ``default``.

    A file ending that names none of ``formats`` (``x.pdf`` for a table) is refused, and so is
    an ending that contradicts ``fmt``: a file's name never says another format than its
    content. A name without an ending takes ``fmt`` (or ``default``).
    """
    suffix = path.suffix.lower()
    if not suffix:
        return fmt or default
    named = format_named(path, formats)
    if named is None:
        endings = ", ".join(FORMATS[f].suffix for f in formats)
        raise InvalidInputError(
            f"{path.name}: the {what} is written as {', '.join(formats)}, not {suffix[1:]}; "
            f"name the file with one of the endings {endings} (nothing was written)"
        )
    if fmt is not None and fmt != named:
        raise InvalidInputError(
            f"{path.name} ends in {suffix} but the format is {fmt}; name the file "
            f"{path.stem}{FORMATS[fmt].suffix}, or leave the format to the ending "
            "(nothing was written)"
        )
    return named


def format_named(path: Path, formats: tuple[str, ...]) -> str | None:
    """The one of ``formats`` that the ending of ``path`` names, if any."""
    suffix = path.suffix.lower()
    return next((f for f in formats if FORMATS[f].suffix == suffix), None)
