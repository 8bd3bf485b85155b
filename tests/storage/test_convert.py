"""Rows to what the front ends print: the JSON records of the codings listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from qualcode.domain.coding import Coding
from qualcode.services.project import Project
from qualcode.storage import convert
from qualcode.storage.codings import reads as codings_query


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-14 09:30:05.123456",
        "2026-03-14 09:30:05.999999",
        "2026-03-14 09:30:05",
        "2026-03-14T09:30:05.123456",
        "2026-03-14 09:30:05.123456+02:00",
        "2026-03-14 09:30:05.123",
        datetime(2026, 3, 14, 9, 30, 5, 999_999),
        datetime(2026, 3, 14, 9, 30, 5, tzinfo=UTC),
        datetime(2026, 3, 14, 9, 30, 5, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_iso_seconds_is_the_long_way_cut_short(value: str | datetime) -> None:
    assert convert.iso_seconds(value) == convert.utc(value).isoformat(timespec="seconds")


def as_printed(coding: Coding) -> dict[str, Any]:
    """The record as the listing printed it from a Coding before the records were built."""
    return {
        "id": coding.id,
        "document": coding.document,
        "category": coding.category,
        "category_name": coding.category_name,
        "start": coding.start,
        "end": coding.end,
        "position": coding.position,
        "position_end": coding.position_end,
        "text": coding.text,
        "coder": coding.coder,
        "memo": coding.memo,
        "pass": coding.coding_pass,
        "codebook_version": coding.codebook_version,
        "review": coding.review,
        "created": coding.created.isoformat(timespec="seconds"),
        "updated": coding.updated.isoformat(timespec="seconds"),
    }


def test_a_coding_record_is_its_coding_as_printed(sample_project: Project) -> None:
    coding = sample_project.coding
    coding.code("B01", "K2.1", turns=(9, 10), memo="zwei Beiträge")
    coding.code("B02", "K1.1", turns=(5, 5), coding_pass="pilot")
    with sample_project.database.reading() as reader:
        rows = codings_query.query_rows(reader)
    assert len(rows) == 2
    for row in rows:
        record = convert.coding_record(row)
        assert record == as_printed(convert.coding(row))
        assert list(record) == list(as_printed(convert.coding(row)))  # the keys' order too
    assert list(coding.records()) == [as_printed(c) for c in coding.query()]
