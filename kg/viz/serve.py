"""What ``kg serve`` shows of the graph: ``/graph`` (the overview), ``/graph/<asset>``
(vis-network and the page's script and styles, from local files) and the neighbourhood
drawn on every resource page.

Kept apart from the server so that any HTTP layer can call it: ``graph_route`` answers a
path with (status, content type, body), ``neighbourhood_section`` returns the HTML to put
in a resource page. The networkx conversion is made once per served graph.
"""

from __future__ import annotations

import threading

import networkx as nx
from rdflib import Graph

from kg.viz.convert import to_networkx
from kg.viz.page import ASSETS, asset, render
from kg.viz.view import select

NEIGHBOURHOOD_MAX_NODES = 120
SMALL_NEIGHBOURHOOD = 25  # fewer nodes one hop away: show two hops
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

_lock = threading.Lock()
_cache: dict[int, tuple[Graph, int, nx.MultiDiGraph]] = {}


def graph_of(graph: Graph) -> nx.MultiDiGraph:
    """The conversion of ``graph``, made on first use and kept while the graph is unchanged."""
    with _lock:
        hit = _cache.get(id(graph))
        if hit is None or hit[0] is not graph or hit[1] != len(graph):
            _cache.clear()  # a server serves one graph; a test may build several in turn
            hit = (graph, len(graph), to_networkx(graph))
            _cache[id(graph)] = hit
        return hit[2]


def neighbourhood_section(graph: Graph, iri: str) -> str:
    """The HTML section drawing ``iri``'s neighbourhood (1 hop, or 2 when 1 is small);
    empty when the resource is not a node of the graph (a unit, a class)."""
    g = graph_of(graph)
    if iri not in g:
        return ""
    view = select(g, focus=iri, hops=1, max_nodes=NEIGHBOURHOOD_MAX_NODES, fold=False)
    if len(view.nodes) < SMALL_NEIGHBOURHOOD:
        view = select(g, focus=iri, hops=2, max_nodes=NEIGHBOURHOOD_MAX_NODES, fold=False)
    return render(g, view, inline=False, link_base="", template="neighbourhood.html.j2").html


def graph_route(graph: Graph, path: str) -> tuple[int, str, bytes] | None:
    """The answer to ``/graph`` or ``/graph/<asset>``; None for any other path."""
    if path in ("/graph", "/graph/"):
        g = graph_of(graph)
        html = render(g, select(g), inline=False, link_base="").html
        return 200, "text/html; charset=utf-8", html.encode("utf-8")
    if not path.startswith("/graph/"):
        return None
    name = path[len("/graph/"):]
    if name not in ASSETS:  # only the named files: no path reaches the file system
        return 404, "text/plain; charset=utf-8", f"nothing is published at {path}".encode()
    return 200, ASSET_TYPES["." + name.rsplit(".", 1)[1]], asset(name).encode("utf-8")
