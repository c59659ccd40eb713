"""The RDF → networkx conversion, the views, the page's HTML and the serve hooks, without a
browser (tests/test_viz_browser.py drives the page in Chromium)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.cli import main
from kg.namespaces import ARTICLE, FK, IND, OBS, PLACE, PROGRAMME
from kg.viz.convert import to_networkx
from kg.viz.outputs import overview_timings, write_graph_page
from kg.viz.page import render
from kg.viz.serve import graph_route, neighbourhood_section
from kg.viz.view import select
from tests.test_analytics import sample_nx
from tests.test_serve import sample_dataset

GUANGFU = str(PROGRAMME["guangfu-fupin"])
TRAINING = str(ARTICLE["xingxian-jiji-shishi-peixun-jiuye"])


def page_data(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html,
                      re.S)
    assert match, "the page has no data element"
    data: dict[str, object] = json.loads(match.group(1))
    return data


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_conversion_nodes_edges_and_evidence() -> None:
    g = sample_nx()
    d = g.nodes[GUANGFU]
    assert (d["cls"], d["zh"], d["en"], d["alt"]) == (
        "programme", "光伏扶贫", "photovoltaic poverty alleviation", ["光伏"])
    assert "guangfufupin" in d["search"] and "gffp" in d["search"]
    assert d["path"] == "/id/programme/guangfu-fupin"
    edge = g.get_edge_data(str(PROGRAMME["gongyi-gangwei"]), GUANGFU)[str(FK.subProgrammeOf)]
    assert edge["en"] == "sub-programme of" and edge["zh"] == "子项目"
    assert [q.text for q in edge["quotes"]] == ["利用光伏收益开发公益岗位11318个"]
    obs = str(OBS["xingxian-duoqudao-xingban-chanye-hangshi/cash-forest-area"])
    o = g.nodes[obs]
    assert o["cls"] == "observation" and o["zh"] == "58万亩"
    # The 近年来 article gives no year for this figure: it has no period (issue 14).
    assert {k: o["obs"].get(k) for k in ("stated_as", "unit", "normalised_unit", "period",
                                          "quote", "article_title")} == {
        "stated_as": "58万亩", "unit": "亩", "normalised_unit": "公顷", "period": None,
        "quote": "红枣、核桃等经济林达到58万亩",
        "article_title": "兴县 多渠道兴办产业 夯实贫困群众增收基础"}
    assert float(o["obs"]["value"]) == 580000
    # Reference places no article refers to are left out; containing places are kept.
    assert str(PLACE["ehutan-xiang"]) not in g
    assert str(PLACE["lvliangshi"]) in g and str(PLACE["shanxisheng"]) in g
    # Vocabulary nodes belong to the articles whose figures use them (for the filter).
    assert TRAINING in g.nodes[str(IND["public-welfare-jobs"])]["articles"]


def test_overview_folds_observations_and_states_its_cap() -> None:
    g = sample_nx()
    view = select(g)
    assert view.folded_count == 159  # every curated figure has an indicator
    assert not any(g.nodes[n]["cls"] == "observation" for n in view.nodes)
    assert len(view.nodes) == g.number_of_nodes() - 159
    assert "159 observations folded into their" in view.summary()
    assert f"{len(view.nodes)} nodes (cap 400)" in view.summary()
    small = select(g, max_nodes=50)
    assert len(small.nodes) == 50 and small.dropped == len(view.nodes) - 50
    assert str(PLACE["xingxian"]) in small.nodes  # the best connected are kept
    assert "not shown" in small.summary()
    unfolded = select(g, fold=False)
    assert unfolded.folded == {} and len(unfolded.nodes) == g.number_of_nodes()
    focus = select(g, focus=GUANGFU, hops=1)
    assert GUANGFU in focus.nodes and str(PROGRAMME["222-n"]) in focus.nodes
    assert len(focus.nodes) < 15
    article = select(g, article=TRAINING)
    assert all(TRAINING in g.nodes[n]["articles"] for n in article.nodes)
    programmes = select(g, cls="programme")
    assert {g.nodes[n]["cls"] for n in programmes.nodes} == {"programme"}


def test_the_cap_on_edges_drops_the_weakest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.viz.view

    g = sample_nx()
    full = select(g, max_nodes=50)
    monkeypatch.setattr(kg.viz.view, "EDGES_PER_NODE", 1)
    capped = select(g, max_nodes=50)
    assert capped.nodes == full.nodes
    assert len(capped.edges) == 50 and capped.dropped_edges == len(full.edges) - 50
    assert "edges beyond the cap of 50 not shown" in capped.summary()
    strong = [e for e in full.edges if e[2] not in kg.viz.view.WEAK_EDGES]
    assert 0 < len(strong) < 50
    kept = {(s, k, o) for s, o, k, _ in capped.edges}
    assert all((s, k, o) in kept for s, o, k, _ in strong)  # the strong ones all stay


def test_page_is_self_contained_deterministic_and_escaped() -> None:
    g = sample_nx()
    html = render(g, select(g)).html
    assert html == render(g, select(g)).html
    found = tags(html)
    for tag, attrs in found:
        assert "src" not in attrs and tag not in ("link", "img", "iframe"), (tag, attrs)
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)
    assert "bootstrap" not in html.lower()
    data = page_data(html)
    meta = data["meta"]
    assert isinstance(meta, dict) and isinstance(data["nodes"], list)
    assert meta["nodes"] == len(data["nodes"])
    assert f'data-nodes="{meta["nodes"]}"' in html


def test_markup_in_labels_stays_data() -> None:
    graph = Graph()
    evil = PROGRAMME["evil"]
    label = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    graph.add((evil, RDF.type, FK.Programme))
    graph.add((evil, SKOS.prefLabel, Literal(label, lang="zh")))
    graph.add((evil, RDFS.label, Literal("</script><b>x</b>", lang="en")))
    g = to_networkx(graph)
    html = render(g, select(g)).html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "</script><b>" not in html
    (node,) = page_data(html)["nodes"]  # type: ignore[misc]
    assert node["zh"] == label and node["en"] == "</script><b>x</b>"
    assert label not in html  # escaped everywhere, in the options of the filters too


def test_build_writes_the_page_and_the_command_reports_its_count(tmp_path: Path) -> None:
    from kg.publish import union_graph

    union = union_graph(sample_dataset())
    page = write_graph_page(union, tmp_path)
    assert page == tmp_path / "graph.html"
    data = page_data(page.read_text(encoding="utf-8"))
    graph = tmp_path / "kg.nt"
    union.serialize(graph, format="nt", encoding="utf-8")
    out = tmp_path / "focus.html"
    result = CliRunner().invoke(main, ["viz", "--graph", str(graph), "--focus", "光伏扶贫",
                                       "--hops", "1", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    reported = int(re.search(r": (\d+) nodes", result.stderr).group(1))  # type: ignore[union-attr]
    meta = page_data(out.read_text(encoding="utf-8"))["meta"]
    assert isinstance(meta, dict) and meta["nodes"] == reported
    assert reported < data["meta"]["nodes"]  # type: ignore[index]
    result = CliRunner().invoke(main, ["viz", "--graph", str(graph), "--article", "nope",
                                       "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: --article 'nope' is no article id")
    assert result.stderr.count("\n") == 1


def test_serve_hooks() -> None:
    from kg.publish import union_graph

    union = union_graph(sample_dataset())
    status, media, body = graph_route(union, "/graph/vis-network.min.js") or (0, "", b"")
    assert status == 200 and media.startswith("text/javascript") and len(body) > 100_000
    assert (graph_route(union, "/graph/../pyproject.toml") or (0,))[0] == 404
    assert graph_route(union, "/other") is None
    status, media, body = graph_route(union, "/graph") or (0, "", b"")
    assert status == 200 and b'<script src="/graph/graph.js">' in body
    assert not [t for t, a in tags(body.decode()) if t == "script" and "src" not in a
                and a.get("type") != "application/json"]  # no inline script under the CSP
    section = neighbourhood_section(union, GUANGFU)
    assert 'id="kg-network"' in section and "/graph/vis-network.min.js" in section
    assert neighbourhood_section(union, str(FK.Programme)) == ""


def test_overview_timings_reports_what_it_measured() -> None:
    from kg.publish import union_graph

    t = overview_timings(union_graph(sample_dataset()))
    assert t["view_nodes"] + t["folded"] == t["graph_nodes"]
    assert t["total_s"] >= t["convert_s"] > 0 and t["page_bytes"] > 500_000


@pytest.mark.parametrize("name", ["graph.js", "graph.css"])
def test_page_script_never_writes_html(name: str) -> None:
    text = (Path(__file__).resolve().parents[1] / "kg" / "viz" / "templates" / name) \
        .read_text(encoding="utf-8")
    assert "innerHTML" not in text and "insertAdjacentHTML" not in text
    assert "document.write" not in text and "eval(" not in text


def test_the_build_store_and_an_rdflib_graph_convert_alike() -> None:
    """kg build hands the page its pyoxigraph store, kg viz and kg serve an rdflib Graph:
    both readers (kg.viz.rows) must give the same nodes, edges and attributes, in order."""
    from kg.publish import union_graph
    from kg.store import GraphStore

    union = union_graph(sample_dataset())
    from_graph = to_networkx(union)
    from_store = to_networkx(GraphStore.from_graph(union))
    # the sample's 386 nodes of before, plus the 12 entities of the kinds issue #14 added
    # (龙头企业 … 三通一平) and their 14 edges
    assert from_store.number_of_nodes() == 398 and from_store.number_of_edges() == 1026
    assert list(from_store.nodes(data=True)) == list(from_graph.nodes(data=True))
    assert list(from_store.edges(keys=True, data=True)) == \
        list(from_graph.edges(keys=True, data=True))
    assert render(from_store, select(from_store)).html == \
        render(from_graph, select(from_graph)).html
