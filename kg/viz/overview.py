"""The overview's own conversion: the graph ``to_networkx`` makes, but with most
observations folded into their indicators while reading.

Why: at 1,000 articles observations are 39,750 of the 56,672 nodes and most of the 229k
edges, and the overview draws none of them; it embeds the first ``MAX_EXPAND`` of each
indicator (in IRI order) for "expand". The others become ``Stub``s: their links to other
entities are read (not their facts, labels or quotes), and the overview's view and page
take from them what the full graph would give (how many each indicator folds, the degree
of the nodes they link to, the articles they pass on to places and indicators). The
page is the same as from ``to_networkx`` (``tests/test_viz_overview.py`` compares them).

An overview graph gives only the overview (``kg.viz.view.select`` refuses other views):
``kg path``, ``kg stats``, ``kg serve`` and the other views use ``to_networkx``.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from kg.store import GraphStore
from kg.viz.convert import (
    CLASS_OF,
    SKIPPED,
    Reader,
    _collector_paused,
    build_graph,
    folded_part,
    to_networkx,
)
from kg.viz.rows import ALT_LABEL, LABELS, read_rest, read_types, store_of
from kg.viz.view import MAX_EXPAND


def overview_graph(source: Graph | GraphStore | ox.Store, expand: int = MAX_EXPAND
                   ) -> nx.MultiDiGraph:
    """The graph the overview needs (``expand``: observations kept per indicator). An
    rdflib Graph (``kg viz --graph``) is converted in full: it is read in one pass anyway."""
    if isinstance(source, Graph):
        return to_networkx(source)
    store = store_of(source)
    with _collector_paused():
        reader = Reader(read_types(store, CLASS_OF))
        stubs = choose_stubs(store, reader, expand)
        read_rest(store, reader.rows, SKIPPED, light=stubs)
        return build_graph(reader, stubs)


def choose_stubs(store: ox.Store, reader: Reader, expand: int) -> dict[str, str]:
    """Observations beyond the first ``expand`` of their indicator (observation ->
    indicator). An observation folds into the indicator of its first edge to one, the
    edges in the graph's order (by predicate, then target): the links into each indicator
    are read from the object index, so no observation is read whole for this."""
    classes = reader.candidates()
    excluded = {str(p) for p in (*SKIPPED, *LABELS, ALT_LABEL)}
    first: dict[str, tuple[str, str]] = {}
    for indicator, key in classes.items():
        if key != "indicator":
            continue
        for q in store.quads_for_pattern(None, None, ox.NamedNode(indicator),
                                         ox.DefaultGraph()):
            s = q.subject
            if not isinstance(s, ox.NamedNode) or classes.get(s.value) != "observation":
                continue
            edge = (q.predicate.value, indicator)
            if edge[0] not in excluded and s.value != indicator and (
                    s.value not in first or edge < first[s.value]):
                first[s.value] = edge
    by_indicator: dict[str, list[str]] = {}
    for obs, (_p, indicator) in first.items():
        by_indicator.setdefault(indicator, []).append(obs)
    return {obs: indicator for indicator, observations in by_indicator.items()
            for obs in sorted(observations)[expand:]}


def full_size(g: nx.MultiDiGraph) -> tuple[int, int]:
    """(nodes, edges) of the full conversion the overview graph stands for."""
    part = folded_part(g)
    if part is None:
        return g.number_of_nodes(), g.number_of_edges()
    edges = sum(len(s.targets) for s in part.stubs.values())
    edges += sum(len(v) for v in part.into.values())
    return g.number_of_nodes() + len(part.stubs), g.number_of_edges() + edges
