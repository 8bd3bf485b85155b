"""The export service on the sample project (SQLite and PostgreSQL), against independent counts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from qualcode.domain.coding import Coding
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services import export_catalogue as catalogue
from qualcode.services.exports import ExportRequest, ExportService
from qualcode.services.plan import worded
from qualcode.services.project import Project
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.reports import exports as exports_query

AS_OF = date(2026, 3, 14)

# (document, category, turns, coder, pass): main and subcategories, one case with several
# subcategories of K2, overlapping passages, a second coder and a pilot pass.
PASSAGES = [
    ("B01", "K2.1", (9, 9), "alice", "main"),
    ("B01", "K2.2", (7, 7), "alice", "main"),
    ("B01", "K2.2", (9, 10), "alice", "main"),
    ("B01", "K1.1", (5, 5), "alice", "main"),
    ("B02", "K3.1", (5, 5), "alice", "main"),
    ("B02", "K2", (5, 5), "alice", "pilot"),
    ("B03", "K2.1", (11, 11), "alice", "main"),
    ("B03", "K1.1", (3, 3), "bob", "main"),
    ("B05", "K2.4", (4, 4), "alice", "main"),
]


@pytest.fixture
def coded(sample_project: Project) -> Project:
    for document, category, turns, coder, coding_pass in PASSAGES:
        sample_project.as_coder(coder).coding.code(
            document, category, turns=turns, coding_pass=coding_pass
        )
    return sample_project


def service(project: Project) -> ExportService:
    return ExportService(project.database, "alice")


def main_of(code: str) -> str:
    return code.split(".")[0]


def independent_counts(codings: list[Coding], rollup: bool) -> tuple[Counter[str], Counter[str]]:
    """Segments and cases per category, counted from the plain coding list."""
    segments: Counter[str] = Counter()
    cases: dict[str, set[str]] = {}
    for c in codings:
        code = main_of(c.category) if rollup else c.category
        segments[code] += 1
        cases.setdefault(code, set()).add(c.document)
    return segments, Counter({k: len(v) for k, v in cases.items()})


@pytest.mark.parametrize("rollup", [False, True])
def test_frequencies_match_an_independent_count(coded: Project, rollup: bool) -> None:
    table = service(coded).frequencies(ExportRequest(rollup=rollup, as_of=AS_OF, uncoded=True))
    segments, cases = independent_counts(coded.coding.query(), rollup)
    frame = table.frame.set_index("Code")
    assert len(frame) == (12 if rollup else 88)
    for code, row in frame.iterrows():
        assert row["Segmente (n)"] == segments.get(str(code), 0), code
        assert row["Fälle (n, N = 7)"] == cases.get(str(code), 0), code
    # By default, as in the charts, the categories never coded are left out, and counted.
    found = service(coded).frequencies(ExportRequest(rollup=rollup, as_of=AS_OF))
    assert list(found.frame["Code"]) == [c for c in frame.index if segments.get(str(c))]
    assert found.frame.equals(frame.loc[found.frame["Code"]].reset_index())
    left_out = len(frame) - len(found.frame)
    assert f"Nicht aufgeführt: {left_out} Kategorien ohne Codierung in dieser Auswahl." in (
        found.notes
    )
    assert frame.loc["K2", "Fälle (n, N = 7)"] == (4 if rollup else 1)
    assert frame.loc["K2", "Anteil Fälle (%)"] == (57.1 if rollup else 14.3)
    assert table.notes[-1] == "Stand: 14.03.2026."
    assert "Mehrfachcodierung erlaubt: ja." in table.notes
    assert f"Subkategorien in die Hauptkategorie eingerechnet: {'ja' if rollup else 'nein'}." in (
        table.notes
    )


def test_grouped_counts_and_fast_codings_agree_with_the_coding_list(coded: Project) -> None:
    with coded.database.reading() as reader:
        listed = codings_query.query(reader)
        fast = exports_query.codings(reader)
        grouped = exports_query.grouped_counts(reader)
        ids = {c.document_id: c.document for c in listed}
    assert fast == listed  # the same codings with the same Pos. ranges, in the same order
    by_pair = Counter((c.document, c.category) for c in listed)
    with coded.database.reading() as reader:
        codes = {r["id"]: r["code"] for r in reader.rows("SELECT id, code FROM categories")}
    assert {(ids[d], codes[c]): n for d, c, n in grouped} == dict(by_pair)


def test_matrix_counts_and_marks_per_case(coded: Project) -> None:
    export = service(coded)
    counts = export.matrix(ExportRequest(rollup=True, as_of=AS_OF)).frame.set_index("Code")
    assert counts.loc["K2", ["B01", "B02", "B03", "B05"]].tolist() == [3, 1, 1, 1]
    assert counts.loc["K2", "Summe"] == 6
    marks = export.matrix(ExportRequest(rollup=True, unit="cases", as_of=AS_OF))
    frame = marks.frame.set_index("Code")
    assert frame.loc["K1", "B01"] == "✓" and frame.loc["K1", "B02"] == "–"
    assert frame.loc["K2", "Fälle (n, N = 7)"] == 4
    assert marks.notes[0].startswith("✓ = im Fall codiert")


def test_filters_change_n_or_the_codings(coded: Project) -> None:
    export = service(coded)
    bob = export.frequencies(ExportRequest(rollup=True, coders=("bob",))).frame.set_index("Code")
    assert bob["Segmente (n)"].sum() == 1 and bob.loc["K1", "Segmente (n)"] == 1
    pilot = export.frequencies(ExportRequest(passes=("pilot",))).frame.set_index("Code")
    assert pilot.loc["K2", "Segmente (n)"] == 1 and pilot["Segmente (n)"].sum() == 1
    two = export.frequencies(ExportRequest(rollup=True, documents=("B01", "B03")))
    assert "Fälle (n, N = 2)" in two.frame.columns
    assert "Auswahl: Dokumente B01, B03." in two.notes
    size = export.frequencies(
        ExportRequest(rollup=True, attributes=(("Unternehmensgröße", "≥1000"),))
    )
    frame = size.frame.set_index("Code")
    assert frame.loc["K1", "Fälle (n, N = 2)"] == 1  # B03 and B07 are large; B03 has K1.1
    by_id = export.frequencies(ExportRequest(documents=("1",)))
    assert "Auswahl: Dokumente B01." in by_id.notes


def test_unknown_names_are_reported(coded: Project) -> None:
    export = service(coded)
    with pytest.raises(NotFoundError, match="coder 'carol'.*alice, bob"):
        export.frequencies(ExportRequest(coders=("carol",)))
    with pytest.raises(NotFoundError, match="document 'B99'"):
        export.matrix(ExportRequest(documents=("B99",)))
    with pytest.raises(NotFoundError, match="category 'K99'"):
        export.matrix(ExportRequest(categories=("K99",)))
    with pytest.raises(NotFoundError, match="attribute 'Farbe'"):
        export.attributes("Farbe", ExportRequest())
    with pytest.raises(InvalidInputError):
        export.frequencies(ExportRequest(passes=("final",)))
    with pytest.raises(InvalidInputError):
        export.cooccurrence(ExportRequest(), level="sentence")
    with pytest.raises(InvalidInputError):
        export.quotes(ExportRequest(), template="({doc}, S. {page})")


def test_attributes_by_company_size(coded: Project) -> None:
    table = service(coded).attributes("Unternehmensgröße", ExportRequest(rollup=True, as_of=AS_OF))
    frame = table.frame.set_index("Code")
    assert list(frame.columns)[1:] == [
        "10–49 (N = 1)",
        "50–249 (N = 2)",
        "250–999 (N = 2)",
        "≥1000 (N = 2)",
        "Fälle (n, N = 7)",
    ]
    # K2: B01 (250–999), B02 (50–249), B03 (≥1000), B05 (10–49)
    assert frame.loc["K2"].tolist()[1:] == [1, 1, 1, 1, 4]
    assert table.title == "Kategorien nach Unternehmensgröße (Fälle)"


def test_cooccurrence_levels(coded: Project) -> None:
    export = service(coded)
    segment = export.cooccurrence(ExportRequest(categories=("K2",))).frame.set_index("Code")
    assert segment.loc["K2.1", "K2.2"] == 1  # B01 turn 9 and turns 9-10
    document = export.cooccurrence(ExportRequest(rollup=True), level="document")
    frame = document.frame.set_index("Code")
    assert frame.loc["K1", "K2"] == 2  # B01 and B03
    assert frame.loc["K2", "K3"] == 1  # B02
    assert document.notes[0].startswith("Zellen: Fälle")


def test_quotes_cite_the_turns_they_came_from(coded: Project) -> None:
    table = service(coded).quotes(ExportRequest(as_of=AS_OF))
    frame = table.frame
    assert frame["Code"].tolist()[:3] == ["K1.1", "K1.1", "K2"]  # codebook order
    b01 = coded.documents.transcript("B01")
    row = frame[(frame["Code"] == "K2.1") & frame["Beleg"].str.startswith("(B01")].iloc[0]
    assert row["Beleg"] == "(B01, Pos. 9)"
    assert (
        row["Zitat"]
        == "„" + b01.turn_text(b01.turn_at(9)).replace("„", "‚").replace("“", "‘") + "“"
    )
    spanning = frame[frame["Beleg"] == "(B01, Pos. 9–10)"].iloc[0]
    assert " / " in spanning["Zitat"]
    timed = service(coded).quotes(ExportRequest(documents=("B02",)), template="time")
    b02 = coded.documents.transcript("B02")
    from qualcode.domain.timecode import format_seconds

    start = format_seconds(b02.turn_at(5).start)
    assert timed.frame["Beleg"].tolist() == [f"(B02, {start})"] * 2
    short = service(coded).quotes(ExportRequest(categories=("K2.1",)), max_words=12)
    assert all(len(z.split()) <= 14 for z in short.frame["Zitat"])  # 12 words, […], marks
    assert any("[…]" in z for z in short.frame["Zitat"])


def test_quotes_held_in_memory_or_spilled_to_a_file_are_the_same(
    coded: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few quotes are held in memory, many go to a temporary file: the rows are the same."""
    from qualcode.services import held_rows

    request = ExportRequest(as_of=AS_OF, rollup=True)
    held = list(service(coded).quotes(request).rows())
    monkeypatch.setattr(held_rows, "HELD_CHARACTERS", 100)  # the file after a row or two
    spilled = list(service(coded).quotes(request).rows())
    assert spilled == held and len(held) == len(PASSAGES)


