"""The forms a plain search reads: a LIKE pattern that every form holding the word matches."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.analysis.search import like_pattern, matching_forms
from qualcode.domain.search import SearchQuery

# Letters SQL and Python lowercase differently ("İ", the Kelvin sign), umlauts SQLite does not
# lowercase at all, and plain ones.
LETTERS = st.sampled_from(list("aAkKiIeEnNuU") + ["İ", "\u212a", "ä", "Ä", "ß", "ẞ", "ı"])


@settings(max_examples=300, deadline=None)
@given(
    st.text(LETTERS, min_size=1, max_size=4),
    st.lists(st.text(LETTERS, min_size=1, max_size=8), max_size=30),
    st.booleans(),
)
def test_every_form_a_plain_search_finds_matches_the_pattern(
    word: str, forms: list[str], whole_word: bool
) -> None:
    found = matching_forms(
        word, dict.fromkeys(forms, ""), query=SearchQuery(word, whole_word=whole_word), key=None
    )
    pattern = like_pattern(word)
    db = sqlite3.connect(":memory:")
    for form in found:
        (matches,) = db.execute("SELECT lower(?) LIKE lower(?)", (form, pattern)).fetchone()
        assert matches, (form, pattern)
    db.close()


def test_the_pattern_keeps_the_letters_sql_lowercases_alike() -> None:
    assert like_pattern("Kunde") == "%unde%"
    assert like_pattern("Bäcker") == "%b%c%er%"
    assert like_pattern("ik") == "%%"
