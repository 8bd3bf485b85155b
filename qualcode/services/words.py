"""Word frequencies and keyness over the project, and the project's own stop list.

The texts are grouped by document, by category (the passages coded with it), by speaker role
(the turns of interviewers and respondents) or by a case attribute's value; each group's words
are counted by lemma or form without stop words (analysis/word_frequencies.py), and two groups
are compared by log-likelihood (analysis/keyness.py). Counting loads the language tables (about
a second), so the workbench calls this from a worker.

The texts are read and counted chunk by chunk (analysis/words.py ``Vocabulary``), not from the
search index. The index holds each document's word forms with how often they stand there, but
reading those counts back takes longer than reading and splitting the texts (bench project,
4 million words: 1.8x, ``bench/words.py --index``); it keeps runs of letters ("E-Mail" as E and
Mail) rather than the language's tokens that autocoding and the suggestions use, counts what
stands in brackets, and may not be built yet (it is built in the background). Counting the
chunks is never out of date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services._base import Service
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:
    from qualcode.analysis.keyness import Keyness
    from qualcode.analysis.word_frequencies import WordCounts, WordRow
    from qualcode.exporters import Target
    from qualcode.exporters.table import Table
    from qualcode.services.exports import ExportRequest, ExportService

STOP_KEY = "stop-words"
GROUPINGS = ("document", "category", "speaker")
"""What ``--by`` takes besides ``attr:KEY``."""
MAX_STOP_WORD = 100


@dataclass(frozen=True, slots=True)
class WordTable:
    """Word frequencies as a front end shows them, with what they were counted over."""

    by: str  # "all", "document", "category", "speaker" or "attr:KEY"
    lemma: bool
    rows: list[WordRow]
    sizes: dict[str, int]  # words per group, stop words left out


@dataclass(frozen=True, slots=True)
class KeynessTable:
    by: str
    group_a: str
    group_b: str
    size_a: int
    size_b: int
    lemma: bool
    rows: list[Keyness]


def check_grouping(by: str | None) -> str:
    """``by`` as the services take it; an unknown grouping is refused in the user's words."""
    if by is None or by == "all":
        return "all"
    if by in GROUPINGS or (by.startswith("attr:") and by[5:].strip()):
        return by
    raise InvalidInputError(
        f"group words by document, category, speaker or attr:KEY (a case attribute), not {by!r}"
    )


