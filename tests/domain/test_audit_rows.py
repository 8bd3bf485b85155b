"""An import's events built as rows store what the event kinds would store."""

from __future__ import annotations

from qualcode.domain.audit import AttributesSet, DocumentImported, kind_of
from qualcode.domain.audit_rows import attributes_set, document_imported


def test_a_document_imported_row_is_stored_as_the_kind_would_be() -> None:
    values = {
        "name": "Interview 1",
        "source": "interview 1.txt",
        "sha256": "ab" * 32,
        "format": "text",
        "turns": 12,
        "attributes": {"gender": "f", "age": "34"},
    }
    row = document_imported(7, **values)
    kind = DocumentImported(entity_id=7, **values)
    assert (row.entity, row.action, row.entity_id, row.reason) == (
        kind.entity,
        kind.action,
        kind.entity_id,
        kind.reason,
    )
    assert row.payload() == kind.payload()
    assert kind_of(row.entity, row.action) is DocumentImported


def test_an_attributes_set_row_is_stored_as_the_kind_would_be() -> None:
    for attributes in ({"site": "Leipzig"}, {}):
        row = attributes_set(3, attributes)
        kind = AttributesSet(entity_id=3, attributes=attributes)
        assert (row.entity, row.action, row.entity_id) == (kind.entity, kind.action, 3)
        assert row.payload() == kind.payload()
        assert kind_of(row.entity, row.action) is AttributesSet
