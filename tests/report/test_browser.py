"""The seed's report in a real browser: Debian's chromium driven by Playwright (no browser download).

Every test fails on a console error or an uncaught exception in the page. Screenshots of the seed's
report at 1440 and 420 px are taken on every run; ``REPORT_SCREENSHOTS=docs/screenshots`` keeps
them there (the README shows ``docs/screenshots/report-1440.png``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api

from compiler.report.data import ReportRun
from compiler.report.page import write_report
from compiler.run import TaskFailure, execute
from tests.report.test_report import MAP

CHROMIUM = "/usr/bin/chromium"
# No sandbox (containers run as root), and nothing that would reach the network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: bash scripts/setup installs Debian's chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Page:
    """A page that records console errors; the test fails if there are any."""

    def __init__(self, browser: Any, path: Path, width: int = 1440) -> None:
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready]")

    def open_execution(self, started_by: str) -> None:
        self.page.locator("nav button[data-execution]", has_text=f"started by {started_by}").click()

    def click_state(self, name: str) -> str:
        self.page.locator(f'#graph g.node[data-state="{name}"]').click()
        return str(self.page.locator("#panel").inner_text())

    def state_class(self, name: str) -> str:
        return str(self.page.locator(f'#graph g.node[data-state="{name}"]').get_attribute("class"))


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    pages: list[Page] = []

    def opener(path: Path, width: int = 1440) -> Page:
        pages.append(Page(browser, path, width))
        return pages[-1]

    yield opener
    for page in pages:
        page.page.close()
    assert [e for p in pages for e in p.errors] == []


def test_clicking_error_task_in_branch_2_shows_the_japanese_error(open_page: Any, seed_report: Path) -> None:
    page = open_page(seed_report)
    page.open_execution("Sub Task 2")
    assert page.page.locator("#graph h2").inner_text().startswith("sfn_sub_state_machine")
    panel = page.click_state("Error Task")
    assert panel.startswith("Error Task")
    assert "偶数です" in panel
    assert "OUTPUT" in panel.upper() and "INPUT" in panel.upper()


def test_states_are_coloured_by_what_happened(open_page: Any, seed_report: Path) -> None:
    page = open_page(seed_report)
    assert "st-succeeded" in page.state_class("Parallel Task")
    page.open_execution("Sub Task 2")
    assert "st-caught" in page.state_class("Second Task")
    assert "st-none" in page.state_class("Third Task")
    assert "st-succeeded" in page.state_class("Error Task")
    page.open_execution("Sub Task 1")
    assert "st-caught" in page.state_class("Third Task")


def test_a_caught_state_shows_its_error_and_catch(open_page: Any, seed_report: Path) -> None:
    page = open_page(seed_report)
    page.open_execution("Sub Task 2")
    panel = page.click_state("Second Task")
    assert "Exception" in panel and "偶数です" in panel  # the Lambda error document, parsed
    assert "CATCH TAKEN" in panel.upper() and "States.ALL" in panel
    page.page.locator("#panel button", has_text="Error Task").click()  # the catcher's Next
    assert page.page.locator("#panel h2").inner_text().startswith("Error Task")
    assert "not entered" in page.click_state("Third Task")


def test_a_task_opens_the_execution_it_started(open_page: Any, seed_report: Path) -> None:
    page = open_page(seed_report)
    panel = page.click_state("Sub Task 3")
    assert "NESTED EXECUTIONS" in panel.upper()
    page.page.locator("#panel [data-open-execution]").click()
    assert page.page.locator("#graph h2").inner_text().startswith("sfn_sub_state_machine")
    assert '"only 3rd message."' in page.click_state("Third Task")
    page.page.keyboard.press("u")  # back to the task that started it
    assert page.page.locator("#panel h2").inner_text().startswith("Sub Task 3")


def test_keyboard_navigation(open_page: Any, seed_report: Path) -> None:
    page = open_page(seed_report)
    page.page.locator('#graph g.node[data-state="S3 Lambda Task"]').focus()
    page.page.keyboard.press("Enter")
    assert page.page.locator("#panel h2").inner_text().startswith("S3 Lambda Task")
    page.page.keyboard.press("n")
    assert page.page.locator("#panel h2").inner_text().startswith("Parallel Task")
    page.page.keyboard.press("p")
    assert page.page.locator("#panel h2").inner_text().startswith("S3 Lambda Task")
    page.page.keyboard.press("Escape")
    assert page.page.locator("#panel h2").inner_text().startswith("sfn_main_state_machine")


def test_map_iterations_are_browsed_one_by_one(open_page: Any, tmp_path: Path) -> None:
    def work(parameters: dict[str, Any], context: Any) -> Any:
        return TaskFailure("Work.Bad", "三 is odd") if parameters["MessageBody"] == 3 else {"ok": True}

    execution = execute(MAP, {"items": [1, 2, 3, 4]}, mocks={"arn:aws:states:::sqs:*": work}, state_machine_name="m")
    path = tmp_path / "map.html"
    write_report(path, [ReportRun("map", execution, {"m": MAP})])
    page = open_page(path)
    panel = page.click_state("Each")
    assert "ITERATIONS · 4 (3 SUCCEEDED, 1 FAILED)" in panel  # headings are upper case (CSS)
    assert "item 2 (3 of 4)" in panel  # the failed one first
    page.page.locator('#panel [data-iteration="next"]').click()
    assert "item 3 (4 of 4)" in page.page.locator("#panel").inner_text()
    # A state inside the iterations: its worst visit first, the others one by one.
    panel = page.click_state("Work")
    assert "item 2 (3 of 4)" in panel and "三 is odd" in panel
    page.page.keyboard.press("]")
    panel = page.page.locator("#panel").inner_text()
    assert "item 3 (4 of 4)" in panel and '"ok": true' in panel


@pytest.mark.parametrize("width", [1440, 420])
def test_screenshots_of_the_seed_report(open_page: Any, seed_report: Path, tmp_path: Path, width: int) -> None:
    folder = Path(os.environ.get("REPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = open_page(seed_report, width)
    page.open_execution("Sub Task 2")
    page.click_state("Second Task")
    # Nothing wider than the window: the layout uses the page's width, and stacks on a phone.
    assert page.page.evaluate("document.documentElement.scrollWidth") <= width
    shot = folder / f"report-{width}.png"
    page.page.screenshot(path=str(shot), full_page=width == 420)
    assert shot.stat().st_size > 10_000
