"""The charts on an indicator page of `kg serve`, in headless Chromium: the chart is there,
its Chinese text is drawn with real glyphs (not empty boxes), a bar's quote is its tooltip,
and nothing is fetched from anywhere but the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.glyphs import cjk_glyphs_drawn
from tests.test_serve import Running, running_server

INDICATOR = "/id/indicator/integrated-funds"
# The text and the bar tooltips of the chart's SVG document, once the <object> has loaded it.
SVG_TEXTS = """() => {
  const o = document.querySelector('#chart-funds-by-stage object');
  const d = o && o.contentDocument;
  if (!d || !d.querySelector('title')) return null;
  const all = (sel) => Array.from(d.querySelectorAll(sel)).map(t => t.textContent);
  return [all('text').join(' '), all('title')];
}"""


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    with running_server(max_rows=1000) as running:
        yield running


def test_indicator_page_shows_its_chart(server: Running) -> None:
    from playwright.sync_api import sync_playwright

    from tests.glyphs import CHROMIUM, launch_args

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=launch_args())
        try:
            context = browser.new_context()
            foreign: list[str] = []
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                server.url) else (foreign.append(r.request.url), r.abort()))
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server.url + INDICATOR, timeout=180_000)
            page.wait_for_selector("#chart-funds-by-stage object", timeout=60_000)
            # the SVG document inside the object: its title in both languages, a bar's quote
            texts = page.wait_for_function(SVG_TEXTS, timeout=60_000).json_value()
            assert "各项资金分环节" in texts[0] and "Special funds by stage" in texts[0]
            assert any("已整合2.85亿元" in t for t in texts[1])
            assert foreign == [] and errors == []
        finally:
            browser.close()
    assert cjk_glyphs_drawn(server.url + "/charts/funds-by-stage.svg", "各项资金分环节")
