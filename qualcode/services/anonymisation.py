"""Anonymisation of a project: its replacement table, the check for what is left, anonymised
transcripts, and the one function every export runs its content through.

The table is personal data (it is the key from placeholder back to person), so it is kept in
the project and never written into an export, a REFI project or the reviewer's page; the
exports ask :meth:`AnonymisationService.anonymiser` for the table ready to apply and pass
what they write through :func:`scrub`.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from qualcode.domain.anonymisation import (
    Anonymiser,
    Rewrite,
    Rule,
    anonymise_transcript,
    candidates,
    check_rule,
    lexicon,
    moved,
)
from qualcode.domain.anonymisation import scrub as scrub_value
from qualcode.domain.coding import Coding
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.timecode import format_seconds
from qualcode.domain.transcript import Transcript
from qualcode.importers.csv_rows import csv_rows
from qualcode.importers.decoding import decode
from qualcode.importers.files import refuse_special
from qualcode.services._base import Service
from qualcode.storage import convert
from qualcode.storage.anonymisation import reads as anonymisation_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reports import exports as exports_query

if TYPE_CHECKING:
    from qualcode.domain.exchange import ExProject

__all__ = [
    "PERSONAL_DATA",
    "AnonymisationService",
    "Found",
    "RuleRow",
    "applied_line",
    "scrub",
]

T = TypeVar("T")
C = TypeVar("C", bound=Coding)

PERSONAL_DATA = (
    "Personal data: this table is the key from the placeholders back to real people, firms "
    "and places. Keep it to yourself; qualcode never exports it."
)


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One line of the table as ``qualcode anonymise list`` shows it."""

    term: str
    replacement: str
    regex: bool
    ignore_case: bool
    added_by: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class Found:
    """Something that may still identify someone, with where it stands."""

    document: str
    position: int  # the Pos. (turn) it stands in; 0 for the document's name or a speaker
    kind: str
    text: str
    context: str


def scrub(value: T, anonymiser: Anonymiser | None, *, skip: frozenset[str] = frozenset()) -> T:
    """``value`` (tables, view models, plain text) with every text anonymised; as it is when
    there is no table (``None``). ``skip``: fields already anonymised (``"Class.field"``)."""
    if anonymiser is None or not anonymiser:
        return value
    return scrub_value(value, anonymiser, other=lambda v: _frame(v, anonymiser), skip=skip)


def material(
    transcripts: dict[str, Transcript], codings: list[C], anonymiser: Anonymiser | None
) -> tuple[dict[str, Transcript], list[C]]:
    """Transcripts with their texts anonymised and codings moved to the same words, names
    left as they are (the caller scrubs the rest of what it builds, names included, once)."""
    if anonymiser is None or not anonymiser:
        return transcripts, codings
    new: dict[str, Transcript] = {}
    rewrites: dict[str, Rewrite] = {}
    for name, transcript in transcripts.items():
        rewrite = anonymiser.rewrite(transcript.text)
        rewrites[name] = rewrite
        turns = tuple(
            replace(
                t,
                char_start=rewrite.offset(t.char_start),
                char_end=rewrite.offset(t.char_end, end=True),
            )
            for t in transcript.turns
        )
        new[name] = replace(transcript, text=rewrite.text, turns=turns)
    out = []
    for coding in codings:
        done = rewrites.get(coding.document)
        found = new.get(coding.document)
        out.append(moved(coding, done, found.text) if done and found else coding)
    return new, out


def project(value: ExProject, anonymiser: Anonymiser | None) -> ExProject:
    """A REFI-QDA project with every text anonymised and its codings moved to the same words."""
    if anonymiser is None or not anonymiser:
        return value
    documents = []
    rewrites = {}
    for doc in value.documents:
        rewrite = anonymiser.rewrite(doc.text)
        rewrites[doc.name] = (rewrite, rewrite.text)
        turns = tuple(
            replace(
                t,
                char_start=rewrite.offset(t.char_start),
                char_end=rewrite.offset(t.char_end, end=True),
            )
            for t in doc.turns
        )
        documents.append(replace(doc, text=rewrite.text, turns=turns))
    codings = []
    for coding in value.codings:
        found = rewrites.get(coding.document)
        codings.append(moved(coding, found[0], found[1]) if found else coding)
    proposals = []
    for proposal in value.proposals:
        found = rewrites.get(proposal.document)
        proposals.append(moved(proposal, found[0], found[1]) if found else proposal)
    done = replace(value, documents=documents, codings=codings, proposals=proposals)
    skip = frozenset({"ExDocument.text", "ExCoding.text", "ExProposal.text", "ExProposal.coding"})
    return scrub(done, anonymiser, skip=skip)


def _frame(value: Any, anonymiser: Anonymiser) -> Any:
    """A pandas table with its texts anonymised (its cells, its row and column labels)."""
    from qualcode.exporters.table import Table

    if isinstance(value, Table):  # its rows are read as it is written: anonymised then
        return value.reworded(anonymiser, every_cell=True)
    if type(value).__module__.split(".")[0] != "pandas":  # pandas only where a frame is
        return NotImplemented
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        return NotImplemented

    def text(cell: Any) -> Any:
        return anonymiser(cell) if isinstance(cell, str) else cell

    frame = value.map(text)
    frame.columns = [text(c) for c in value.columns]
    frame.index = pd.Index([text(i) for i in value.index], name=value.index.name)
    return frame


