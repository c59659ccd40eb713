"""The small graph the overview page is rendered from: the nodes it draws or embeds, with
the attributes ``build_graph`` gives them, read from the store for these nodes only.

Which nodes: the view's nodes and the observations embedded for "expand", with all their
attributes; named only (class and labels), every article (the article filter lists them
all), what the embedded observations' edges lead to, and the programmes next to any drawn
node (its panel names them). Its edges are theirs among these
nodes; each node's degree in the full graph is kept in the graph's ``Folded`` part, so
``kg.viz.page`` sizes the nodes as from the full graph.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from kg.viz.convert import (
    SKIPPED,
    Folded,
    Quote,
    Reader,
    _search_text,
    edge_quotes,
    node_attributes,
    quotes_by_article,
)
from kg.viz.lazyrows import LazyLinks
from kg.viz.overview import FROM, MENTIONED_IN, Structure
from kg.viz.rows import ALT_LABEL, LABELS, Rows
from kg.viz.view import EDGES_PER_NODE, WEAK_EDGES, View

Triple = tuple[str, str, str]  # (source, predicate, target)


def drawn_graph(store: ox.Store, s: Structure, view: View) -> nx.MultiDiGraph:
    """The graph of what ``view`` draws; fills in the view's edges (attributes, and the
    cap on edges as ``select`` applies it)."""
    excluded = {str(p) for p in (*SKIPPED, *LABELS, ALT_LABEL)}
    rows = Rows(types=s.types, labels=s.labels, evidence=s.evidence,
                statements=s.statements, links=LazyLinks(store, excluded))
    reader = Reader(rows)
    shown = set(view.nodes)
    expanded = [o for observations in view.folded.values() for o in observations
                if o not in s.stubs]
    drawn = shown | set(expanded)
    triples: set[Triple] = {(n, p, t) for n, t, p, d in view.edges if not d}  # not folded
    for o in expanded:
        triples.update((o, p, t) for p, t in s.edges[o])
    programmes = [n for n, key in s.classes.items() if key == "programme"]
    for n in programmes:  # the programmes next to the drawn nodes: their edges to them,
        triples.update((n, p, t) for p, t in s.edges[n] if t in drawn)
    for n in drawn:  # and the drawn nodes' edges to them
        triples.update((n, p, t) for p, t in s.edges[n] if s.classes[t] == "programme")
    nodes = {n for n, key in s.classes.items() if key == "article"} | drawn
    nodes |= {t for _n, _p, t in triples} | {n for n, _p, _t in triples}
    g = nx.MultiDiGraph()
    quotes: dict[str, list[Quote]] = {}
    grouped: dict[str, dict[str, list[Quote]]] = {}

    def quotes_of(n: str) -> list[Quote]:
        if n not in quotes:
            quotes[n] = reader.quotes(n)
            grouped[n] = quotes_by_article(quotes[n])
        return quotes[n]

    for n in sorted(nodes):  # in IRI order, as the full graph's nodes
        key = s.classes[n]
        if n not in drawn:  # an article for the filter, or a neighbour: named only
            zh, en, _alt = reader.labels(n)
            g.add_node(n, cls=key, zh=zh, en=en)
            continue
        # Only an observation's attributes take its quotes (its panel's quote).
        own = quotes_of(n) if key == "observation" else []
        attrs = node_attributes(reader, n, key, s.names, s.titles, own, s.articles[n])
        attrs["search"] = _search_text(attrs)
        g.add_node(n, **attrs)
    # Why quotes only on the view's edges: the page shows no other edge's, and reading
    # the relations' evidence for the programmes' edges was most of this step.
    in_view = {(n, p, t) for n, t, p, d in view.edges if not d}
    for n, p, t in sorted(triples):
        zh, en = reader.predicate_labels(p)
        edge_quotes_of: list[Quote] = []
        if (n, p, t) in in_view:
            # A node's own quotes only where its edge takes them: a shared programme has
            # evidence from every article, and its other edges' quotes are its relations'.
            own, by_article = [], {}
            if s.classes[n] == "observation" or p in (MENTIONED_IN, FROM):
                own, by_article = quotes_of(n), grouped[n]
            edge_quotes_of = edge_quotes(reader, n, s.classes[n], p, t, own, by_article)
        g.add_edge(n, t, key=p, zh=zh, en=en, quotes=edge_quotes_of)
    view.edges = [(n, t, p, d or g.edges[n, t, p]) for n, t, p, d in view.edges]
    _cap_edges(view)
    part = Folded()
    for n in g:
        part.degree[n] = s.degree[n] - int(g.degree(n))
        if n in s.into:
            part.into[n] = [(p, *reader.predicate_labels(p)) for p in s.into[n]]
    g.graph["folded"] = part
    return g


def _cap_edges(view: View) -> None:
    """The cap on edges, as ``kg.viz.view.select`` applies it."""
    edges = view.edges
    max_edges = EDGES_PER_NODE * view.max_nodes
    view.dropped_edges = max(len(edges) - max_edges, 0)
    if view.dropped_edges:
        edges.sort(key=lambda e: (e[2] in WEAK_EDGES, not e[3]["quotes"], e[0], e[2], e[1]))
        del edges[max_edges:]
    edges.sort(key=lambda e: (e[0], e[2], e[1]))
