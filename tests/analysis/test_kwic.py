"""Keyword-in-context lines built in one pass: the same lines as hit by hit, the plain way."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.analysis.kwic import Coding, document_lines
from qualcode.domain.search import CONTEXT, HitRow, trim_left, trim_right


def plain_lines(
    name: str,
    text: str,
    spans: list[tuple[int, int]],
    turns: tuple[list[int], list[int]],
    codings: list[Coding],
    *,
    allowed: list[bool] | None = None,
    uncoded: bool = False,
    category: str | None = None,
) -> list[HitRow]:
    """Each hit on its own: its turn, its context trimmed, every coding that reaches it."""
    starts, positions = turns
    found: list[HitRow] = []
    for start, end in spans:
        index = max(bisect_right(starts, start) - 1, 0)
        if allowed is not None and not (index < len(allowed) and allowed[index]):
            continue
        reaching = [c for c in codings if c[0] < end and c[1] > start]
        codes = tuple(dict.fromkeys(code for _s, _e, code in reaching))
        if uncoded and codes:
            continue
        if category and not any(
            s <= start and end <= e and (code == category or code.startswith(category + "."))
            for s, e, code in reaching
        ):
            continue
        left = text[max(0, start - 2 * CONTEXT) : start].replace("\n", " ")
        right = text[end : end + 2 * CONTEXT].replace("\n", " ")
        found.append(
            (
                name,
                positions[index],
                start,
                end,
                text[start:end],
                trim_left(left, CONTEXT),
                trim_right(right, CONTEXT),
                codes,
            )
        )
    return found


WORDS = st.lists(
    st.sampled_from(["Kunde", "die", "Kunden", "ab", "Neukundengewinnung", "x", "Öl", "2026"]),
    min_size=1,
    max_size=120,
)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", ", ", ". ", "  "])


@st.composite
def documents(
    draw: st.DrawFn,
) -> tuple[str, list[tuple[int, int]], tuple[list[int], list[int]], list[Coding]]:
    words = draw(WORDS)
    text = ""
    for word in words:
        text += word + draw(SEPARATORS)
    size = len(text)
    # the hits: every "unde" (inside longer words too), as a plain search finds them
    spans = []
    at = text.find("unde")
    while at >= 0:
        spans.append((at, at + 4))
        at = text.find("unde", at + 1)
    turn_starts = sorted(set(draw(st.lists(st.integers(0, size), max_size=8))) | {0})
    turns = (turn_starts, [i + 1 for i in range(len(turn_starts))])
    codings = sorted(
        (start, start + length, code)
        for start, length, code in draw(
            st.lists(
                st.tuples(
                    st.integers(0, size),
                    st.integers(1, 300),
                    st.sampled_from(["K1", "K1.1", "K2", "K10"]),
                ),
                max_size=30,
            )
        )
    )
    return text, spans, turns, codings


@settings(max_examples=300, deadline=None)
@given(documents(), st.booleans(), st.sampled_from([None, "K1", "K2"]), st.booleans())
def test_the_lines_are_those_of_each_hit_alone(
    document: tuple[str, list[tuple[int, int]], tuple[list[int], list[int]], list[Coding]],
    uncoded: bool,
    category: str | None,
    some_turns: bool,
) -> None:
    text, spans, turns, codings = document
    allowed = [i % 2 == 0 for i in range(len(turns[0]))] if some_turns else None
    if uncoded and category:
        category = None
    ours = document_lines(
        "D1", text, spans, turns, codings, allowed=allowed, uncoded=uncoded, category=category
    )
    plain = plain_lines(
        "D1", text, spans, turns, codings, allowed=allowed, uncoded=uncoded, category=category
    )
    assert ours == plain


def test_context_stops_at_whole_words_and_line_ends_become_spaces() -> None:
    text = "Am Anfang sagte der Geschäftsführer\nzum neuen Kunde viele Dinge über die Zukunft."
    start = text.index("Kunde")
    (line,) = document_lines("B01", text, [(start, start + 5)], ([0], [7]), [(0, 9, "K2")])
    name, position, _start, _end, match, left, right, codes = line
    assert (name, position, match) == ("B01", 7, "Kunde")
    assert left == " sagte der Geschäftsführer zum neuen "  # not "ang sagte", no line end
    assert right == " viele Dinge über die Zukunft."
    assert codes == ()  # the coding ends before the hit
    (coded,) = document_lines("B01", text, [(start, start + 5)], ([0], [7]), [(20, 60, "K2")])
    assert coded[-1] == ("K2",)