def applied_line(anonymiser: Anonymiser | None) -> str | None:
    """What a front end says after an export: that the table was applied and how often."""
    if anonymiser is None or not anonymiser:
        return None
    n = anonymiser.replacements
    terms = len(anonymiser.rules)
    return (
        f"Anonymised: {n} {'replacement' if n == 1 else 'replacements'} from the table of "
        f"{terms} {'term' if terms == 1 else 'terms'} (add --no-anonymise to export the "
        "text as it is)."
    )


class AnonymisationService(Service):
    """The replacement table and what is done with it; see the module docstring."""

    def rules(self) -> list[RuleRow]:
        with self.database.reading() as reader:
            return [
                RuleRow(
                    r["term"],
                    r["replacement"],
                    bool(r["regex"]),
                    bool(r["ignore_case"]),
                    r["added_by"],
                    convert.utc(r["added_at"]),
                )
                for r in anonymisation_query.rows(reader)
            ]

    def anonymiser(self) -> Anonymiser | None:
        """The table ready to apply; None while it is empty."""
        with self.database.reading() as reader:
            rules = anonymisation_query.rules(reader)
        return Anonymiser(rules) if rules else None

    def add(
        self, term: str, replacement: str, *, regex: bool = False, ignore_case: bool = False
    ) -> bool:
        """Add a term (or change its replacement); True when the term is new."""
        return self.add_all([Rule(term, replacement, regex, ignore_case)])[0] == 1

    def add_all(self, rules: Sequence[Rule]) -> tuple[int, int]:
        """Add many rules in one step; returns (new terms, changed terms)."""
        from qualcode.storage.anonymisation import writes

        for rule in rules:
            try:
                check_rule(rule)
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from exc
            if len(rule.term) > 1000 or len(rule.replacement) > 1000:
                raise InvalidInputError("a term or replacement may be 1000 characters at most")
        new = changed = 0
        with self.unit_of_work() as uow:
            for rule in rules:
                if writes.put(uow.tx, rule, coder_id=uow.coder_id, now=uow.now):
                    new += 1
                else:
                    changed += 1
        return new, changed

    def remove(self, term: str) -> None:
        from qualcode.storage.anonymisation import writes

        with self.unit_of_work() as uow:
            if not writes.remove(uow.tx, term):
                raise NotFoundError(
                    f"the table has no term {term!r} (see 'qualcode anonymise list')"
                )

    def import_csv(self, path: Path) -> tuple[int, int]:
        """Add the rules of a CSV file: term, replacement, and optionally ``regex`` and
        ``ignore-case`` columns (yes/no); a header row is recognised and skipped."""
        try:
            refuse_special(path, "CSV table")
            raw = path.read_bytes()
        except OSError as exc:
            raise NotFoundError(f"cannot read {path}: {exc.strerror or exc}") from exc
        # A term with a byte its encoding lacks, or a NUL, would never match: the name it
        # stands for would stay in every export. So a damaged table is refused, not repaired.
        text, _, warnings = decode(raw, source=str(path), kind="a CSV table of terms")
        if warnings:
            raise InvalidInputError(
                "the table is damaged: " + warnings[0].split(": ", 1)[1], file=str(path)
            )
        text = text.lstrip("\ufeff")
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        rules = []
        rows = csv_rows(text, dialect, source=str(path), what="the table")
        for number, row in enumerate(rows, start=1):
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if number == 1 and cells[0].lower() in ("term", "begriff", "original"):
                continue
            if len(cells) < 2 or not cells[0] or not cells[1]:
                raise InvalidInputError(
                    f"{path.name}, line {number}: needs a term and a replacement"
                )
            flags = [c.lower() in ("yes", "ja", "true", "1", "x") for c in cells[2:4]]
            flags += [False] * (2 - len(flags))
            rules.append(Rule(cells[0], cells[1], flags[0], flags[1]))
        if not rules:
            raise InvalidInputError(f"{path.name} holds no rules (term;replacement per line)")
        return self.add_all(rules)

    # -- what is done with it -----------------------------------------------------------

    def transcripts(
        self, documents: Sequence[str] = (), *, anonymise: bool = True
    ) -> tuple[list[Transcript], Anonymiser | None]:
        """The transcripts (all, or those named) in the documents' order, anonymised unless
        ``anonymise`` is False, with the anonymiser used (None: none was)."""
        anonymiser = self.anonymiser() if anonymise else None
        with self.database.reading() as reader:
            everything = documents_query.list_all(reader)
            chosen = everything
            if documents:
                by_ref = {d.name: d for d in everything} | {str(d.id): d for d in everything}
                missing = [r for r in documents if r not in by_ref]
                if missing:
                    raise NotFoundError(
                        f"there is no document {missing[0]!r} (see 'qualcode documents')"
                    )
                chosen = list({by_ref[r].id: by_ref[r] for r in documents}.values())
            found = exports_query.transcripts(reader, chosen)
        ordered = [found[d.name] for d in chosen if d.name in found]
        if anonymiser is not None:
            ordered = [anonymise_transcript(t, anonymiser)[0] for t in ordered]
        return ordered, anonymiser

    def display(self, transcript: Transcript, codings: list[C]) -> tuple[Transcript, list[C], int]:
        """A transcript and its codings as the exports show them, for the workbench's
        anonymised view: the text anonymised, the codings moved to the same words, and the
        number of replacements (0: the table is empty or names nothing here)."""
        anonymiser = self.anonymiser()
        if anonymiser is None:
            return transcript, codings, 0
        name = transcript.document.name
        texts, moved_codings = material({name: transcript}, codings, anonymiser)
        shown = texts[name]
        done = replace(
            shown,
            document=scrub(shown.document, anonymiser),
            turns=tuple(scrub(t, anonymiser) for t in shown.turns),
        )
        return (
            done,
            [scrub(c, anonymiser, skip=_DISPLAY_SKIP) for c in moved_codings],
            (anonymiser.replacements),
        )

    def check(self, documents: Sequence[str] = ()) -> list[Found]:
        """What may still identify someone after the table is applied: e-mail addresses,
        phone numbers, URLs, company names and capitalised words that are not German nouns."""
        transcripts, _ = self.transcripts(documents)
        known = lexicon(*_lexicon(transcripts))
        found: list[Found] = []
        for transcript in transcripts:
            for turn in transcript.turns:
                text = transcript.turn_text(turn)
                for c in candidates(text, known):
                    found.append(
                        Found(
                            transcript.document.name,
                            turn.position,
                            c.kind,
                            c.text,
                            _context(text, c.start, c.end),
                        )
                    )
        return found

    def export_transcripts(
        self, folder: Path, documents: Sequence[str] = (), *, force: bool = False
    ) -> tuple[list[Path], Anonymiser | None]:
        """One anonymised text file per transcript in ``folder`` (made if missing), turns as
        ``SPEAKER: text #hh:mm:ss#``, a blank line between them, for the appendix."""
        from qualcode.exporters import output

        transcripts, anonymiser = self.transcripts(documents)
        if anonymiser is None:
            raise InvalidInputError(
                "the anonymisation table is empty: add terms first with "
                "'qualcode anonymise add TERM REPLACEMENT'"
            )
        written = []
        project = self.database.location.path
        for transcript in transcripts:
            name = _file_name(transcript.document.name) + ".txt"
            target = output.Destination(
                folder / name, force=force, mkdir=True, projects=(project,) if project else ()
            )
            output.check(target)
            output.write_bytes(_plain(transcript).encode("utf-8"), target)
            written.append(folder / name)
        return written, anonymiser


