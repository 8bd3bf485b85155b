"""The transcript appendix and citations by line: the lines a quote table cites, ``(B01, Z.
16–17)``, are the lines of the appendix file that show the quote, read back from the file itself
(the Word file's paragraphs; the PDF through pdftotext), with and without anonymisation."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from qualcode.domain.anonymisation import Rule
from qualcode.domain.lines import LINE_WIDTH
from qualcode.services.exports import ExportRequest
from qualcode.services.project import Project

_NUMBERED = re.compile(r"^\s*(\d+)  (.*)$")
_CITATION = re.compile(r"\((B\d\d), Z\. (\d+)(?:–(\d+))?\)")


@pytest.fixture
def coded(sample_project: Project) -> Project:
    for document, code, turns in (
        ("B01", "K2.1", (4, 4)),
        ("B01", "K2.2", (7, 9)),
        ("B03", "K2.1", (9, 10)),
        ("B06", "K4", (11, 11)),
    ):
        sample_project.coding.code(document, code, turns=turns)
    return sample_project


def _appendix_lines(paragraphs: list[str]) -> dict[str, dict[int, str]]:
    """Transcript name -> line number -> the line's text (label and indent removed)."""
    found: dict[str, dict[int, str]] = {}
    current = ""
    for text in paragraphs:
        if re.fullmatch(r"B\d\d", text.strip()):
            current = text.strip()
            found[current] = {}
            continue
        m = _NUMBERED.match(text)
        if m and current:
            body = re.sub(r"^(?:I|B\d?): ", "", m.group(2).strip())
            found[current][int(m.group(1))] = body.strip()
    return found


def _quotes(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return [(row[2], row[3]) for row in rows[1:]]


def _check_citations(quotes: list[tuple[str, str]], lines: dict[str, dict[int, str]]) -> None:
    assert quotes
    for quote, citation in quotes:
        m = _CITATION.fullmatch(citation)
        assert m, citation
        document, first = m.group(1), int(m.group(2))
        last = int(m.group(3) or first)
        # The quote table sets quotes inside a quote as ‚…‘ and marks a turn's end with /.
        inner = str.maketrans({"‚": "„", "‘": "“"})
        words = quote[1:-1].translate(inner).replace(" / ", " ").split()
        shown = lines[document]
        assert words[0] in shown[first].split(), (citation, words[0], shown[first])
        assert words[-1] in shown[last].split(), (citation, words[-1], shown[last])
        cited = " ".join(shown[n] for n in range(first, last + 1)).split()
        assert cited == words, citation  # exactly these lines, no more and no fewer


@pytest.mark.parametrize("anonymise", [False, True])
def test_line_citations_are_the_lines_of_the_word_appendix(
    coded: Project, tmp_path: Path, anonymise: bool
) -> None:
    if anonymise:  # placeholders longer than the names move the line breaks
        coded.anonymisation.add_all(
            [Rule("Vertriebsleiter", "[Funktion der befragten Person]"), Rule("Messe", "[M]")]
        )
    request = ExportRequest(cite="line", anonymise=anonymise)
    coded.exports.run("quotes", "csv", request, tmp_path / "quotes.csv")
    coded.exports.run("transcripts", "docx", request, tmp_path / "anhang.docx")
    paragraphs = [p.text for p in Document(str(tmp_path / "anhang.docx")).paragraphs]
    lines = _appendix_lines(paragraphs)
    assert set(lines) == {f"B0{i}" for i in range(1, 8)}
    _check_citations(_quotes(tmp_path / "quotes.csv"), lines)
    numbered = [p for p in paragraphs if _NUMBERED.match(p)]
    assert max(len(_NUMBERED.match(p).group(2)) for p in numbered) <= LINE_WIDTH  # type: ignore[union-attr]
    text = "\n".join(paragraphs)
    assert ("[Funktion der befragten Person]" in text) == anonymise
    assert "80 Zeichen je Zeile in Courier New 9 pt" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_line_citations_are_the_lines_of_the_pdf_appendix(coded: Project, tmp_path: Path) -> None:
    request = ExportRequest(cite="line", documents=("B01", "B03"))
    coded.exports.run("quotes", "csv", request, tmp_path / "quotes.csv")
    coded.exports.run("transcripts", "pdf", request, tmp_path / "anhang.pdf")
    done = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "anhang.pdf"), "-"],
        capture_output=True,
        check=True,
    )
    # pdftotext sets a page's lines as they stand; each numbered line must be whole.
    lines = _appendix_lines(done.stdout.decode("utf-8").splitlines())
    assert set(lines) == {"B01", "B03"}
    assert list(lines["B01"]) == list(range(1, len(lines["B01"]) + 1))
    _check_citations(_quotes(tmp_path / "quotes.csv"), lines)


