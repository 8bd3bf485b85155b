"""A search hit made from a row: the same hit as by its fields, immutable, as JSON alike."""

from __future__ import annotations

import json

import pytest

from qualcode.domain.search import HitRow, SearchHit, hits_of

ROW: HitRow = ("B01", 7, 120, 125, "Kunde", "sagte der ", " viele", ("K1", "K1.2"))


def test_a_hit_from_a_row_is_the_hit_of_its_fields() -> None:
    (hit,) = hits_of([ROW])
    assert type(hit) is SearchHit
    assert hit == SearchHit(*ROW)
    assert (hit.document, hit.position, hit.start, hit.end) == ("B01", 7, 120, 125)
    assert (hit.match, hit.left, hit.right, hit.categories) == ROW[4:]
    assert repr(hit).startswith("SearchHit(document='B01', position=7,")


def test_a_hit_cannot_be_changed() -> None:
    (hit,) = hits_of([ROW])
    with pytest.raises(AttributeError):
        hit.start = 0  # type: ignore[misc]


def test_a_hit_as_json() -> None:
    (hit,) = hits_of([ROW])
    assert json.dumps(hit.as_json(), ensure_ascii=False) == (
        '{"document": "B01", "position": 7, "start": 120, "end": 125, "match": "Kunde", '
        '"left": "sagte der ", "right": " viele", "categories": ["K1", "K1.2"]}'
    )