_DISPLAY_SKIP = frozenset({"Coding.text", "Coding.document"})


def _lexicon(transcripts: Sequence[Transcript]) -> tuple[set[str], set[str], set[str]]:
    """The German nouns, the other known words and English words, from spaCy's lemma tables.

    The capitalised entries of the German table (forms and lemmas) are the nouns; lower-case
    entries, spaCy's German stop words and every word the material itself writes in lower case
    (``gerne``, so it is no name when it opens a sentence) are the other known words; the
    English table's words are the anglicisms. Names the table happens to hold (Müller, Berlin)
    count as nouns here; after Herr, Frau or Dr. they are listed all the same.
    """
    import re

    from spacy.lang.de.stop_words import STOP_WORDS

    from qualcode.analysis.words import lemma_table

    table = lemma_table("de")
    entries = {*table.keys(), *table.values()}
    nouns = {w for w in entries if w[:1].isupper()}
    words = {w for w in entries if w[:1].islower()} | set(STOP_WORDS)
    lower = re.compile(r"(?<![\w.])[a-zäöüß]{2,}\b")
    for transcript in transcripts:
        words.update(lower.findall(transcript.text))
    english = lemma_table("en")
    foreign = {w.lower() for w in (*english.keys(), *english.values()) if w[:1].islower()}
    return nouns, words, foreign


def _plain(transcript: Transcript) -> str:
    parts = []
    for turn in transcript.turns:
        label = f"{turn.speaker}: " if turn.speaker else ""
        mark = f" #{format_seconds(turn.start)}#" if turn.start is not None else ""
        parts.append(f"{label}{' '.join(transcript.turn_text(turn).split())}{mark}")
    return "\n\n".join(parts) + "\n"


def _file_name(name: str) -> str:
    """A document's name as a file name: no separators, nothing hidden."""
    cleaned = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip()
    return cleaned.lstrip(".") or "document"


def _context(text: str, start: int, end: int, *, width: int = 30) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return (
        ("…" if start > width else "")
        + " ".join((before + "»" + text[start:end] + "«" + after).split())
        + ("…" if end + width < len(text) else "")
    )
