from __future__ import annotations

from qualcode.domain.text import normalise, word_count
from qualcode.domain.timecode import F4_MARK, f4_seconds, format_seconds


def test_normalise_folds_line_ends_spaces_and_composes_umlauts() -> None:
    decomposed = "Gru\u0308n\u00a0und\tgelb\r\nzwei\rdrei\ufeff"
    assert normalise(decomposed) == "Grün und gelb\nzwei\ndrei"


def test_word_count_counts_compounds_once() -> None:
    assert word_count("Die Marketing-Vertriebs-Übergabe klappt, sagt B.") == 5


def test_f4_marks_parse_tenths_and_format_as_hh_mm_ss() -> None:
    match = F4_MARK.search("Das war's. #01:02:03-4#")
    assert match is not None
    assert f4_seconds(match) == 3723.4
    assert format_seconds(3723.4) == "01:02:03"
    assert format_seconds(None) == ""
