"""Word frequencies: lemmas or forms, without spaCy's or the project's stop words."""

from __future__ import annotations

import pytest

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


# ----- counting chunk by chunk gives what counting token by token gives --------------------------

VARIED = {
    "de": (
        "Wir haben z. B. am 3. Mai ca. 10 Uhr per E-Mail/Fax geschrieben; die Berater/innen "
        "und Kund:innen (bzw. Neukunden) sagten: „Das geht's nicht!“ … Dr. Müller, Nr. 5, "
        "usw.\nNeue Zeile\tmit Tab,  doppelten  Leerzeichen und\u00a0festem Leerzeichen. "
        "Kundenbindung -- Messe-Stand 2026er (gut) 'zitiert' 10:30 #Kunde @kunde "
        "https://x.de/a-b Straße STRASSE Ärger über Öl. WIR GEWANNEN! gewonnen. Gewinnt?"
    ),
    "en": (
        "Don't do it, e.g. at 10 a.m. on Mon. the U.S.A. team won't cannot gonna say it's "
        "Mr. Smith's e-mail/fax (really) \"quoted\" 'single' customers' customer-oriented "
        "5km 10:30 #tag @user http://x.com/a-b ... and-or\tTabs\nnew  double\u00a0nbsp. "
        "RUNNING ran runs, Wasn't they'd've I'm y'all o'clock rock'n'roll naïve café."
    ),
}


def _token_by_token(texts, *, language, lemma, stop=()):  # type: ignore[no-untyped-def]
    from collections import Counter

    from qualcode.analysis.word_frequencies import counted_words
    from qualcode.analysis.words import stop_words

    stops = frozenset(w.casefold() for w in stop) | stop_words(language)
    return Counter(
        w for text in texts for w in counted_words(text, language=language, lemma=lemma, stop=stops)
    )


def _sample_texts() -> list[str]:
    from tests.helpers import SAMPLE_FILES

    return [path.read_text(encoding="utf-8") for path in SAMPLE_FILES]


@pytest.mark.parametrize("lemma", [True, False])
@pytest.mark.parametrize("language", ["de", "en"])
def test_chunks_count_what_tokens_count_on_varied_text(language: str, lemma: bool) -> None:
    texts = [VARIED[language], VARIED["en" if language == "de" else "de"], *_sample_texts()]
    stop = ["messe", "Customer"]
    counts = count_words(
        [("all", f"d{i}", text) for i, text in enumerate(texts)],
        language=language,
        lemma=lemma,
        project_stop=stop,
    )
    expected = _token_by_token(texts, language=language, lemma=lemma, stop=stop)
    assert counts.counts["all"] == expected
    assert counts.sizes["all"] == sum(expected.values())


def test_the_vocabulary_finds_the_words_that_words_finds() -> None:
    from qualcode.analysis.words import Vocabulary, words

    for language, text in VARIED.items():
        for sample in (text, *_sample_texts()):
            vocabulary = Vocabulary(language)
            found = [(w.text, w.lemma, w.stop) for w in vocabulary.words(sample)]
            assert found == [(w.text, w.lemma, w.stop) for w in words(sample, language)]


# ----- transcription notes in brackets are not words --------------------------------------------

NOTES = (
    "B3: Ja (lacht), das war (lachen) schwierig. (unv.) Wir haben [Pause] dann ((lacht)) bei "
    "[Firma A] angefangen (…) und (.) [unverständlich 00:12:03] (seufzt)gelacht. "
    "Die Kunde(n) kamen [ja]. Lachen ist gesund, er lacht."
)


def test_transcription_notes_in_brackets_are_not_counted() -> None:
    counts = count_words([("B03", "B03", NOTES)], lemma=False)
    found = {r.word: r.count for r in counts.rows()}
    for note in ("unv", "pause", "firma", "unverständlich", "seufzt"):
        assert note not in found
    # the same words outside brackets count: "Lachen ist gesund, er lacht", "gelacht"
    assert found["lachen"] == 1 and found["lacht"] == 1 and found["gelacht"] == 1
    assert found["kunde"] == 1  # Kunde(n): the word counts, the bracketed ending does not
    assert found["schwierig"] == 1 and found["angefangen"] == 1


def test_notes_by_lemma_and_token_by_token_agree() -> None:
    counts = count_words([("B03", "B03", NOTES)], lemma=True)
    assert counts.counts["B03"] == _token_by_token([NOTES], language="de", lemma=True)
    # lacht and gelacht (the noun Lachen is the table's Lache), none of the notes' five
    assert counts.counts["B03"]["lachen"] == 2


def test_an_unclosed_bracket_or_one_across_lines_stays_text() -> None:
    from qualcode.analysis.words import without_notes

    assert without_notes("erstens (und das ist wichtig") == "erstens (und das ist wichtig"
    assert without_notes("Zeile (eins\nzwei) drei") == "Zeile (eins\nzwei) drei"
    assert without_notes("ohne Klammern") == "ohne Klammern"
    assert without_notes("a ((lacht)) b").split() == ["a", "b"]
