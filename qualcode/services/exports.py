"""Exports for a thesis: frequency tables, matrices, quotes, the coding guideline and charts.

Each public method reads the project in one snapshot, computes with :mod:`qualcode.analysis` and
returns :class:`~qualcode.exporters.table.Table` objects (or writes a chart), with the method
facts every table must carry. Counts are grouped in SQL (:func:`exports_query.grouped_counts`)
and rolled up in Python, so a 100,000-coding project exports in well under a second;
co-occurrence reads where the codings lie in one scan, and quotes are read as the file is
written (:meth:`ExportService._quote_rows`). The tables are plain rows: CSV, Markdown and LaTeX
need neither pandas nor NumPy; charts load them, XLSX and Word their format library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

from qualcode.analysis.passages import coders_of, once_per_passage, passage_counts
from qualcode.domain.codebook import Codebook
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.passes import PASSES
from qualcode.domain.transcript import DocumentInfo
from qualcode.exporters import Progress, Target, output
from qualcode.exporters.output import Destination, FileExists, FolderMissing
from qualcode.exporters.table import MethodFacts, Table
from qualcode.services import export_catalogue as catalogue
from qualcode.services._base import Service
from qualcode.services.export_catalogue import CHARTS
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader
from qualcode.storage.reports import exports as exports_query

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.analysis.frequencies import Grid, Placed, Rows, Selection
    from qualcode.domain.anonymisation import Anonymiser
    from qualcode.domain.coding import Coding
    from qualcode.domain.terminology import Terms
    from qualcode.domain.transcript import Transcript
    from qualcode.services.summarising import SummarisingService

_T = TypeVar("_T")

__all__ = [
    "CHARTS",
    "Destination",
    "ExportRequest",
    "ExportService",
    "FileExists",
    "FolderMissing",
    "Shape",
    "Table",
    "Written",
]

_LEVEL_TITLES = {
    "segment": "überlappende Segmente",
    "turn": "im selben Sprecherbeitrag",
    "document": "im selben Fall",
}
_LEVEL_NOTES = {
    "segment": (
        "Zellen: Paare sich überschneidender codierter Segmente im selben Dokument; "
        "Diagonale: codierte Segmente der Kategorie."
    ),
    "turn": (
        "Zellen: Sprecherbeiträge (Pos.), in denen beide Kategorien codiert sind; "
        "Diagonale: Sprecherbeiträge mit der Kategorie."
    ),
    "document": (
        "Zellen: Fälle, in denen beide Kategorien codiert sind; Diagonale: Fälle mit der Kategorie."
    ),
}
_CITATION_NOTES = {
    "pos": "Belege: Pos. = Absatz (Sprecherbeitrag) im Transkript.",
    "line": (
        "Belege: Z. = Zeile im Transkript des Anhangs (qualcode export transcripts: 80 Zeichen "
        "je Zeile, Zeilen je Transkript ab 1 gezählt)."
    ),
    "time": (
        "Belege: Beginn des Sprecherbeitrags in der Aufnahme (hh:mm:ss); ohne Zeitmarke die Pos."
    ),
}


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to count and for whom: the options every export shares.

    ``documents`` (names or ids) and ``attributes`` (key, value) choose the cases and so N;
    ``coders`` and ``passes`` choose codings; ``categories`` choose the rows. ``as_of`` is the
    date printed under the table (today when None), fixed in tests and reproducible builds.
    The fields after it are the options of single exports (see
    :mod:`~qualcode.services.export_catalogue`); each export reads those it takes.
    """

    rollup: bool = False
    unit: str | None = None
    categories: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    coders: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()
    as_of: date | None = None
    attribute: str = ""
    level: str = "segment"
    cite: str = "pos"
    max_words: int | None = None
    chart: str = "bar"
    positions: str = "code-points"
    lang: str = "de"
    on: str | None = None
    group: str = ""
    forms: bool = False
    top: int | None = None
    compare: str = ""
    uncoded: bool = False
    query: str = ""
    lemma: bool = False
    parts: bool = False
    whole_word: bool = False
    regex: bool = False
    speaker: str = ""
    columns: str = "main"
    anonymise: bool = True  # apply the project's anonymisation table (when it has one)
    header: str = ""  # the transcript appendix: case attributes printed above each transcript
    timestamps: bool = False  # the transcript appendix: time marks beside the line numbers


@dataclass(frozen=True, slots=True)
class Shape:
    """A written table's title and size, for a front end's "Wrote ..." line."""

    title: str
    rows: int
    columns: int


@dataclass(frozen=True, slots=True)
class Written:
    """What :meth:`ExportService.run` wrote: the file (None: a stream), its tables, and the
    folder it created for it (with ``mkdir``), so that a front end can say so."""

    path: Path | None
    tables: tuple[Shape, ...] = ()
    created: Path | None = None
    beside: tuple[Path, ...] = ()  # files written beside it (a CSV's notes, further tables)
    anonymised: str | None = None  # the line saying the anonymisation table was applied


