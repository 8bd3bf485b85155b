"""Quotes: citation templates, shortening, typography, turn positions, and the guideline table."""

from __future__ import annotations

import pytest

from qualcode.analysis import quotes as q
from qualcode.domain.codebook import Anchor, Category, Codebook
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.transcript import Transcript, Turn
from tests.analysis.test_frequencies import DOCS, coding

TURN_TEXTS = [
    "Fiktives Interview.",
    "Wie gewinnen Sie Kunden?",
    "Über Messen. Und über „Empfehlungen“ von Kunden. Das ist alles.",
    "Und Kaltakquise?",
    "Nie.",
]


def transcript(name: str = "B01", timed: bool = True) -> Transcript:
    text = "\n".join(TURN_TEXTS)
    turns, offset = [], 0
    for position, part in enumerate(TURN_TEXTS, start=1):
        start = float(position * 65 - 60) if timed and position > 1 else None
        speaker = None if position == 1 else ("I" if position % 2 == 0 else "B")
        turns.append(Turn(position, speaker, offset, offset + len(part), start=start))
        offset += len(part) + 1
    info = next(d for d in DOCS if d.name == name)
    return Transcript(document=info, text=text, turns=tuple(turns))


def span(turn: int, last: int | None = None) -> tuple[int, int]:
    t = transcript().turns
    return t[turn - 1].char_start, t[(last or turn) - 1].char_end


BOOK = Codebook(
    title="Test",
    version="1.0",
    categories=(
        Category(
            "K1",
            "Akquise",
            "Wie Kunden gewonnen werden.",
            "Nur Neukunden.",
            "deductive",
            reference="Lippold 2015",
            anchors=(Anchor("Über Messen.", "B01", 3),),
        ),
        Category(
            "K1.1",
            "Messen",
            "Messen & Events.",
            "Siehe K1.",
            "inductive",
            parent="K1",
            anchors=(Anchor("Über Messen.", "B01", 3), Anchor("Nie.", "B02", 5)),
        ),
        Category("K2", "Bindung", "Kunden halten.", "—", "inductive"),
    ),
)


def test_citation_templates_by_style_name_or_own_fields() -> None:
    assert q.citation_template("pos") == "({doc}, Pos. {pos})"
    assert q.citation_template("line") == "({doc}, Z. {line})"
    assert q.citation_template("time") == "({doc}, {time})"
    own = "(Interview {doc}, Abs. {pos_start} f.)"
    assert q.citation_template(own) == own
    with pytest.raises(InvalidInputError, match="page"):
        q.citation_template("({doc}, S. {page})")
    with pytest.raises(InvalidInputError, match="doc"):
        q.citation_template("(Pos. {pos})")
    with pytest.raises(InvalidInputError, match="broken"):
        q.citation_template("({doc")


def test_cite_ranges_lines_and_times() -> None:
    assert q.cite("({doc}, Pos. {pos})", document="B3", first=4, last=6, seconds=None) == (
        "(B3, Pos. 4–6)"
    )
    assert q.cite("({doc}, Z. {line})", document="B3", first=45, last=45, seconds=None) == (
        "(B3, Z. 45)"
    )
    assert q.cite("({doc}, {time})", document="B3", first=9, last=9, seconds=751.4) == (
        "(B3, 00:12:31)"
    )
    # no time mark: the Pos. stands in, so the citation still points somewhere
    assert q.cite("({doc}, {time})", document="B3", first=9, last=10, seconds=None) == (
        "(B3, Pos. 9–10)"
    )


def test_shorten_cuts_in_the_middle_at_sentence_boundaries() -> None:
    text = "Eins zwei drei. Vier fünf sechs sieben acht. Neun zehn. Elf zwölf dreizehn."
    assert q.shorten(text, None) == text
    assert q.shorten(text, 13) == text
    assert q.shorten(text, 8) == "Eins zwei drei. […] Neun zehn. Elf zwölf dreizehn."
    assert q.shorten(text, 3) == "Eins zwei drei. […]"
    long_sentence = "eins zwei drei vier fünf sechs sieben acht neun zehn"
    assert q.shorten(long_sentence, 4) == "eins zwei […] neun zehn"
    assert q.shorten(long_sentence, 1) == "eins […]"


def test_quoted_uses_german_marks_and_single_ones_inside() -> None:
    assert q.quoted("Er sagte „nie“.") == "„Er sagte ‚nie‘.“"


def test_passage_across_turns_marks_the_turn_change() -> None:
    t = transcript()
    start, end = span(4, 5)
    assert q.passage(t, start, end) == "Und Kaltakquise? / Nie."
    start, _ = span(3)
    assert q.passage(t, start, start + 12) == "Über Messen."


