"""Suggestions while coding: the passage's category ranks high, and coding teaches the index."""

from __future__ import annotations

from qualcode.services.project import Project


def test_a_passage_ranks_its_category_among_the_first(sample_project: Project) -> None:
    live = sample_project.suggestions.live()
    ranked = live.rank("Wir rufen Firmen an, die noch nie Kontakt zu uns hatten.")
    assert "K2.1" in [s.category for s in ranked[:3]]


def test_coding_updates_the_ranking_without_a_rebuild(sample_project: Project) -> None:
    live = sample_project.suggestions.live()
    text = "Die Fräsköpfe kommen aus Ulm."
    assert live.rank(text)[0].score == 0.0
    live.coded("K5", text)
    assert live.rank(text)[0].category == "K5"
    live.uncoded("K5", text)
    assert live.rank(text)[0].score == 0.0
