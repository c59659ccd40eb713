"""The query page and a resource page of `kg serve` in a real headless browser (Debian's
Chromium driven by Playwright): they work, draw the data, and make no request anywhere but
the server itself."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.errors import KgError
from kg.resources import queries_dir
from kg.serve import load_examples
from kg.serve.pages import Example
from tests.test_serve import Running, running_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLE = "figures-for-a-place"  # a library query with a parameter bound to place:xingxian


def _examples() -> tuple[Example, ...]:
    try:
        folder = queries_dir()
    except KgError:  # the ontology is not there yet; the query library sits beside it
        folder = Path(__file__).resolve().parents[1] / "queries"
    return tuple(load_examples(folder))


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    with running_server(examples=_examples(), max_rows=1000) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed at /usr/bin/chromium; run .ci/run (it installs "
                    "the Debian packages chromium and fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright Python package is missing; run .ci/run "
                    "(pip install -e '.[dev]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


class Watch:
    """Every request and every console error or page error of one page."""

    def __init__(self, page: Page) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def check(self, origin: str) -> None:
        assert self.requests, "the page made no request at all"
        foreign = [u for u in self.requests
                   if urllib.parse.urlsplit(u)._replace(path="", query="", fragment="")
                   .geturl() != origin]
        assert foreign == [], f"requests outside {origin}: {foreign}"
        assert self.errors == [], f"console errors: {self.errors}"


def test_query_page_runs_an_example(server: Running, browser: Browser) -> None:
    page = browser.new_page()
    watch = Watch(page)
    page.goto(server.url + "/")
    names = [e.name for e in server.site.examples]
    assert EXAMPLE in names and len(names) >= 15
    page.click(f"#example-{EXAMPLE}")
    query = page.input_value("#query")
    assert "fk:within" in query and "VALUES ?place" in query  # the default is bound
    assert page.text_content("#chosen") == next(
        e.title for e in server.site.examples if e.name == EXAMPLE)
    page.click("#run")
    page.wait_for_selector("#result-table tbody tr", timeout=20_000)
    rows = page.locator("#result-table tbody tr").count()
    assert rows > 5
    assert f"{rows} rows" in (page.text_content("#status") or "")
    headers = page.locator("#result-table thead th").all_text_contents()
    assert headers[:3] == ["?area", "?area_label", "?indicator_label"]
    assert page.locator("#result-table a[href='/id/place/xingxian']").count() > 0
    assert page.get_by_text("兴县").count() > 0
    # a broken query shows the server's one-line message instead of a table
    page.fill("#query", "SELEC nothing")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "Error 400" in (page.text_content("#status") or "")
    assert page.locator("#result-table").count() == 0
    # the 400 above is logged by Chromium as a failed resource load, which is expected
    watch.errors = [e for e in watch.errors if "status of 400" not in e]
    watch.check(server.url)
    page.close()


def test_resource_page_shows_labels_facts_and_quotes(server: Running, browser: Browser) -> None:
    page = browser.new_page()
    watch = Watch(page)
    response = page.goto(server.url + "/id/place/xingxian")
    assert response is not None and response.status == 200
    assert page.text_content("h1 .zh") == "兴县"
    assert page.text_content("h1 .en") == "Xing County"
    assert page.locator("#facts a[href='/id/place/lvliangshi']").count() == 1
    assert page.locator("ul.evidence q").count() > 0
    # follow a link to another local resource: its page loads too
    page.click("#facts a[href='/id/place/lvliangshi']")
    page.wait_for_url("**/id/place/lvliangshi")
    assert page.text_content("h1 .zh")
    watch.check(server.url)
    page.close()