def test_held_rows_come_back_in_the_order_asked() -> None:
    from qualcode.services.held_rows import HeldRows

    rows = [(str(n), "ä" * n) for n in range(30)]
    order = [n * 7 % 30 for n in range(30)]
    for limit, expected in ((10_000, 0), (40, 0), (0, 0), (10_000, 10**6)):
        with HeldRows(limit, expected=expected) as held:
            assert held.spilled == (expected > 0)  # many rows to come: to the file at once
            numbers = [held.add(row) for row in rows]
            assert numbers == list(range(30))
            assert held.spilled == (limit < 10_000 or expected > 0)
            assert list(held.read(order)) == [rows[n] for n in order]
            assert list(held.read(order)) == [rows[n] for n in order]  # read again
        with HeldRows(limit, expected=expected) as held:  # a document's rows at a time
            held.extend(rows[:10])
            held.extend(rows[10:])
            assert len(held) == 30
            assert held.spilled == (limit < 10_000 or expected > 0)
            assert list(held.read(order)) == [rows[n] for n in order]


def test_guideline_tables(coded: Project) -> None:
    tree, guide = service(coded).guideline(ExportRequest(rollup=True, as_of=AS_OF))
    assert tree.title == "Kategoriensystem" and len(tree) == 12
    assert tree.frame.iloc[11]["Herkunft"] == "induktiv"
    assert guide.title == "Kodierleitfaden" and len(guide) == 88
    frame = guide.frame.set_index("Code")
    assert frame.loc["K2", "Segmente (n)"] == 6  # rolled up: every K2 subcategory
    assert frame.loc["K2.2", "Segmente (n)"] == 2
    assert frame.loc["K2.1", "Ankerbeispiel"].startswith("„")
    assert ", Pos. " in frame.loc["K2.1", "Ankerbeispiel"]
    assert "Kodierregel" in guide.text_columns
    _, only = service(coded).guideline(ExportRequest(categories=("K2",)))
    assert only.frame["Code"].tolist() == ["K2", "K2.1", "K2.2", "K2.3", "K2.4", "K2.5"]
    assert only.frame["Segmente (n)"].tolist() == [1, 2, 2, 0, 1, 0]  # K2 itself: the pilot


