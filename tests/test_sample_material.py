"""The bundled material: fictional interviews, their case table, and the codebook's anchors.

Every anchor example must be a real passage of the sample interviews, standing in the turn
(Pos.) the codebook names, as Mayring's coding guideline requires.
"""

from __future__ import annotations

import csv
import re

import pytest

from qualcode.domain.text import word_count
from qualcode.importers.codebook_yaml import load_codebook
from qualcode.importers.sources import read_source
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS

NOTICE = "Fiktives Interview – frei erfunden"


@pytest.fixture(scope="module")
def parsed() -> dict[str, object]:
    return {p.stem: read_source(p).parsed for p in SAMPLE_FILES}


def test_six_to_eight_fictional_interviews_of_the_right_length(parsed: dict) -> None:
    assert 6 <= len(SAMPLE_FILES) <= 8
    for path in SAMPLE_FILES:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith(NOTICE), path
        words = word_count(parsed[path.stem].text)
        assert 1500 <= words <= 4000, (path, words)


def test_interviews_have_i_and_b_turns_and_some_f4_times(parsed: dict) -> None:
    timed = 0
    for name, transcript in parsed.items():
        speakers = {t.speaker for t in transcript.turns}
        assert "I" in speakers, name
        assert speakers & {"B", "B1", "B2"}, name
        if any(t.end is not None for t in transcript.turns):
            timed += 1
            assert re.search(r"#\d\d:\d\d:\d\d-\d#", (TRANSCRIPTS / f"{name}.txt").read_text())
    assert timed >= 2


def test_case_table_covers_every_interview() -> None:
    with (TRANSCRIPTS / "cases.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["document"] for r in rows} == {p.stem for p in SAMPLE_FILES}
    for column in ("Branche", "Unternehmensgröße", "Rolle", "Berufserfahrung", "Interviewform"):
        assert all(r[column] for r in rows), column


def test_codebook_is_a_full_mayring_guideline() -> None:
    book = load_codebook(CODEBOOK)
    mains = book.main_categories
    assert len(mains) >= 12
    assert len(book) - len(mains) >= 60
    for category in book:
        assert category.definition and category.coding_rule and category.anchors, category.code
        if category.origin == "deductive":
            assert category.reference, category.code
    assert any(c.origin == "inductive" for c in book)
    for main in mains:
        assert book.children(main.code), main.code


def test_every_anchor_stands_in_its_turn(parsed: dict) -> None:
    book = load_codebook(CODEBOOK)
    missing = []
    for category in book:
        for anchor in category.anchors:
            transcript = parsed.get(anchor.document)
            assert transcript is not None, f"{category.code}: unknown document {anchor.document}"
            turns = [t for t in transcript.turns if t.position == anchor.position]
            if not turns or anchor.text not in transcript.turn_text(turns[0]):
                missing.append(f"{category.code}: {anchor.source}: {anchor.text[:50]}")
    assert missing == []


def test_every_main_category_has_quotable_passages_in_several_interviews() -> None:
    book = load_codebook(CODEBOOK)
    for main in book.main_categories:
        documents = {a.document for c in (main, *book.descendants(main.code)) for a in c.anchors}
        assert len(documents) >= 2, main.code