class WordService(Service):
    # ----- the stop list --------------------------------------------------------------------

    def stop_list(self) -> list[str]:
        """The project's own stop words (beside spaCy's list for the language)."""
        with self.database.reading() as reader:
            return _stop_list(reader)

    def change_stop_list(self, *, add: Iterable[str] = (), remove: Iterable[str] = ()) -> list[str]:
        """Add words to the project's stop list or take them off; returns the list."""
        from qualcode.domain.audit import StopWordsChanged
        from qualcode.storage.settings import writes as settings_repo

        adding = [w.strip().casefold() for w in add if w.strip()]
        removing = [w.strip().casefold() for w in remove if w.strip()]
        for word in adding:
            if len(word) > MAX_STOP_WORD or any(ch.isspace() for ch in word):
                raise InvalidInputError(f"a stop word is one word of up to {MAX_STOP_WORD} letters")
        with self.unit_of_work() as uow:
            before = _stop_list(uow.tx)
            words = sorted((set(before) | set(adding)) - set(removing), key=str.casefold)
            added = sorted(set(words) - set(before))
            removed = sorted(set(before) - set(words))
            if added or removed:
                settings_repo.put(uow.tx, STOP_KEY, words)
                uow.record(StopWordsChanged(added=added, removed=removed, words=words))
        return words

    # ----- frequencies and keyness ----------------------------------------------------------

    def frequencies(
        self,
        *,
        by: str | None = None,
        lemma: bool = True,
        top: int | None = 20,
        documents: Collection[str] | None = None,
    ) -> WordTable:
        """The most frequent words of each group (``top`` per group; None: all of them).

        ``documents``: only these documents (by name); all of them by default.
        """
        by = check_grouping(by)
        if top is not None and top < 1:
            raise InvalidInputError("--top must be 1 or more")
        counts = self._count(by, lemma, documents)
        return WordTable(by=by, lemma=lemma, rows=counts.rows(top), sizes=dict(counts.sizes))

    def groups(self, by: str | None) -> list[str]:
        """The groups a grouping makes (for choosing two to compare)."""
        by = check_grouping(by)
        with self.database.reading() as reader:
            return sorted({group for group, _, _ in _passages(reader, by, texts=False)})

    def keyness(
        self,
        group_a: str,
        group_b: str,
        *,
        by: str | None = None,
        lemma: bool = True,
        documents: Collection[str] | None = None,
    ) -> KeynessTable:
        """The words that tell group A from group B (log-likelihood), the most key first.

        Group B may be ``rest``: every other group together.
        """
        from qualcode.analysis.keyness import keyness

        by = check_grouping(by)
        if by == "all":
            raise InvalidInputError(
                "keyness compares two groups: say how to group them (document, category, "
                "speaker or attr:KEY)"
            )
        counts = self._count(by, lemma, documents)
        missing = [g for g in (group_a, group_b) if g not in counts.counts and g != "rest"]
        if missing:
            known = ", ".join(sorted(counts.counts, key=str.casefold)[:20])
            raise NotFoundError(f"there is no group {missing[0]!r} by {by}; the groups: {known}")
        if group_a == group_b or group_a == "rest":
            raise InvalidInputError("compare two different groups (B may be 'rest')")
        if group_b == "rest":
            rest: Counter[str] = Counter()
            for name, counter in counts.counts.items():
                if name != group_a:
                    rest.update(counter)
            counts.counts["rest"] = rest
            counts.sizes["rest"] = sum(
                n for g, n in counts.sizes.items() if g not in (group_a, "rest")
            )
        size_a, size_b = counts.sizes.get(group_a, 0), counts.sizes.get(group_b, 0)
        if not size_a or not size_b:
            raise InvalidInputError("one of the groups has no words to compare")
        rows = keyness(counts.counts[group_a], counts.counts[group_b], size_a=size_a, size_b=size_b)
        return KeynessTable(by, group_a, group_b, size_a, size_b, lemma, rows)

    def _count(self, by: str, lemma: bool, documents: Collection[str] | None) -> WordCounts:
        from qualcode.analysis.word_frequencies import count_words

        with self.database.reading() as reader:
            language = _language(reader)
            stop = _stop_list(reader)
            passages = [p for p in _passages(reader, by) if documents is None or p[1] in documents]
        if not passages:
            raise NotFoundError(
                "there is nothing to count: import transcripts first"
                + (" and code passages" if by == "category" else "")
            )
        return count_words(passages, language=language, lemma=lemma, project_stop=stop)


def _stop_list(reader: Reader) -> list[str]:
    found = settings_query.get(reader, STOP_KEY)
    return [str(w) for w in found] if isinstance(found, list) else []


def _language(reader: Reader) -> str:
    version = codebook_query.current_version(reader)
    return version.language if version is not None and version.language else "de"


