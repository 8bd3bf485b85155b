"""Keyness against an example worked by hand (Rayson & Garside's log-likelihood)."""

from __future__ import annotations

import math

import pytest

from qualcode.analysis.keyness import keyness, log_likelihood, log_ratio, percent_diff, significance


def test_log_likelihood_agrees_with_the_hand_computed_example() -> None:
    # a = 20 in A, b = 5 in B, both groups 1,000 words: E1 = E2 = 1000 * 25 / 2000 = 12.5;
    # G2 = 2 (20 ln(20/12.5) + 5 ln(5/12.5)) = 2 (20 * 0.470004 - 5 * 0.916291) = 9.63724.
    assert log_likelihood(20, 5, 1000, 1000) == pytest.approx(9.63724, abs=1e-4)
    # %DIFF: (0.020 - 0.005) / 0.005 = +300 %; log ratio: log2(0.020 / 0.005) = 2.
    assert percent_diff(20, 5, 1000, 1000) == pytest.approx(300.0)
    assert log_ratio(20, 5, 1000, 1000) == pytest.approx(2.0)
    assert significance(9.63724) == "p<0.01"


def test_unequal_groups_and_a_missing_word() -> None:
    # a = 10 of 2,000, b = 0 of 8,000: E1 = 2000 * 10 / 10000 = 2; G2 = 2 * 10 ln(10 / 2) = 32.189.
    assert log_likelihood(10, 0, 2000, 8000) == pytest.approx(20 * math.log(5), abs=1e-9)
    assert significance(32.19) == "p<0.001"
    # b counts as 0.5 for the effect sizes: (10/2000) / (0.5/8000) = 80 -> log2 80.
    assert log_ratio(10, 0, 2000, 8000) == pytest.approx(math.log2(80))
    assert log_likelihood(0, 0, 10, 10) == 0.0


def test_the_same_relative_frequency_is_not_key() -> None:
    assert log_likelihood(10, 40, 1000, 4000) == pytest.approx(0.0, abs=1e-12)
    assert significance(3.83) == ""
    assert significance(3.84) == "p<0.05"


def test_keyness_ranks_the_most_key_word_first() -> None:
    found = keyness({"Messe": 20, "Kunde": 10}, {"Messe": 5, "Kunde": 10, "Preis": 10})
    assert found[0].word in {"Messe", "Preis"}
    by_word = {k.word: k for k in found}
    assert by_word["Messe"].more_in == "A" and by_word["Preis"].more_in == "B"
    assert by_word["Preis"].a == 0 and by_word["Preis"].g2 > 0
    assert keyness({}, {"x": 1}) == []
