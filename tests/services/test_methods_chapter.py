"""The analysis plan, the export wording, and the methods chapter written from both."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.plan import FIELDS, TECHNIQUES, AnalysisPlan, form
from qualcode.domain.terminology import Terms
from qualcode.services.agreement import AgreementRequest
from qualcode.services.exports import ExportRequest
from qualcode.services.project import Project

PLAN = {
    "research_questions": [
        "Welche Instrumente nutzen Vertriebsleiter zur Neukundengewinnung?",
        "Wie begründen sie die Kundenbindung?",
    ],
    "material": "Sieben leitfadengestützte Experteninterviews aus dem Jahr 2026.",
    "case_selection": "Vertriebsleiter mittelständischer B2B-Unternehmen, bewusst ausgewählt.",
    "techniques": ["deduktiv", "induktive Kategorienbildung"],
    "technique_reason": "Theoriegeleitete Hauptkategorien, offen für neue Aspekte.",
    "coding_unit": "Eine Sinneinheit, mindestens ein vollständiger Satz.",
    "context_unit": "Die Antwort auf eine Leitfadenfrage.",
    "recording_unit": "Alle Transkripte in der Reihenfolge B01 bis B07.",
    "selection_criterion": "Aussagen zu Instrumenten der Kundengewinnung.",
    "abstraction_level": "Konkrete Maßnahmen, nicht einzelne Gesprächssituationen.",
    "transcription_rules": "Einfache Transkription nach Dresing und Pehl (2018).",
    "anonymisation": "Namen und Firmen ersetzt durch [Unternehmen A], Schlüssel getrennt verwahrt.",
    "quality_criteria": "Probedurchgang, Intercoder-Übereinstimmung, konsensuelle Klärung.",
}


def _texts(plan: dict[str, object]) -> list[str]:
    out: list[str] = []
    for value in plan.values():
        out.extend(value if isinstance(value, list) else [str(value)])
    return out


def test_the_plan_checks_techniques_and_says_what_is_missing() -> None:
    plan = AnalysisPlan().with_value("techniques", ["Deduktiv", "summarising"])
    assert plan.techniques == (TECHNIQUES[3], TECHNIQUES[0])
    with pytest.raises(InvalidInputError, match="not one of Mayring's techniques"):
        plan.with_value("techniques", "freies Interpretieren")
    with pytest.raises(InvalidInputError, match="no field"):
        AnalysisPlan.from_dict({"forschungsfrage": "x"})
    assert plan.inductive  # the summary forms categories too: it needs both rules
    missing = plan.problems()
    assert any("Selektionskriterium" in m for m in missing)
    assert len(missing) == len(FIELDS) - 1
    full = AnalysisPlan.from_dict(PLAN)
    assert full.problems() == []
    assert AnalysisPlan.from_dict(__import__("yaml").safe_load(form(full))) == full


def test_terms_rewrite_the_wording_of_every_table_export(sample_project: Project) -> None:
    project = sample_project
    project.coding.code("B01", "K2.1", turns=(3, 3))
    assert project.plan.terms() == Terms()
    project.plan.use_preset("maxqda")
    assert project.plan.terms() == Terms("Codier", "Interviewpartner", "Interview")
    out = io.BytesIO()
    project.exports.run("guideline", "md", ExportRequest(), out)
    text = out.getvalue().decode("utf-8")
    assert "Codierleitfaden" in text and "Kodier" not in text and "kodier" not in text
    assert "N = 7 Dokumente (Interviews)" in text
    project.plan.set_term("spelling", "kodier-")
    out = io.BytesIO()
    project.exports.run("frequencies", "md", ExportRequest(), out)
    text = out.getvalue().decode("utf-8")
    assert "kodierte Segmente" in text and "Codier" not in text and "codier" not in text
    with pytest.raises(InvalidInputError, match="spelling must be one of"):
        project.plan.set_term("spelling", "Coding")
    events = [e for e in project.audit.log() if e.entity == "terms"]
    assert len(events) == 2


def _chapter_project(project: Project) -> Project:
    bob = project.as_coder("bob")
    project.coding.code("B01", "K2.1", turns=(3, 3))
    project.coding.code("B01", "K1", turns=(5, 5))
    bob.coding.code("B01", "K2.1", turns=(3, 3))
    bob.coding.code("B01", "K2.2", turns=(7, 7))
    project.versions.freeze(reason="nach dem Probedurchgang")
    request = AgreementRequest(("alice", "bob"), documents=("B01",))
    view = project.agreement.compare(request).disagreements[0]
    project.disagreements.resolve(request.coders, view, "a", reason="Definition eindeutig")
    project.plan.save(AnalysisPlan.from_dict(PLAN))
    return project


@pytest.mark.parametrize("fmt", ["md", "tex", "docx"])
def test_the_methods_chapter_holds_the_plan_and_the_projects_numbers(
    sample_project: Project, tmp_path: Path, fmt: str
) -> None:
    project = _chapter_project(sample_project)
    path = tmp_path / f"methods.{fmt}"
    project.exports.run("methods", fmt, ExportRequest(), path)
    text = _text_of(path, fmt)
    if fmt == "tex":  # compare with the text as printed
        text = text.replace("\\%", "%").replace("\\&", "&")
    for value in _texts(PLAN):
        if value.startswith("deduktiv"):
            continue
        assert value in text, value
    assert "deduktive Kategorienanwendung und induktive Kategorienbildung" in text
    documents = project.documents.all()
    words = f"{sum(d.words for d in documents):,}".replace(",", "\u202f")
    assert f"{len(documents)} Transkripte von Interviews mit Experten" in text and words in text
    assert f"{sum(d.turns for d in documents)} Sprecherbeiträgen" in text
    share = project.summary().versions[0].coded_share
    assert share is not None
    assert f"{share * 100:.1f} %".replace(".", ",") in text
    codings = len(project.coding.query())
    assert f"Insgesamt wurden {codings} Kodierungen von 2 Kodierern" in text
    again = project.agreement.compare(AgreementRequest(("alice", "bob")))
    percent = f"{again.report.overall.percent * 100:.1f} %".replace(".", ",")
    assert f"{percent} Übereinstimmung" in text
    assert "Mindestüberlappung für Übereinstimmung" in text and "90,0 %" in text
    assert "Tabelle 1: Analyseeinheiten" in text or fmt == "tex"  # LaTeX numbers its own
    assert "erste Fassung" in text
    assert "1 Nichtübereinstimmungen wurden im Konsens geklärt" in text
    assert "Definition eindeutig" in text
    for heading in ("Kodiereinheit", "Kontexteinheit", "Auswertungseinheit", "Gütekriterien"):
        assert heading in text


def test_the_chapter_in_english_and_with_other_terms(sample_project: Project) -> None:
    project = _chapter_project(sample_project)
    project.plan.use_preset("kuckartz")
    out = io.BytesIO()
    project.exports.run("methods", "md", ExportRequest(lang="en"), out)
    english = out.getvalue().decode("utf-8")
    assert "deductive category application (deduktive Kategorienanwendung)" in english
    assert "Coding unit" in english and "Befragten" not in english
    out = io.BytesIO()
    project.exports.run("methods", "md", ExportRequest(), out)
    german = out.getvalue().decode("utf-8")
    assert "Codiereinheit" in german and "Kodiereinheit" not in german
    assert "Codierleitfaden" in german and "Transkripte von Interviews mit Befragten" in german


def test_an_empty_plan_gives_a_draft_that_names_every_gap(sample_project: Project) -> None:
    out = io.BytesIO()
    sample_project.exports.run("methods", "md", ExportRequest(), out)
    text = out.getvalue().decode("utf-8")
    for heading in ("Forschungsfragen", "Material", "Analysetechnik", "Gütekriterien"):
        assert f"noch zu schreiben: {heading}" in text
    assert "noch nicht nach einem Probedurchgang festgeschrieben" in text


def _text_of(path: Path, fmt: str) -> str:
    if fmt != "docx":
        return path.read_text(encoding="utf-8")
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    assert zipfile.is_zipfile(path)
    return "\n".join(parts)