def _passages(reader: Reader, by: str, *, texts: bool = True) -> Iterator[tuple[str, str, str]]:
    """(group, document, text) of every passage a grouping counts."""
    from qualcode.domain.speakers import SpeakerMap

    documents = documents_query.list_all(reader)
    ids = [d.id for d in documents]
    names = {d.id: d.name for d in documents}
    if by == "category":
        from qualcode.storage.codings import reads as codings_query

        seen: set[tuple[str, str, int, int]] = set()
        for row in codings_query.texts(reader):
            category, document = row["category_code"], row["document_name"]
            key = (category, document, row["char_start"], row["char_end"])
            if key not in seen:  # two coders' same passage counts once
                seen.add(key)
                yield category, document, row["text"]
        return
    if by == "speaker":
        speakers = SpeakerMap.from_json(settings_query.get(reader, "speakers"))
        all_texts = documents_query.texts(reader, ids) if texts else {}
        for doc_id, turns in documents_query.turn_spans(reader, ids).items():
            text = all_texts.get(doc_id, "")
            for turn in turns:
                role = speakers.role(turn["speaker"]) if turn["speaker"] else "(no speaker)"
                yield role, names[doc_id], text[turn["char_start"] : turn["char_end"]]
        return
    all_texts = documents_query.texts(reader, ids) if texts else {}
    for doc in documents:
        if by == "all":
            group = "all"
        elif by == "document":
            group = doc.name
        else:
            group = doc.attributes.get(by[5:].strip(), "(none)")
        yield group, doc.name, all_texts.get(doc.id, "")


# ----- exports (through the export catalogue: qualcode export words|keyness|wordchart) --------

EXPORT_TOP = 50
# A grouping as the other exports name it in German (Kategorie, Dokument; a case attribute by
# its own name: "Kategorien nach Branche").
_GROUP_LABELS = {"document": "Dokument", "category": "Kategorie", "speaker": "Sprecherrolle"}
# A speaker role as a German table names it (the CLI and the workbench keep the role's key,
# which is also what --compare takes).
_ROLE_LABELS = {
    "interviewer": "Interviewende",
    "respondent": "Befragte",
    "other": "Andere",
    "(no speaker)": "(ohne Sprecher)",
}
_NOTES_LEMMA = "Gezählt: Lemmata (Grundformen; gewann, gewonnen → gewinnen)"
_NOTES_FORM = "Gezählt: Wortformen (klein geschrieben)"


def _chosen_documents(service: ExportService, request: ExportRequest) -> set[str] | None:
    """The documents the shared filters choose (--doc, --attr); word exports take no others."""
    if request.coders or request.passes or request.categories:
        raise InvalidInputError(
            "word exports choose documents only (--doc, --attr); group by category with "
            "--group category"
        )
    if not request.documents and not request.attributes:
        return None
    with service.database.reading() as reader:
        listed = documents_query.list_all(reader)
    chosen = {d.name for d in listed}
    if request.documents:
        refs = set(request.documents)
        chosen = {d.name for d in listed if d.name in refs or str(d.id) in refs}
        missing = refs - chosen - {str(d.id) for d in listed if d.name in chosen}
        if missing:
            raise NotFoundError(f"there is no document {sorted(missing)[0]!r}")
    for key, value in request.attributes:
        chosen &= {d.name for d in listed if d.attributes.get(key) == value}
    return chosen


def group_label(by: str) -> str:
    """A grouping in a German heading: "nach Sprecherrolle", "nach Branche" (attr:Branche)."""
    if by.startswith("attr:"):
        return by[5:].strip()
    return _GROUP_LABELS.get(by, by)


def group_name(by: str, group: str) -> str:
    """A group as a German table names it: a speaker role in German, anything else as it is."""
    return _ROLE_LABELS.get(group, group) if by == "speaker" else group


def _stop_note(service: ExportService) -> str:
    with service.database.reading() as reader:
        own = len(_stop_list(reader))
        language = _language(reader)
    if not own:  # not "und 0 Wörter der Projekt-Stoppliste"
        return f"Ohne Stoppwörter (spaCy-Liste „{language}“)."
    words = "1 Wort" if own == 1 else f"{own} Wörter"
    return f"Ohne Stoppwörter (spaCy-Liste „{language}“ und {words} der Projekt-Stoppliste)."


