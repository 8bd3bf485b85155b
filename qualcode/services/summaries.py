"""Case summaries and the theme matrix (Kuckartz's Fallzusammenfassung and Themenmatrix).

A case summary is the researcher's short, fact-oriented description of one interview; a cell
summary describes what one case says on one category, written beside the coded passages of that
cell (MAXQDA's Summary Grid, the framework method's chart). Every write is one unit of work that
stores a new version (the old ones stay as the history) and records a ``SummaryWritten`` event.
The matrix is computed from the codings each time, so it cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.analysis.frequencies import Selection
from qualcode.analysis.passages import coders_of, once_per_passage
from qualcode.domain import limits
from qualcode.domain.codebook import Codebook
from qualcode.domain.coding import PASSES, Coding
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.summaries import Column, Summary, ThemeMatrix, positions, theme_matrix
from qualcode.domain.transcript import DocumentInfo
from qualcode.services._base import Service
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader
from qualcode.storage.reports import exports as exports_query
from qualcode.storage.summaries import reads as summaries_query

if TYPE_CHECKING:
    from qualcode.domain.anonymisation import Anonymiser
    from qualcode.exporters import Target
    from qualcode.exporters.table import MethodFacts, Table
    from qualcode.services.exports import ExportRequest

_ColumnOf = Callable[[str], "str | None"]

SUMMARY = limits.MEMO  # a summary is as long as a memo may be


@dataclass(frozen=True, slots=True)
class Choice:
    """Which cases, categories and codings a matrix shows (the export filters' subset)."""

    documents: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    categories: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()
    rollup: bool = True  # main categories as columns, their subcategories' passages in them


@dataclass(frozen=True, slots=True)
class MatrixView:
    """The matrix with what its notes need: the codebook, the cases and whose codings."""

    matrix: ThemeMatrix
    book: Codebook
    cases: tuple[DocumentInfo, ...]
    coders: tuple[str, ...]
    several: bool
    selection: tuple[str, ...]


class SummaryService(Service):
    """Case summaries, cell summaries and the theme matrix; see the module docstring."""

    def current(self, document: str | None = None) -> list[Summary]:
        """The newest version of every summary (of one document's, when named)."""
        with self.database.reading() as reader:
            if document is None:
                return summaries_query.current(reader)
            return summaries_query.current(reader, document_id=_document_id(reader, document))

    def case_summary(self, document: str) -> Summary | None:
        """The case summary of ``document`` (None: none written yet)."""
        return next((s for s in self.current(document) if s.category is None), None)

    def cell_summary(self, document: str, category: str) -> Summary | None:
        """The summary of one cell of the theme matrix (None: none written yet)."""
        with self.database.reading() as reader:
            doc_id = _document_id(reader, document)
            code = _category(reader, category)
            found = summaries_query.current(reader, document_id=doc_id)
        return next((s for s in found if s.category == code), None)

    def history(self, document: str, category: str | None = None) -> list[Summary]:
        """Every version of a case summary (or of a cell's), oldest first."""
        with self.database.reading() as reader:
            doc_id = _document_id(reader, document)
            category_id = None
            if category is not None:
                code = _category(reader, category)
                category_id = codebook_query.ids_by_code(reader)[code]
            return summaries_query.history(reader, doc_id, category_id)

    def write(self, document: str, text: str, *, category: str | None = None) -> Summary:
        """Store ``text`` as the new case summary of ``document`` (or of its cell with
        ``category``): one transaction, recorded; the same text again changes nothing."""
        from qualcode.domain.audit import SummaryWritten
        from qualcode.storage.summaries import writes as summaries_repo

        text = text.strip()
        SUMMARY.check(text)
        with self.unit_of_work() as uow:
            doc_id = _document_id(uow.tx, document)
            code = category_id = None
            if category is not None:
                code = _category(uow.tx, category)
                category_id = codebook_query.ids_by_code(uow.tx)[code]
            before = summaries_query.history(uow.tx, doc_id, category_id)
            old = before[-1] if before else None
            if old is not None and old.text == text:
                return old
            if old is None and not text:
                raise InvalidInputError("the summary is empty: write something first")
            new_id = summaries_repo.add_version(
                uow.tx, doc_id, category_id, text, coder_id=uow.coder_id, now=uow.now
            )
            name = documents_query.get(uow.tx, doc_id)
            assert name is not None
            uow.record(
                SummaryWritten(
                    entity_id=new_id,
                    document=name.name,
                    category=code,
                    old_text=old.text if old is not None else None,
                    text=text,
                )
            )
            return Summary(new_id, name.name, doc_id, code, text, self.coder, uow.now)

    def matrix(self, choice: Choice | None = None) -> MatrixView:
        """The theme matrix: the chosen cases x categories, each cell its coded passages (in
        text order) and its summary; with ``rollup`` the main categories are the columns."""
        choice = choice or Choice()
        bad = [p for p in choice.passes if p not in PASSES]
        if bad:
            raise InvalidInputError(f"the pass must be one of {', '.join(PASSES)}, not {bad[0]!r}")
        with self.database.reading() as reader:
            book = codebook_query.load(reader)
            if book is None or not len(book):
                raise NotFoundError(
                    "this project has no codebook yet: load one with 'qualcode codebook load FILE'"
                )
            everything = documents_query.list_all(reader)
            names = tuple(_document_name(everything, ref) for ref in choice.documents)
            selection = Selection(
                documents=names,
                attributes=choice.attributes,
                coders=choice.coders,
                passes=choice.passes,
            )
            cases = selection.cases(everything)
            columns, column_of = _columns(book, choice)
            known = exports_query.coder_ids(reader)
            missing = [c for c in choice.coders if c not in known]
            if missing:
                raise NotFoundError(f"there is no coder {missing[0]!r}")
            scope = exports_query.Scope(
                document_ids=[d.id for d in cases],
                coder_ids=[known[c] for c in choice.coders] if choice.coders else None,
                passes=list(choice.passes) or None,
            )
            codings = exports_query.codings(reader, scope)
            whose = coders_of(codings)
            if len(whose) > 1:
                codings = once_per_passage(codings)
            summaries = summaries_query.current(reader)
        matrix = theme_matrix([d.name for d in cases], columns, codings, summaries, column_of)
        described = list(selection.describe())
        if choice.categories:
            described.append("Kategorien " + ", ".join(choice.categories))
        return MatrixView(
            matrix, book, tuple(cases), tuple(whose), len(known) > 1, tuple(described)
        )

    def document(
        self, request: ExportRequest, *, anonymiser: Anonymiser | None = None
    ) -> ThemeMatrixExport:
        """The theme matrix as an export of the catalogue (``qualcode export theme-matrix``);
        with ``--cite line`` its passages cite the appendix's lines (anonymised as the export
        is, with ``anonymiser``)."""
        from qualcode.analysis.quotes import citation_template, cites_lines

        view = self.matrix(
            Choice(
                documents=request.documents,
                attributes=request.attributes,
                categories=request.categories,
                coders=request.coders,
                passes=request.passes,
                rollup=request.columns != "all",
            )
        )
        lines = None
        if cites_lines(citation_template(request.cite)):
            from qualcode.services.appendix import line_numbers

            with self.database.reading() as reader:
                transcripts = exports_query.transcripts(reader, list(view.cases))
            codings = [c for cell in view.matrix.cells.values() for c in cell.codings]
            lines = line_numbers(transcripts, codings, anonymiser)
        return ThemeMatrixExport(view, request.as_of or self.now().date(), lines)


def _columns(book: Codebook, choice: Choice) -> tuple[list[Column], _ColumnOf]:
    """The matrix's columns and the column each category's passages go to."""
    chosen = []
    for ref in choice.categories:
        found = book.resolve(ref)
        if found is None:
            raise NotFoundError(f"there is no category {ref!r}")
        chosen.append(found)
    if not chosen:
        chosen = list(book.main_categories if choice.rollup else book)
    elif not choice.rollup:
        codes = {c.code for c in chosen}
        extra = [d for c in chosen for d in book.descendants(c.code) if d.code not in codes]
        chosen = [c for c in book if c.code in codes or c in extra]
    codes = {c.code for c in chosen}

    def column_of(code: str) -> str | None:
        current = book.get(code)
        while current is not None:
            if current.code in codes:
                return current.code
            current = book.get(current.parent) if current.parent else None
        return None

    return [Column(c.code, c.name) for c in chosen], column_of


def _document_id(reader: Reader, ref: str) -> int:
    found = documents_query.find_id(reader, ref)
    if found is None:
        raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
    return found


def _document_name(documents: Sequence[DocumentInfo], ref: str) -> str:
    for d in documents:
        if d.name == ref or str(d.id) == ref:
            return d.name
    raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")


def _category(reader: Reader, ref: str) -> str:
    book = codebook_query.load(reader)
    found = book.resolve(ref) if book else None
    if found is None:
        raise NotFoundError(f"there is no category {ref!r} (see 'qualcode codebook show')")
    return found.code


# -- the export ----------------------------------------------------------------------------

CASE = "Fall"
CASE_SUMMARY = "Fallzusammenfassung"
SUMMARY_LEAD = "Zusammenfassung: "
NO_PASSAGE = "–"


def quoted(coding: Coding, lines: Mapping[int, tuple[int, int]] | None = None) -> str:
    """A passage as the matrix cites it, as the quotes export does: „text“ (B01, Pos. 9), or
    with the appendix's ``lines`` (B01, Z. 16–17)."""
    text = " ".join(coding.text.split())
    where = positions(coding, lines)
    return f"„{text}“ ({coding.document}, {where})" if where else f"„{text}“ ({coding.document})"


def cell_text(
    summary: Summary | None,
    codings: Sequence[Coding],
    lines: Mapping[int, tuple[int, int]] | None = None,
) -> str:
    """A cell as one text: the summary first, then the passages, one paragraph each."""
    parts = []
    if summary is not None and summary.text:
        parts.append(SUMMARY_LEAD + summary.text)
    parts += [quoted(c, lines) for c in codings]
    return "\n\n".join(parts) if parts else NO_PASSAGE


def column_title(column: Column) -> str:
    return f"{column.code} {column.name}"


@dataclass(frozen=True)
class ThemeMatrixExport:
    """The theme matrix as an export: the tables (for CSV and Markdown, and the shapes a front
    end reports) and the print layout of its own for Word (landscape A4, a few categories per
    table so that the passages stay readable)."""

    view: MatrixView
    as_of: date
    lines: dict[int, tuple[int, int]] | None = None  # each passage's lines in the appendix

    def facts(self) -> MethodFacts:
        from qualcode.exporters.table import MethodFacts

        view = self.view
        details = [
            "Zeilen: Fälle; Spalten: Kategorien"
            + (" (Hauptkategorien mit ihren Subkategorien)" if self._rollup else "")
            + ". Jede Zelle: die Zusammenfassung des Falls zur Kategorie, dann die codierten "
            + (
                "Textstellen mit Fall und Z. (Zeile im Transkript des Anhangs); "
                if self.lines is not None
                else "Textstellen mit Fall und Pos. (Absatz im Transkript); "
            )
            + "– = nichts codiert.",
        ]
        if view.several and len(view.coders) == 1:
            details.append(f"Codierungen von {view.coders[0]}.")
        elif view.several:
            details.append(
                "Codierungen von "
                + ", ".join(view.coders)
                + " zusammen; eine von mehreren gleich codierte Stelle steht einmal."
            )
        left_out = [c for c in view.matrix.columns if c not in self.matrix.columns]
        if left_out:
            details.append(
                "Nicht dargestellt (in dieser Auswahl weder codiert noch zusammengefasst): "
                + ", ".join(f"{c.code} {c.name}" for c in left_out)
                + "."
            )
        return MethodFacts(
            documents=len(view.cases),
            codebook_version=view.book.version,
            as_of=self.as_of,
            multi_coding=None,
            selection=view.selection,
            details=tuple(details),
        )

    @property
    def matrix(self) -> ThemeMatrix:
        """The matrix without the categories nobody has coded or summarised in this selection:
        on paper they would be pages of dashes (the notes name them)."""
        full = self.view.matrix
        kept = tuple(
            c for c in full.columns if any(not full.cell(d, c.code).empty for d in full.cases)
        )
        if not kept or len(kept) == len(full.columns):
            return full
        cells = {k: v for k, v in full.cells.items() if k[1] in {c.code for c in kept}}
        return ThemeMatrix(full.cases, kept, full.case_summaries, cells)

    @property
    def _rollup(self) -> bool:
        return any(self.view.book.children(c.code) for c in self.view.matrix.columns)

    @property
    def tables(self) -> list[Table]:
        import pandas as pd

        from qualcode.exporters.table import Table

        matrix = self.matrix
        titles = [column_title(c) for c in matrix.columns]
        rows = []
        for case in matrix.cases:
            summary = matrix.case_summaries.get(case)
            row = [case, summary.text if summary is not None else ""]
            row += [
                cell_text(
                    matrix.cell(case, c.code).summary,
                    matrix.cell(case, c.code).codings,
                    self.lines,
                )
                for c in matrix.columns
            ]
            rows.append(row)
        frame = pd.DataFrame(rows, columns=[CASE, CASE_SUMMARY, *titles], dtype=object)
        return [
            Table(
                title="Themenmatrix (Fälle × Kategorien)",
                frame=frame,
                notes=self.facts().notes(),
                name="Themenmatrix",
                text_columns=(CASE_SUMMARY, *titles),
            )
        ]

    def write(self, fmt: str, target: Target, *, sep: str = ";") -> list[Path]:
        from qualcode.exporters import write

        if fmt == "docx":
            from qualcode.exporters.theme_matrix import write_docx

            write_docx(self.matrix, target, notes=self.facts().notes(), lines=self.lines)
            return []
        return write(self.tables, target, fmt, sep=sep)
