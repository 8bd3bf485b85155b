"""Case attribute values in the order people expect: numbers as numbers, then words."""

from __future__ import annotations

from qualcode.domain.ordering import natural_key


def test_numbers_sort_as_numbers_before_words() -> None:
    values = ["18", "9", "120", "12", "k. A.", "Anfang 30"]
    assert sorted(values, key=natural_key) == ["9", "12", "18", "Anfang 30", "120", "k. A."]


def test_ranges_by_their_first_number_and_german_numbers() -> None:
    sizes = ["≥1000", "250–999", "10–49", "50–249", "1.200", "3,5", "3.25"]
    assert sorted(sizes, key=natural_key) == [
        "3.25",
        "3,5",
        "10–49",
        "50–249",
        "250–999",
        "≥1000",
        "1.200",
    ]


def test_words_alone_sort_alphabetically_ignoring_case() -> None:
    assert sorted(["video", "Präsenz", "Telefon"], key=natural_key) == [
        "Präsenz",
        "Telefon",
        "video",
    ]
