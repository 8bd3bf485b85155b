"""Anonymisation in every export: with the table filled, no term of it (nor its inflected
forms) is left in any file of any export in any format, each file's text read as a reader
would (DOCX with python-docx, XLSX with openpyxl, the REFI project unzipped, PDF through
pdftotext); the table itself is in none of them; --no-anonymise leaves the text as it is; the
check finds the planted addresses, numbers, names and firms."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from qualcode.domain.anonymisation import Rule
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services.export_catalogue import KINDS
from qualcode.services.exports import ExportRequest
from qualcode.services.project import Project

PLANTED = "\n\n".join(
    [
        "I: Frau Schmidt, bei welcher Firma arbeiten Sie heute?",
        "B: Ich bin bei der Müller GmbH in Reutlingen, Müllers Werk steht dort seit 1950. "
        "Herr Müller sagt immer: Salesforce ist unser Gedächtnis, ohne Salesforce wären wir "
        "verloren.",
        "I: Wie erreicht man Sie am besten?",
        "B: Unter anna.schmidt@mueller-gmbh.de oder unter +49 7121 123456, und auf "
        "www.mueller-gmbh.de steht alles über die Müller GmbH.",
    ]
)

RULES = [
    Rule("Müller GmbH", "[Firma A]"),
    Rule("Müller", "[Herr M.]"),
    Rule("Schmidt", "[Frau S.]"),
    Rule("Reutlingen", "[Stadt]"),
    Rule("Salesforce", "[CRM-System]"),
    Rule("anna.schmidt@mueller-gmbh.de", "[E-Mail]"),
    Rule(r"\+49[\d /-]+\d", "[Telefon]", regex=True),
]
# What must not be left anywhere: every term, its forms, and the number the regex covers.
FORBIDDEN = ("Müller", "Schmidt", "Reutlingen", "Salesforce", "anna.schmidt", "7121 123456")


@pytest.fixture
def planted(sample_project: Project, tmp_path: Path) -> Project:
    source = tmp_path / "B08 Müller.txt"
    source.write_text(PLANTED, encoding="utf-8")
    sample_project.documents.import_files([source])
    name = "B08 Müller"
    coding = sample_project.coding.code(
        name, "K2.1", turns=(2, 2), memo="Müller zitiert Salesforce"
    )
    sample_project.coding.code(name, "K4", turns=(4, 4))
    sample_project.coding.code("B01", "K2.1", turns=(4, 4))
    sample_project.summaries.write(name, "Frau Schmidt aus Reutlingen, Müller GmbH.")
    sample_project.summaries.write(name, "Salesforce als Gedächtnis.", category="K2")
    sample_project.summarising.edit(
        coding.id,
        paraphrase="Müller nutzt Salesforce",
        generalisation="CRM als Gedächtnis",
        reduction="CRM",
    )
    sample_project.memos.add("document", name, "Müller im Auto befragt, Salesforce offen")
    sample_project.anonymisation.add_all(RULES)
    return sample_project


def _texts(path: Path) -> str:
    """Everything a reader of ``path`` sees, as text."""
    suffix = path.suffix
    if suffix == ".docx":
        document = Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join(parts)
    if suffix == ".xlsx":
        book = load_workbook(path)
        return "\n".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    if suffix in (".qdpx",):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist()
            )
    if suffix == ".pdf":
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    return path.read_text(encoding="utf-8")


def _left(text: str) -> list[str]:
    """The forbidden words in ``text``, also as JSON escapes them (the reviewer's page)."""
    found = []
    for word in FORBIDDEN:
        escaped = json.dumps(word)[1:-1]
        if word in text or escaped in text:
            found.append(word)
    return found


def _every_export() -> list[tuple[str, str]]:
    pairs = []
    for kind in KINDS:
        for fmt in kind.formats:
            if fmt == "png":
                continue  # pixels; the same chart as SVG and PDF is read as text
            if fmt == "pdf" and shutil.which("pdftotext") is None:
                continue
            pairs.append((kind.name, fmt))
    return pairs


def _request(kind: str, **more: object) -> ExportRequest:
    options: dict[str, object] = {"as_of": None}
    if kind == "attributes":
        options["attribute"] = "Branche"
    if kind == "search":  # the hits of a planted name, in context
        options["query"] = "Salesforce"
    if kind == "keyness":
        options.update(group="speaker", compare="interviewer,respondent")
    options.update(more)
    return ExportRequest(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "fmt"), _every_export())
def test_no_term_of_the_table_is_left_in_any_export(
    planted: Project, tmp_path: Path, kind: str, fmt: str
) -> None:
    target = tmp_path / "out" / f"{kind}.{fmt}"
    written = planted.exports.run(kind, fmt, _request(kind), target, mkdir=True)
    files = [target, *written.beside]
    text = "\n".join(_texts(f) for f in files)
    assert text.strip()
    assert _left(text) == [], f"{kind} as {fmt} still names {_left(text)}"
    assert written.anonymised is not None and "Anonymised:" in written.anonymised
    # The table itself travels nowhere: no replacement appears beside its term.
    assert "[Herr M.]" not in text or "Müller" not in text


