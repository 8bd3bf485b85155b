"""Word frequencies: lemmas or forms, without spaCy's or the project's stop words."""

from __future__ import annotations

from qualcode.analysis.word_frequencies import count_words

TEXT = "Wir haben den Kunden gewonnen. Die Kunden gewinnt man auf der Messe, und der Kunde bleibt."


def test_lemmas_count_every_form_of_a_word() -> None:
    counts = count_words([("B01", "B01", TEXT)], lemma=True)
    found = {r.word: r.count for r in counts.rows()}
    assert found["Kunde"] == 3
    assert found["gewinnen"] == 2
    assert "und" not in found and "der" not in found  # spaCy's stop words
    assert counts.sizes["B01"] == sum(found.values())


def test_forms_count_each_form_in_lower_case() -> None:
    counts = count_words([("B01", "B01", TEXT)], lemma=False)
    found = {r.word: r.count for r in counts.rows()}
    assert found["kunden"] == 2 and found["kunde"] == 1
    assert found["gewonnen"] == 1 and found["gewinnt"] == 1


def test_the_project_stop_list_takes_forms_and_lemmas() -> None:
    counts = count_words([("a", "B01", TEXT)], project_stop=["kunde", "Messe"])
    found = {r.word for r in counts.rows()}
    assert "Kunde" not in found and "Messe" not in found and "gewinnen" in found


def test_groups_their_top_words_and_spread() -> None:
    counts = count_words(
        [("x", "B01", "Messe Messe Kunde"), ("x", "B02", "Messe"), ("y", "B03", "Preis")]
    )
    rows = counts.rows(top=1)
    assert [(r.group, r.word, r.count, r.documents) for r in rows] == [
        ("x", "Messe", 3, 2),
        ("y", "Preis", 1, 1),
    ]
    assert rows[0].per_thousand == 750.0
