"""Benchmark of the overview page on a large graph (a measurement, not a test).

The graph is the bundled sample's, copied N times: every copy gets its own articles, pages,
observations, evidence, places (below the province), projects, organisations, people, events
and funds, while the vocabularies (indicators, units, population groups) and the
programmes and policies stay shared, as they are between real counties. Four articles per
copy: ``--copies 250`` is a 1,000-article graph. ``--graph dist/kg.nt --copies 1`` measures
a built corpus as it is (e.g. the 1,000 generated articles of ``kg bench``).

    .venv/bin/python viz/bench_overview.py --copies 250 [--graph dist/kg.ttl] [--json]

Prints the triples, the graph and view sizes, the seconds to convert, select and render
(``kg.viz.outputs.overview_timings``) and the seconds Chromium took to open the page and
settle its layout (load → physics stopped), with every network request blocked.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.bench.copies import copy_chunks
from kg.namespaces import FK


def copied(ntriples: bytes, copies: int) -> ox.Store:
    """A store holding ``copies`` renamed copies of the graph (N-Triples), made by
    ``kg.bench.copies`` (shared with the query benchmark at scale)."""
    store = ox.Store()
    for chunk in copy_chunks(ntriples, copies):
        store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
    return store


def articles(store: ox.Store) -> int:
    """The articles of the graph measured (four per copy of the sample; a built corpus's own
    count with ``--graph``)."""
    ((count,),) = store.query(  # type: ignore[misc]
        f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{FK.Article}> }}")
    return int(count.value)


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
    from kg.store import GraphStore
    from kg.viz.outputs import overview_timings

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=250)
    parser.add_argument("--graph", type=Path, help="a built union graph (default: build the "
                                                    "sample)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.graph:
        base = GraphStore.load_file(args.graph)
    else:
        from kg.commands.common import build

        base = build(None).result.store
    load_before = os.getloadavg()
    t = time.perf_counter()
    store = copied(base.dump("ntriples"), args.copies)
    made = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "graph.html"
        timings: dict[str, object] = {
            "copies": args.copies, "articles": articles(store),
            "make_graph_s": round(made, 2),
            **overview_timings(store, out=page)}
        timings["chromium_open_s"] = open_in_chromium(page)
    timings["nproc"] = os.cpu_count() or 0
    timings["load_average"] = " → ".join(  # 1, 5 and 15 minutes, before and after
        " ".join(f"{x:.2f}" for x in load) for load in (load_before, os.getloadavg()))
    if args.json:
        print(json.dumps(timings, indent=2))
    else:
        for key, value in timings.items():
            print(f"{key:>16}: {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
