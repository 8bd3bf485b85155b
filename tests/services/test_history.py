"""Undo and redo of the day's changes, from the audit trail (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from qualcode.domain.codebook import Anchor
from qualcode.domain.errors import ConflictError, NotFoundError
from qualcode.services.project import Project, open_project


def _trail(project: Project) -> list[tuple[str, str, str]]:
    return [(e.entity, e.action, e.describe()) for e in project.audit.log()]


def test_codings_removals_and_memos_undo_and_redo(sample_project: Project) -> None:
    p = sample_project
    history = p.history
    assert history.steps().undo is None
    transcript = p.documents.transcript("B03")
    turn = transcript.turn_at(9)
    coded = p.coding.apply("B03", "K2.1", (turn.char_start, turn.char_end)).coding
    steps = history.steps()
    assert steps.undo is not None and steps.undo.name == "coding K2.1 in B03 Pos. 9"
    p.coding.set_memo(coded.id, "klarer Fall")
    assert history.steps().undo.name == "memo on K2.1 in B03 Pos. 9"  # type: ignore[union-attr]

    done = history.undo()
    assert done.name == "memo on K2.1 in B03 Pos. 9" and not done.redone
    assert p.coding.query(document="B03")[0].memo == ""
    assert done.steps.undo is not None and done.steps.undo.name == "coding K2.1 in B03 Pos. 9"
    assert done.steps.redo is not None and done.steps.redo.name == "memo on K2.1 in B03 Pos. 9"
    history.undo()
    assert p.coding.query(document="B03") == []
    with pytest.raises(NotFoundError, match="nothing to undo"):
        history.undo()

    assert history.redo().name == "coding K2.1 in B03 Pos. 9"
    assert history.redo().name == "memo on K2.1 in B03 Pos. 9"
    (again,) = p.coding.query(document="B03")
    assert (again.category, again.position, again.memo) == ("K2.1", 9, "klarer Fall")
    with pytest.raises(NotFoundError, match="nothing to redo"):
        history.redo()

    removed = p.coding.remove(again.id).coding
    assert history.steps().undo.name == "removal of K2.1 in B03 Pos. 9"  # type: ignore[union-attr]
    history.undo()
    (back,) = p.coding.query(document="B03")
    assert (back.start, back.end, back.memo) == (removed.start, removed.end, "klarer Fall")

    # each undo and redo is in the trail, named, beside the changes it made
    trail = _trail(p)
    marks = [d for entity, _, d in trail if entity == "change"]
    assert marks == [
        "undid the memo on K2.1 in B03 Pos. 9",
        "undid the coding K2.1 in B03 Pos. 9",
        "redid the coding K2.1 in B03 Pos. 9",
        "redid the memo on K2.1 in B03 Pos. 9",
        "undid the removal of K2.1 in B03 Pos. 9",
    ]
    memo_lines = [d for entity, action, d in trail if action == "memo"]
    assert f"cleared the memo on coding {coded.id}" in memo_lines  # not an empty memo


def test_a_new_step_clears_redo(sample_project: Project) -> None:
    p = sample_project
    p.coding.code("B01", "K1", turns=(3, 3))
    p.history.undo()
    assert p.history.steps().redo is not None
    p.coding.code("B01", "K1", turns=(4, 4))
    assert p.history.steps().redo is None


def test_codebook_edits_undo_and_redo(sample_project: Project) -> None:
    p = sample_project
    created = p.codebook.create_category(
        name="Neue Idee",
        parent="K2",
        definition="aus dem Material",
        coding_rule="nur wenn ausdrücklich",
        anchors=(Anchor("so ist es", "B01", 3),),
    )
    p.codebook.edit_category(created.code, reason="schärfer", definition="genauer gefasst")
    p.codebook.move(created.code, "K1", reason="gehört zu K1")
    moved_code = p.history.steps().undo.name.rsplit(" ", 1)[1]  # type: ignore[union-attr]
    assert p.codebook.get().get(moved_code) is not None

    assert p.history.undo().name == f"move of {created.code} to {moved_code}"
    book = p.codebook.get()
    back = next(c for c in book if c.id == created.id)
    assert back.parent == "K2"
    assert p.history.undo().name == f"edit of {back.code} (definition)"
    assert p.codebook.get().get(back.code).definition == "aus dem Material"  # type: ignore[union-attr]
    assert p.history.undo().name == f"new category {created.code} Neue Idee"
    assert all(c.name != "Neue Idee" for c in p.codebook.get())

    assert p.history.redo().name == f"new category {created.code} Neue Idee"
    again = next(c for c in p.codebook.get() if c.name == "Neue Idee")
    assert (again.coding_rule, again.anchors) == ("nur wenn ausdrücklich", created.anchors)
    p.history.redo()
    assert next(c for c in p.codebook.get() if c.name == "Neue Idee").definition == (
        "genauer gefasst"
    )
    assert p.history.redo().name.startswith("move of")
    assert next(c for c in p.codebook.get() if c.name == "Neue Idee").parent == "K1"


def test_a_merge_stops_the_history_and_says_so(sample_project: Project) -> None:
    p = sample_project
    p.coding.code("B01", "K2.2", turns=(3, 3))
    p.codebook.merge("K2.2", "K2.1", reason="zu ähnlich")
    steps = p.history.steps()
    assert steps.undo is not None and steps.undo.blocked
    with pytest.raises(ConflictError, match="merge of K2.2 into K2.1 cannot be undone"):
        p.history.undo()


def test_a_failed_undo_changes_nothing(sample_project: Project) -> None:
    p = sample_project
    coded = p.coding.code("B01", "K1", turns=(3, 3))
    other = p.as_coder("ben")
    other.coding.uncode(coded.id)  # someone else removed it meanwhile
    before = _trail(p)
    with pytest.raises(ConflictError, match="coding K1 in B01 Pos. 3 cannot be undone"):
        p.history.undo()
    assert _trail(p) == before


def test_the_history_survives_closing_the_project(sample_project: Project) -> None:
    p = sample_project
    location = p.location
    p.coding.code("B02", "K1", turns=(5, 5))
    with open_project(location, "alice") as reopened:
        assert reopened.history.undo().name == "coding K1 in B02 Pos. 5"
    with open_project(location, "ben") as ben:
        assert ben.history.steps().undo is None  # each coder undoes their own steps
    with open_project(location, "alice") as reopened:
        assert reopened.history.redo().name == "coding K1 in B02 Pos. 5"
        assert len(reopened.coding.query(document="B02")) == 1


def test_a_coding_made_again_keeps_its_earlier_steps(sample_project: Project) -> None:
    """Undoing a removal codes the passage again under a new id; the memo written before
    the removal is still undone on it."""
    p = sample_project
    first = p.coding.code("B01", "K1", turns=(3, 3))
    p.coding.set_memo(first.id, "erste Notiz")
    p.coding.code("B01", "K2.1", turns=(4, 4))
    p.coding.uncode(first.id)
    assert p.history.undo().name == "removal of K1 in B01 Pos. 3"
    again = next(c for c in p.coding.query(document="B01") if c.category == "K1")
    assert again.id != first.id and again.memo == "erste Notiz"
    assert p.history.undo().name == "coding K2.1 in B01 Pos. 4"
    assert p.history.steps().undo.name == "memo on K1 in B01 Pos. 3"  # type: ignore[union-attr]
    p.history.undo()
    assert p.coding.query(document="B01")[0].memo == ""
    p.history.undo()
    assert p.coding.query(document="B01") == []
    for _ in range(4):
        p.history.redo()
    assert [c.category for c in p.coding.query(document="B01")] == ["K2.1"]
