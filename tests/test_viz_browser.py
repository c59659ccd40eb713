"""The graph page in a real headless Chromium (Debian's, driven by Playwright) with every
network request blocked: it makes none, draws Chinese glyphs, holds the node count the
command reported, shows an observation's quote on click, filters by article, and shows
markup in the data as text. Then a resource page of `kg serve` draws its neighbourhood.

Set KG_SCREENSHOT=docs/img/graph-overview.png to keep the overview's screenshot (the
README shows it); otherwise it goes to a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.namespaces import ARTICLE, IND, PROGRAMME
from kg.publish import union_graph
from tests.test_serve import Running, running_server, sample_dataset

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
SETTLED = "body[data-settled=true]"
EVIL_HEADLINE = ('兴县<img src=x onerror="window.__pwned=1">扶贫'
                 "<script>window.__pwned=2</script>新闻")
EVIL_TEXT = ('**本报讯** 今年以来,兴县<img src=x onerror="window.__pwned=3">开发公益岗位'
             "<script>window.__pwned=4</script>2276个,帮助贫困户1780户实现就业。")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed at /usr/bin/chromium; run .ci/run (it installs "
                    "the Debian packages chromium and fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@dataclass
class Built:
    page: Path
    reported_nodes: int


def viz(args: list[str]) -> int:
    """Run `kg viz`; the node count its stderr notice reports."""
    result = CliRunner().invoke(main, ["viz", *args])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout == ""  # notices go to stderr
    match = re.search(r"wrote .*: (\d+) nodes \(cap \d+\)", result.stderr)
    assert match, result.stderr
    return int(match.group(1))


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("viz")
    graph = folder / "kg.nt"
    union_graph(sample_dataset()).serialize(graph, format="nt", encoding="utf-8")
    page = folder / "graph.html"
    return Built(page, viz(["--graph", str(graph), "--out", str(page)]))


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A corpus of one article with markup and scripts in its headline and text."""
    folder = tmp_path_factory.mktemp("evil")
    (folder / "corpus").mkdir()
    (folder / "corpus" / "evil.md").write_text(f"# {EVIL_HEADLINE}\n\n{EVIL_TEXT}\n",
                                               encoding="utf-8")
    page = folder / "graph.html"
    return Built(page, viz(["--corpus", str(folder / "corpus"), "--out", str(page),
                            "--no-fold"]))


class Offline:
    """Blocks every request but the page file itself, and remembers what was tried."""

    def __init__(self, page: Page, allowed: str) -> None:
        self.allowed = allowed
        self.attempted: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self.route)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def route(self, route: Route) -> None:
        url = route.request.url
        if url == self.allowed:
            route.continue_()
        else:
            self.attempted.append(url)
            route.abort()


def open_page(browser: Browser, built: Built) -> tuple[Page, Offline]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    offline = Offline(page, built.page.as_uri())
    page.goto(built.page.as_uri())
    page.wait_for_selector(SETTLED, timeout=120_000)
    return page, offline