def test_the_planted_material_reaches_the_exports_without_the_table(
    planted: Project, tmp_path: Path
) -> None:
    """The check above means something: without anonymisation the same exports name them."""
    for kind, fmt in (("quotes", "md"), ("review", "html"), ("qdpx", "qdpx")):
        target = tmp_path / f"{kind}.{fmt}"
        written = planted.exports.run(kind, fmt, _request(kind, anonymise=False), target)
        assert written.anonymised is None
        assert {"Müller", "Salesforce"} <= set(_left(_texts(target))), kind


def test_quotes_keep_their_placeholders_and_positions(planted: Project, tmp_path: Path) -> None:
    target = tmp_path / "quotes.csv"
    written = planted.exports.run("quotes", "csv", _request("quotes"), target)
    text = target.read_text(encoding="utf-8")
    assert "[Firma A] in [Stadt], [Herr M.] Werk" in text  # longest first; Müllers as a form
    assert "([Herr M.]-Interview" not in text
    assert "B08 [Herr M.], Pos. 2" in text
    assert written.anonymised is not None and "replacements" in written.anonymised


def test_the_refi_project_points_at_the_same_words(planted: Project, tmp_path: Path) -> None:
    """Codings move with the text: each selection's offsets still hold its own words."""
    from qualcode.services.exchange.project_import import read_project_file

    target = tmp_path / "p.qdpx"
    planted.exports.run("qdpx", "qdpx", _request("qdpx"), target)
    project, _ = read_project_file(target)
    texts = {d.name: d.text for d in project.documents}
    assert "B08 [Herr M.]" in texts
    for coding in project.codings:
        assert texts[coding.document][coding.start : coding.end] == coding.text
    planted_codings = [c for c in project.codings if c.document == "B08 [Herr M.]"]
    assert any("[CRM-System] ist unser Gedächtnis" in c.text for c in planted_codings)


def test_the_table_is_kept_listed_and_edited(planted: Project, tmp_path: Path) -> None:
    service = planted.anonymisation
    assert [r.term for r in service.rules()][:2] == ["Müller GmbH", "Müller"]
    assert service.add("Müller", "[Herr X]") is False  # a changed replacement, no new term
    assert {r.term: r.replacement for r in service.rules()}["Müller"] == "[Herr X]"
    service.remove("Reutlingen")
    with pytest.raises(NotFoundError):
        service.remove("Reutlingen")
    with pytest.raises(InvalidInputError):
        service.add("(", "x", regex=True)
    table = tmp_path / "table.csv"
    table.write_text(
        "term;replacement;regex;ignore-case\nReutlingen;[Ort];no;no\nhubspot;[System];;yes\n",
        encoding="utf-8",
    )
    assert service.import_csv(table) == (2, 0)
    anonymiser = service.anonymiser()
    assert anonymiser is not None
    assert anonymiser("In Reutlingen nutzt man HubSpot.") == "In [Ort] nutzt man [System]."


def test_the_check_finds_what_was_planted(planted: Project) -> None:
    planted.anonymisation.remove("Schmidt")
    planted.anonymisation.remove("anna.schmidt@mueller-gmbh.de")
    planted.anonymisation.remove(r"\+49[\d /-]+\d")
    found = planted.anonymisation.check(["B08 Müller"])
    kinds = {(f.kind, f.text) for f in found}
    assert ("e-mail", "anna.schmidt@mueller-gmbh.de") in kinds
    assert ("phone", "+49 7121 123456") in kinds
    assert ("url", "www.mueller-gmbh.de") in kinds
    assert ("name", "Schmidt") in kinds
    assert all(f.position in (1, 2, 3, 4) for f in found)
    # What the table replaces is no longer found.
    assert not any("Müller" in f.text or "Salesforce" in f.text for f in found)


def test_the_check_finds_firms_the_table_misses(sample_project: Project, tmp_path: Path) -> None:
    source = tmp_path / "B09.txt"
    source.write_text(
        "I: Wo waren Sie vorher?\n\nB: Bei der Krämer & Söhne KG und davor bei Brandt AG, "
        "dann kurz bei Wohlfahrt e.V. in Metzingen, bei Jankowski.\n",
        encoding="utf-8",
    )
    sample_project.documents.import_files([source])
    found = {(f.kind, f.text) for f in sample_project.anonymisation.check(["B09"])}
    assert ("company", "Krämer & Söhne KG") in found
    assert ("company", "Brandt AG") in found
    assert ("company", "Wohlfahrt e.V.") in found
    assert ("name", "Metzingen") in found
    assert ("name", "Jankowski") in found


