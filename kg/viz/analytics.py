"""Analytics over the same networkx graph the page draws: explained paths and statistics.

A path's hops are the relations between consecutive entities, read in either direction,
each with the evidence quote the graph records for it. Articles are never crossed in the
middle of a path: "both are mentioned in article X" explains nothing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from kg.errors import InputError
from kg.namespaces import BASE, PREFIXES
from kg.viz.convert import CLASSES, label

RANKED_CLASSES = ("programme", "place", "indicator")
TOP = 5
MEASURES = frozenset({"indicator", "observation", "article"})
EXACT_BETWEENNESS_LIMIT = 3000  # above this many nodes betweenness is sampled (k pivots)
BETWEENNESS_SAMPLE = 500


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    relation_en: str
    relation_zh: str
    forward: bool  # True: source --relation--> target as the graph states it
    quote: str
    article: str


def resolve(g: nx.MultiDiGraph, name: str) -> str:
    """The node a name stands for: an IRI, a prefixed name (programme:guangfu-fupin), a
    path (/id/...) or a label in either language (exact, else the only partial match)."""
    text = name.strip()
    candidates = [text, BASE + text.lstrip("/")]
    if ":" in text and not text.startswith("http"):
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES:
            candidates.append(PREFIXES[prefix] + local)
    for c in candidates:
        if c in g:
            return c
    folded = text.casefold()
    exact = sorted(n for n, d in g.nodes(data=True)
                   if folded in {t.casefold() for t in (d["zh"], d["en"], *d["alt"]) if t})
    if len(exact) > 1:
        # An indicator often shares its name with the programme it counts (公益岗位): the
        # name means the entity; the indicator is reached through its IRI.
        entities = [n for n in exact if g.nodes[n]["cls"] not in MEASURES]
        exact = entities if len(entities) == 1 else exact
    if len(exact) == 1:
        return str(exact[0])
    if len(exact) > 1:
        raise InputError(f"{name!r} names {len(exact)} entities: "
                         + ", ".join(f"{g.nodes[n]['cls']} <{n}>" for n in exact[:5])
                         + "; give an IRI instead")
    partial = sorted(n for n, d in g.nodes(data=True) if d["cls"] != "observation" and any(
        folded in t.casefold() for t in (d["zh"], d["en"], *d["alt"]) if t))
    if len(partial) == 1:
        return str(partial[0])
    if partial:
        shown = ", ".join(f"{label(g, n)} <{n}>" for n in partial[:5])
        raise InputError(f"{name!r} matches {len(partial)} entities ({shown}"
                         f"{' …' if len(partial) > 5 else ''}); give the full label or an IRI")
    raise InputError(f"no entity is called {name!r}; give an IRI (e.g. programme:guangfu-fupin) "
                     "or a Chinese or English label from entities.csv")


def _undirected(g: nx.MultiDiGraph, keep: set[str]) -> nx.Graph:
    """A simple undirected graph without articles, except the endpoints asked for."""
    allowed = {n for n, d in g.nodes(data=True) if d["cls"] != "article"} | keep
    return nx.Graph(g.subgraph(allowed).to_undirected(as_view=True))


def _hop(g: nx.MultiDiGraph, a: str, b: str) -> Hop:
    options = [(True, k, d) for k, d in g.get_edge_data(a, b, default={}).items()]
    options += [(False, k, d) for k, d in g.get_edge_data(b, a, default={}).items()]
    # Prefer a relation with evidence, then a stated direction, then a stable order.
    options.sort(key=lambda o: (not o[2]["quotes"], not o[0], o[1]))
    forward, _key, d = options[0]
    quote = d["quotes"][0] if d["quotes"] else None
    return Hop(a, b, d["en"], d["zh"], forward, quote.text if quote else "",
               quote.article if quote else "")


def paths(g: nx.MultiDiGraph, a: str, b: str, limit: int = 3) -> list[list[Hop]]:
    """Up to ``limit`` shortest simple paths from ``a`` to ``b``, shortest first."""
    if a == b:
        raise InputError("the two entities are the same; name two different ones")
    u = _undirected(g, {a, b})
    try:
        found = list(islice(nx.shortest_simple_paths(u, a, b), max(limit, 1)))
    except nx.NetworkXNoPath:
        return []
    return [[_hop(g, x, y) for x, y in pairwise(p)] for p in found]


def paths_json(g: nx.MultiDiGraph, found: list[list[Hop]]) -> list[dict[str, Any]]:
    return [{"length": len(p), "hops": [
        {"from": h.source, "from_label": label(g, h.source), "to": h.target,
         "to_label": label(g, h.target), "relation": h.relation_en,
         "relation_zh": h.relation_zh, "direction": "forward" if h.forward else "backward",
         "quote": h.quote, "article": h.article} for h in p]} for p in found]


def paths_text(g: nx.MultiDiGraph, a: str, b: str, found: list[list[Hop]]) -> str:
    if not found:
        return f"No path between {label(g, a)} and {label(g, b)}.\n"
    lines = []
    for i, p in enumerate(found, 1):
        inner = [f"{label(g, h.target)} [{g.nodes[h.target]['cls']}]" for h in p[:-1]]
        lines.append(f"Path {i} ({len(p)} hop{'s' if len(p) != 1 else ''}): "
                     + " → ".join([label(g, p[0].source), *inner, label(g, p[-1].target)]))
        for h in p:
            arrow = (f"--{h.relation_en} {h.relation_zh}-->" if h.forward
                     else f"<--{h.relation_en} {h.relation_zh}--")
            lines.append(f"  {label(g, h.source)} {arrow} {label(g, h.target)}")
            lines.append(f"    “{h.quote}” ({label(g, h.article)})" if h.quote
                         else "    (no evidence quote recorded for this relation)")
    return "\n".join(lines) + "\n"


def stats(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts per class, the most connected programmes, places and indicators (degree and
    betweenness), connected components, entities that appear in more than one article."""
    counts = Counter(d["cls"] for _, d in g.nodes(data=True))
    u = nx.Graph(g.to_undirected(as_view=True))
    sampled = u.number_of_nodes() > EXACT_BETWEENNESS_LIMIT
    between = nx.betweenness_centrality(
        u, k=BETWEENNESS_SAMPLE if sampled else None, seed=0 if sampled else None)
    top: dict[str, Any] = {}
    for cls in RANKED_CLASSES:
        members = [n for n, d in g.nodes(data=True) if d["cls"] == cls]
        by_degree = sorted(members, key=lambda n: (-u.degree(n), n))[:TOP]
        by_between = sorted(members, key=lambda n: (-between[n], n))[:TOP]
        top[cls] = {
            "degree": [{"id": n, "label": label(g, n), "degree": u.degree(n)}
                       for n in by_degree],
            "betweenness": [{"id": n, "label": label(g, n), "betweenness": round(between[n], 4)}
                            for n in by_between]}
    components = sorted((len(c) for c in nx.connected_components(u)), reverse=True)
    shared = sorted(((n, d) for n, d in g.nodes(data=True)
                     if d["cls"] not in ("article", "observation") and len(d["articles"]) > 1),
                    key=lambda nd: (-len(nd[1]["articles"]), nd[0]))
    return {
        "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
        "classes": {k: counts[k] for k in CLASSES if counts[k]},
        "most_connected": top,
        "betweenness": "sampled" if sampled else "exact",
        "components": {"count": len(components), "largest": components[:TOP]},
        "in_several_articles": [
            {"id": n, "label": label(g, n), "class": d["cls"], "articles": len(d["articles"])}
            for n, d in shared]}


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)


def stats_table(s: dict[str, Any]) -> str:
    lines = [f"Graph: {s['nodes']} nodes, {s['edges']} edges", "", "Nodes per class:"]
    lines += [f"  {pad(cls, 14)}{n:>7}" for cls, n in s["classes"].items()]
    for cls, ranks in s["most_connected"].items():
        lines += ["", f"Most connected {cls}s (degree | betweenness, {s['betweenness']}):"]
        for d, b in zip(ranks["degree"], ranks["betweenness"], strict=False):
            lines.append(f"  {pad(d['label'], 20)}{d['degree']:>5}   |  {pad(b['label'], 20)}"
                         f"{b['betweenness']:.4f}")
    comp = s["components"]
    lines += ["", f"Connected components: {comp['count']} (largest: "
              + ", ".join(str(n) for n in comp["largest"]) + ")"]
    shared = s["in_several_articles"]
    lines += ["", f"Entities in more than one article: {len(shared)}"]
    lines += [f"  {e['label']} ({e['class']}): {e['articles']} articles" for e in shared]
    return "\n".join(lines) + "\n"
