"""The live workbench's reads: another coder's change wakes the watcher within seconds and is
read back by kind; one's own writes and what blind mode hides are not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qualcode.services.live import LiveService
from qualcode.services.project import Project, open_project


@pytest.fixture
def bob(sample_project: Project) -> Iterator[Project]:
    """A second coder on a connection of their own (another process would do the same)."""
    other = open_project(sample_project.location, "bob")
    yield other
    other.close()


def wait_for_change(live: LiveService) -> bool:
    return live.wait(10.0)


def test_another_coders_coding_is_noticed_and_read_back(
    sample_project: Project, bob: Project
) -> None:
    live = LiveService(sample_project)
    try:
        assert not live.wait(0.2)  # nothing yet
        made = bob.coding.code("B01", "K2.1", turns=(4, 4))
        assert wait_for_change(live)
        refreshed = live.refresh("B01")
        assert refreshed is not None
        assert refreshed.changes.coders == ("bob",)
        assert refreshed.changes.documents == {"B01"}
        assert refreshed.codings is not None and made.id in {c.id for c in refreshed.codings}
        assert refreshed.counts is not None and refreshed.counts["K2.1"] == 1
        assert refreshed.book is None  # the codebook did not change: not read again
        assert live.refresh("B01") is None  # seen now

        bob.coding.code("B02", "K1.1", turns=(2, 2))
        assert wait_for_change(live)
        other_document = live.refresh("B01")
        assert other_document is not None and other_document.codings is None
        assert other_document.counts is not None

        bob.codebook.create_category(name="Neu", parent="K2", definition="d", reason="neu")
        assert wait_for_change(live)
        codebook = live.refresh("B01")
        assert codebook is not None and codebook.book is not None
        assert "Neu" in {c.name for c in codebook.book}
    finally:
        live.close()


def test_ones_own_writes_are_not_read_again(sample_project: Project) -> None:
    live = LiveService(sample_project)
    try:
        sample_project.coding.apply("B01", "K2.1", (0, 10))
        sample_project.coding.code("B01", "K1.1", turns=(2, 2))
        live.wait(3.0)
        assert live.refresh("B01") is None
    finally:
        live.close()


def test_blind_mode_hides_other_coders_codings_but_not_the_codebook(
    sample_project: Project, bob: Project
) -> None:
    blind = sample_project.as_coder("alice", blind=True)
    live = LiveService(blind)
    try:
        bob.coding.code("B01", "K2.1", turns=(4, 4))
        assert wait_for_change(live)
        assert live.refresh("B01") is None  # nothing a blind coder sees has changed
        bob.codebook.create_category(name="Neu", parent="K2", definition="d", reason="neu")
        assert wait_for_change(live)
        refreshed = live.refresh("B01")
        assert refreshed is not None and refreshed.book is not None
        assert refreshed.codings in (None, [])
        assert refreshed.counts in (None, {}) or not any(refreshed.counts.values())
    finally:
        live.close()