def click_node(page: Page, node_id: str) -> None:
    """A real mouse click on the node, after centring and zooming on it."""
    spot = page.evaluate("""id => {
        document.getElementById('kg-network').scrollIntoView();
        const net = kgGraph.network;
        net.focus(id, {scale: 2.5, animation: false});
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", node_id)
    page.mouse.click(spot["x"], spot["y"])


def panel_text(page: Page) -> str:
    return page.text_content("#kg-panel") or ""


# Why this check: without a CJK font every Chinese character is the same "tofu" box, so two
# different characters drawn in the page's label font give identical pixels.
CJK_GLYPHS = """() => {
    const face = kgGraph.network.body.nodes[Object.keys(kgGraph.network.body.nodes)[0]]
        .options.font.face;
    const draw = ch => {
        const c = document.createElement('canvas'); c.width = 48; c.height = 48;
        const ctx = c.getContext('2d'); ctx.fillStyle = '#000';
        ctx.font = '40px ' + face; ctx.textBaseline = 'top'; ctx.fillText(ch, 2, 2);
        return Array.from(ctx.getImageData(0, 0, 48, 48).data);
    };
    const a = draw('光'), b = draw('扶'), blank = draw(' ');
    const inked = px => px.filter((v, i) => i % 4 === 3 && v > 0).length;
    return {differ: a.some((v, i) => v !== b[i]), inkA: inked(a), inkB: inked(b),
            inkBlank: inked(blank), face: face};
}"""
CANVAS_INK = """() => {
    const canvas = document.querySelector('#kg-network canvas');
    const ctx = canvas.getContext('2d');
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { inked++; } }
    return inked;
}"""


def test_overview_offline_counts_glyphs_click_and_filter(browser: Browser, overview: Built,
                                                         tmp_path: Path) -> None:
    page, offline = open_page(browser, overview)
    assert offline.attempted == [], f"the page tried to load {offline.attempted}"
    assert offline.errors == []
    # The DataSet holds exactly what the command reported, and the page says so too.
    assert page.evaluate("kgGraph.nodes.length") == overview.reported_nodes
    assert page.evaluate("kgGraph.meta.nodes") == overview.reported_nodes
    summary = page.text_content("#kg-summary") or ""
    assert f"{overview.reported_nodes} nodes (cap 400)" in summary
    assert "observations folded into their" in summary
    # Chinese glyphs: real, distinct glyphs in the label font, and a drawn canvas.
    glyphs: dict[str, Any] = page.evaluate(CJK_GLYPHS)
    assert glyphs["differ"] and glyphs["inkA"] > 50 and glyphs["inkB"] > 50, glyphs
    assert glyphs["inkBlank"] == 0
    assert page.evaluate(CANVAS_INK) > 5000
    assert "兴县" in page.evaluate("kgGraph.nodes.get().map(n => n.label)")
    shot = tmp_path / "graph-overview.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    keep = os.environ.get("KG_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)

    # An indicator folds its observations; clicking it offers to expand them.
    indicator = str(IND["public-welfare-jobs"])
    assert page.evaluate("id => kgGraph.nodes.get(id).folded", indicator) >= 2
    click_node(page, indicator)
    page.wait_for_selector("#kg-panel .kg-expand")
    assert "公益岗位" in panel_text(page)
    before = page.evaluate("kgGraph.nodes.length")
    page.evaluate("document.body.removeAttribute('data-settled')")
    page.click("#kg-panel .kg-expand")
    page.wait_for_selector(SETTLED, timeout=60_000)
    assert page.evaluate("kgGraph.nodes.length") > before
    # Clicking an observation shows its figure, the source quote and the article.
    obs = "https://w3id.org/fupin-kg/id/obs/xingxian-fenqi-juezhan-tuopin-gongjian/" \
          "pv-public-welfare-jobs"
    assert page.evaluate("id => !!kgGraph.nodes.get(id)", obs)
    click_node(page, obs)
    page.wait_for_selector("#kg-panel .kg-quote")
    text = panel_text(page)
    assert "11318个" in text and "利用光伏收益开发公益岗位11318个" in text
    assert "兴县:奋起决战脱贫攻坚 打好收官战" in text
    link = page.get_attribute("#kg-panel a.kg-resource", "href")
    assert link == "https://w3id.org/fupin-kg/id/obs/xingxian-fenqi-juezhan-tuopin-gongjian/" \
                   "pv-public-welfare-jobs"

    # The article filter hides every node that is not in the chosen article.
    article = str(ARTICLE["xingxian-jiji-shishi-peixun-jiuye"])
    page.select_option("#kg-article", article)
    result: dict[str, int] = page.evaluate("""a => {
        const all = kgGraph.nodes.get();
        const shown = all.filter(n => !n.hidden), hidden = all.filter(n => n.hidden);
        return {shown: shown.length, hidden: hidden.length,
                wrongShown: shown.filter(n => n.articles.indexOf(a) < 0).length,
                wrongHidden: hidden.filter(n => n.articles.indexOf(a) >= 0).length};
    }""", article)
    assert result["shown"] > 10 and result["hidden"] > 10, result
    assert result["wrongShown"] == 0 and result["wrongHidden"] == 0, result
    # The programme filter keeps a programme's neighbourhood; the search finds by pinyin.
    page.select_option("#kg-article", "")
    page.select_option("#kg-programme", str(PROGRAMME["guangfu-fupin"]))
    shown = page.evaluate("kgGraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert str(PROGRAMME["guangfu-fupin"]) in shown and str(PROGRAMME["222-n"]) in shown
    assert len(shown) < 40
    page.select_option("#kg-programme", "")
    page.fill("#kg-search", "guangfu")
    assert str(PROGRAMME["guangfu-fupin"]) in page.evaluate("kgGraph.network.getSelectedNodes()")
    assert offline.attempted == [] and offline.errors == []
    page.close()


def test_markup_in_articles_is_shown_as_text(browser: Browser, evil: Built) -> None:
    page, offline = open_page(browser, evil)
    assert page.evaluate("kgGraph.nodes.length") == evil.reported_nodes
    observations = page.evaluate(
        "kgGraph.nodes.get({filter: n => n.obs && n.obs.quote.indexOf('<img') >= 0})"
        ".map(n => n.id)")
    assert observations, "no observation quotes the markup"
    click_node(page, observations[0])
    page.wait_for_selector("#kg-panel .kg-quote")
    text = panel_text(page)
    assert '<img src=x onerror="window.__pwned=3">' in text
    assert EVIL_HEADLINE in text  # the article title, as text
    # The headline is in the filter's options and in the tooltip element, as text only.
    options = page.locator("#kg-article option").all_text_contents()
    assert EVIL_HEADLINE in options
    article = page.evaluate("kgGraph.nodes.get({filter: n => n.cls === 'article'})[0].id")
    assert page.evaluate("id => kgGraph.nodes.get(id).title.textContent", article) \
        .startswith(EVIL_HEADLINE)
    page.fill("#kg-search", "pwned")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#kg-graph img, #kg-panel img, .kg-tip img").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3  # ours only
    assert offline.attempted == [], offline.attempted  # an <img src=x> would request x
    page.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    with running_server() as running:
        yield running


def test_served_resource_page_draws_its_neighbourhood(browser: Browser, server: Running
                                                      ) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(server.url + "/id/programme/guangfu-fupin")
    assert response is not None and response.status == 200
    page.wait_for_selector(SETTLED, timeout=60_000)
    ids = page.evaluate("kgGraph.nodes.getIds()")
    assert str(PROGRAMME["guangfu-fupin"]) in ids and str(PROGRAMME["222-n"]) in ids
    assert page.evaluate("kgGraph.meta.nodes") == len(ids) >= 5
    assert page.evaluate(CANVAS_INK) > 2000
    # Served pages link resources to the server's own /id/... pages.
    click_node(page, str(PROGRAMME["222-n"]))
    assert page.get_attribute("#kg-panel a.kg-resource", "href") == "/id/programme/222-n"
    assert [u for u in requests if not u.startswith(server.url)] == []
    assert errors == []
    # /graph is the overview, under the server's Content-Security-Policy.
    page.goto(server.url + "/graph")
    page.wait_for_selector(SETTLED, timeout=120_000)
    assert page.evaluate("kgGraph.nodes.length") == page.evaluate("kgGraph.meta.nodes") > 100
    assert [u for u in requests if not u.startswith(server.url)] == []
    assert errors == []
    page.close()
