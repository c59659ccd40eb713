"""The graph page as a build output, and the timings a benchmark reads."""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from kg.errors import InputError
from kg.namespaces import ARTICLE
from kg.store import GraphStore
from kg.viz.convert import _collector_paused
from kg.viz.drawn import drawn_graph
from kg.viz.overview import overview, overview_view, read_structure
from kg.viz.page import Rendered, render, write_atomic
from kg.viz.rows import store_of, triple_count
from kg.viz.view import DEFAULT_MAX_NODES, MAX_EXPAND

PAGE_NAME = "graph.html"


def resolve_article(g: nx.MultiDiGraph, text: str) -> str:
    """An article by IRI, by id (its slug) or by a phrase of its headline."""
    articles = {n: str(d["zh"] or d["en"]) for n, d in g.nodes(data=True)
                if d["cls"] == "article"}
    for candidate in (text, str(ARTICLE[text])):
        if candidate in articles:
            return candidate
    hits = sorted(n for n, title in articles.items() if text and text in title)
    if len(hits) == 1:
        return str(hits[0])
    known = ", ".join(n.rsplit("/", 1)[1] for n in sorted(articles)[:5])
    what = "names several articles" if hits else "is no article id or headline phrase"
    raise InputError(f"--article {text!r} {what}; give an article id (e.g. {known})")


def write_graph_page(source: Graph | GraphStore, out_dir: Path) -> Path:
    """``kg build``'s overview page, ``OUT/graph.html`` (``source``: the build's store)."""
    with _collector_paused():  # the whole build: the view and render allocate too
        g, view, _structure = overview(source)
        rendered = render(g, view)
    path = out_dir / PAGE_NAME
    write_atomic(path, rendered.html)
    return path


def overview_timings(source: Graph | GraphStore | ox.Store, max_nodes: int = DEFAULT_MAX_NODES,
                     out: Path | None = None) -> dict[str, float | int]:
    """Seconds to read the graph's structure (``convert_s``), make the overview's view and
    the small graph it draws (``select_s``, ``kg.viz.overview`` and ``kg.viz.drawn``) and
    render the page, with the sizes involved (``graph_*``: the full conversion's;
    ``built_*``: the small graph's): what a benchmark of the page build reports (``out``:
    write the page there too, untimed)."""
    store = store_of(source)  # an rdflib Graph is loaded into a store first, not timed
    with _collector_paused():  # as write_graph_page does
        cpu0, t0 = time.process_time(), time.perf_counter()
        structure = read_structure(store, MAX_EXPAND)
        t1 = time.perf_counter()
        view = overview_view(structure, max_nodes)
        g = drawn_graph(store, structure, view)
        t2 = time.perf_counter()
        rendered: Rendered = render(g, view)
        t3, cpu3 = time.perf_counter(), time.process_time()
    if out is not None:
        write_atomic(out, rendered.html)
    nodes, edges = structure.size()
    return {"triples": triple_count(store), "graph_nodes": nodes, "graph_edges": edges,
            "built_nodes": g.number_of_nodes(), "built_edges": g.number_of_edges(),
            "view_nodes": rendered.nodes,
            "view_edges": rendered.edges, "folded": rendered.folded,
            "dropped": rendered.dropped, "page_bytes": len(rendered.html.encode("utf-8")),
            "convert_s": round(t1 - t0, 4), "select_s": round(t2 - t1, 4),
            "render_s": round(t3 - t2, 4), "total_s": round(t3 - t0, 4),
            "total_cpu_s": round(cpu3 - cpu0, 4)}  # this process's CPU: the machine is shared
