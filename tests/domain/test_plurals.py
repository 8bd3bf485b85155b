"""Counts read as English: one of a thing is singular."""

from __future__ import annotations

import pytest

from qualcode.domain.plurals import counted


@pytest.mark.parametrize(
    ("n", "noun", "shown"),
    [
        (0, "coding", "0 codings"),
        (1, "coding", "1 coding"),
        (2, "turn", "2 turns"),
        (1, "category", "1 category"),
        (12, "main category", "12 main categories"),
        (3, "subcategory", "3 subcategories"),
        (1, "document", "1 document"),
    ],
)
def test_one_is_singular(n: int, noun: str, shown: str) -> None:
    assert counted(n, noun) == shown


def test_thousands_are_grouped() -> None:
    assert counted(3393, "word", thousands=True) == "3,393 words"
    assert counted(1, "word", thousands=True) == "1 word"