@dataclass
class _Material:
    """One consistent read of what an export needs."""

    book: Codebook
    cases: list[DocumentInfo]
    selection: Selection
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    codings: Sequence[Placed] = field(default_factory=list)
    several: bool = False  # the project has more than one coder
    coders: list[str] = field(default_factory=list)  # whose codings are counted
    scope: exports_query.Scope = field(default_factory=exports_query.Scope)
    merge: bool = False  # join what several coders coded alike (once_per_passage)


class ExportService(Service):
    """Builds the tables and charts of ``qualcode export``; see the module docstring."""

    # The project's anonymisation table while :meth:`run` writes an export: everything
    # written passes through it (services/anonymisation.py), None when there is none.
    anonymiser: Anonymiser | None = None

    def run(
        self,
        kind: str,
        fmt: str,
        request: ExportRequest,
        target: Path | BinaryIO,
        *,
        sep: str = ";",
        progress: Progress | None = None,
        force: bool = False,
        mkdir: bool = False,
    ) -> Written:
        """Write the export ``kind`` (a name of the catalogue) in format ``fmt`` to ``target``.

        The one way every front end exports, so that ``qualcode export`` and the workbench
        write the same file from the same choices. A file is checked before anything is
        computed and written safely (:mod:`qualcode.exporters.output`): never over the project,
        an SQLite file or (without ``force``) an existing file, and never half; ``mkdir``
        creates a missing folder.
        """
        entry = catalogue.find(kind)
        if fmt not in entry.formats:
            raise InvalidInputError(
                f"the {kind} export is written as {', '.join(entry.formats)}, not {fmt!r}"
            )
        for option in entry.options:
            if option.required and not getattr(request, option.name):
                raise InvalidInputError(f"the {kind} export needs {option.label}")
        path = target if isinstance(target, Path) else None
        destination: Target = target
        if path is not None:
            self.check(kind, fmt, path, force=force, mkdir=mkdir)  # before anything is computed
            destination = self.destination(path, force=force, mkdir=mkdir)
        self.anonymiser = self._anonymiser() if request.anonymise else None
        written = self._run(kind, fmt, request, path, destination, sep=sep, progress=progress)
        if self.anonymiser is None:
            return written
        from qualcode.services.anonymisation import applied_line

        return replace(written, anonymised=applied_line(self.anonymiser))

    def _anonymiser(self) -> Anonymiser | None:
        """The project's anonymisation table, ready to apply; None while it is empty.

        The table is read first and the anonymisation loaded only when there is one, so that
        an export of a project without it does not pay for loading it.
        """
        from qualcode.storage.anonymisation import reads as anonymisation_query

        with self.database.reading() as reader:
            if not anonymisation_query.rows(reader):
                return None
        from qualcode.services.anonymisation import AnonymisationService

        return AnonymisationService(self.database, self.coder).anonymiser()

    def _run(
        self,
        kind: str,
        fmt: str,
        request: ExportRequest,
        path: Path | None,
        destination: Target,
        *,
        sep: str,
        progress: Progress | None,
    ) -> Written:
        entry = catalogue.find(kind)
        if entry.chart:
            created = output.prepare(destination) if isinstance(destination, Destination) else None
            if kind == "wordchart":
                from qualcode.services.words import word_chart

                word_chart(self, request, destination, fmt=fmt)
            else:
                self.chart(request.chart, request, destination, fmt=fmt)
            return Written(path, created=created)
        if entry.project:
            from qualcode.services.exchange.export import ProjectExport

            created = output.prepare(destination) if isinstance(destination, Destination) else None
            ProjectExport(self.database, self.coder).export(
                fmt, destination, positions=request.positions, anonymiser=self.anonymiser
            )
            return Written(path, created=created)
        if entry.page:
            created = output.prepare(destination) if isinstance(destination, Destination) else None
            _PAGES[kind](self, request, destination, fmt)
            return Written(path, created=created)
        if kind in _DOCUMENTS:  # tables with a print layout of their own
            document = _scrub(_DOCUMENTS[kind](self, request), self.anonymiser)
            created = output.prepare(destination) if isinstance(destination, Destination) else None
            beside = document.write(fmt, destination, sep=sep)
            shapes = tuple(Shape(t.title, len(t), len(t.columns)) for t in document.tables)
            return Written(path, shapes, created=created, beside=tuple(beside))
        tables = _scrub(self._worded(_TABLES[kind](self, request)), self.anonymiser)
        created = output.prepare(destination) if isinstance(destination, Destination) else None
        beside = self.write(tables, destination, fmt, sep=sep, progress=progress)
        shapes = tuple(Shape(t.title, len(t), len(t.columns)) for t in tables)
        return Written(path, shapes, created=created, beside=tuple(beside))

    def _worded(self, tables: Sequence[Table]) -> list[Table]:
        """The tables in the project's words (Kodier-/Codier-, its word for a case)."""
        from qualcode.services.plan import worded

        return worded(tables, self._terms())

    def _terms(self) -> Terms:
        from qualcode.services.plan import read_terms

        with self.database.reading() as reader:
            return read_terms(reader)

    def check(
        self, kind: str, fmt: str, path: Path, *, force: bool = False, mkdir: bool = False
    ) -> Path | None:
        """Refuse a file :meth:`run` would refuse, without computing or writing anything.

        The name must end as the format does, and :func:`qualcode.exporters.output.check`
        must allow the file. Returns the folder that would be created (``mkdir``). A front
        end can ask on :class:`FileExists` and :class:`FolderMissing`, then try again.
        """
        entry = catalogue.find(kind)
        destination = self.destination(path, force=force, mkdir=mkdir)
        missing = output.check(destination)  # first: "the project file" says more than its ending
        catalogue.format_for(path, fmt, entry.formats, entry.default_format, what=f"{kind} export")
        if fmt == "csv":  # the notes go beside the table, under the same rules
            from qualcode.exporters.csv import notes_path

            output.check(replace(destination, path=notes_path(path)))
        return missing

    def destination(self, path: Path, *, force: bool = False, mkdir: bool = False) -> Destination:
        """``path`` as a file to write safely, with this project's file protected."""
        project = self.database.location.path
        return Destination(path, force=force, mkdir=mkdir, projects=(project,) if project else ())

    # -- tables ---------------------------------------------------------------------------

    def frequencies(self, request: ExportRequest) -> Table:
        """Category frequencies: segments and cases (or one of them, by ``request.unit``)."""
        from qualcode.analysis import frequencies as freq

        material = self._read(request, counts=True)
        grid, details = _coded_only(self._grid(material, request), request)
        return _table(
            freq.frequency_rows(grid, material.book, unit=request.unit),
            title="Häufigkeit der Kategorien",
            notes=self._facts(
                material, request, unit=request.unit or "both", details=details
            ).notes(),
            name="Häufigkeiten",
        )

    def matrix(self, request: ExportRequest) -> Table:
        """Category x case: segment counts (default) or presence ✓/– with ``unit="cases"``."""
        from qualcode.analysis import frequencies as freq

        unit = request.unit or "segments"
        material = self._read(request, counts=True)
        grid, left_out = _coded_only(self._grid(material, request), request)
        details: tuple[str, ...] = (
            ("✓ = im Fall codiert, – = nicht codiert.",) if unit == "cases" else ()
        )
        details += left_out
        kind = "Vorkommen" if unit == "cases" else "codierte Segmente"
        return _table(
            freq.document_rows(grid, material.book, unit=unit),
            title=f"Kategorien nach Fällen ({kind})",
            notes=self._facts(material, request, unit=unit, details=details).notes(),
            name="Kategorien nach Fällen",
        )

    def attributes(self, attribute: str, request: ExportRequest) -> Table:
        """Category x values of a case attribute (Branche, Unternehmensgröße, ...)."""
        from qualcode.analysis import frequencies as freq

        unit = request.unit or "cases"
        material = self._read(request, counts=True)
        groups = freq.attribute_groups(material.cases, attribute)
        grid, left_out = _coded_only(self._grid(material, request), request)
        details: tuple[str, ...] = (
            f"Zellen: Fälle der Gruppe mit der Kategorie (n); N = Fälle der Gruppe ({attribute}).",
        )
        if unit == "segments":
            details = (f"Zellen: codierte Segmente in den Fällen der Gruppe ({attribute}).",)
        details += left_out
        kind = "Fälle" if unit == "cases" else "codierte Segmente"
        return _table(
            freq.attribute_rows(grid, material.book, groups, unit=unit),
            title=f"Kategorien nach {attribute} ({kind})",
            notes=self._facts(material, request, unit=unit, details=details).notes(),
            name=f"Nach {attribute}",
        )

    def cooccurrence(self, request: ExportRequest, *, level: str = "segment") -> Table:
        """Which categories occur together: in overlapping segments, one turn or one case."""
        from qualcode.analysis import frequencies as freq

        if level not in _LEVEL_NOTES:
            raise InvalidInputError(f"the level must be segment, turn or document, not {level!r}")
        material = self._read(request, codings=True, placed=True)
        codes, matrix = freq.cooccurrence_grid(
            material.codings,
            material.book,
            level=level,
            rollup=request.rollup,
            categories=request.categories,
        )
        details: tuple[str, ...] = (_LEVEL_NOTES[level],)
        coded = [i for i in range(len(codes)) if matrix[i][i]]  # the diagonal: its own count
        if not request.uncoded and coded and len(coded) < len(codes):
            details += (_left_out(len(codes) - len(coded)),)
            codes = [codes[i] for i in coded]
            matrix = [[matrix[i][j] for j in coded] for i in coded]
        return _table(
            freq.cooccurrence_rows(codes, matrix, material.book),
            title=f"Gemeinsames Auftreten der Kategorien ({_LEVEL_TITLES[level]})",
            notes=self._facts(material, request, details=details).notes(),
            name="Überschneidungen",
        )

    def quotes(
        self, request: ExportRequest, *, template: str = "pos", max_words: int | None = None
    ) -> Table:
        """Quotes per category in codebook order, cited with ``template`` (pos, line, time or
        a template of one's own such as ``({doc}, Abs. {pos})``).

        The rows are read from the database as the file is written (:meth:`_quote_rows`), so
        100,000 quotes need little more memory than their sort keys.
        """
        from qualcode.analysis import quotes as quotes_analysis

        checked = quotes_analysis.citation_template(template)
        material = self._read(request, quotes=True)
        lines = None
        if quotes_analysis.cites_lines(checked):  # the appendix's lines: its layout is needed
            from qualcode.domain.coding import Coding
            from qualcode.services.appendix import line_numbers

            read = self._read(request, codings=True)  # codings (not bare places): with ids
            codings = [c for c in read.codings if isinstance(c, Coding)]
            lines = line_numbers(self._transcripts(read), codings, self.anonymiser)
        details = [
            "Zitate wörtlich aus dem Transkript; Auslassungen sind mit […] markiert, "
            "Wechsel des Sprecherbeitrags mit /."
        ]
        if template in _CITATION_NOTES:
            details.append(_CITATION_NOTES[template])
        if request.rollup:
            details.append("Zitate der Subkategorien unter ihrer Hauptkategorie.")
        facts = self._facts(material, request, details=tuple(details), with_rollup=False)
        # What the rows look like, for an XLSX's column widths without reading them twice.
        longest = max((d.name for d in material.cases), key=len, default="")
        citation = quotes_analysis.cite(
            checked, document=longest, first=100, last=102, seconds=3600.0
        )
        groups = quotes_analysis.quote_groups(
            material.book, rollup=request.rollup, categories=request.categories
        )
        return Table(
            "Zitate nach Kategorien",
            notes=facts.notes(),
            name="Zitate",
            text_columns=(quotes_analysis.QUOTE,),
            columns=quotes_analysis.QUOTE_COLUMNS,
            rows=lambda: self._quote_rows(material, request, checked, max_words, lines),
            numeric=[False] * len(quotes_analysis.QUOTE_COLUMNS),
            sample=[(group.code, group.name, "", citation) for group, _ in groups],
        )

    def _quote_rows(
        self,
        material: _Material,
        request: ExportRequest,
        template: str,
        max_words: int | None,
        lines: dict[int, tuple[int, int]] | None = None,
    ) -> Iterator[tuple[str, ...]]:
        """The quotes table's rows in the order printed, without holding many of them.

        The passages are cut document by document, one text in memory at a time, and each
        finished row is kept aside (:class:`~qualcode.services.held_rows.HeldRows`: in memory
        while they are few, in a temporary file once they are many) with its sort key
        (category, document, place); the rows are then handed out in that order.
        """
        from qualcode.analysis import quotes as quotes_analysis
        from qualcode.services.held_rows import HeldRows

        groups = quotes_analysis.quote_groups(
            material.book, rollup=request.rollup, categories=request.categories
        )
        group_of = {
            member.id: (order, group.code, group.name)
            for order, (group, members) in enumerate(groups)
            for member in members
        }
        # Each row's sort key, by the row's number (the rows are numbered as they are kept).
        places: list[tuple[int, str, int, int]] = []
        place, cut, row = places.append, quotes_analysis.cut_span, quotes_analysis.span_row
        # At most every coding of the chosen cases is quoted (fewer when coders, passes or
        # categories are chosen): enough to tell a large export from the start.
        with HeldRows(expected=sum(d.codings for d in material.cases)) as held:
            with self.database.reading() as reader:
                turns = exports_query.turn_spans(reader, material.scope.document_ids)
                for document_id, name, text, spans in exports_query.document_spans(
                    reader, material.scope
                ):
                    chosen = [s for s in spans if s.category_id in group_of]
                    joined: set[int] = set()
                    if material.merge:
                        chosen, joined = _once_per_passage(chosen, name, text)
                    cited = turns.get(document_id)
                    stored = {} if cited else exports_query.stored_texts(reader, document_id)
                    rows = []
                    for coding_id, _, category_id, start, end, _ in chosen:
                        order, code, category = group_of[category_id]
                        span = text[start:end]
                        parts = cut(
                            name,
                            start,
                            end,
                            span,
                            span if coding_id in joined else stored.get(coding_id, ""),
                            cited,
                            template,
                            max_words,
                            None,
                            None,
                            lines.get(coding_id) if lines is not None else None,
                        )
                        rows.append(row(code, category, parts))
                        place((order, name, start, coding_id))
                    held.extend(rows)
            yield from held.read(sorted(range(len(places)), key=places.__getitem__))

    def search(self, request: ExportRequest) -> Table:
        """The hits of a search in context, with the categories coded at each."""
        import pandas as pd

        from qualcode.domain.search import SearchQuery
        from qualcode.services.search import SearchService

        if len(request.categories) > 1:
            raise InvalidInputError("the search export takes one --category, not several")
        query = SearchQuery(
            request.query,
            lemma=request.lemma,
            regex=request.regex,
            whole_word=request.whole_word,
            parts=request.parts,
            category=request.categories[0] if request.categories else None,
            uncoded=request.uncoded,
            speaker=request.speaker or None,
            documents=request.documents,
            attributes=request.attributes,
        )
        hits = list(SearchService(self.database, self.coder).search(query))
        columns = ["Dokument", "Pos.", "Kontext links", "Treffer", "Kontext rechts", "Kategorien"]
        frame = pd.DataFrame(
            [
                [h.document, h.position, h.left, h.match, h.right, ", ".join(h.categories)]
                for h in hits
            ],
            columns=columns,
        )
        how = [
            label
            for on, label in (
                (request.lemma, "alle Wortformen (Lemma)"),
                (request.parts, "auch als Teil zusammengesetzter Wörter"),
                (request.whole_word, "nur ganze Wörter"),
                (request.regex, "regulärer Ausdruck"),
            )
            if on
        ]
        notes = [
            f"Suche nach „{request.query}“"
            + (f" ({', '.join(how)})" if how else " (Groß- und Kleinschreibung gleich)")
            + f": {len(hits)} Treffer in {len({h.document for h in hits})} Dokumenten.",
            f"Stand: {self._as_of(request):%d.%m.%Y}.",
        ]
        return Table(
            title=f"Suchtreffer: {request.query}",
            frame=frame,
            notes=tuple(notes),
            name="Suchtreffer",
            text_columns=("Kontext links", "Kontext rechts"),
        )

    def guideline(self, request: ExportRequest) -> list[Table]:
        """The category tree and the Kodierleitfaden with each category's frequencies.

        The tree always shows the whole system; the guideline only the chosen categories (and
        their subcategories) when ``request.categories`` names some.
        """
        from qualcode.analysis import frequencies as freq
        from qualcode.analysis import quotes as quotes_analysis

        template = quotes_analysis.citation_template(request.cite)
        by_line = quotes_analysis.cites_lines(template)
        material = self._read(request, counts=True)
        book = material.book
        anchor_lines = None
        if by_line:
            from qualcode.services.appendix import anchor_lines as find_lines

            anchor_lines = find_lines(self._transcripts(material), self.anonymiser)
        # Every category (or every chosen one with its subcategories) is a row; with roll-up
        # each row counts what lies below it as well.
        chosen = freq.row_categories(book, rollup=False, categories=request.categories)
        rows = [c.code for c in chosen]
        grid = freq.count_grid(
            material.counts, book, material.cases, rollup=request.rollup, categories=rows
        )
        counts = {
            code: (sum(cells), sum(1 for v in cells if v > 0))
            for code, cells in zip(grid.codes, grid.cells, strict=True)
        }
        version = MethodFacts(
            documents=None,
            codebook_version=book.version,
            as_of=self._as_of(request),
            multi_coding=None,
            details=(f"{book.title}.",) if book.title else (),
        )
        tree = _table(
            quotes_analysis.category_tree_rows(book),
            title="Kategoriensystem",
            notes=version.notes(),
            name="Kategoriensystem",
            text_columns=("Subkategorien",),
        )
        details = [
            "Ankerbeispiele mit Beleg (Dokument, Z. = Zeile im Transkript des Anhangs)."
            if by_line
            else "Ankerbeispiele mit Beleg (Dokument, Pos.)."
        ]
        wanted = set(rows)
        from qualcode.domain.completeness import gaps

        incomplete = [g for g in gaps(book) if g.category.code in wanted]
        if incomplete:
            listed = "; ".join(f"{g.category.code} ({g.words(german=True)})" for g in incomplete)
            details.append(
                f"Unvollständig ({quotes_analysis.MISSING}): {len(incomplete)} "
                + ("Kategorie" if len(incomplete) == 1 else "Kategorien")
                + f" ohne Definition, Ankerbeispiel oder Kodierregel: {listed}."
            )
        cases = len(grid.documents) if grid.codes else 0
        full = _table(
            quotes_analysis.guideline_rows(
                book, counts, cases=cases, rows=rows, template=template, lines=anchor_lines
            ),
            title="Kodierleitfaden",
            notes=self._facts(material, request, unit="both", details=tuple(details)).notes(),
            name="Kodierleitfaden",
            text_columns=(
                "Kategorie",
                "Definition",
                "Ankerbeispiel",
                "Kodierregel",
                "Herkunft",
            ),
        )
        return [tree, full]

    # -- charts ---------------------------------------------------------------------------

    def chart(self, kind: str, request: ExportRequest, target: Target, *, fmt: str = "png") -> None:
        """A frequency bar chart (``bar``) or a category x case heat map (``heatmap``)."""
        from qualcode.analysis import frequencies as freq
        from qualcode.exporters import charts

        if kind not in CHARTS:
            raise InvalidInputError(f"the chart must be bar or heatmap, not {kind!r}")
        unit = request.unit or "segments"
        material = self._read(request, counts=True)
        book = material.book
        matrix = self._matrix(material, request)
        details: tuple[str, ...] = ()
        if not request.uncoded:
            # A figure shows what was found: categories never coded here would be empty rows.
            coded = matrix.sum(axis=1) > 0
            left_out = int((~coded).sum())
            if not coded.any():
                raise InvalidInputError(
                    "nothing is coded in this selection, so the chart would be empty "
                    "(add --uncoded to draw the categories anyway)"
                )
            matrix = matrix[coded]
            if left_out:
                details = (
                    f"Nicht dargestellt: {left_out} "
                    + ("Kategorie" if left_out == 1 else "Kategorien")
                    + " ohne Codierung in dieser Auswahl.",
                )
        labels = [f"{code} {_category_name(book, code)}" for code in matrix.index]
        terms = self._terms()
        value_label = terms.apply("Fälle (n)" if unit == "cases" else "Codierte Segmente (n)")
        notes = tuple(
            map(terms.apply, self._facts(material, request, unit=unit, details=details).notes())
        )
        if self.anonymiser is not None:  # the labels and the cases' names on the axes
            from qualcode.services.anonymisation import scrub

            labels, notes, matrix = scrub((labels, notes, matrix), self.anonymiser)
        if kind == "bar":
            counts = freq.frequencies(matrix, book)
            charts.bar_chart(
                labels,
                counts["cases" if unit == "cases" else "segments"].tolist(),
                target,
                fmt=fmt,
                title=terms.apply("Häufigkeit der Kategorien"),
                value_label=value_label,
                colours=[book.colour_of(code) for code in matrix.index],
                notes=notes,
            )
        else:
            values = (matrix > 0).astype("int64") if unit == "cases" else matrix
            charts.heat_map(
                values,
                target,
                fmt=fmt,
                title=terms.apply("Kategorien nach Fällen"),
                value_label=value_label,
                row_labels=labels,
                notes=notes,
            )

    # -- writing --------------------------------------------------------------------------

    @staticmethod
    def write(
        tables: Sequence[Table],
        target: Target,
        fmt: str,
        *,
        sep: str = ";",
        progress: Progress | None = None,
    ) -> list[Path]:
        """Write tables as csv, md, tex, xlsx or docx (see :func:`qualcode.exporters.write`);
        returns the files written beside the target (a CSV's notes and further tables)."""
        from qualcode.exporters import FORMATS, write

        if fmt not in FORMATS:
            raise InvalidInputError(f"the format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        return write(tables, target, fmt, sep=sep, progress=progress)

    # -- reading --------------------------------------------------------------------------

    def _transcripts(self, material: _Material) -> dict[str, Transcript]:
        """The chosen cases' transcripts, for what needs their text laid out (line citations)."""
        with self.database.reading() as reader:
            return exports_query.transcripts(reader, material.cases)

    def _read(
        self,
        request: ExportRequest,
        *,
        counts: bool = False,
        codings: bool = False,
        quotes: bool = False,
        placed: bool = False,
    ) -> _Material:
        from qualcode.analysis.frequencies import Selection, row_categories

        if request.unit is not None and request.unit not in ("segments", "cases"):
            raise InvalidInputError(f"the unit must be segments or cases, not {request.unit!r}")
        bad = [p for p in request.passes if p not in PASSES]
        if bad:
            raise InvalidInputError(f"the pass must be one of {', '.join(PASSES)}, not {bad[0]!r}")
        with self.database.reading() as reader:
            book = codebook_query.load(reader)
            if book is None or not len(book):
                raise NotFoundError(
                    "this project has no codebook yet: load one with 'qualcode codebook load FILE'"
                )
            row_categories(book, rollup=request.rollup, categories=request.categories)
            everything = documents_query.list_all(reader)
            selection = Selection(
                documents=self._document_names(everything, request.documents),
                attributes=request.attributes,
                coders=request.coders,
                passes=request.passes,
            )
            cases = selection.cases(everything)
            scope = exports_query.Scope(
                document_ids=[d.id for d in cases] if len(cases) < len(everything) else None,
                coder_ids=self._coder_ids(reader, request.coders),
                passes=list(request.passes) or None,
            )
            material = _Material(book=book, cases=cases, selection=selection)
            known = exports_query.coder_ids(reader)
            material.several = len(known) > 1
            candidates = scope.coder_ids if scope.coder_ids is not None else list(known.values())
            material.scope = scope
            by_id = {i: n for n, i in known.items()}
            if quotes:  # read as the file is written (see _quote_rows)
                if len(candidates) > 1:
                    present = exports_query.coders_in_order(reader, scope, candidates)
                    material.coders = [by_id[i] for i in present if i in by_id]
                    material.merge = len(material.coders) > 1
                elif material.several:
                    material.coders = [by_id[i] for i in candidates if i in by_id]
                return material
            counted = counts and not codings and len(candidates) > 1
            if counted:
                present = exports_query.coders_in_order(reader, scope, candidates)
                material.coders = [by_id[i] for i in present if i in by_id]
                if len(material.coders) > 1:
                    # A passage several coders coded alike counts once (analysis.passages).
                    codes = {c.id: c.code for c in book.categories}
                    names = {d.id: d.name for d in everything}
                    merged = passage_counts(exports_query.spots(reader, scope))
                    material.counts = [(names[d], codes[c], n) for (d, c), n in merged.items()]
                    return material
            found: list[Coding] | None = None
            if len(candidates) > 1 and codings:
                # Several coders may have coded here: their codings are read to count a
                # passage they coded alike once (see qualcode.analysis.passages).
                found = exports_query.codings(reader, scope)
                material.coders = coders_of(found)
            elif material.several and not counted:
                material.coders = [by_id[i] for i in candidates if i in by_id]
            if found is not None and len(material.coders) > 1:
                material.codings = once_per_passage(found)
                return material
            if counts:
                codes = {c.id: c.code for c in book.categories}
                names = {d.id: d.name for d in everything}
                material.counts = [
                    (names[d], codes[c], n)
                    for d, c, n in exports_query.grouped_counts(reader, scope)
                ]
            if codings and found is not None:
                material.codings = found
            elif codings:
                read = exports_query.placed if placed else exports_query.codings
                material.codings = read(reader, scope)
        return material

    @staticmethod
    def _document_names(documents: list[DocumentInfo], refs: Sequence[str]) -> tuple[str, ...]:
        names = []
        by_name = {d.name: d for d in documents}
        by_id = {str(d.id): d for d in documents}
        for ref in refs:
            found = by_name.get(ref) or by_id.get(ref)
            if found is None:
                raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
            names.append(found.name)
        return tuple(dict.fromkeys(names))

    @staticmethod
    def _coder_ids(reader: Reader, coders: Sequence[str]) -> list[int] | None:
        if not coders:
            return None
        known = exports_query.coder_ids(reader)
        missing = [c for c in coders if c not in known]
        if missing:
            names = ", ".join(sorted(known))
            raise NotFoundError(f"there is no coder {missing[0]!r} (the project's coders: {names})")
        return [known[c] for c in coders]

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def _grid(material: _Material, request: ExportRequest) -> Grid:
        from qualcode.analysis.frequencies import count_grid

        return count_grid(
            material.counts,
            material.book,
            material.cases,
            rollup=request.rollup,
            categories=request.categories,
        )

    @staticmethod
    def _matrix(material: _Material, request: ExportRequest) -> pd.DataFrame:
        from qualcode.analysis.frequencies import count_matrix

        return count_matrix(
            material.counts,
            material.book,
            material.cases,
            rollup=request.rollup,
            categories=request.categories,
        )

    def _as_of(self, request: ExportRequest) -> date:
        return request.as_of or self.now().date()

    def _facts(
        self,
        material: _Material,
        request: ExportRequest,
        *,
        unit: str | None = None,
        details: tuple[str, ...] = (),
        with_rollup: bool = True,
    ) -> MethodFacts:
        selection = list(material.selection.describe())
        if request.categories:
            selection.append("Kategorien " + ", ".join(request.categories))
        if material.several:
            selection = [s for s in selection if not s.startswith("Kodierer ")]
            details = (*details, _whose(material.coders))
        return MethodFacts(
            documents=len(material.cases),
            codebook_version=material.book.version,
            as_of=self._as_of(request),
            unit=unit,
            rollup=request.rollup if with_rollup else None,
            selection=tuple(selection),
            details=details,
        )


def _coded_only(grid: Grid, request: ExportRequest) -> tuple[Grid, tuple[str, ...]]:
    """The grid without the categories never coded in the selection, and the note saying how
    many were left out, as the charts do: a table of 88 categories, most of them rows of
    zeros, fills pages without showing what was found. ``request.uncoded`` keeps them all, and
    so does a selection with nothing coded (its table of zeros says so)."""
    from qualcode.analysis.frequencies import Grid

    if request.uncoded:
        return grid, ()
    coded = [i for i, cells in enumerate(grid.cells) if any(cells)]
    if not coded or len(coded) == len(grid.codes):
        return grid, ()
    kept = Grid([grid.codes[i] for i in coded], grid.documents, [grid.cells[i] for i in coded])
    return kept, (_left_out(len(grid.codes) - len(coded)),)


def _left_out(count: int) -> str:
    """The note under a table or chart that leaves uncoded categories out."""
    return (
        f"Nicht aufgeführt: {count} "
        + ("Kategorie" if count == 1 else "Kategorien")
        + " ohne Codierung in dieser Auswahl."
    )


_TABLES: dict[str, Callable[[ExportService, ExportRequest], Sequence[Table]]] = {
    "frequencies": lambda service, request: [service.frequencies(request)],
    "matrix": lambda service, request: [service.matrix(request)],
    "attributes": lambda service, request: [service.attributes(request.attribute, request)],
    "cooccurrence": lambda service, request: [service.cooccurrence(request, level=request.level)],
    "quotes": lambda service, request: [
        service.quotes(request, template=request.cite, max_words=request.max_words)
    ],
    "guideline": lambda service, request: service.guideline(request),
    "search": lambda service, request: [service.search(request)],
    "memos": lambda service, request: [_memos(service, request)],
    "summary-table": lambda service, request: _summarising(service).tables(request),
    "words": lambda service, request: [_words().word_table(service, request)],
    "keyness": lambda service, request: [_words().keyness_table(service, request)],
}
"""The tables of each table export in the catalogue, by its name."""


def _words() -> Any:
    from qualcode.services import words

    return words


def _review(service: ExportService, request: ExportRequest, target: Target, fmt: str) -> None:
    from qualcode.exporters import review as review_writer
    from qualcode.services.plan import read_terms
    from qualcode.services.review.service import ReviewService

    page = ReviewService(service.database, service.coder).page(
        request, anonymiser=service.anonymiser
    )
    with service.database.reading() as reader:
        terms = read_terms(reader)
    review_writer.write(page, target, wording=terms.apply)


def _methods(service: ExportService, request: ExportRequest, target: Target, fmt: str) -> None:
    from qualcode.exporters import methods as methods_writer
    from qualcode.services.methods import MethodsService

    chapter = MethodsService(service.database, service.coder).chapter(
        request, language=request.lang
    )
    methods_writer.write(chapter, target, fmt)


def _memos(service: ExportService, request: ExportRequest) -> Table:
    from qualcode.services.memos import MemoService, memos_table

    memos = MemoService(service.database, service.coder).list(target=request.on)
    if not memos:
        raise NotFoundError("there are no memos to export yet (write one with 'qualcode memo add')")
    return memos_table(memos, service._terms())


def _appendix(service: ExportService, request: ExportRequest, target: Target, fmt: str) -> None:
    from qualcode.services.appendix import write_appendix

    write_appendix(service, request, target, fmt)


_PAGES: dict[str, Callable[[ExportService, ExportRequest, Target, str], None]] = {
    "review": _review,
    "methods": _methods,
    "transcripts": _appendix,
}
"""The exports written as one document of their own, by name."""


class _Document(Protocol):
    """An export whose tables have a layout of their own in some formats (the theme matrix)."""

    @property
    def tables(self) -> Sequence[Table]: ...

    def write(self, fmt: str, target: Target, *, sep: str = ";") -> list[Path]: ...


def _theme_matrix(service: ExportService, request: ExportRequest) -> _Document:
    from qualcode.services.summaries import SummaryService

    return SummaryService(service.database, service.coder).document(
        request, anonymiser=service.anonymiser
    )


def _summarising(service: ExportService) -> SummarisingService:
    from qualcode.services.summarising import SummarisingService

    return SummarisingService(service.database, service.coder)


_DOCUMENTS: dict[str, Callable[[ExportService, ExportRequest], _Document]] = {
    "theme-matrix": _theme_matrix,
}
"""The exports whose tables are written with a layout of their own, by name."""


def _scrub(value: _T, anonymiser: Anonymiser | None) -> _T:
    """``value`` anonymised (services/anonymisation.py ``scrub``), loading nothing without a
    table."""
    if anonymiser is None:
        return value
    from qualcode.services.anonymisation import scrub

    return scrub(value, anonymiser)


def _table(rows: Rows, *, title: str, notes: tuple[str, ...], name: str, **more: Any) -> Table:
    """A table of plain rows, as :mod:`qualcode.analysis` built them."""
    return Table(
        title,
        notes=notes,
        name=name,
        columns=rows.columns,
        rows=rows.rows,
        numeric=rows.numeric,
        **more,
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _once_per_passage(
    spans: list[exports_query.Span], document: str, text: str
) -> tuple[list[exports_query.Span], set[int]]:
    """One document's spans with what several coders coded alike joined into one
    (:func:`qualcode.analysis.passages.once_per_passage`), and the ids of the joined ones (each
    keeps its first coding's id and category; its text is the document's, from start to end)."""
    from qualcode.domain.coding import Coding

    originals = {s.id: s for s in spans}
    codings = [
        Coding(
            id=s.id,
            document=document,
            document_id=s.document_id,
            category=str(s.category_id),
            category_name="",
            start=s.start,
            end=s.end,
            text="",
            coder=str(s.coder_id),
            memo="",
            created=_EPOCH,
            updated=_EPOCH,
        )
        for s in spans
    ]
    joined = once_per_passage(codings, lambda _coding, start, end: text[start:end])
    found, changed = [], set()
    for c in joined:
        original = originals[c.id]
        if (c.start, c.end) != (original.start, original.end):
            original = original._replace(start=c.start, end=c.end)
            changed.add(c.id)
        found.append(original)
    return found, changed


def _whose(coders: Sequence[str]) -> str:
    """Whose codings a table counts, for the note under it in a project of several coders."""
    if not coders:
        return "Gezählt: keine Codierungen in dieser Auswahl."
    if len(coders) == 1:
        return f"Gezählt: die Codierungen von {coders[0]}."
    names = ", ".join(coders[:-1]) + f" und {coders[-1]}"
    return (
        f"Gezählt: die Codierungen von {names} zusammen; eine Stelle, die mehrere von ihnen mit "
        "derselben Kategorie codiert haben, zählt einmal (nach der Konsensbildung sind das die "
        "gemeinsamen Codierungen)."
    )


def _category_name(book: Codebook, code: str) -> str:
    """A row's category name for a chart label (the code itself if it left the codebook)."""
    category = book.get(code)
    return category.name if category is not None else code
