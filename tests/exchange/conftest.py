"""A coded sample project, real SQLite files, and helpers to read what an export wrote."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qualcode.services.exchange.export import ProjectExport
from qualcode.services.project import Project, init_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS
from tests.services.test_exports import PASSAGES


@pytest.fixture
def coded(tmp_path: Path) -> Iterator[Project]:
    """The bundled codebook, the sample interviews, two coders' codings with a memo."""
    project = init_project(str(tmp_path / "origin.db"), "alice", CODEBOOK)
    project.documents.import_files(list(SAMPLE_FILES), attributes_file=TRANSCRIPTS / "cases.csv")
    for document, category, turns, coder, coding_pass in PASSAGES:
        project.as_coder(coder).coding.code(
            document, category, turns=turns, coding_pass=coding_pass, memo=f"memo {category}"
        )
    yield project
    project.close()


def exporter(project: Project) -> ProjectExport:
    return ProjectExport(project.database, project.coder)


def qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def parse(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data)


NS = {"q": "urn:QDA-XML:project:1.0"}
