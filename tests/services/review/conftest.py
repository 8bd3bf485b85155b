"""A project as a reviewer meets it, for the reviewer's page's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qualcode.services.project import Project, init_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS
from tests.review_material import code_two_coders


@pytest.fixture
def coded(sqlite_location: str) -> Iterator[Project]:
    project = init_project(sqlite_location, "alice", CODEBOOK)
    project.documents.import_files(list(SAMPLE_FILES), attributes_file=TRANSCRIPTS / "cases.csv")
    code_two_coders(project)
    yield project
    project.close()
