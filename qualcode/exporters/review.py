"""The reviewer's page: one self-contained HTML file, rendered with Jinja2.

The template (``templates/review.html.j2``) escapes everything it prints; the style and the
script are inlined from ``templates/review.css`` and ``templates/review.js``, so the file
opens offline with nothing to fetch. What the script draws lazily (transcripts, the codings,
their histories) is embedded as JSON in ``<script type="application/json">`` elements, one per
transcript, with every ``<`` written as ``\\u003c`` so no text can close the element. Jinja2 is
imported only when a page is written.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualcode.exporters import Target, put_bytes

TEMPLATES = Path(__file__).parent / "templates"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "Coding review",
        "guideline": "Guideline",
        "transcripts": "Transcripts",
        "retrieval": "Retrieval",
        "agreement": "Agreement",
        "method": "Method",
        "comments": "Comments",
        "definition": "Definition",
        "anchors": "Anchor examples",
        "coding_rule": "Coding rule",
        "origin": "Origin",
        "reference": "Literature source",
        "deductive": "deductive",
        "inductive": "inductive",
        "status": "Status",
        "segments": "Segments",
        "cases": "Cases",
        "of": "of",
        "history": "History",
        "no_history": "No changes since it was created.",
        "versions": "Codebook versions",
        "versions_one": "codebook version",
        "version": "Version",
        "created": "Created",
        "by": "by",
        "reason": "Reason",
        "frozen": "Frozen",
        "coded_share": "coded when frozen",
        "changes": "Every change to the codebook",
        "when": "When",
        "who": "Who",
        "what": "What",
        "why": "Why",
        "documents": "Documents",
        "choose_document": "Choose a document on the left.",
        "category": "Category",
        "coder": "Coder",
        "pass": "Pass",
        "codebook_version": "Codebook version",
        "memo": "Memo",
        "position": "Pos.",
        "passage": "Passage",
        "click_passage": "Click a highlighted passage to see how it was coded.",
        "all": "all",
        "document": "Document",
        "attribute": "Case attribute",
        "with_subcategories": "with subcategories",
        "results": "passages",
        "open_in_transcript": "open in the transcript",
        "agreement_intro": (
            "The latest report for each pair of coders, computed when this page was exported "
            "with the defaults of qualcode agreement."
        ),
        "parameters": "Parameters",
        "agree": "agree",
        "disagree": "disagree",
        "total": "total",
        "percent": "percent",
        "overall": "overall",
        "kappa_bp": "Brennan-Prediger kappa",
        "chance": "chance agreement",
        "open_disagreements": "disagreements still open",
        "no_pairs": "No two coders have coded the same documents: there is no agreement to report.",
        "rules_only": (
            "Not compared: {names}. Their codings here all come from accepted autocoding "
            "proposals: the rules chose the passages, the coder decided on them."
        ),
        "apart": "Not compared, as they coded no document in common: {pairs}.",
        "pair_and": "and",
        "settled": "Settled disagreements",
        "no_settled": "No disagreement has been settled yet.",
        "coder_a": "Coder A",
        "coder_b": "Coder B",
        "decision": "Decision",
        "facts": "Method facts",
        "words": "words",
        "turns": "turns",
        "codings": "Codings",
        "coders": "Coders",
        "passes": "Passes",
        "freeze": "Codebook frozen after the pilot",
        "not_frozen": "not frozen",
        "exported": "Exported",
        "date": "Date",
        "qualcode_version": "qualcode version",
        "chain": "Audit trail",
        "chain_ok": "intact",
        "chain_broken": "BROKEN",
        "not_checked": "not checked",
        "events_checked": "events checked",
        "selection": "Selection",
        "whole_project": "the whole project",
        "agreement_defaults": "Agreement computed with",
        "export_id": "Export id",
        "comment": "Comment",
        "write_comment": "Write a comment",
        "your_name": "Your name",
        "save": "Save",
        "cancel": "Cancel",
        "delete": "Delete",
        "download": "Download comments",
        "no_comments": (
            "No comments yet. Comment on a passage (in a transcript) or on a category "
            "(in the guideline); they are kept in this browser until you download them."
        ),
        "comments_intro": (
            "Your comments stay in this browser. Download them as one file and send it to the "
            "coder, who brings them in with qualcode import-review."
        ),
        "on_category": "on category",
        "on_coding": "on coding",
        "on_turn": "on",
        "comment_turn": "Comment on this Pos.",
        "codings_here": "codings here",
        "none": "none",
        "loading": "Loading…",
        "anonymised": "Anonymisation",
        "no_anonymisation": "none set in the project: the transcripts as stored",
    },
    "de": {
        "page_title": "Prüfung der Codierung",
        "guideline": "Kodierleitfaden",
        "transcripts": "Transkripte",
        "retrieval": "Retrieval",
        "agreement": "Übereinstimmung",
        "method": "Methode",
        "comments": "Kommentare",
        "definition": "Definition",
        "anchors": "Ankerbeispiele",
        "coding_rule": "Kodierregel",
        "origin": "Herkunft",
        "reference": "Literaturquelle",
        "deductive": "deduktiv",
        "inductive": "induktiv",
        "status": "Status",
        "segments": "Segmente",
        "cases": "Fälle",
        "of": "von",
        "history": "Verlauf",
        "no_history": "Seit der Anlage nicht geändert.",
        "versions": "Versionen des Kategoriensystems",
        "versions_one": "Version des Kategoriensystems",
        "version": "Version",
        "created": "Angelegt",
        "by": "von",
        "reason": "Begründung",
        "frozen": "Eingefroren",
        "coded_share": "codiert beim Einfrieren",
        "changes": "Alle Änderungen am Kategoriensystem",
        "when": "Wann",
        "who": "Wer",
        "what": "Was",
        "why": "Warum",
        "documents": "Dokumente",
        "choose_document": "Links ein Dokument wählen.",
        "category": "Kategorie",
        "coder": "Codierer/in",
        "pass": "Durchgang",
        "codebook_version": "Version des Kategoriensystems",
        "memo": "Memo",
        "position": "Pos.",
        "passage": "Textstelle",
        "click_passage": "Eine markierte Textstelle anklicken, um ihre Codierung zu sehen.",
        "all": "alle",
        "document": "Dokument",
        "attribute": "Fallmerkmal",
        "with_subcategories": "mit Subkategorien",
        "results": "Textstellen",
        "open_in_transcript": "im Transkript öffnen",
        "agreement_intro": (
            "Der jeweils neueste Bericht für jedes Paar von Codierenden, beim Export dieser Seite "
            "mit den Voreinstellungen von qualcode agreement berechnet."
        ),
        "parameters": "Parameter",
        "agree": "überein",
        "disagree": "abweichend",
        "total": "gesamt",
        "percent": "Prozent",
        "overall": "insgesamt",
        "kappa_bp": "Kappa nach Brennan-Prediger",
        "chance": "Zufallsübereinstimmung",
        "open_disagreements": "Abweichungen noch offen",
        "no_pairs": (
            "Keine zwei Personen haben dieselben Dokumente codiert: keine Übereinstimmung zu "
            "berichten."
        ),
        "rules_only": (
            "Nicht verglichen: {names}. Ihre Codierungen stammen hier alle aus angenommenen "
            "Vorschlägen der Autocodierung: Die Textstellen fanden die Regeln, die Person hat "
            "über sie entschieden."
        ),
        "apart": "Nicht verglichen, da sie kein Dokument gemeinsam codiert haben: {pairs}.",
        "pair_and": "und",
        "settled": "Geklärte Abweichungen",
        "no_settled": "Noch keine Abweichung geklärt.",
        "coder_a": "Codierer/in A",
        "coder_b": "Codierer/in B",
        "decision": "Entscheidung",
        "facts": "Angaben zur Methode",
        "words": "Wörter",
        "turns": "Sprecherbeiträge",
        "codings": "Codierungen",
        "coders": "Codierende",
        "passes": "Durchgänge",
        "freeze": "Kategoriensystem nach dem Probedurchgang eingefroren",
        "not_frozen": "nicht eingefroren",
        "exported": "Exportiert",
        "date": "Datum",
        "qualcode_version": "qualcode-Version",
        "chain": "Protokoll (Audit-Trail)",
        "chain_ok": "unversehrt",
        "chain_broken": "BESCHÄDIGT",
        "not_checked": "nicht geprüft",
        "events_checked": "Einträge geprüft",
        "selection": "Auswahl",
        "whole_project": "das ganze Projekt",
        "agreement_defaults": "Übereinstimmung berechnet mit",
        "export_id": "Export-Kennung",
        "comment": "Kommentieren",
        "write_comment": "Kommentar schreiben",
        "your_name": "Ihr Name",
        "save": "Speichern",
        "cancel": "Abbrechen",
        "delete": "Löschen",
        "download": "Kommentare herunterladen",
        "no_comments": (
            "Noch keine Kommentare. Kommentieren Sie eine Textstelle (im Transkript) oder eine "
            "Kategorie (im Kodierleitfaden); sie bleiben in diesem Browser, bis Sie sie "
            "herunterladen."
        ),
        "comments_intro": (
            "Ihre Kommentare bleiben in diesem Browser. Laden Sie sie als eine Datei herunter und "
            "schicken Sie sie der codierenden Person; sie übernimmt sie mit qualcode "
            "import-review."
        ),
        "on_category": "zur Kategorie",
        "on_coding": "zur Codierung",
        "on_turn": "zu",
        "comment_turn": "Diese Pos. kommentieren",
        "codings_here": "Codierungen hier",
        "none": "keine",
        "loading": "Wird geladen…",
        "anonymised": "Anonymisierung",
        "no_anonymisation": "im Projekt keine eingestellt: die Transkripte wie gespeichert",
    },
}


def json_for_script(data: Any) -> str:
    """JSON that can stand inside a ``<script>`` element: no ``<`` can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render(page: Any, *, wording: Callable[[str], str] | None = None) -> str:
    """The page as HTML text (``page``: the services' review view model); ``wording`` puts
    the German labels into the project's terms (Kodier-/Codier-, its word for a case)."""
    import jinja2
    from markupsafe import Markup

    from qualcode.exporters.agreement_wording import wording as agreement_wording

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )

    def script_json(data: Any) -> Markup:
        return Markup(json_for_script(data))

    def percent(value: float | None) -> str:
        if value is None:
            return "–"
        text = f"{value * 100:.1f} %"
        return text.replace(".", ",") if page.language == "de" else text

    def number(value: float | None, digits: int = 2) -> str:
        if value is None:
            return "–"
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if page.language == "de" else text

    def count(value: int) -> str:
        text = f"{value:,}"
        return text.replace(",", ".") if page.language == "de" else text

    words = agreement_wording(page.language)

    def parameter(key: str) -> str:
        """An agreement parameter named in words, as ``qualcode agreement -o`` names it."""
        name = words.parameter(key)
        return wording(name) if wording is not None and page.language == "de" else name

    def parameter_value(key: str, value: str) -> str:
        if key == "threshold":
            try:
                return words.value(key, float(value))
            except ValueError:
                return value
        return words.value(key, value)

    environment.filters.update(
        script_json=script_json,
        percent=percent,
        number=number,
        count=count,
        parameter=parameter,
        parameter_value=parameter_value,
    )
    labels = LABELS[page.language]
    if wording is not None and page.language == "de":
        labels = {key: wording(text) for key, text in labels.items()}
    template = environment.get_template("review.html.j2")
    style = (TEMPLATES / "review.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "review.js").read_text(encoding="utf-8")
    return template.render(
        page=page,
        t=labels,
        labels_json=script_json(labels),
        nonce=secrets.token_hex(16),  # the page's own script runs; nothing injected would
        style=Markup(style),
        script=Markup(script.replace("</script", "<\\/script")),
    )


def write(page: Any, target: Target, *, wording: Callable[[str], str] | None = None) -> None:
    """Write the page to a file or a binary stream (UTF-8)."""
    put_bytes(render(page, wording=wording).encode("utf-8"), target)
