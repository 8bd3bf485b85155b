"""The settled disagreements' decisions in the page's language."""

from __future__ import annotations

from qualcode.services.review.settlements import decision_in


def test_a_decision_is_worded_in_the_pages_language() -> None:
    assert decision_in("en", "coded as bob did") == "coded as bob did"
    assert decision_in("de", "coded as bob did") == "kodiert, wie bob kodiert hat"
    assert decision_in("de", "neither: the category does not apply here") == (
        "keiner: die Kategorie trifft hier nicht zu"
    )
    assert decision_in("de", "something new") == "something new"  # shown as stored
