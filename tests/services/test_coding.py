"""Coding passages and listing them (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.services.coding import CodingFilter, CodingRequest
from qualcode.services.project import Project
from tests.helpers import dump


def test_code_by_turns_and_by_characters(sample_project: Project) -> None:
    coding = sample_project.coding
    transcript = sample_project.documents.transcript("B01")
    one = coding.code("B01", "K2.1", turns=(5, 5), memo="klarer Fall")
    assert one.text == transcript.turn_text(transcript.turn_at(5))
    assert (one.position, one.position_end) == (5, 5)
    assert one.coder == "alice" and one.codebook_version == "1.0" and one.memo == "klarer Fall"
    span = coding.code("B01", "K1", turns=(3, 4))
    assert span.start == transcript.turn_at(3).char_start
    assert span.end == transcript.turn_at(4).char_end
    assert (span.position, span.position_end) == (3, 4)
    start = transcript.turn_at(7).char_start + 4
    chars = coding.code("B01", "K2.1", chars=(start, start + 20))
    assert chars.text == transcript.text[start : start + 20]
    assert chars.position == 7


def test_the_same_passage_with_the_same_category_twice_is_refused(sample_project: Project) -> None:
    coding = sample_project.coding
    first = coding.code("B01", "K2.1", turns=(5, 5))
    with pytest.raises(ConflictError, match=f"coded with K2.1 already \\(coding {first.id}\\)"):
        coding.code("B01", "K2.1", turns=(5, 5))
    assert coding.code("B01", "K2.2", turns=(5, 5)).category == "K2.2"  # another category
    assert coding.code("B01", "K2.1", turns=(5, 6)).category == "K2.1"  # another span
    again = coding.code("B01", "K2.1", turns=(5, 5), coding_pass="recheck")  # another pass
    assert again.coding_pass == "recheck"
    assert len(coding.query(document="B01")) == 4
    other = coding.code("B01", "K2.3", turns=(5, 5))
    with pytest.raises(ConflictError, match="coded with K2.1 already"):
        coding.reassign(other.id, "K2.1", reason="doch K2.1")  # would make a duplicate


def test_category_by_name_and_errors(sample_project: Project) -> None:
    book = sample_project.codebook.get()
    k21 = book.get("K2.1")
    assert k21 is not None
    assert sample_project.coding.code("B02", k21.name, turns=(3, 3)).category == "K2.1"
    with pytest.raises(NotFoundError, match="no category 'K99'"):
        sample_project.coding.code("B02", "K99", turns=(3, 3))
    with pytest.raises(NotFoundError, match="no document 'B99'"):
        sample_project.coding.code("B99", "K1", turns=(3, 3))
    with pytest.raises(InvalidInputError, match="there is no turn 999"):
        sample_project.coding.code("B02", "K1", turns=(3, 999))
    with pytest.raises(InvalidInputError, match="outside the document"):
        sample_project.coding.code("B02", "K1", chars=(10, 10_000_000))
    with pytest.raises(InvalidInputError, match="empty"):
        sample_project.coding.code("B02", "K1", chars=(10, 10))


def test_list_filters_and_uncode_keeps_the_audit_trail(
    sample_project: Project, project_location: str
) -> None:
    c = sample_project.coding
    a = c.code("B01", "K2.1", turns=(5, 5))
    c.code("B02", "K2", turns=(3, 3))
    c.code("B02", "K3.1", turns=(5, 5))
    assert [x.category for x in c.query(category="K2")] == ["K2.1", "K2"]
    assert [x.category for x in c.query(category="K2", with_subcategories=False)] == ["K2"]
    assert [x.document for x in c.query(document="B02")] == ["B02", "B02"]
    assert c.query(coder="nobody") == []
    # One filter for the list and the JSON records; the keywords of query make the same one.
    only_k2 = CodingFilter(category="K2", with_subcategories=False)
    assert c.matching(only_k2) == c.query(category="K2", with_subcategories=False)
    assert [r["id"] for r in c.records(only_k2)] == [x.id for x in c.matching(only_k2)]
    assert [r["document"] for r in c.records(CodingFilter(document="B02"))] == ["B02", "B02"]
    assert len(c.matching(CodingFilter())) == 3
    with pytest.raises(NotFoundError, match="no category 'K99'"):
        c.records(CodingFilter(category="K99"))
    removed = c.uncode(a.id, reason="doppelt")
    assert removed.id == a.id
    assert [x.id for x in c.query(document="B01")] == []
    with pytest.raises(NotFoundError):
        c.uncode(a.id)
    engine = sample_project.database.engine
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT action, reason, before FROM audit_events WHERE entity = 'coding' "
                "AND entity_id = :id ORDER BY id"
            ),
            {"id": a.id},
        ).all()
    assert [r[0] for r in row] == ["create", "delete"]
    assert row[1][1] == "doppelt"
    assert "K2.1" in str(row[1][2])
    assert dump(project_location)["codings"]


def test_add_many_checks_every_request_and_is_all_or_nothing(
    sample_project: Project, project_location: str
) -> None:
    before = dump(project_location)
    with pytest.raises(NotFoundError):
        sample_project.coding.add_many(
            [CodingRequest("B01", "K2.1", 0, 10), CodingRequest("B01", "K77", 0, 10)]
        )
    assert dump(project_location) == before
    assert (
        sample_project.coding.add_many(
            [CodingRequest("B01", "K2.1", 0, 10), CodingRequest("B03", "K6.6", 100, 180)]
        )
        == 2
    )
    assert len(sample_project.coding.query()) == 2
