"""The lines ``qualcode search`` writes, a batch at once: JSON byte for byte as ``json.dumps``
of each hit, text lines as each made on its own."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.cli.search_command import _AFTER, _BEFORE, _JsonLines, _TextLines
from qualcode.domain.search import HitRow, SearchHit, trim_left, trim_right

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=50)
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["B01", "Interview mit Frau Ö. (lang)", 'say "hi"', "a\\b", "x\x1by"]),
        st.integers(1, 20_000),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        TEXT,
        TEXT,
        TEXT,
        st.lists(st.sampled_from(["K1", "K1.2", "Ä\t", '"q"']), max_size=3).map(tuple),
    ),
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(ROWS)
def test_json_lines_are_json_dumps_of_each_hit(rows: list[HitRow]) -> None:
    write = _JsonLines()
    expected = [json.dumps(SearchHit(*row).as_json(), ensure_ascii=False) for row in rows]
    assert write(rows) == expected
    assert write(rows) == expected  # the second batch from what the first worked out


def one_line(row: HitRow, columns: int) -> str:
    """A line on its own, the plain way."""
    document, position, _start, _end, match, hit_left, hit_right, categories = row
    name = document if len(document) <= 12 else document[:11] + "…"
    place = f"{name:<12} {f'Pos. {position}':<9}"
    codes = "  " + ", ".join(categories) if categories else ""
    room = max(columns - len(place) - 1, 30)
    left_width = room * 2 // 5
    match = match.replace("\n", " ")
    right_width = max(room - left_width - len(match) - len(codes), 6)
    left = trim_left(hit_left, left_width).rjust(left_width)
    right = trim_right(hit_right, right_width)
    right = right.ljust(right_width) if codes else right
    return f"{place} {left}{_BEFORE}{match}{_AFTER}{right}{codes}".rstrip()


@settings(max_examples=200, deadline=None)
@given(ROWS, st.integers(10, 250))
def test_text_lines_are_those_of_each_hit_alone(rows: list[HitRow], columns: int) -> None:
    write = _TextLines(columns)
    assert write(rows) == [one_line(row, columns) for row in rows]
    assert write(rows) == [one_line(row, columns) for row in rows]
    assert write.hits == 2 * len(rows)
    assert write.documents == {row[0] for row in rows}
