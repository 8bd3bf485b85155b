"""The reviewer's page as a reviewer uses it, in Chromium: passages, retrieval, links,
comments that come back with import-review, nothing run that the project holds, nothing
fetched."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.services.exports import ExportRequest
from qualcode.services.project import init_project
from tests.helpers import CODEBOOK

pytest.importorskip("playwright", reason="the browser tests need Playwright for Python")

from playwright.sync_api import Browser, Page, Request, Route, expect  # noqa: E402


@pytest.fixture
def page(browser: Browser, review: tuple[Path, Path]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    opened = context.new_page()
    opened.goto(review[1].as_uri())
    yield opened
    context.close()


def test_clicking_a_passage_shows_how_it_was_coded(page: Page) -> None:
    page.click("#tabs a[data-view=transcripts]")
    page.click(".doclist a:text-is('B01')")
    page.locator("#transcript .coded").first.click()
    details = page.locator("#details .coding")
    expect(details).to_have_count(2)  # alice's and bob's coding of Pos. 4
    first = details.nth(0)
    assert first.locator(".cat").inner_text() == "K2.1 Kaltakquise (Telefon)"
    assert first.locator("dd.coder").inner_text() == "alice"
    assert first.locator("dd.pass").inner_text() == "pilot"
    assert first.locator("dd.version").inner_text() == "1.0"
    assert first.locator("dd.where").inner_text() == "B01, Pos. 4"
    assert first.locator("dd.memo").inner_text() == "Messe als wichtigster Kanal"
    # The page is German (the codebook's language), and so is the coding's history.
    assert "alice: B01 Pos. 4 als K2.1 kodiert" in first.locator("ul.hist").inner_text()
    assert details.nth(1).locator("dd.coder").inner_text() == "bob"
    assert page.locator("#transcript .coded.sel").count() >= 1


def test_retrieval_filters_by_coder_and_links_into_the_transcript(page: Page) -> None:
    page.click("#tabs a[data-view=retrieval]")
    counted = page.locator("#result-count")
    expect(counted).to_have_text(re.compile(r"^\d"))  # the list is drawn after the click
    everyone = int(counted.inner_text().split()[0])
    page.select_option("#f-coder", label="bob")
    page.wait_for_function(  # the filter applies on the page's next turn
        "n => parseInt(document.querySelector('#result-count').textContent) < n", arg=everyone
    )
    count = int(counted.inner_text().split()[0])
    assert 0 < count < everyone
    heads = page.locator("#results .row .head").all_inner_texts()
    assert heads and all("· bob ·" in h for h in heads)
    page.select_option("#f-category", label="K2.1 Kaltakquise (Telefon)")
    link = page.locator("#results .row a.go").first
    target = link.inner_text()
    coding = link.get_attribute("href")
    link.click()
    expect(page.locator("#view-transcripts")).to_be_visible()  # waits for the view to switch
    assert page.url.endswith(coding or "")
    shown = page.locator("#details .coding")
    assert shown.count() >= 1
    assert target in page.locator("#details").inner_text()
    assert "bob" in page.locator("#details").inner_text()


def test_a_comment_is_written_downloaded_and_imported(
    page: Page, review: tuple[Path, Path], tmp_path: Path
) -> None:
    location, _ = review
    page.evaluate("localStorage.clear()")
    page.click("#tabs a[data-view=transcripts]")
    page.click(".doclist a:text-is('B01')")
    page.locator("#transcript .coded").first.click()
    page.locator("#details button.comment-coding").first.click()
    page.fill("#details .comment-form input.reviewer", "Prof. Weber")
    page.fill("#details .comment-form textarea", "Ist das <b>wirklich</b> Kaltakquise?")
    page.click("#details .comment-form button.save")
    page.goto(page.url.split("#")[0] + "#cat-K2.3")
    page.locator("#cat-K2\\.3 button.comment-category").click()
    page.fill("#cat-K2\\.3 .comment-form textarea", "Definition zu eng.")
    page.click("#cat-K2\\.3 .comment-form button.save")
    expect(page.locator("#comment-count")).to_have_text("2")
    page.click("#tabs a[data-view=comments]")
    expect(page.locator("#comment-list li")).to_have_count(2)
    with page.expect_download() as event:
        page.click("#download")
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "qualcode-review-comments" and data["reviewer"] == "Prof. Weber"
    assert [c["target"]["kind"] for c in data["comments"]] == ["coding", "category"]
    runner = CliRunner()
    args = ["--project", str(location), "--coder", "alice"]
    done = runner.invoke(cli, [*args, "import-review", str(saved)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("Brought in 2 comments by Prof. Weber.")
    listed = runner.invoke(cli, [*args, "comments"]).output
    assert "Ist das <b>wirklich</b> Kaltakquise?" in listed
    assert "Prof. Weber on category K2.3 [open]" in listed


HOSTILE = '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">'


def test_text_from_the_project_is_shown_as_text_and_runs_nothing(
    browser: Browser, tmp_path: Path
) -> None:
    location = tmp_path / "hostile.db"
    project = init_project(str(location), f"coder {HOSTILE}", CODEBOOK)
    name = "B01"
    source = tmp_path / f"{name}.txt"
    source.write_text(f"I: Frage {HOSTILE}\nB: Antwort {HOSTILE}\n", encoding="utf-8")
    project.documents.import_files([source])
    project.codebook.edit_category("K2.1", reason=HOSTILE, name=f"Name {HOSTILE}")
    project.coding.code(name, "K2.1", turns=(2, 2), memo=f"Memo {HOSTILE}")
    target = tmp_path / "review.html"
    project.exports.run("review", "html", ExportRequest(), target)
    project.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(target.as_uri())
    for view in ("guideline", "retrieval", "agreement", "method", "comments", "doc/0"):
        page.goto(target.as_uri() + "#" + view)
        page.wait_for_timeout(50)
    page.locator("#transcript .coded").first.click()
    # expect() waits for the page to draw what it shows after a click or a change of view
    expect(page.locator("#details")).to_contain_text(f"Memo {HOSTILE}")
    expect(page.locator("#details")).to_contain_text(f"coder {HOSTILE}")
    expect(page.locator("#transcript")).to_contain_text(HOSTILE)
    page.goto(target.as_uri() + "#guideline")
    expect(page.locator("#cat-K2\\.1")).to_contain_text(f"Name {HOSTILE}")
    page.goto(target.as_uri() + "#retrieval")
    expect(page.locator("#results")).to_contain_text(HOSTILE)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0 and dialogs == []
    context.close()


def test_the_page_makes_no_network_request(browser: Browser, review: tuple[Path, Path]) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []

    def refuse(route: Route, request: Request) -> None:
        seen.append(request.url)
        if request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", refuse)
    page.goto(review[1].as_uri())
    for view in ("guideline", "retrieval", "agreement", "method", "comments", "transcripts"):
        page.click(f"#tabs a[data-view={view}]")
    page.click(".doclist a:text-is('B02')")
    page.locator("#transcript .coded").first.click()
    assert seen == [review[1].as_uri()]
    context.close()


def test_a_comment_on_a_coding_over_two_turns_keeps_both_pos(
    page: Page, review: tuple[Path, Path], tmp_path: Path
) -> None:
    """alice coded B01 Pos. 6–7 as K2.3 (coding 2): the comment is on Pos. 6–7 on the page,
    in the downloaded file, after the import and in the coding's history."""
    location, _ = review
    page.evaluate("localStorage.clear()")
    page.goto(page.url.split("#")[0] + "#doc/0/c2")
    expect(page.locator("#details .coding dd.where").first).to_have_text("B01, Pos. 6–7")
    page.locator("#details button.comment-coding").first.click()
    form = page.locator("#details .comment-form")
    expect(form.locator(".target")).to_contain_text("(K2.3, B01, Pos. 6–7)")
    form.locator("input.reviewer").fill("Prof. Weber")
    form.locator("textarea").fill("Reicht die Stelle bis Pos. 7?")
    form.locator("button.save").click()
    page.click("#tabs a[data-view=comments]")
    expect(page.locator("#comment-list li .target")).to_contain_text("Pos. 6–7")
    with page.expect_download() as event:
        page.click("#download")
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    (comment,) = json.loads(saved.read_text(encoding="utf-8"))["comments"]
    assert comment["target"] | {"coding": 2} == {
        "kind": "coding",
        "coding": 2,
        "document": "B01",
        "position": 6,
        "position_end": 7,
        "category": "K2.3",
    }
    runner = CliRunner()
    args = ["--project", str(location), "--coder", "alice"]
    done = runner.invoke(cli, [*args, "import-review", str(saved)])
    assert done.exit_code == 0, done.output
    assert "on coding 2 (K2.3, B01, Pos. 6–7): Reicht die Stelle bis Pos. 7?" in done.output
    listed = runner.invoke(cli, [*args, "comments"]).output
    assert "Prof. Weber on coding 2 (K2.3, B01, Pos. 6–7) [open]" in listed
    (stored,) = [
        c
        for c in json.loads(runner.invoke(cli, [*args, "comments", "--json"]).output)
        if c["coding"] == 2
    ]
    assert (stored["position"], stored["position_end"]) == (6, 7)
    history = runner.invoke(cli, [*args, "log", "--coding", "2"]).output
    assert "review comment by Prof. Weber on coding 2 (K2.3, B01, Pos. 6–7)" in history
