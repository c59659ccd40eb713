"""Which part of the graph one page shows: a focus and its neighbourhood, one article, one
class, observations folded into their indicators, and a stated cap on the number of nodes.

A view is plain data (node ids, edges, what was folded and what the cap left out) so the
command can report exactly what the page holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.namespaces import FK
from kg.viz.convert import CLASSES, FROM_ARTICLE, Quote, degree, label

DEFAULT_MAX_NODES = 400  # vis-network stays responsive and readable well below this
EDGES_PER_NODE = 4  # the cap on edges: 400 hubs of a 1,000-article graph had 19,752
# Edges that say least are dropped first when the cap bites: "mentioned in", "from article",
# and an indicator's summary of its folded observations.
WEAK_EDGES = frozenset({str(FK.mentionedIn), str(FROM_ARTICLE), "folded"})
MAX_EXPAND = 40  # observations of one indicator embedded in the page for "expand"; the rest
# are on the indicator's resource page
FOLDED_KEY = "folded"  # edge key of an indicator's aggregated link to its observations' places


@dataclass
class View:
    nodes: list[str]
    edges: list[tuple[str, str, str, dict[str, Any]]]  # source, target, key, attributes
    folded: dict[str, list[str]] = field(default_factory=dict)  # indicator -> observations
    dropped: int = 0  # nodes left out by the cap
    dropped_edges: int = 0  # edges left out by the cap on edges
    max_nodes: int = DEFAULT_MAX_NODES
    title: str = "fupin-kg graph"
    focus: str | None = None

    @property
    def folded_count(self) -> int:
        return sum(len(v) for v in self.folded.values())

    def summary(self) -> str:
        parts = [f"{len(self.nodes)} nodes (cap {self.max_nodes}), {len(self.edges)} edges "
                 "shown"]
        if self.folded:
            parts.append(f"{self.folded_count} observations folded into their "
                         f"{len(self.folded)} indicators (click an indicator to expand)")
        if self.dropped_edges:
            parts.append(f"{self.dropped_edges} edges beyond the cap of "
                         f"{EDGES_PER_NODE * self.max_nodes} not shown")
        if self.dropped:
            parts.append(f"{self.dropped} nodes beyond the cap of {self.max_nodes} not shown "
                         "(narrow the view with an article, class or focus)")
        return "; ".join(parts)


def neighbourhood(g: nx.MultiDiGraph, focus: str, hops: int) -> set[str]:
    """Nodes within ``hops`` of ``focus``, in either direction; articles are not crossed
    (every entity of an article is one hop from it, which would make 2 hops the whole
    article)."""
    seen = {focus}
    frontier = {focus}
    for _ in range(max(hops, 0)):
        nxt: set[str] = set()
        for n in frontier:
            if n != focus and g.nodes[n]["cls"] == "article":
                continue
            nxt |= set(nx.all_neighbors(g, n))
        frontier = nxt - seen
        seen |= frontier
    return seen


def select(g: nx.MultiDiGraph, *, focus: str | None = None, hops: int = 1,
           article: str | None = None, cls: str | None = None,
           max_nodes: int = DEFAULT_MAX_NODES, fold: bool | None = None) -> View:
    """The view of ``g`` the options ask for (``fold`` defaults to: fold in an overview,
    not around a focus or when observations are asked for). ``kg.viz.overview`` makes
    the overview's view without the full graph, as this does."""
    nodes = set(g)
    if focus is not None:
        nodes = neighbourhood(g, focus, hops)
    if article is not None:
        nodes = {n for n in nodes if article in g.nodes[n]["articles"]}
    if cls is not None:
        nodes = {n for n in nodes if g.nodes[n]["cls"] == cls or n == focus}
    if fold is None:
        fold = focus is None and cls != "observation"
    folded: dict[str, list[str]] = {}
    if fold:
        for n in sorted(nodes):
            if g.nodes[n]["cls"] != "observation" or n == focus:
                continue
            indicators = [o for _, o, k in g.out_edges(n, keys=True)
                          if g.nodes[o]["cls"] == "indicator" and o in nodes]
            if indicators:
                folded.setdefault(indicators[0], []).append(n)
        hidden = {o for obs in folded.values() for o in obs}
        nodes -= hidden
    dropped = 0
    if len(nodes) > max_nodes:
        weight = {n: degree(g, n) + len(folded.get(n, ())) for n in nodes}
        ranked = sorted(nodes, key=lambda n: (n != focus, -weight[n], n))
        dropped = len(nodes) - max_nodes
        nodes = set(ranked[:max_nodes])
        folded = {k: v for k, v in folded.items() if k in nodes}
    # Only the shown nodes' out-edges, not every edge of the graph (229k at 1,000 articles);
    # the order they come in does not matter, as the sorts below are by full keys.
    edges = [(s, o, k, d) for s, o, k, d in g.out_edges(sorted(nodes), keys=True, data=True)
             if o in nodes]
    edges += _folded_edges(g, folded, nodes)
    max_edges = EDGES_PER_NODE * max_nodes
    dropped_edges = max(len(edges) - max_edges, 0)
    if dropped_edges:
        edges.sort(key=lambda e: (e[2] in WEAK_EDGES, not e[3]["quotes"], e[0], e[2], e[1]))
        edges = edges[:max_edges]
    edges.sort(key=lambda e: (e[0], e[2], e[1]))
    title = "fupin-kg graph"
    if focus is not None:
        title = f"{label(g, focus)} — {hops} hop(s)"
    elif article is not None and article in g:
        title = label(g, article)
    return View(sorted(nodes), edges, folded, dropped, dropped_edges, max_nodes, title, focus)


def _folded_edges(g: nx.MultiDiGraph, folded: dict[str, list[str]], nodes: set[str]
                  ) -> list[tuple[str, str, str, dict[str, Any]]]:
    """An indicator stands in for its folded observations: one edge to each place,
    programme or group they refer to, labelled with how many."""
    out = []
    for indicator, observations in folded.items():
        counts: dict[str, int] = {}
        for obs in observations:
            for _, o, k in g.out_edges(obs, keys=True):
                if o != indicator and o in nodes and k != str(FROM_ARTICLE):
                    counts[o] = counts.get(o, 0) + 1
        for target, n in sorted(counts.items()):
            out.append((indicator, target, FOLDED_KEY,
                        {"zh": f"{n}个观测值", "en": f"{n} observation(s)", "quotes": []}))
    return out


def node_size(degree: int) -> float:
    return round(min(10 + 4 * math.sqrt(degree), 48), 1)


def quotes_json(quotes: list[Quote], titles: dict[str, str]) -> list[dict[str, str]]:
    return [{"text": q.text, "article": q.article, "title": titles.get(q.article, "")}
            for q in quotes]


def class_legend() -> list[dict[str, str]]:
    return [{"key": key, "en": en, "zh": zh, "color": color, "shape": shape}
            for key, (_iris, en, zh, color, shape) in CLASSES.items()]