@pytest.mark.parametrize(("kind", "fmt"), [("bar", "png"), ("heatmap", "svg"), ("bar", "pdf")])
def test_charts(coded: Project, tmp_path: Path, kind: str, fmt: str) -> None:
    path = tmp_path / f"chart.{fmt}"
    service(coded).chart(kind, ExportRequest(rollup=True, unit="cases"), path, fmt=fmt)
    assert path.stat().st_size > 1000
    with pytest.raises(InvalidInputError):
        service(coded).chart("pie", ExportRequest(), path)


def test_write_every_format(coded: Project, tmp_path: Path) -> None:
    export = service(coded)
    tables = export.guideline(ExportRequest(as_of=AS_OF))
    for fmt in catalogue.TABLE_FORMATS:
        export.write(tables, tmp_path / f"g.{fmt}", fmt)
        assert (tmp_path / f"g.{fmt}").stat().st_size > 1000
    with pytest.raises(InvalidInputError):
        export.write(tables, tmp_path / "g.odt", "odt")


def test_a_project_without_codings_exports_zeros(sample_project: Project) -> None:
    table = service(sample_project).frequencies(ExportRequest(rollup=True))
    assert table.frame["Segmente (n)"].sum() == 0
    assert service(sample_project).quotes(ExportRequest()).frame.empty


