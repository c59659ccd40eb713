"""The query page and a resource page of `kg serve` in a real headless browser (Debian's
Chromium driven by Playwright): they work, draw the data, and make no request anywhere but
the server itself."""

from __future__ import annotations

import os
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
    from playwright.sync_api import Browser, Page, Route

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


def test_query_page_runs_a_library_query_offline(server: Running, browser: Browser) -> None:
    """Pick a library query, fill its parameter, run it, follow the permalink, download CSV;
    every request stays on the server (the network is blocked outright)."""
    context = browser.new_context(accept_downloads=True)
    blocked: list[str] = []

    def route(r: Route) -> None:
        if r.request.url.startswith(server.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    watch = Watch(page)
    page.goto(server.url + "/")
    page.wait_for_selector(".CodeMirror", timeout=60_000)  # YASGUI drew its editor
    titles = page.locator("#library option").all_text_contents()
    assert len(titles) == len(server.site.examples) >= 15
    title = next(e.title for e in server.site.examples if e.name == EXAMPLE)
    page.select_option("#library", label=title)
    assert page.input_value("#param-place") == "place:xingxian"  # the declared default
    page.fill("#param-place", "place:xingxian")
    page.click("#run-library")
    page.wait_for_selector(".yasr table tbody tr td", timeout=60_000)
    query = page.evaluate("window.kgQueryPage.yasqe.getValue()")
    assert "VALUES ?place { <https://w3id.org/fupin-kg/id/place/xingxian> }" in query
    assert page.locator(".yasr table tbody tr").count() > 5
    # labels beside IRIs, and the graph's own IRIs link to their page on this server
    page.wait_for_selector(".yasr .iri-label", timeout=30_000)
    assert "兴县" in page.locator(".yasr .iri-label").all_text_contents()[0]
    assert page.locator(".yasr a[href='/id/place/xingxian']").count() > 0
    # download the results as CSV
    with page.expect_download() as download:
        page.click("#download-csv")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("area,area_label,indicator_label,value") and "兴县" in csv_text
    # the permalink opens the same query in a new page
    link = page.get_attribute("#permalink", "href") or ""
    assert link.startswith("/?query=")
    again = context.new_page()
    again.goto(server.url + link)
    again.wait_for_selector(".CodeMirror", timeout=60_000)
    assert again.evaluate("window.kgQueryPage.yasqe.getValue()") == query
    assert blocked == [], f"requests to other hosts: {blocked}"
    watch.check(server.url)
    context.close()


def test_resource_page_shows_labels_facts_and_quotes(server: Running, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page)
    response = page.goto(server.url + "/id/place/xingxian")
    assert response is not None and response.status == 200
    # KG_SCREENSHOT_RESOURCE=docs/img/resource-page.png keeps the README's picture of it.
    if keep := os.environ.get("KG_SCREENSHOT_RESOURCE"):
        page.wait_for_timeout(3000)  # the neighbourhood's layout settles
        page.screenshot(path=keep)
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
