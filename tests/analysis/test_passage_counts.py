"""Counting several coders' passages once from bare tuples gives what joining the codings gives."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime

from qualcode.analysis.passages import once_per_passage, passage_counts
from qualcode.domain.coding import Coding

WHEN = datetime(2026, 1, 5, tzinfo=UTC)


def coding(number: int, document: int, category: int, start: int, end: int, coder: int) -> Coding:
    return Coding(
        id=number,
        document=f"D{document}",
        document_id=document,
        category=str(category),
        category_name="",
        start=start,
        end=end,
        text="",
        coder=f"coder{coder}",
        memo="",
        created=WHEN,
        updated=WHEN,
    )


def test_passage_counts_agree_with_joining_the_codings() -> None:
    rng = random.Random(3)
    for _ in range(50):
        codings = []
        for number in range(1, rng.randint(1, 60)):
            start = rng.randint(0, 300)
            end = start + rng.randint(1, 60)
            codings.append(
                coding(number, rng.randint(1, 3), rng.randint(1, 3), start, end, rng.randint(1, 3))
            )
        joined = Counter((c.document_id, int(c.category)) for c in once_per_passage(codings))
        bare = passage_counts(
            (c.document_id, int(c.category), c.start, c.end, c.id, int(c.coder[-1]))
            for c in codings
        )
        assert bare == dict(joined)


def test_one_coder_counts_every_coding_and_two_alike_count_once() -> None:
    spans = [(1, 1, 0, 10, 1, 1), (1, 1, 5, 15, 2, 1), (1, 1, 20, 30, 3, 1), (1, 1, 22, 28, 4, 2)]
    assert passage_counts(spans) == {(1, 1): 3}  # two of coder 1, then one joined passage
