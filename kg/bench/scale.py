"""Query latency at scale: the queries of ``queries/`` on N renamed copies of a built graph.

Running the pipeline on 1,000 articles takes long; the query latency at 1M triples does not
need it. This builds the benchmark corpus once (``kg.bench.generate``, ``--articles``
articles, ``build_dataset`` without validation or publishing), or reads a built N-Quads
file (``--graph``), copies its graph ``--copies`` times with distinct IRIs
(``kg.bench.copies``), loads the copies into Oxigraph as ``kg build`` holds a graph (its
named graphs, the default graph their union: ``kg.backends.oxigraph_store``), and times
every query with its default parameters with ``kg bench``'s timer (``harness.time_query``).

What is timed (``--answer``, ``kg.bench.stages.full_answer``): by default ``srj``, the whole
answer as the endpoint's bytes in its default format, SPARQL JSON (parsing, evaluation and
Oxigraph's own serialiser, as ``kg.serve.sparql.execute`` runs them in a query worker,
without the endpoint's row limit); ``csv``, ``tsv``, ``xml`` likewise; ``rows`` the rows as
rdflib terms (``backend.answer``, what ``kg query`` prints as a table and what ``kg bench``
times), what this script timed before it had ``--answer``.

    .venv/bin/python -m kg.bench.scale --articles 100 --copies 1,10 [--out FILE.json]

Prints a Markdown table (median / p95 ms and rows per query and size) on standard output;
``--out`` also writes the figures as JSON. ``FUPIN_KG_QUERIES=DIR`` times another version of
the query library (e.g. an older commit's ``queries/``) on the same graph.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kg.bench.copies import copy_chunks
from kg.errors import KgError

ANSWERS = ("srj", "csv", "tsv", "xml", "rows")


def built_nquads(articles: int, seed: int) -> bytes:
    """The dataset of the benchmark corpus of ``articles`` articles, as N-Quads."""
    from kg.backends import dataset_nquads
    from kg.bench.generate import generate, write_corpus
    from kg.built import load_resources
    from kg.corpus import load_corpus
    from kg.pipeline import build_dataset

    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        write_corpus(generate(articles, seed=seed), Path(tmp))
        # curation off, as kg bench builds its corpus (the generated pages have no
        # annotation files anyway).
        result = build_dataset(load_corpus(Path(tmp)), load_resources(), curation=False)
    return dataset_nquads(result.dataset)


def measure(nquads: bytes, copies: int, repeats: int, budget: float,
            names: list[str] | None = None, answer: str = "srj") -> dict[str, Any]:
    """Every query (or those ``names``) on ``copies`` copies of the graph ``nquads``."""
    from kg.backends import OxigraphBackend, oxigraph_store
    from kg.bench.harness import time_query
    from kg.bench.stages import bound_query, query_files

    t0 = time.perf_counter()
    store = oxigraph_store(copy_chunks(nquads, copies))
    load_s = time.perf_counter() - t0
    backend = OxigraphBackend(store=store)
    # The default graph is the union: its size is the graph's triples, the rest are quads.
    count = next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))  # type: ignore[arg-type]
    triples = int(count["n"].value)
    paths = [p for p in query_files() if names is None or p.stem in names]
    fmt = None if answer == "rows" else answer
    queries = {p.stem: time_query(backend, bound_query(p), repeats, budget, fmt)
               for p in paths}
    return {"copies": copies, "triples": triples, "quads": len(store) - triples,
            "load_s": round(load_s, 2), "load_average": [round(x, 2) for x in os.getloadavg()],
            "queries": queries}


def markdown(runs: list[dict[str, Any]]) -> str:
    from kg.bench.harness import _latency

    head = " | ".join(f"oxigraph @{r['triples']:,} triples" for r in runs)
    lines = [f"| query | {head} |", "|---|" + "---|" * len(runs)]
    for name in sorted({q for r in runs for q in r["queries"]}):
        cells = " | ".join(_latency(r["queries"].get(name)) for r in runs)
        lines.append(f"| {name} | {cells} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from kg.bench.harness import environment

    parser = argparse.ArgumentParser(prog="python -m kg.bench.scale",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=100,
                        help="size of the generated corpus that is copied (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--graph", type=Path, help="a built N-Quads file to copy instead")
    parser.add_argument("--copies", default="1,10",
                        help="comma-separated numbers of copies (default 1,10)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds a query may take over all its runs")
    parser.add_argument("--answer", choices=ANSWERS, default="srj",
                        help="what is timed: the endpoint's bytes of the whole answer in "
                             "this format, or 'rows' as rdflib terms (default srj)")
    parser.add_argument("--query", action="append", dest="names",
                        help="only this query (repeatable)")
    parser.add_argument("--save-graph", type=Path, help="write the built N-Quads here")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    try:
        sizes = [int(c) for c in args.copies.split(",") if c.strip()]
    except ValueError:
        parser.error(f"--copies: {args.copies!r} is not a comma-separated list of numbers")
    if not sizes or min(sizes) < 1:
        parser.error("--copies: give one or more positive numbers")
    try:
        if args.graph is not None:
            nquads = args.graph.read_bytes()
        else:
            print(f"scale: building {args.articles} articles", file=sys.stderr)
            nquads = built_nquads(args.articles, args.seed)
        if args.save_graph is not None:
            args.save_graph.write_bytes(nquads)
        runs = []
        for copies in sizes:
            print(f"scale: {copies} copies", file=sys.stderr)
            runs.append(measure(nquads, copies, args.repeats, args.budget, args.names,
                                args.answer))
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.out is not None:
        result = {"environment": environment(), "articles": args.articles,
                  "seed": args.seed, "repeats": args.repeats, "answer": args.answer,
                  "runs": runs}
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    sys.stdout.write(markdown(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
