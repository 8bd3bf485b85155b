"""The reviewer's page in a real browser: Debian's Chromium driven headless by Playwright.

Playwright uses the system's browser (``scripts/ensure-chromium.sh`` installs it; ``make test``
runs that script), never a browser of its own. Where either is missing the tests are skipped,
saying which.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from qualcode.services.exports import ExportRequest
from qualcode.services.project import init_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS
from tests.review_material import code_two_coders

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def chromium_path() -> str | None:
    """The system's Chromium, if there is one."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module. Playwright's synchronous API keeps an event loop running
    while it is open, so it must be closed before the workbench tests start theirs."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the browser tests need Playwright for Python (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium on this machine ('make test' installs it where it can)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        yield browser
        browser.close()


def build_review(folder: Path) -> tuple[Path, Path]:
    """A coded project (two coders, settled disagreements) and its reviewer's page."""
    location = folder / "project.db"
    project = init_project(str(location), "alice", CODEBOOK)
    project.documents.import_files(list(SAMPLE_FILES), attributes_file=TRANSCRIPTS / "cases.csv")
    code_two_coders(project)
    page = folder / "review.html"
    project.exports.run("review", "html", ExportRequest(), page)
    project.close()
    return location, page


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_review(tmp_path_factory.mktemp("review"))
