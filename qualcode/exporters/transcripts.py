"""The transcript appendix: every transcript with its header data and numbered lines.

The lines come from :func:`qualcode.domain.lines.lay_out` and are printed as they are, in a
monospaced font (Courier New 9 pt in Word and PDF, so 80 characters and the line number fit
an A4 line with 2 cm margins), so the numbers on paper are the numbers qualcode cites. Time
marks stand in a margin beside the numbers and never move a break.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.lines import Line
from qualcode.domain.timecode import format_seconds
from qualcode.exporters import Target, put_bytes
from qualcode.exporters.markdown import escape as md_escape
from qualcode.exporters.output import Destination, replacing

__all__ = ["AppendixTranscript", "render_markdown", "render_tex", "write"]

FONT = "Courier New"
FONT_PT = 9
FONT_PT_TIMED = 8  # with the time marks' margin a line is 94 characters: 8 pt fits A4
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class AppendixTranscript:
    """One transcript of the appendix: its name, header (attribute, value) pairs, speakers and
    laid-out lines."""

    name: str
    header: tuple[tuple[str, str], ...]
    speakers: tuple[str, ...]
    lines: tuple[Line, ...]


def _numbered(transcript: AppendixTranscript, *, timestamps: bool) -> list[str]:
    digits = len(str(len(transcript.lines))) if transcript.lines else 1
    out: list[str] = []
    for line in transcript.lines:
        if out and _turn_starts(line, transcript):
            out.append("")  # a blank line between turns, as transcripts are set; not numbered
        mark = ""
        if timestamps:
            mark = (format_seconds(line.seconds) if line.seconds is not None else "").ljust(8)
            mark += "  "
        out.append(f"{str(line.number).rjust(digits)}  {mark}{line.text}")
    return out


def _turn_starts(line: Line, transcript: AppendixTranscript) -> bool:
    """Whether ``line`` is the first of its turn."""
    index = line.number - 1
    return index > 0 and transcript.lines[index - 1].position != line.position


def _intro(width: int, timestamps: bool, anonymised: bool) -> str:
    size = FONT_PT_TIMED if timestamps else FONT_PT
    parts = [
        f"Zeilennummern je Transkript, {width} Zeichen je Zeile in {FONT} {size} pt "
        "(Leerzeilen zwischen den Sprecherbeiträgen ohne Nummer); Belege im Text (Z. …) "
        "beziehen sich auf diese Zeilen."
    ]
    if timestamps:
        parts.append("Zeitmarken (hh:mm:ss): Beginn des Sprecherbeitrags in der Aufnahme.")
    if anonymised:
        parts.append("Namen, Unternehmen und Orte sind durch Platzhalter in [ ] ersetzt.")
    return " ".join(parts)


def _header_lines(transcript: AppendixTranscript) -> list[str]:
    lines = [f"{key}: {value}" for key, value in transcript.header]
    if transcript.speakers:
        lines.append("Sprecher: " + ", ".join(transcript.speakers))
    return lines


def render_markdown(
    transcripts: Sequence[AppendixTranscript], *, width: int, timestamps: bool, anonymised: bool
) -> str:
    out = ["# Transkripte", "", _intro(width, timestamps, anonymised), ""]
    for t in transcripts:
        out += [f"## {md_escape(t.name)}", ""]
        out += [f"- {md_escape(line)}" for line in _header_lines(t)]
        out += ["", "```text", *_numbered(t, timestamps=timestamps), "```", ""]
    return "\n".join(out)


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\^{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\~{}",
}


def _tex(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


def render_tex(
    transcripts: Sequence[AppendixTranscript], *, width: int, timestamps: bool, anonymised: bool
) -> str:
    """LaTeX for ``\\input`` into the appendix (needs the ``fancyvrb`` package for the lines;
    every line is set verbatim, so the breaks are qualcode's)."""
    out = [
        "% Transkripte: \\usepackage{fancyvrb} in the preamble",
        "\\section*{Transkripte}",
        _tex(_intro(width, timestamps, anonymised)),
        "",
    ]
    for t in transcripts:
        out += [f"\\subsection*{{{_tex(t.name)}}}", "\\begin{itemize}"]
        out += [f"  \\item {_tex(line)}" for line in _header_lines(t)]
        out += ["\\end{itemize}", "\\begin{Verbatim}[fontsize=\\footnotesize]"]
        out += [
            line.replace("\\end{Verbatim}", "\\end {Verbatim}")
            for line in _numbered(t, timestamps=timestamps)
        ]
        out += ["\\end{Verbatim}", ""]
    return "\n".join(out)


def _docx(
    transcripts: Sequence[AppendixTranscript], *, width: int, timestamps: bool, anonymised: bool
) -> object:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from qualcode.exporters.docx import a4

    document = Document()
    section = document.sections[0]
    a4(section)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    document.add_heading("Transkripte", level=1)
    document.add_paragraph(_clean(_intro(width, timestamps, anonymised)))
    for number, t in enumerate(transcripts):
        heading = document.add_heading(_clean(t.name), level=2)
        if number:
            heading.paragraph_format.page_break_before = True
        for line in _header_lines(t):
            document.add_paragraph(_clean(line))
        for text in _numbered(t, timestamps=timestamps):
            paragraph = document.add_paragraph()
            form = paragraph.paragraph_format
            form.space_before = form.space_after = Pt(0)
            form.line_spacing = 1.0
            run = paragraph.add_run(_clean(text))
            run.font.name = FONT
            run.font.size = Pt(FONT_PT_TIMED if timestamps else FONT_PT)
            fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
            for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attribute), FONT)
    return document


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def write(
    transcripts: Sequence[AppendixTranscript],
    target: Target,
    fmt: str,
    *,
    width: int,
    timestamps: bool = False,
    anonymised: bool = False,
) -> None:
    """Write the appendix as md, tex, docx or pdf (Word converted by LibreOffice); without
    any time mark in the transcripts, ``timestamps`` leaves out the empty margin."""
    timestamps = timestamps and any(
        line.seconds is not None for t in transcripts for line in t.lines
    )
    if fmt == "md":
        text = render_markdown(
            transcripts, width=width, timestamps=timestamps, anonymised=anonymised
        )
        put_bytes(text.encode("utf-8"), target)
    elif fmt == "tex":
        text = render_tex(transcripts, width=width, timestamps=timestamps, anonymised=anonymised)
        put_bytes(text.encode("utf-8"), target)
    elif fmt == "docx":
        document = _docx(transcripts, width=width, timestamps=timestamps, anonymised=anonymised)
        if isinstance(target, Path | Destination):
            with replacing(target) as temp:
                document.save(str(temp))  # type: ignore[attr-defined]
        else:
            document.save(target)  # type: ignore[attr-defined]
    elif fmt == "pdf":
        document = _docx(transcripts, width=width, timestamps=timestamps, anonymised=anonymised)
        put_bytes(_pdf(document), target)
    else:
        raise InvalidInputError(f"the appendix is written as docx, pdf, tex or md, not {fmt!r}")


def _pdf(document: object) -> bytes:
    """The Word document as PDF, converted by LibreOffice (``soffice``)."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise InvalidInputError(
            "a PDF is made with LibreOffice, which is not installed here: write --format docx "
            "and save it as PDF from Word or LibreOffice"
        )
    with tempfile.TemporaryDirectory(prefix="qualcode-pdf-") as folder:
        source = Path(folder) / "transkripte.docx"
        document.save(str(source))  # type: ignore[attr-defined]
        profile = Path(folder) / "profile"
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise InvalidInputError(f"LibreOffice could not make the PDF: {exc}") from exc
        result = source.with_suffix(".pdf")
        if not result.exists():
            raise InvalidInputError("LibreOffice made no PDF of the appendix")
        return result.read_bytes()
