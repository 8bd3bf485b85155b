"""The agreement report's words in the project's language: headers, parameters, notes, details.

A German thesis prints the report in an appendix, so a German project (the codebook's language)
gets it in German throughout, numbers with a decimal comma, parameters named in words rather
than by their keys; any other language gets English. The German notes and the disagreements'
details are worded here from the report's data (the analysis words them in English for the
terminal and ``--json``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = ["Wording", "wording"]


@dataclass(frozen=True, slots=True)
class Wording:
    """Every word of the report's tables in one language."""

    german: bool

    def __call__(self, english: str, german: str) -> str:
        return german if self.german else english

    @property
    def decimal(self) -> str:
        return "," if self.german else "."

    def percent(self, value: float | None, missing: str = "") -> str:
        return missing if value is None else f"{value * 100:.1f} %".replace(".", self.decimal)

    def number(self, value: float | None, missing: str = "") -> str:
        return missing if value is None else f"{value:.3f}".replace(".", self.decimal)

    # -- parameters -----------------------------------------------------------------------

    def parameter(self, key: str) -> str:
        """A parameter's name in words."""
        names = _PARAMETERS_DE if self.german else _PARAMETERS_EN
        return names.get(key, key)

    def value(self, key: str, value: object) -> str:
        """A parameter's value in words (choices named, shares as percentages, dates)."""
        if isinstance(value, bool):
            return self("yes", "ja") if value else self("no", "nein")
        if key == "threshold" and isinstance(value, int | float):
            return self.percent(float(value))
        if isinstance(value, list | tuple):
            return ", ".join(self.value("", v) for v in value)
        if key in ("date",) and isinstance(value, str):
            return _date(value, german=self.german)
        if key in ("as_of", "first_settlement") and isinstance(value, str):
            return _moment(value, german=self.german)
        words = (_VALUES_DE if self.german else _VALUES_EN).get(key, {})
        if isinstance(value, str) and value in words:
            return words[value]
        if isinstance(value, float):
            return f"{value:g}".replace(".", self.decimal)
        return str(value)


def wording(language: str) -> Wording:
    """The report's wording for a project in ``language`` (German for ``de``)."""
    return Wording(german=language.lower().startswith("de"))


_PARAMETERS_EN = {
    "coder_a": "Coder A",
    "coder_b": "Coder B",
    "level": "Level",
    "threshold": "Overlap needed to agree",
    "denominator": "Overlap measured against",
    "counting": "Counted",
    "matching": "Matching",
    "merge": "Merging",
    "k": "Codes used (k)",
    "n_codes": "Codes compared",
    "n_documents": "Documents with codings",
    "n_segments_a": "Segments of coder A",
    "n_segments_b": "Segments of coder B",
    "coders": "Coders",
    "base": "Base",
    "n_pairs": "Document-code pairs",
    "n_units": "Units",
    "n_decisions": "Decisions (units x codes)",
    "unit_coded_when": "A unit is coded when",
    "overall": "Overall",
    "documents": "Documents",
    "categories": "Categories",
    "codebook_version": "Codebook version",
    "date": "Date",
    "codings": "Codings compared",
    "as_of": "Codings as of",
    "first_settlement": "First settled disagreement",
    "unit": "Coding unit",
    "interviewer_turns": "Interviewer's turns counted",
}

