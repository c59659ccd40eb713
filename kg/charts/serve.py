"""Charts in ``kg serve``: ``/charts/<name>.svg``, and each indicator's page shows the charts
that draw it.

The charts are drawn once per served graph, on first use. A page embeds a chart with
``<object>`` rather than inline, so that the SVG keeps its own styles under the pages'
Content-Security-Policy and its bars' ``<title>`` tooltips (the source quotes) still show on
hover; the SVG itself is served with a policy that allows no script at all.
"""

from __future__ import annotations

import threading
from html import escape

from rdflib import Graph

from kg.charts import Chart, build_charts
from kg.charts.render import chart_svg

SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"

_lock = threading.Lock()
_cache: dict[int, tuple[Graph, int, dict[str, Chart], dict[str, str]]] = {}


def _charts(graph: Graph) -> tuple[dict[str, Chart], dict[str, str]]:
    with _lock:
        hit = _cache.get(id(graph))
        if hit is None or hit[0] is not graph or hit[1] != len(graph):
            _cache.clear()  # a server serves one graph
            from kg.store import GraphStore

            # Oxigraph answers the chart queries in milliseconds; rdflib takes seconds.
            charts = {c.name: c for c in build_charts(GraphStore.from_graph(graph).query)}
            hit = (graph, len(graph), charts, {})
            _cache[id(graph)] = hit
        return hit[2], hit[3]


def chart_file(graph: Graph, name: str) -> str | None:
    """The SVG of chart ``name`` (``funds-by-stage.svg``); None when there is no such chart."""
    charts, drawn = _charts(graph)
    chart = charts.get(name.removesuffix(".svg")) if name.endswith(".svg") else None
    if chart is None:
        return None
    with _lock:
        if chart.name not in drawn:
            drawn[chart.name] = chart_svg(chart)
        return drawn[chart.name]


def chart_section(graph: Graph, iri: str) -> str:
    """The charts that show indicator ``iri``, for its resource page ('' when none does)."""
    charts, _drawn = _charts(graph)
    shown = [c for c in charts.values() if iri in c.indicators]
    if not shown:
        return ""
    items = "".join(
        f'<figure class="chart" id="chart-{escape(c.name)}">'
        f'<object type="image/svg+xml" data="/charts/{escape(c.name)}.svg" '
        f'aria-label="{escape(c.title_en)}">{escape(c.title_zh)} · {escape(c.title_en)}</object>'
        f'<figcaption lang="zh">{escape(c.title_zh)} <span lang="en">{escape(c.title_en)}'
        "</span> (hover a bar for its source quote)</figcaption></figure>"
        for c in shown)
    return f'<section class="charts"><h2>Charts <span lang="zh">图表</span></h2>{items}</section>'