@pytest.mark.parametrize("kind", catalogue.KINDS, ids=[k.name for k in catalogue.KINDS])
def test_run_writes_every_export_of_the_catalogue(
    coded: Project, tmp_path: Path, kind: catalogue.ExportKind
) -> None:
    # The default formats of both front ends; test_write_every_format covers the rest.
    request = ExportRequest(
        as_of=AS_OF,
        attribute="Branche",
        group="speaker",
        compare="interviewer,respondent",
        query="Kunde",  # what the kinds require
    )
    if kind.name == "memos":  # with none, it says so rather than writing an empty table
        with pytest.raises(NotFoundError, match="no memos"):
            service(coded).run(kind.name, "md", request, tmp_path / "none.md")
        coded.memos.add("document", "B01", "Im Auto geführt")
    if kind.name == "summary-table":  # the reduction table lists the paraphrased passages
        coded.summarising.edit(coded.coding.query()[0].id, paraphrase="Messen lohnen sich")
    for fmt in dict.fromkeys((kind.default_format, kind.start_format)):
        path = tmp_path / "out" / kind.file_name(fmt)
        written = service(coded).run(kind.name, fmt, request, path, mkdir=True)
        assert written.path == path and path.stat().st_size > 100, fmt
        assert bool(written.tables) == kind.table
    assert written.tables == () or all(t.rows and t.columns for t in written.tables)


