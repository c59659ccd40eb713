"""Benchmark of the overview page on a large graph (a measurement, not a test).

The graph is the bundled sample's, copied N times: every copy gets its own articles, pages,
observations, evidence, places (below the province), projects, organisations, people, events
and funds, while the vocabularies (indicators, units, population groups) and the
programmes and policies stay shared, as they are between real counties. Four articles per
copy: ``--copies 250`` is a 1,000-article graph.

    .venv/bin/python viz/bench_overview.py --copies 250 [--graph dist/kg.ttl] [--json]

Prints the triples, the graph and view sizes, the seconds to convert, select and render
(``kg.viz.outputs.overview_timings``) and the seconds Chromium took to open the page and
settle its layout (load → physics stopped), with every network request blocked.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, URIRef

from kg.namespaces import BASE

SHARED = ("id/indicator/", "id/unit/", "id/scheme/", "id/group/", "id/programme/",
          "id/policy/", "id/place/zhongguo", "id/place/shanxisheng")


def copied(graph: Graph, copies: int) -> Graph:
    out = Graph()
    own = []
    for t in graph:
        if any(isinstance(x, URIRef) and _copied(x) for x in t):
            own.append(t)
        else:
            out.add(t)
    for i in range(copies):
        for s, p, o in own:
            out.add((_rename(s, i), p, _rename(o, i)))
    return out


def _copied(node: URIRef) -> bool:
    text = str(node)
    return text.startswith(BASE + "id/") and not text.startswith(
        tuple(BASE + s for s in SHARED))


def _rename(node: object, i: int) -> object:
    if isinstance(node, URIRef) and _copied(node):
        return URIRef(f"{node}-c{i}")
    return node


def open_in_chromium(page: Path) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.route("**/*", lambda r: r.continue_() if r.request.url == page.as_uri()
                  else r.abort())
        start = time.perf_counter()
        tab.goto(page.as_uri())
        tab.wait_for_selector("body[data-settled=true]", timeout=600_000)
        seconds = time.perf_counter() - start
        browser.close()
    return round(seconds, 3)


def main() -> None:
    from kg.viz.convert import to_networkx
    from kg.viz.outputs import overview_timings
    from kg.viz.page import render
    from kg.viz.view import select

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=250)
    parser.add_argument("--graph", type=Path, help="a built union graph (default: build the "
                                                    "sample)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.graph:
        base = Graph()
        base.parse(args.graph)
    else:
        from kg.commands.common import build

        base = build(None).union()
    t = time.perf_counter()
    graph = copied(base, args.copies)
    made = time.perf_counter() - t
    timings: dict[str, object] = {"copies": args.copies, "articles": 4 * args.copies,
                                  "make_graph_s": round(made, 2), **overview_timings(graph)}
    g = to_networkx(graph)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "graph.html"
        page.write_text(render(g, select(g)).html, encoding="utf-8")
        timings["chromium_open_s"] = open_in_chromium(page)
    if args.json:
        print(json.dumps(timings, indent=2))
    else:
        for key, value in timings.items():
            print(f"{key:>16}: {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
