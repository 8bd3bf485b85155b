"""Every kind of audit event has its sentence in English and in German, and the German one
speaks German in the project's words without rewriting what the event quotes."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from qualcode.domain.audit import (
    AuditEvent,
    ChangeEvent,
    ChangeUndone,
    CodebookVersionFrozen,
    CodingCreated,
    CodingRemoved,
    DisagreementResolved,
    ReviewCommentImported,
    kinds,
)
from qualcode.domain.audit_german import german, german_reason, in_german
from qualcode.domain.terminology import Terms

# Words of the English sentences' frames; none may be left in a German sentence.
_ENGLISH = re.compile(
    r"\b(the|of|as|on|by|for|from|into|under|coded|removed|changed|created|imported|"
    r"memo on|review comment|dealt|proposal|accepted|rejected|undid|redid|switched|made|"
    r"merged|moved|took back|wrote|rewrote|added|set|cleared|placed|checked|froze)\b"
)


def _sample(annotation: str) -> Any:
    """A value of a field's declared type, with nothing in it an English frame would use."""
    kind = annotation.split(" | ")[0].strip()
    if kind.startswith("list[list"):
        return [[1, 4]]
    if kind.startswith("list[int"):
        return [7]
    if kind.startswith("list"):
        return ["Wert"]
    if kind.startswith("dict"):
        return {"name": "Wert"}
    return {"int": 3, "float": 0.25, "str": "Wert", "Any": {"B": "Befragte"}}.get(kind, "Wert")


def _example(kind: type[ChangeEvent]) -> ChangeEvent:
    values = {
        f.name: _sample(str(f.type))
        for f in dataclasses.fields(kind)
        if f.metadata.get("side") is not None
    }
    return kind(entity_id=5, **values)


@pytest.mark.parametrize("kind", kinds(), ids=lambda k: k.__name__)
def test_every_kind_has_its_sentence_in_both_languages(kind: type[ChangeEvent]) -> None:
    assert "describe" in vars(kind), f"{kind.__name__} has no English sentence of its own"
    assert in_german(kind), f"{kind.__name__} has no German sentence (domain/audit_german.py)"
    event = _example(kind)
    english = event.describe(actor="alice")
    in_german_ = german(event, actor="alice")
    assert english and in_german_ and english != in_german_
    assert not _ENGLISH.search(in_german_), in_german_


def _row(event: ChangeEvent, subject: str = "") -> AuditEvent:
    before, after = event.payload()
    at = datetime(2026, 11, 1, tzinfo=UTC)
    return AuditEvent(
        1, at, "alice", event.action, event.entity, event.entity_id, before, after, "", subject
    )


def test_a_stored_row_is_told_in_the_language_asked_for() -> None:
    view = {"document": "B01", "category": "K2.1", "text": "Messe", "coder": "bob", "position": 4}
    row = _row(CodingCreated(entity_id=5, coding=view))
    assert row.describe() == "coded B01 Pos. 4 as K2.1 for bob: “Messe”"
    assert row.describe("en") == row.describe()
    assert row.describe("de") == "B01 Pos. 4 für bob als K2.1 kodiert: „Messe“"
    removed = _row(CodingRemoved(entity_id=5, coding={**view, "coder": "alice"}))
    assert removed.describe("de") == "Kodierung K2.1 in B01 Pos. 4 entfernt: „Messe“"
    unknown = AuditEvent(2, row.at, "alice", "archive", "memo", 8, None, None, "")
    assert unknown.describe("de") == "Änderung „archive memo 8“"


def test_the_german_frame_takes_the_projects_spelling_but_not_the_quotation() -> None:
    view = {"document": "Kodierung", "category": "K1", "text": "wie kodiert", "coder": "alice"}
    row = dataclasses.replace(_row(CodingCreated(entity_id=5, coding=view)), place=(2, 3))
    told = row.describe("de", terms=Terms(spelling="Codier"))
    assert told == "Kodierung Pos. 2–3 als K1 codiert: „wie kodiert“"


def test_what_the_trail_stored_in_english_is_put_into_german() -> None:
    settled = DisagreementResolved(
        entity_id=2,
        spans_a=[[1, 5]],
        spans_b=[],
        detail="",
        document="B02",
        category="K2.1",
        start=1,
        end=5,
        coders="alice / bob",
        decision="coded as alice did",
        codings=[7],
    )
    assert _row(settled).describe("de") == (
        "Nichtübereinstimmung bei K2.1 in B02 Pos. – entschieden (alice / bob): "
        "kodiert, wie alice kodiert hat"
    )
    comment = ReviewCommentImported(
        entity_id=1,
        reviewer="Prof. Weber",
        export_id="e",
        target="coding",
        where="coding 4 (K1.1, B02, Pos. 5–6)",
        text="Ist das wirklich Leadgenerierung?",
        codings=[4],
    )
    assert _row(comment).describe("de") == (
        "Kommentar von Prof. Weber zu Kodierung 4 (K1.1, B02, Pos. 5–6): "
        "„Ist das wirklich Leadgenerierung?“"
    )
    undone = ChangeUndone(entity_id=9, step="coding K2.1 in B03 Pos. 9")
    assert _row(undone).describe("de") == "rückgängig gemacht: Kodierung K2.1 in B03 Pos. 9"
    odd = ChangeUndone(entity_id=9, step="something new")
    assert _row(odd).describe("de") == "rückgängig gemacht: something new"  # shown as stored


def test_german_counts_agree_in_number() -> None:
    frozen = CodebookVersionFrozen(
        entity_id=1, label="1.0", coded_share=0.234, documents_coded=1, documents=1
    )
    assert german(frozen) == (
        "Version 1.0 des Kategoriensystems nach dem Probedurchgang eingefroren: "
        "23 % des Materials kodiert (1 von 1 Dokument)"
    )


def test_the_programs_own_words_in_a_reason_are_put_into_german() -> None:
    assert german_reason("resolving a disagreement: Messe klar genannt") == (
        "Entscheidung einer Nichtübereinstimmung: Messe klar genannt"
    )
    assert german_reason("undone: coding K2.1 in B03 Pos. 9", terms=Terms(spelling="Codier")) == (
        "rückgängig gemacht: Codierung K2.1 in B03 Pos. 9"
    )
    assert german_reason("Abgrenzung geschärft") == "Abgrenzung geschärft"  # the coder's own
    assert german_reason("") == ""
    assert german_reason("first codebook") == "erste Fassung"