def test_the_appendix_in_markdown_and_latex_with_header_and_time_marks(
    coded: Project, tmp_path: Path
) -> None:
    request = ExportRequest(header="Branche,Rolle", timestamps=True, documents=("B02",))
    coded.exports.run("transcripts", "md", request, tmp_path / "a.md")
    coded.exports.run("transcripts", "tex", request, tmp_path / "a.tex")
    markdown = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "## B02" in markdown and "- Branche: IT-Dienstleistungen (SaaS)" in markdown
    assert "- Rolle: Head of Marketing" in markdown
    assert re.search(r"^ *1  ", markdown, re.MULTILINE)
    latex = (tmp_path / "a.tex").read_text(encoding="utf-8")
    assert "\\begin{Verbatim}" in latex and "\\subsection*{B02}" in latex
    assert "IT-Dienstleistungen (SaaS)" in latex


def test_anchor_examples_in_the_guideline_cite_the_appendix_lines(
    sample_project: Project, tmp_path: Path
) -> None:
    request = ExportRequest(cite="line")
    sample_project.exports.run("guideline", "md", request, tmp_path / "g.md")
    sample_project.exports.run("transcripts", "docx", request, tmp_path / "anhang.docx")
    lines = _appendix_lines([p.text for p in Document(str(tmp_path / "anhang.docx")).paragraphs])
    text = (tmp_path / "g.md").read_text(encoding="utf-8")
    found = re.findall(r"„([^“]+)“ \((B\d\d), Z\. (\d+)(?:–(\d+))?\)", text.replace("<br>", "\n"))
    assert len(found) >= 10
    for quote, document, first, last in found:
        inner = str.maketrans({"‚": "„", "‘": "“"})
        words = quote.replace("\\", "").translate(inner).split()
        shown = lines[document]
        cited = " ".join(shown[n] for n in range(int(first), int(last or first) + 1))
        assert " ".join(words) in " ".join(cited.split()), (document, first, last)
    assert "Z. = Zeile im Transkript des Anhangs" in text


def test_the_theme_matrix_cites_the_appendix_lines(coded: Project, tmp_path: Path) -> None:
    request = ExportRequest(cite="line")
    coded.exports.run("theme-matrix", "csv", request, tmp_path / "matrix.csv")
    coded.exports.run("transcripts", "docx", request, tmp_path / "anhang.docx")
    lines = _appendix_lines([p.text for p in Document(str(tmp_path / "anhang.docx")).paragraphs])
    with (tmp_path / "matrix.csv").open(encoding="utf-8-sig") as handle:
        cells = [c for row in csv.reader(handle, delimiter=";") for c in row]
    quotes = []
    for cell in cells:
        for paragraph in cell.split("\n\n"):
            if paragraph.startswith("„") and "“ (B" in paragraph:
                cut = paragraph.rindex("“ (")
                quotes.append((paragraph[: cut + 1], paragraph[cut + 2 :]))
    assert len(quotes) == 4
    _check_citations(quotes, lines)
    notes = (tmp_path / "matrix.notes.txt").read_text(encoding="utf-8")
    assert "Z. (Zeile im Transkript des Anhangs)" in notes
