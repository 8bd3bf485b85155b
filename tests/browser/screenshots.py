"""The screenshots of the reviewer's page in docs/screenshots, taken as a new user would see it.

Builds the demo project, codes it as two coders who then settle some disagreements
(tests/review_material.py), exports the page and photographs each view in Chromium at
1280x800 and at 390x844 (a phone). Run it after changing the page, and look at the pictures:

    .venv/bin/python -m tests.browser.screenshots
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from qualcode.services.demo import build_demo
from qualcode.services.exports import ExportRequest
from tests.browser.conftest import chromium_path
from tests.helpers import ROOT
from tests.review_material import code_two_coders

OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def main() -> None:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("no Chromium here: run scripts/ensure-chromium.sh")
    with tempfile.TemporaryDirectory() as folder:
        demo = build_demo(str(Path(folder) / "demo.db"), "alice", fresh=True)
        code_two_coders(demo.project)
        target = Path(folder) / "review.html"
        demo.project.exports.run("review", "html", ExportRequest(), target)
        demo.project.close()
        url = target.as_uri()
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            for size, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(url)
                page.screenshot(path=OUT / f"review-guideline-{size}.png")
                page.goto(url + "#cat-K2.1")
                page.wait_for_timeout(100)
                page.screenshot(path=OUT / f"review-category-{size}.png")
                page.goto(url + "#doc/0")
                page.locator("#transcript .coded").nth(1).click()
                page.wait_for_timeout(100)
                page.screenshot(path=OUT / f"review-transcript-{size}.png")
                page.goto(url + "#retrieval")
                page.select_option("#f-coder", label="bob")
                page.screenshot(path=OUT / f"review-retrieval-{size}.png")
                page.goto(url + "#agreement")
                page.screenshot(path=OUT / f"review-agreement-{size}.png")
                page.goto(url + "#method")
                page.screenshot(path=OUT / f"review-method-{size}.png")
                page.goto(url + "#doc/1")
                page.locator("#transcript .coded").first.click()
                page.locator("#details button.comment-coding").first.click()
                page.fill("#details .comment-form input.reviewer", "Prof. Weber")
                page.fill("#details .comment-form textarea", "Ist das wirklich Leadgenerierung?")
                page.click("#details .comment-form button.save")
                page.goto(url + "#comments")
                page.screenshot(path=OUT / f"review-comments-{size}.png")
                page.close()
            browser.close()
    print(f"Wrote the screenshots to {OUT}")


if __name__ == "__main__":
    main()