def test_quotes_cite_the_turn_they_came_from_in_codebook_order() -> None:
    t = transcript()
    codings = [
        coding("B01", "K2", *span(5)),
        coding("B01", "K1.1", *span(3)),
        coding("B01", "K1", *span(4, 5)),
        coding("B01", "K1.1", span(3)[0] + 13, span(3)[1]),
    ]
    found = q.collect_quotes(codings, BOOK, {"B01": t})
    assert [x.category for x in found] == ["K1", "K1.1", "K1.1", "K2"]
    first = found[0]
    assert (first.position, first.position_end, first.citation) == (4, 5, "(B01, Pos. 4–5)")
    assert first.quoted == "„Und Kaltakquise? / Nie.“"
    assert found[1].text == TURN_TEXTS[2]
    assert found[1].citation == "(B01, Pos. 3)"
    assert t.turn_text(t.turn_at(found[1].position)) == found[1].text
    assert found[2].quoted == "„Und über ‚Empfehlungen‘ von Kunden. Das ist alles.“"
    timed = q.collect_quotes(codings[:1], BOOK, {"B01": t}, template="time")
    assert timed[0].citation == "(B01, 00:04:25)"  # turn 5 starts at 265 s
    untimed = q.collect_quotes(codings[:1], BOOK, {"B01": transcript(timed=False)}, template="time")
    assert untimed[0].citation == "(B01, Pos. 5)"


def test_quotes_roll_up_filter_and_shorten() -> None:
    codings = [coding("B01", "K1.1", *span(3)), coding("B01", "K2", *span(5))]
    rolled = q.collect_quotes(codings, BOOK, {"B01": transcript()}, rollup=True)
    assert [(x.category, x.category_name) for x in rolled] == [("K1", "Akquise"), ("K2", "Bindung")]
    only = q.collect_quotes(codings, BOOK, {"B01": transcript()}, categories=["K1"])
    assert [x.category for x in only] == ["K1.1"]
    short = q.collect_quotes(codings, BOOK, {"B01": transcript()}, max_words=5)
    assert short[0].text == "Über Messen. […] Das ist alles."
    with pytest.raises(NotFoundError):
        q.collect_quotes(codings, BOOK, {}, categories=["K7"])
    # without its transcript a coding is quoted from its stored text and Pos.
    stored = q.collect_quotes([coding("B02", "K2", 0, 4, position=2)], BOOK, {})
    assert (stored[0].text, stored[0].citation) == ("xxxx", "(B02, Pos. 2)")


def test_quotes_table_columns() -> None:
    found = q.collect_quotes([coding("B01", "K2", *span(5))], BOOK, {"B01": transcript()})
    table = q.quotes_table(found)
    assert list(table.columns) == ["Code", "Kategorie", "Zitat", "Beleg"]
    assert table.iloc[0].tolist() == ["K2", "Bindung", "„Nie.“", "(B01, Pos. 5)"]


def test_category_tree_and_guideline_tables() -> None:
    tree = q.category_tree_table(BOOK)
    assert tree.to_dict("records") == [
        {
            "Code": "K1",
            "Hauptkategorie": "Akquise",
            "Subkategorien": "K1.1 Messen",
            "Herkunft": "deduktiv + induktiv",
        },
        {"Code": "K2", "Hauptkategorie": "Bindung", "Subkategorien": "", "Herkunft": "induktiv"},
    ]
    guide = q.guideline_table(BOOK)
    assert list(guide.columns) == [
        "Code",
        "Kategorie",
        "Definition",
        "Ankerbeispiel",
        "Kodierregel",
        "Herkunft",
    ]
    row = guide.iloc[1].tolist()
    assert row[3] == "„Über Messen.“ (B01, Pos. 3)\n„Nie.“ (B02, Pos. 5)"
    assert guide.iloc[0]["Herkunft"] == "deduktiv (Lippold 2015)"
    assert guide.iloc[2]["Herkunft"] == "induktiv"
    import pandas as pd

    counts = pd.DataFrame(
        {"segments": [4, 1], "cases": [2, 1], "N": [3, 3]}, index=pd.Index(["K1", "K1.1"])
    )
    some = q.guideline_table(BOOK, counts, rows=["K1.1", "K2"])
    assert some["Code"].tolist() == ["K1.1", "K2"]
    assert some["Segmente (n)"].tolist() == [1, 0]
    assert some["Fälle (n, N = 3)"].tolist() == [1, 0]