_PARAMETERS_DE = {
    "coder_a": "Kodierer A",
    "coder_b": "Kodierer B",
    "level": "Ebene",
    "threshold": "Mindestüberlappung für Übereinstimmung",
    "denominator": "Überlappung gemessen an",
    "counting": "Zählweise",
    "matching": "Zuordnung",
    "merge": "Zusammenfassung",
    "k": "Verwendete Kategorien (k)",
    "n_codes": "Verglichene Kategorien",
    "n_documents": "Dokumente mit Codierungen",
    "n_segments_a": "Segmente von Kodierer A",
    "n_segments_b": "Segmente von Kodierer B",
    "coders": "Kodierer",
    "base": "Basis",
    "n_pairs": "Dokument-Kategorie-Paare",
    "n_units": "Codiereinheiten",
    "n_decisions": "Entscheidungen (Einheiten x Kategorien)",
    "unit_coded_when": "Eine Einheit gilt als codiert, wenn",
    "overall": "Gesamtwert",
    "documents": "Dokumente",
    "categories": "Kategorien",
    "codebook_version": "Kategoriensystem (Version)",
    "date": "Datum",
    "codings": "Verglichene Codierungen",
    "as_of": "Stand der Codierungen",
    "first_settlement": "Erste Konsensentscheidung",
    "unit": "Codiereinheit",
    "interviewer_turns": "Beiträge der Interviewenden mitgezählt",
}

_VALUES_EN: dict[str, dict[str, str]] = {
    "level": {
        "segment": "segment level",
        "presence": "presence per document",
        "frequency": "frequency per document",
        "unit": "fixed coding units",
    },
    "denominator": {
        "union": "both segments together (strict)",
        "shorter": "the shorter segment (lenient)",
        "own": "each segment's own length",
    },
    "counting": {
        "segments": "every segment of either coder (as MAXQDA)",
        "pairs": "matched pairs",
    },
    "base": {"all": "all documents", "used": "documents where either coder used the category"},
    "codings": {
        "current": "today's",
        "before-consensus": "before consensus (before the first settled disagreement)",
        "as-of": "as they were at the time given",
    },
    "unit": {"turn": "turn", "sentence": "sentence"},
}

_VALUES_DE: dict[str, dict[str, str]] = {
    "level": {
        "segment": "Segmentebene",
        "presence": "Vorkommen je Dokument",
        "frequency": "Häufigkeit je Dokument",
        "unit": "feste Codiereinheiten",
    },
    "denominator": {
        "union": "beide Segmente zusammen (streng)",
        "shorter": "das kürzere Segment (großzügig)",
        "own": "die Länge des jeweiligen Segments",
    },
    "counting": {
        "segments": "jedes Segment beider Kodierer (wie MAXQDA)",
        "pairs": "zugeordnete Paare",
        "codings as stored, not merged": "Codierungen wie gespeichert, nicht zusammengefasst",
    },
    "matching": {
        "best match per segment": "beste Entsprechung je Segment",
        "greedy one-to-one": "eins zu eins, größte Überlappung zuerst",
    },
    "merge": {
        "overlapping or adjacent segments of one coder and code merged": (
            "überlappende oder angrenzende Segmente eines Kodierers mit derselben Kategorie "
            "zusammengefasst"
        ),
    },
    "base": {
        "all": "alle Dokumente",
        "used": "Dokumente, in denen ein Kodierer die Kategorie verwendet hat",
    },
    "unit_coded_when": {
        "a segment with the code overlaps it by at least one character": (
            "ein Segment mit der Kategorie sie um mindestens ein Zeichen überlappt"
        ),
    },
    "overall": {
        "pooled over all unit x code decisions": (
            "über alle Entscheidungen (Einheiten x Kategorien) gepoolt"
        ),
    },
    "codings": {
        "current": "aktueller Stand",
        "before-consensus": "vor der Konsensbildung (vor der ersten Konsensentscheidung)",
        "as-of": "Stand zum angegebenen Zeitpunkt",
    },
    "unit": {"turn": "Sprecherbeitrag", "sentence": "Satz"},
}


def _date(text: str, *, german: bool) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day:%d.%m.%Y}" if german else day.isoformat()


def _moment(text: str, *, german: bool) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    local = moment.astimezone() if moment.tzinfo else moment
    return f"{local:%d.%m.%Y, %H:%M} Uhr" if german else f"{local:%Y-%m-%d %H:%M}"


# -- German notes and details ---------------------------------------------------------------


