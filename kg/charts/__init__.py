"""Charts where a picture says it faster: SVG bar charts of the graph's figures.

Each chart is a SPARQL query in ``kg/charts/queries/`` whose rows are bars: ``?category_zh``
and ``?category_en`` (the bar's label), ``?series`` (the bar's colour), ``?value`` with its
``?unit``, and the bar's evidence (``?stated``, ``?quote``, ``?article_title``, ``?obs``,
``?indicator``). A chart's first header line, ``# chart: English title | 中文标题``, names it.

:func:`chart_data` turns query rows into :class:`Chart` objects (pure); :mod:`kg.charts.render`
draws them as SVG with matplotlib, text kept as text in both languages and the source quote of
every bar in its ``<title>`` (a hover away); :func:`write_charts` writes ``dist/charts/``.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

Row = Mapping[str, Node | None]
QueryFn = Callable[[str], Sequence[Row]]

_HEADER = re.compile(r"^#\s*chart:\s*(?P<en>[^|]+?)\s*\|\s*(?P<zh>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Bar:
    category_zh: str
    category_en: str
    series: str
    value: Decimal
    unit: str
    stated: str
    quote: str
    article_title: str
    observation: str
    indicator: str


@dataclass(frozen=True)
class Chart:
    name: str
    title_en: str
    title_zh: str
    bars: tuple[Bar, ...]

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(sorted({b.indicator for b in self.bars}))


@dataclass(frozen=True)
class ChartQuery:
    name: str
    title_en: str
    title_zh: str
    text: str


def chart_queries() -> list[ChartQuery]:
    """The chart definitions shipped in ``kg/charts/queries/``, in name order."""
    folder = importlib.resources.files("kg.charts") / "queries"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        m = _HEADER.search(text)
        if m is None:  # a shipped file without its header is a bug of ours, not input
            raise ValueError(f"chart query {entry.name} has no '# chart: en | zh' line")
        out.append(ChartQuery(entry.name.removesuffix(".rq"), m["en"], m["zh"], text))
    return out


def _text(row: Row, key: str) -> str:
    term = row.get(key)
    return "" if term is None else str(term)


def chart_data(query: ChartQuery, rows: Sequence[Row]) -> Chart:
    """One bar per observation (the first row of each, in the query's order)."""
    bars: list[Bar] = []
    seen: set[str] = set()
    for row in rows:
        obs, value = _text(row, "obs"), row.get("value")
        if obs in seen or not isinstance(value, Literal):
            continue
        seen.add(obs)
        bars.append(Bar(_text(row, "category_zh"), _text(row, "category_en"),
                        _text(row, "series"), Decimal(str(value.toPython())),
                        _text(row, "unit"), _text(row, "stated"), _text(row, "quote"),
                        _text(row, "article_title"), obs, _text(row, "indicator")))
    return Chart(query.name, query.title_en, query.title_zh, tuple(bars))


def graph_query(graph: Graph) -> QueryFn:
    """A query function over an rdflib graph (the reference engine)."""

    def run(text: str) -> Sequence[Row]:
        result = graph.query(text)
        names = [str(v) for v in (result.vars or [])]
        return [dict(zip(names, r, strict=True)) for r in result]  # type: ignore[arg-type]

    return run


def build_charts(query: QueryFn) -> list[Chart]:
    """Every chart with at least one bar; charts whose query finds nothing are left out."""
    charts = [chart_data(q, query(q.text)) for q in chart_queries()]
    return [c for c in charts if c.bars]


def write_charts(query: QueryFn, out: Path) -> list[Path]:
    """Write ``out/<name>.svg`` for every chart and ``out/index.json`` (name, titles, the
    indicators each chart shows, so that an indicator's page can find its charts)."""
    from kg.charts.render import chart_svg

    out.mkdir(parents=True, exist_ok=True)
    charts = build_charts(query)
    paths: list[Path] = []
    index = []
    for chart in charts:
        path = out / f"{chart.name}.svg"
        path.write_text(chart_svg(chart), encoding="utf-8")
        paths.append(path)
        index.append({"name": chart.name, "file": path.name, "title_en": chart.title_en,
                      "title_zh": chart.title_zh, "indicators": list(chart.indicators),
                      "bars": len(chart.bars)})
    (out / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        encoding="utf-8")
    return paths
