"""The methods chapter as Markdown, Word or LaTeX, from a :class:`Chapter` the services wrote.

A chapter is headed sections of paragraphs, bullet lists and small two-column tables (the
analysis units, the codebook versions, the agreement figures): what a thesis's "Methodik"
chapter is made of. The wording is the services'; this module only sets it in each format,
so that the three files say the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from qualcode.exporters import Target, put_bytes
from qualcode.exporters.latex import escape as tex_escape
from qualcode.exporters.output import Destination, replacing

__all__ = ["Block", "Chapter", "Section", "render_markdown", "render_tex", "write"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (``kind`` "text"), a bullet list ("list", one item per entry), a table
    ("table": header then rows, each a tuple of cells) or a note to the author ("todo")."""

    kind: str
    items: tuple[tuple[str, ...], ...]
    caption: str = ""  # a table's caption, numbered by the writers ("Tabelle 2: ...")

    @classmethod
    def text(cls, text: str) -> Block:
        return cls("text", ((text,),))

    @classmethod
    def bullets(cls, items: list[str] | tuple[str, ...]) -> Block:
        return cls("list", tuple((i,) for i in items))

    @classmethod
    def table(
        cls, header: tuple[str, ...], rows: Sequence[tuple[str, ...]], caption: str = ""
    ) -> Block:
        return cls("table", (header, *rows), caption)

    @classmethod
    def todo(cls, text: str) -> Block:
        return cls("todo", ((text,),))


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]
    level: int = 2


@dataclass(frozen=True, slots=True)
class Chapter:
    title: str
    sections: tuple[Section, ...]
    lead: str = ""  # a line under the title: a draft, from which project, as of when
    notes: tuple[str, ...] = field(default_factory=tuple)
    table_word: str = "Tabelle"  # how captions are numbered: "Tabelle 1: ..."

    def captions(self) -> dict[int, str]:
        """Each captioned table's numbered caption, by ``id`` of its block."""
        found: dict[int, str] = {}
        for section in self.sections:
            for block in section.blocks:
                if block.kind == "table" and block.caption:
                    found[id(block)] = f"{self.table_word} {len(found) + 1}: {block.caption}"
        return found


def write(chapter: Chapter, target: Target, fmt: str) -> None:
    """Write ``chapter`` as md, docx or tex to a file or binary stream."""
    if fmt == "docx":
        _write_docx(chapter, target)
    elif fmt == "tex":
        put_bytes(render_tex(chapter).encode("utf-8"), target)
    else:
        put_bytes(render_markdown(chapter).encode("utf-8"), target)


# -- Markdown -------------------------------------------------------------------------------


_MD_SPECIAL = re.compile(r"([\\*_<])")
_MD_BRACKETS = re.compile(r"([\[\]])")
_MD_LINK = re.compile(r"\][(\[:]")