def german_notes(result: Any) -> list[str]:
    """The report's notes in German, worded from its data."""
    w = Wording(german=True)
    p: Mapping[str, object] = result.parameters
    report = result.report
    a, b = (c.label for c in result.coders)
    notes = [f"Kodierer A: {a}; Kodierer B: {b}.", _basis_de(result.basis)]
    if result.basis.not_undone:
        notes.append(
            f"{result.basis.not_undone} spätere Änderungen ließen sich nicht einzeln "
            "zurücknehmen (zusammengeführte Kategorien, Massenimporte, entfernte oder ersetzte "
            "Dokumente); die betroffenen Codierungen gehen im heutigen Stand ein."
        )
    documents = p.get("documents") or []
    categories = p.get("categories") or []
    notes.append(f"Verglichene Dokumente: {len(documents)}.")  # type: ignore[arg-type]
    notes.append(f"Verglichene Kategorien: {len(categories)}.")  # type: ignore[arg-type]
    level = report.level
    params = report.parameters
    if level == "segment":
        needs = w.percent(float(params.get("threshold", 0.9)))
        against = w.value("denominator", params.get("denominator", "union"))
        notes.append(
            "Vor dem Vergleich wurden überlappende oder angrenzende Segmente eines Kodierers mit "
            "derselben Kategorie im selben Dokument zu einem Segment zusammengefasst."
        )
        notes.append(
            f"Überlappung: gemeinsame Länge, gemessen an {against}. Verglichen werden nur "
            "Segmente derselben Kategorie im selben Dokument; ein Segment stimmt überein, wenn es "
            f"mindestens {needs} erreicht."
        )
        if params.get("counting") == "pairs":
            notes.append(
                "Zählweise: Segmente werden eins zu eins zugeordnet (größte Überlappung zuerst); "
                "ein Paar zählt als eine Übereinstimmung, jedes Segment ohne Partner als eine "
                "Nichtübereinstimmung."
            )
        else:
            notes.append(
                "Zählweise: jedes Segment beider Kodierer ist eine Zeile; es stimmt überein, "
                f"wenn ein Segment des anderen Kodierers {needs} erreicht. Prozent gesamt = "
                "übereinstimmende Segmente / alle Segmente (wie MAXQDA), ein Paar zählt also "
                "zweimal."
            )
        notes.append(
            "Ein Segment ohne Gegenstück derselben Kategorie ist eine Nichtübereinstimmung, auch "
            "wenn der andere Kodierer dieselbe Stelle anders codiert hat."
        )
        k = params.get("k")
        notes.append(
            f"Kappa nach Brennan und Prediger über k = {k} verwendete Kategorien: "
            f"{w.number(report.kappa_bp, '–')} (Zufallsübereinstimmung 1/k = "
            f"{w.number(report.chance, '–')})."
        )
    elif level in ("presence", "frequency"):
        what = (
            "ob beide Kodierer die Kategorie im Dokument verwendet haben (oder beide nicht)"
            if level == "presence"
            else "ob beide Kodierer die Kategorie im Dokument gleich oft verwendet haben"
        )
        notes.append(f"Verglichen wird je Dokument und Kategorie, {what}.")
        if params.get("base") == "used":
            notes.append(
                "Basis: nur Dokument-Kategorie-Paare, in denen mindestens ein Kodierer die "
                "Kategorie verwendet hat."
            )
        else:
            notes.append(
                "Basis: alle Dokumente zählen für jede Kategorie; eine Kategorie, die keiner "
                "verwendet hat, zählt als Übereinstimmung."
            )
    else:
        unit = w.value("unit", p.get("unit", "turn"))
        notes.append(
            f"Codiereinheit: {unit}. Je Einheit und Kategorie entscheidet jeder Kodierer ja oder "
            "nein: ja, wenn eines seiner Segmente mit der Kategorie die Einheit um mindestens ein "
            "Zeichen überlappt."
        )
        if not p.get("interviewer_turns"):
            notes.append("Die Beiträge der Interviewenden zählen nicht als Einheiten.")
        notes.append(
            "Spalten: Positive Übereinstimmung = 2 x beide ja / (2 x beide ja + nur A + nur B); "
            "Kappa (Cohen); Kappa (Brennan-Prediger) mit Zufall 1/2; Alpha (Krippendorff, "
            "nominal). Gesamt: über alle Einheiten x Kategorien gepoolt."
        )
    unused = [r.code for r in report.categories if r.total == 0]
    if unused:
        notes.append(
            f"Keiner der Kodierer hat {', '.join(unused)} verwendet: dafür gibt es keinen "
            "Prozentwert."
        )
    for note in result.notes:
        found = _OUTSIDE.match(note)
        if found:
            notes.append(
                f"{found['a']} Codierungen von {a} und {found['b']} von {b} liegen außerhalb "
                "jeder Einheit und wurden nicht gezählt."
            )
    return notes


