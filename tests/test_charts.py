"""Charts of the sample page: the right figures, both languages, the quote a hover away,
byte-identical SVG, and Chinese glyphs drawn by a real browser (not empty boxes)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph

from kg.charts import Chart, build_charts, graph_query, write_charts
from kg.charts.render import SVG_NS, chart_svg
from kg.commands.common import build
from tests.glyphs import cjk_glyphs_drawn


@pytest.fixture(scope="module")
def union() -> Graph:
    return build(None).union()


@pytest.fixture(scope="module")
def charts(union: Graph) -> dict[str, Chart]:
    return {c.name: c for c in build_charts(graph_query(union))}


def test_the_five_charts_exist(charts: dict[str, Chart]) -> None:
    assert set(charts) == {"funds-by-stage", "employment-by-channel", "crops-area-and-income",
                           "training-by-programme", "figures-over-time"}


def test_funds_by_stage_has_the_pages_amounts(charts: dict[str, Chart]) -> None:
    # 今年安排专项扶贫资金1.45亿元 … 计划(整合资金)3.23亿元,已整合2.85亿元、支出1.52亿元
    got = {(b.series, b.category_en, b.value) for b in charts["funds-by-stage"].bars}
    assert got == {
        ("兴县专项扶贫资金", "arranged", Decimal("145000000")),
        ("兴县整合资金", "planned", Decimal("323000000")),
        ("兴县整合资金", "pooled", Decimal("285000000")),
        ("兴县整合资金", "spent", Decimal("152000000")),
    }


def test_every_bar_carries_its_source(charts: dict[str, Chart]) -> None:
    for chart in charts.values():
        for bar in chart.bars:
            assert bar.stated and bar.stated[0] in bar.quote, (chart.name, bar)
            assert bar.article_title and bar.observation.startswith("https://w3id.org/")


def test_crops_chart_keeps_to_the_222n_crops(charts: dict[str, Chart]) -> None:
    crops = {b.category_zh for b in charts["crops-area-and-income"].bars}
    assert "光伏扶贫" not in crops and "经济林产业" in crops
    assert {b.unit for b in charts["crops-area-and-income"].bars} == {"mu", "CNY"}


def test_svg_is_bilingual_with_a_title_per_bar(charts: dict[str, Chart]) -> None:
    chart = charts["funds-by-stage"]
    svg = chart_svg(chart)
    root = ET.fromstring(svg)
    texts = "".join(t.text or "" for t in root.iter(f"{{{SVG_NS}}}text"))
    assert "各项资金分环节" in texts and "Special funds by stage" in texts
    assert "亿元" in texts
    titles = [t.text or "" for t in root.iter(f"{{{SVG_NS}}}title")]
    assert len(titles) == len(chart.bars)
    assert any("今年安排专项扶贫资金1.45亿元" in t for t in titles)


def test_svg_is_byte_identical(charts: dict[str, Chart]) -> None:
    chart = charts["employment-by-channel"]
    assert chart_svg(chart) == chart_svg(chart)


def test_write_charts_writes_an_index(union: Graph, tmp_path: Path) -> None:
    import json

    paths = write_charts(graph_query(union), tmp_path / "charts")
    index = json.loads((tmp_path / "charts" / "index.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in paths) == sorted(e["file"] for e in index)
    funds = next(e for e in index if e["name"] == "funds-by-stage")
    assert "https://w3id.org/fupin-kg/id/indicator/integrated-funds" in funds["indicators"]


def test_chinese_glyphs_are_drawn_in_a_browser(charts: dict[str, Chart],
                                               tmp_path: Path) -> None:
    path = tmp_path / "funds.svg"
    path.write_text(chart_svg(charts["funds-by-stage"]), encoding="utf-8")
    assert cjk_glyphs_drawn(path.as_uri(), "各项资金分环节")


def test_a_crowded_category_shows_its_largest_and_says_so() -> None:
    from kg.charts import Bar
    from kg.charts.render import MAX_BARS_PER_CATEGORY

    def bar(i: int, category: str) -> Bar:
        return Bar(category, category, "series", Decimal(i), "person", f"{i}人",
                   f"帮助{i}人就业", "标题", f"https://w3id.org/x/obs-{i}", "indicator")

    crowded = [bar(i, "公益岗位") for i in range(1, 31)]
    chart = Chart("c", "Crowded", "拥挤", (*crowded, bar(7, "护林员")))
    root = ET.fromstring(chart_svg(chart))
    titles = [t.text or "" for t in root.iter(f"{{{SVG_NS}}}title")]
    assert len(titles) == MAX_BARS_PER_CATEGORY + 1  # the crowded category's largest + one
    assert any("30人" in t for t in titles) and not any(t.startswith("公益岗位 · series: 1人")
                                                       for t in titles)
    texts = "".join(t.text or "" for t in root.iter(f"{{{SVG_NS}}}text"))
    assert f"({MAX_BARS_PER_CATEGORY}/30)" in texts and f"{len(titles)} of 31 figures" in texts