def test_the_check_leaves_the_nouns_of_the_sample_interviews_alone(
    sample_project: Project,
) -> None:
    """The sample interviews are already anonymised: what the check lists there is false
    alarm, apart from the brands and places they mention (Google, Ohio). Fewer than 3 % of
    their capitalised words may be listed (1.9 %, 124 of 6,591, when this was written)."""
    import re

    transcripts, _ = sample_project.anonymisation.transcripts()
    capitalised = sum(
        len(re.findall(r"(?<![\w\[])[A-ZÄÖÜ][a-zäöüß]+", t.text)) for t in transcripts
    )
    found = sample_project.anonymisation.check()
    names = [f for f in found if f.kind == "name"]
    assert len(names) / capitalised < 0.03, (len(names), capitalised)
    for noun in ("Vertriebsleiter", "Messe", "Kunden", "Außendienst", "Maschinenbau", "Leads"):
        assert noun not in {f.text for f in names}


def test_anonymised_transcripts_for_the_appendix(planted: Project, tmp_path: Path) -> None:
    written, anonymiser = planted.anonymisation.export_transcripts(tmp_path / "anhang")
    assert anonymiser is not None and anonymiser.replacements > 0
    assert len(written) == 8
    text = (tmp_path / "anhang" / "B08 [Herr M.].txt").read_text(encoding="utf-8")
    assert _left(text) == []
    assert text.startswith("I: Frau [Frau S.], bei welcher Firma")


def test_the_check_on_real_german_interviews_keeps_false_alarms_rare(
    new_project: Project,
) -> None:
    """Real expert and student interviews (shared reference material, skipped where it is
    missing), not anonymised: the check lists their people's names, and of their 9,244
    capitalised words lists 259 (2.8 %), about 190 of them ordinary words (2.1 %) and the rest
    names of people, platforms and programs."""
    import re

    from tests.helpers import SHARED

    folder = SHARED / "reference" / "transcripts"
    files = sorted((folder / "divekit-roadmap_de_expert").glob("*.md")) + sorted(
        (folder / "haski-nodegrade_de_students_docx").glob("*.docx")
    )
    if not files:
        pytest.skip("the shared reference transcripts are not here")
    new_project.documents.import_files(files)
    transcripts, _ = new_project.anonymisation.transcripts()
    capitalised = sum(
        len(re.findall(r"(?<![\w\[])[A-ZÄÖÜ][a-zäöüß]+", t.text)) for t in transcripts
    )
    names = [f.text for f in new_project.anonymisation.check() if f.kind == "name"]
    assert len(names) / capitalised < 0.04, (len(names), capitalised)
    assert {"Bente", "Fabian"} <= set(names)


def test_autocoding_proposals_in_the_refi_project_move_with_the_text(planted: Project) -> None:
    """A proposal's passage is anonymised with its document and still points at its words."""
    from dataclasses import replace

    from qualcode.domain.exchange import ExProposal
    from qualcode.services import anonymisation
    from qualcode.services.exchange.export import ProjectExport

    snap = ProjectExport(planted.database, "alice").snapshot()
    text = next(d.text for d in snap.documents if d.name == "B08 Müller")
    start = text.index("Herr Müller sagt")
    end = text.index("Gedächtnis") + len("Gedächtnis")
    proposal = ExProposal(
        guid="g",
        document="B08 Müller",
        category="K2.1",
        start=start,
        end=end,
        text=text[start:end],
        rule="words: Salesforce -> match",
        status="rejected",
        created_by="alice",
        decided_by="alice",
        coding="a-coding-guid",
    )
    anonymiser = planted.anonymisation.anonymiser()
    done = anonymisation.project(replace(snap, proposals=[proposal]), anonymiser)
    moved = done.proposals[0]
    texts = {d.name: d.text for d in done.documents}
    assert moved.document == "B08 [Herr M.]" and moved.coding == "a-coding-guid"
    assert texts[moved.document][moved.start : moved.end] == moved.text
    assert moved.text == "Herr [Herr M.] sagt immer: [CRM-System] ist unser Gedächtnis"
    assert moved.rule == "words: [CRM-System] -> match"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"term;replacement\nAn\x00na;[Name]\n", "the table is damaged: 1 control character"),
        (b"term;replacement\nAnna;" + b"a" * 200_000 + b"\n", "longer than 131,072"),
        (bytes(range(256)) * 4, "binary file"),
    ],
)
def test_a_damaged_table_is_refused_rather_than_kept_as_rules_that_never_match(
    planted: Project, tmp_path: Path, data: bytes, why: str
) -> None:
    """A term with a NUL or a broken byte would never match: the name would stay in the
    exports. So the table is refused whole, in one line."""
    before = planted.anonymisation.rules()
    table = tmp_path / "table.csv"
    table.write_bytes(data)
    with pytest.raises(InvalidInputError, match=why) as caught:
        planted.anonymisation.import_csv(table)
    assert "\n" not in str(caught.value)
    assert planted.anonymisation.rules() == before


def test_a_table_in_windows_encoding_keeps_its_umlauts(planted: Project, tmp_path: Path) -> None:
    table = tmp_path / "table.csv"
    table.write_bytes("term;replacement\nJürgen Weiß;[Name]\n".encode("cp1252"))
    planted.anonymisation.import_csv(table)
    assert "Jürgen Weiß" in {r.term for r in planted.anonymisation.rules()}