_OUTSIDE = re.compile(r"^(?P<a>\d+) of .* and (?P<b>\d+) of .* lie outside every unit")


def _basis_de(basis: Any) -> str:
    settled = basis.settled
    plural = "Nichtübereinstimmungen" if settled != 1 else "Nichtübereinstimmung"
    were = "wurden" if settled != 1 else "wurde"
    if basis.state == "before-consensus":
        if not settled:
            return (
                "Vor der Konsensbildung: bisher wurde keine Nichtübereinstimmung geklärt; "
                "verglichen werden die eigenen Codierungen der Kodierer."
            )
        return (
            "Vor der Konsensbildung: verglichen werden die Codierungen, wie sie vor der ersten "
            f"Konsensentscheidung ({_when(basis.first)}) waren, aus dem Änderungsprotokoll "
            f"wiederhergestellt; seither wurden {settled} {plural} geklärt."
        )
    imported = basis.imported
    if basis.state == "as-of":
        return (
            f"Stand {_when(basis.at)}: die Codierungen zu diesem Zeitpunkt, aus dem "
            f"Änderungsprotokoll wiederhergestellt (bis dahin {settled} {plural} geklärt"
            + (f", {imported} davon vor dem Import des Projekts)." if imported else ").")
        )
    if imported:
        return (
            f"Nach der Konsensbildung: heutiger Stand, nachdem {settled} {plural} geklärt "
            f"{were} (die erste am {_when(basis.first)}), "
            + ("" if imported == settled else f"{imported} davon ")
            + "in dem Projekt, aus dem dieses importiert wurde; der Wert vor der "
            "Konsensbildung lässt sich nur "
            "dort berechnen."
        )
    if settled:
        return (
            f"Nach der Konsensbildung: heutiger Stand, nachdem {settled} {plural} geklärt "
            f"{were} (die erste am {_when(basis.first)}). Der Wert vor der Konsensbildung: "
            "qualcode agreement --before-consensus."
        )
    return (
        "Bisher wurde keine Nichtübereinstimmung geklärt: verglichen werden die eigenen "
        "Codierungen der Kodierer."
    )


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{moment.astimezone():%d.%m.%Y, %H:%M} Uhr"


def german_detail(view: Any, coders: Sequence[str], threshold: str) -> str:
    """What differs at one disagreement, in German, from the codings each coder gave there."""
    d = view.disagreement
    a, b = coders
    if not d.b:
        return f"{b} hat {d.code} hier nicht codiert"
    if not d.a:
        return f"{a} hat {d.code} hier nicht codiert"
    if d.start is None:  # the frequency level: both used it, not equally often
        return f"{a} hat {d.code} hier {_mal(len(d.a))} codiert, {b} {_mal(len(d.b))}"
    return (
        f"beide haben {d.code} hier codiert, die Segmente überlappen aber weniger als {threshold}"
    )


def _mal(n: int) -> str:
    return "einmal" if n == 1 else f"{n}-mal"