def word_table(service: ExportService, request: ExportRequest) -> Table:
    """Word frequencies as a table for the thesis: group, word, count, per 1,000, documents."""
    import pandas as pd

    from qualcode.exporters.table import Table

    words = WordService(service.database, service.coder)
    found = words.frequencies(
        by=request.group or None,
        lemma=not request.forms,
        top=request.top or EXPORT_TOP,
        documents=_chosen_documents(service, request),
    )
    frame = pd.DataFrame(
        {
            "Gruppe": [group_name(found.by, r.group) for r in found.rows],
            "Wort": [r.word for r in found.rows],
            "Häufigkeit": [r.count for r in found.rows],
            "je 1.000 Wörter": [round(r.per_thousand, 2) for r in found.rows],
            "Dokumente": [r.documents for r in found.rows],
        }
    )
    if found.by == "all":
        frame = frame.drop(columns=["Gruppe"])
    sizes = "; ".join(f"{group_name(found.by, g)}: {n}" for g, n in sorted(found.sizes.items()))
    return Table(
        title="Worthäufigkeiten" + ("" if found.by == "all" else f" nach {group_label(found.by)}"),
        frame=frame,
        notes=(
            (_NOTES_LEMMA if found.lemma else _NOTES_FORM) + ".",
            _stop_note(service),
            f"Wörter je Gruppe (ohne Stoppwörter): {sizes}.",
        ),
        name="Wörter",
    )


def keyness_table(service: ExportService, request: ExportRequest) -> Table:
    """Keyness of two groups as a table: the words by G2, with %DIFF, log ratio and p."""
    import pandas as pd

    from qualcode.exporters.table import Table

    group_a, comma, group_b = request.compare.partition(",")
    if not comma or not group_a.strip() or not group_b.strip():
        raise InvalidInputError("--compare takes two groups as A,B (B may be rest)")
    words = WordService(service.database, service.coder)
    found = words.keyness(
        group_a.strip(),
        group_b.strip(),
        by=request.group or None,
        lemma=not request.forms,
        documents=_chosen_documents(service, request),
    )
    rows = found.rows[: request.top or EXPORT_TOP]
    name_a = group_name(found.by, found.group_a)
    name_b = "alle übrigen" if found.group_b == "rest" else group_name(found.by, found.group_b)
    frame = pd.DataFrame(
        {
            "Wort": [r.word for r in rows],
            f"A: {name_a}": [r.a for r in rows],
            f"B: {name_b}": [r.b for r in rows],
            "G²": [round(r.g2, 2) for r in rows],
            "%DIFF": [round(r.percent_diff, 1) for r in rows],
            "Log Ratio": [round(r.log_ratio, 2) for r in rows],
            "p": [r.significance or "n. s." for r in rows],
        }
    )
    return Table(
        title=f"Keyness: {name_a} gegenüber {name_b}",
        frame=frame,
        notes=(
            f"A = {name_a} ({found.size_a} Wörter), B = {name_b} "
            f"({found.size_b} Wörter), gruppiert nach {group_label(found.by)}.",
            "Log-Likelihood G² nach Rayson & Garside (2000), df = 1: G² ≥ 3,84 p < 0,05; "
            "≥ 6,63 p < 0,01; ≥ 10,83 p < 0,001. %DIFF nach Gabrielatos & Marchi (2012), "
            "Log Ratio (log2) nach Hardie (2014); eine fehlende Häufigkeit zählt dort 0,5.",
            (_NOTES_LEMMA if found.lemma else _NOTES_FORM) + ". " + _stop_note(service),
        ),
        name="Keyness",
    )


def word_chart(
    service: ExportService, request: ExportRequest, target: Target, *, fmt: str = "png"
) -> None:
    """A bar chart of the most frequent words (matplotlib, as the other charts)."""
    from qualcode.exporters import charts

    words = WordService(service.database, service.coder)
    found = words.frequencies(
        lemma=not request.forms,
        top=request.top or 25,
        documents=_chosen_documents(service, request),
    )
    charts.bar_chart(
        [r.word for r in found.rows],
        [r.count for r in found.rows],
        target,
        fmt=fmt,
        title="Häufigste Wörter",
        value_label="Häufigkeit (n)",
        notes=((_NOTES_LEMMA if found.lemma else _NOTES_FORM) + ".", _stop_note(service)),
    )