def _md(text: str) -> str:
    """Text as Markdown shows it: no emphasis, raw HTML or link from what people typed (see
    :func:`qualcode.exporters.markdown.escape`)."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_BRACKETS.sub(r"\\\1", text) if _MD_LINK.search(text) else text


def _md_cell(text: str) -> str:
    return _md(text).replace("|", "\\|").replace("\n", "<br>")


def render_markdown(chapter: Chapter) -> str:
    captions = chapter.captions()
    lines = [f"# {_md(chapter.title)}", ""]
    if chapter.lead:
        lines += [f"*{_md(chapter.lead)}*", ""]
    for section in chapter.sections:
        lines += ["#" * section.level + " " + _md(section.heading), ""]
        for block in section.blocks:
            if block.kind == "text":
                for paragraph in block.items[0][0].split("\n\n"):
                    lines += [_md(paragraph), ""]
            elif block.kind == "todo":
                lines += [f"> **[{_md(block.items[0][0])}]**", ""]
            elif block.kind == "list":
                lines += [f"- {_md(i[0])}" for i in block.items]
                lines.append("")
            else:
                header, *rows = block.items
                if id(block) in captions:
                    lines += [f"*{_md(captions[id(block)])}*", ""]
                lines.append("| " + " | ".join(_md_cell(c) for c in header) + " |")
                lines.append("| " + " | ".join("---" for _ in header) + " |")
                lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
                lines.append("")
    if chapter.notes:
        lines += ["---", ""] + [f"*{_md(n)}*" for n in chapter.notes] + [""]
    return "\n".join(lines)


# -- LaTeX ----------------------------------------------------------------------------------

_TEX_LEVELS = {1: "chapter", 2: "section", 3: "subsection"}


def render_tex(chapter: Chapter) -> str:
    captions = chapter.captions()
    out = [
        "% Entwurf des Methodenkapitels, von qualcode geschrieben; im Vorspann: "
        "\\usepackage{booktabs}",
        f"\\chapter{{{tex_escape(chapter.title)}}}",
        "",
    ]
    if chapter.lead:
        out += [f"\\textit{{{tex_escape(chapter.lead)}}}", ""]
    for section in chapter.sections:
        command = _TEX_LEVELS.get(section.level, "subsection")
        out += [f"\\{command}{{{tex_escape(section.heading)}}}", ""]
        for block in section.blocks:
            if block.kind == "text":
                out += [tex_escape(p) for p in block.items[0][0].split("\n\n")]
                out.append("")
            elif block.kind == "todo":
                out += [f"\\textbf{{[{tex_escape(block.items[0][0])}]}}", ""]
            elif block.kind == "list":
                out.append("\\begin{itemize}")
                out += [f"  \\item {tex_escape(i[0])}" for i in block.items]
                out += ["\\end{itemize}", ""]
            else:
                header, *rows = block.items
                share = 0.6 / max(1, len(header) - 1)
                spec = "p{0.3\\linewidth}" + f"p{{{share:.2f}\\linewidth}}" * (len(header) - 1)
                out += [
                    "\\begin{table}[htbp]",
                    "\\centering",
                    f"\\begin{{tabular}}{{{spec}}}",
                    "\\toprule",
                    " & ".join(f"\\textbf{{{tex_escape(c)}}}" for c in header) + " \\\\",
                    "\\midrule",
                ]
                out += [" & ".join(tex_escape(c) for c in row) + " \\\\" for row in rows]
                out += ["\\bottomrule", "\\end{tabular}"]
                if id(block) in captions:
                    caption = captions[id(block)].split(": ", 1)[1]
                    out.append(f"\\caption{{{tex_escape(caption)}}}")
                out += ["\\end{table}", ""]
    for note in chapter.notes:
        out += [f"\\noindent\\textit{{{tex_escape(note)}}}", ""]
    return "\n".join(out)


# -- Word -----------------------------------------------------------------------------------


def _write_docx(chapter: Chapter, target: Target) -> None:
    from pathlib import Path

    from docx import Document
    from docx.shared import Pt

    from qualcode.exporters.docx import _clean, a4

    captions = chapter.captions()
    document = Document()
    width = a4(document.sections[0])
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(_clean(chapter.title), level=1)
    if chapter.lead:
        document.add_paragraph().add_run(_clean(chapter.lead)).italic = True
    for section in chapter.sections:
        document.add_heading(_clean(section.heading), level=min(section.level, 3))
        for block in section.blocks:
            if block.kind == "text":
                for paragraph in block.items[0][0].split("\n\n"):
                    document.add_paragraph(_clean(paragraph))
            elif block.kind == "todo":
                run = document.add_paragraph().add_run(f"[{_clean(block.items[0][0])}]")
                run.bold = True
            elif block.kind == "list":
                for item in block.items:
                    document.add_paragraph(_clean(item[0]), style="List Bullet")
            else:
                header, *rows = block.items
                if id(block) in captions:
                    caption = document.add_paragraph()
                    caption.add_run(_clean(captions[id(block)])).italic = True
                    caption.paragraph_format.keep_with_next = True  # never apart from its table
                    caption.paragraph_format.space_after = Pt(3)
                grid = document.add_table(rows=1, cols=len(header))
                grid.style = "Table Grid"
                grid.autofit = False
                for cell, text in zip(grid.rows[0].cells, header, strict=True):
                    cell.paragraphs[0].add_run(_clean(text)).bold = True
                for row in rows:
                    for cell, text in zip(grid.add_row().cells, row, strict=True):
                        cell.text = _clean(text)
                _widths(grid, block.items, width)
                document.add_paragraph()
    for note in chapter.notes:
        run = document.add_paragraph().add_run(_clean(note))
        run.italic = True
        run.font.size = Pt(9)
    if isinstance(target, Path | Destination):
        with replacing(target) as temp:
            document.save(str(temp))
    else:
        document.save(target)


def _widths(grid: Any, rows: tuple[tuple[str, ...], ...], width_cm: float) -> None:
    """Columns as wide as their text needs, within the page: every column's longest word
    whole, and what is left shared by how much text each column holds."""
    from docx.shared import Cm

    columns = len(rows[0])
    words = [max(len(w) for r in rows for w in (r[i].split() or [""])) for i in range(columns)]
    least = [0.24 * n + 0.6 for n in words]  # 11 pt text, and the cell's padding
    wanted = [max(min(len(r[i]), 70) for r in rows) for i in range(columns)]
    spare = max(width_cm - sum(least), 0.0)
    total = sum(wanted) or 1
    for i, column in enumerate(grid.columns):
        size = Cm(least[i] + spare * wanted[i] / total)
        column.width = size
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the columns'
            cell.width = size