def test_run_writes_what_the_single_exports_build(coded: Project, tmp_path: Path) -> None:
    export = service(coded)
    request = ExportRequest(as_of=AS_OF, level="turn", rollup=True)
    export.run("cooccurrence", "md", request, tmp_path / "co.md")
    # ... in the project's words (qualcode settings terms).
    direct = worded([export.cooccurrence(request, level="turn")], coded.plan.terms())
    export.write(direct, tmp_path / "direct.md", "md")
    assert (tmp_path / "co.md").read_bytes() == (tmp_path / "direct.md").read_bytes()
    quoted = ExportRequest(as_of=AS_OF, cite="line", max_words=5)
    written = export.run("quotes", "csv", quoted, tmp_path / "q.csv", sep=",")
    assert written.tables[0].title == "Zitate nach Kategorien"
    assert "Z. " in (tmp_path / "q.csv").read_text(encoding="utf-8-sig")


def test_run_refuses_what_the_catalogue_does_not_offer(coded: Project, tmp_path: Path) -> None:
    export = service(coded)
    with pytest.raises(InvalidInputError, match="there is no export 'pie'"):
        export.run("pie", "csv", ExportRequest(), tmp_path / "x.csv")
    with pytest.raises(InvalidInputError, match="written as png, svg, pdf, not 'csv'"):
        export.run("chart", "csv", ExportRequest(), tmp_path / "x.csv")
    with pytest.raises(InvalidInputError, match="needs the case attribute"):
        export.run("attributes", "csv", ExportRequest(), tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_two_coders_of_one_passage_count_it_once(coded: Project, tmp_path: Path) -> None:
    # bob codes two passages alice coded with the same category, one of them a little longer.
    bob = coded.as_coder("bob")
    bob.coding.code("B01", "K2.1", turns=(9, 9))
    bob.coding.code("B01", "K2.2", turns=(9, 11))
    export = service(coded)
    frequencies = export.frequencies(ExportRequest(as_of=AS_OF))
    frame = frequencies.frame.set_index("Code")
    assert frame.loc["K2.1", "Segmente (n)"] == 2  # B01 Pos. 9 once, B03 Pos. 11
    assert frame.loc["K2.2", "Segmente (n)"] == 2  # Pos. 7 and Pos. 9-11 (alice 9-10, bob 9-11)
    assert frame.loc["K1.1", "Segmente (n)"] == 2  # alice in B01, bob in B03: both stay
    whose = [n for n in frequencies.notes if n.startswith("Gezählt:")]
    assert whose and "alice und bob zusammen" in whose[0] and "zählt einmal" in whose[0]
    alone = export.frequencies(ExportRequest(coders=("alice",), as_of=AS_OF))
    assert alone.frame.set_index("Code").loc["K2.1", "Segmente (n)"] == 2
    assert "Gezählt: die Codierungen von alice." in alone.notes
    # Every export that counts codings says whose it counts and counts each passage once.
    matrix = export.matrix(ExportRequest(as_of=AS_OF)).frame.set_index("Code")
    assert matrix.loc["K2.1", "B01"] == 1
    cooccurrence = export.cooccurrence(ExportRequest(as_of=AS_OF))
    assert cooccurrence.frame.set_index(cooccurrence.frame.columns[0]).loc["K2.1", "K2.1"] == 2
    quotes = export.quotes(ExportRequest(categories=("K2.2",), as_of=AS_OF))
    assert len(quotes.frame) == 2
    for table in (
        export.matrix(ExportRequest(as_of=AS_OF)),
        export.attributes("Branche", ExportRequest(as_of=AS_OF)),
        cooccurrence,
        quotes,
        export.guideline(ExportRequest(as_of=AS_OF))[1],
    ):
        assert any(n.startswith("Gezählt:") for n in table.notes), table.title
    chart = tmp_path / "bar.svg"
    export.run("chart", "svg", ExportRequest(as_of=AS_OF), chart)
    assert "Gezählt:" in chart.read_text(encoding="utf-8")


def test_one_coder_projects_say_nothing_about_coders(sample_project: Project) -> None:
    sample_project.coding.code("B01", "K2.1", turns=(9, 9))
    table = service(sample_project).frequencies(ExportRequest(as_of=AS_OF))
    assert not any(n.startswith("Gezählt:") for n in table.notes)


def test_the_default_bar_chart_shows_what_was_coded(coded: Project, tmp_path: Path) -> None:
    from PIL import Image

    export = service(coded)
    path = tmp_path / "bar.png"
    export.run("chart", "png", ExportRequest(as_of=AS_OF), path)
    with Image.open(path) as image:
        width, height = image.size
        dpi = image.info["dpi"]
    assert round(dpi[0]) == 300  # print-ready
    assert width / 300 <= 6.5  # the text width of an A4 page
    coded_categories = len({c.category for c in coded.coding.query()})
    assert height / 300 <= 0.28 * coded_categories + 3  # a row per coded category, not 88
    svg = tmp_path / "bar.svg"
    export.run("chart", "svg", ExportRequest(as_of=AS_OF), svg)
    text = svg.read_text(encoding="utf-8")
    # Mayring's spelling unless the project chose another (qualcode settings terms)
    assert f"Nicht dargestellt: {88 - coded_categories} Kategorien ohne Kodierung" in text
    everything = tmp_path / "all.png"
    export.run("chart", "png", ExportRequest(as_of=AS_OF, uncoded=True), everything)
    with Image.open(everything) as image:
        assert image.size[1] > 3 * height  # every category a row (at a lower resolution)
    with pytest.raises(InvalidInputError, match="nothing is coded"):
        export.run("chart", "png", ExportRequest(categories=("K12",)), tmp_path / "none.png")
    heat = tmp_path / "heat.svg"
    export.run("chart", "svg", ExportRequest(chart="heatmap", as_of=AS_OF), heat)
    assert "ohne Kodierung in dieser Auswahl" in heat.read_text(encoding="utf-8")


def test_the_guideline_marks_incomplete_categories(coded: Project) -> None:
    _, complete = service(coded).guideline(ExportRequest(as_of=AS_OF))
    assert not any(n.startswith("Unvollständig") for n in complete.notes)
    coded.codebook.create_category(name="Spontane Idee", parent="K2", definition="")
    new = next(c for c in coded.codebook.get() if c.name == "Spontane Idee")
    _, guide = service(coded).guideline(ExportRequest(as_of=AS_OF))
    row = guide.frame.set_index("Code").loc[new.code]
    assert (row["Definition"], row["Ankerbeispiel"], row["Kodierregel"]) == ("(fehlt)",) * 3
    (note,) = [n for n in guide.notes if n.startswith("Unvollständig")]
    assert f"{new.code} (Definition, Ankerbeispiel, Kodierregel)" in note
    assert "1 Kategorie ohne" in note
    assert [g.category.code for g in coded.codebook.gaps(coded.codebook.get())] == [new.code]


def test_count_tables_leave_out_uncoded_categories_unless_asked(coded: Project) -> None:
    """As the charts do; ``uncoded`` lists every category of the codebook."""
    export = service(coded)
    coded_codes = {c.category for c in coded.coding.query()}
    tables = {
        "matrix": lambda r: export.matrix(r),
        "attributes": lambda r: export.attributes("Branche", r),
        "cooccurrence": lambda r: export.cooccurrence(r, level="turn"),
    }
    for name, make in tables.items():
        found = make(ExportRequest(as_of=AS_OF))
        every = make(ExportRequest(as_of=AS_OF, uncoded=True))
        assert set(found.frame["Code"]) == coded_codes, name
        assert len(every.frame) == 88, name
        left_out = f"Nicht aufgeführt: {88 - len(coded_codes)} Kategorien ohne Codierung"
        assert any(n.startswith(left_out) for n in found.notes), name
        assert not any(n.startswith("Nicht aufgeführt") for n in every.notes), name
        if name == "cooccurrence":  # the columns too
            assert list(found.frame.columns[2:]) == list(found.frame["Code"])
            assert len(every.frame.columns) == 90
