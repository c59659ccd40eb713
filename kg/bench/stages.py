"""The one place where the benchmark calls the pipeline: ``kg build``'s steps, timed.

The steps are those of ``kg build`` (``kg.outputs.publish_build``), called through the library's
own functions, so the benchmark measures the real pipeline. Work that happens inside
``build_dataset`` and the table writers is timed by instrumenting the functions they call
by name (entity spotting, extraction, unit linking, the entity and linking tables), which
changes nothing of what they compute. When the pipeline's functions are renamed or moved,
this module is the one to adapt.

The seven stages reported (``STAGES``) are made of these parts:

- ingest: ``kg.corpus.load_corpus`` (discover, decode, split pages, repair reading order)
- extract: ``kg.pipeline.article_facts`` (quantity grammar, curated and draft facts)
- entities: ``kg.pipeline.add_entities`` (spotting) + the entity table (``entity_rows``,
  asked of the build's store)
- build: resources, the rest of ``build_dataset`` (RDF of articles, observations, funds,
  filling the store), the evidence check and the one rdflib union pyshacl reads
- link: ``kg.pipeline.link_units`` (QUDT) + the linking table (``linking_rows``)
- validate: ``kg.validate.validate`` (pyshacl-turbo, as kg build; kg.shacl_engines)
- publish: ``kg.outputs.write_all``: ``kg.publish.write_outputs`` (TriG, Turtle,
  N-Triples, JSON-LD), the tables (observations, VoID, ontology page, coverage, ingest
  report), the SHACL report files, the graph page and the charts, each timed apart
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import threading
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from kg.bench.recorder import Recorder
from kg.corpus import Corpus
from kg.store import GraphStore

STAGES = ("ingest", "extract", "entities", "build", "link", "validate", "publish")
# Part → stage it is reported under.
PARTS = {
    "ingest": "ingest",
    "resources": "build",
    "build_dataset": "build",
    "article_facts": "extract",
    "add_entities": "entities",
    "link_units": "link",
    "verify": "build",
    "union": "build",
    "validate": "validate",
    "publish": "publish",
    "write_outputs": "publish",
    "write_tables": "publish",
    "entity_rows": "entities",
    "linking_rows": "link",
    "observation_rows": "publish",
    "void_graph": "publish",
    "ontology_html": "publish",
    "write_graph_page": "publish",
    "write_charts": "publish",
}


@dataclass
class PipelineRun:
    corpus: Corpus
    dataset: Dataset
    store: GraphStore
    articles: int
    observations: int
    quads: int
    triples: int
    conforms: bool
    violations: int
    warnings: int
    violation_shapes: dict[str, int]
    outputs: dict[str, int]  # file name → bytes


def import_pipeline() -> float:
    """Import the modules ``kg build`` uses and return the seconds it took: the command's
    start-up cost, reported apart from the stages (a first import of the viz or chart
    modules would otherwise be charged to no stage, or to whichever imports it first)."""
    import importlib
    import time

    t0 = time.perf_counter()
    for module in ("kg.charts", "kg.outputs", "kg.describe", "kg.entities.export",
                   "kg.export", "kg.link.report", "kg.ontology_doc", "kg.pipeline",
                   "kg.publish", "kg.viz.outputs", "kg.built", "kg.corpus",
                   "kg.resources", "kg.validate"):
        importlib.import_module(module)
    return time.perf_counter() - t0


def run_pipeline(corpus_dir: Path, out_dir: Path, recorder: Recorder,
                 curation: bool = False) -> PipelineRun:
    """``kg build --corpus corpus_dir --out out_dir`` step by step, each step timed: the same
    library calls, on the same objects (the build's one store), as ``build_cmd``. The
    modules are imported first (``import_pipeline``) when the caller times the whole run."""
    import kg.charts
    import kg.describe
    import kg.entities.export
    import kg.export
    import kg.link.report
    import kg.ontology_doc
    import kg.outputs
    import kg.pipeline
    import kg.publish
    import kg.viz.outputs
    from kg.built import Built, load_resources
    from kg.corpus import load_corpus
    from kg.outputs import verify, write_all
    from kg.pipeline import build_dataset
    from kg.resources import load_shapes
    from kg.validate import validate

    rec = recorder
    with ExitStack() as patches:
        for module, name in ((kg.pipeline, "article_facts"), (kg.pipeline, "add_entities"),
                             (kg.pipeline, "link_units"), (kg.entities.export, "entity_rows"),
                             (kg.link.report, "linking_rows"), (kg.export, "observation_rows"),
                             (kg.describe, "void_graph"), (kg.ontology_doc, "ontology_html"),
                             (kg.publish, "write_outputs"), (kg.outputs, "write_tables"),
                             (kg.viz.outputs, "write_graph_page"), (kg.charts, "write_charts")):
            patches.enter_context(rec.instrument(module, name, name))
        with rec.stage("ingest"):
            corpus = load_corpus(corpus_dir)
        with rec.stage("resources"):
            resources = load_resources()
        with rec.stage("build_dataset"):
            result = build_dataset(corpus, resources, curation=curation)
        built = Built(corpus, result, resources)
        store = result.store
        with rec.stage("verify"):
            verify(built, store)
        with rec.stage("union"):
            union = store.union()
        with rec.stage("validate"):
            report = validate(union, load_shapes())
        with rec.stage("publish"):
            write_all(built, report, union, out_dir)
    shapes: dict[str, int] = {}
    for finding in report.violations:
        shapes[finding.shape] = shapes.get(finding.shape, 0) + 1
    return PipelineRun(
        corpus=corpus, dataset=result.dataset, store=store,
        articles=result.articles,
        observations=result.observations, quads=result.quads, triples=result.triples,
        conforms=report.conforms, violations=len(report.violations),
        warnings=len(report.warnings), violation_shapes=dict(sorted(shapes.items())),
        outputs={p.name: p.stat().st_size for p in sorted(out_dir.iterdir()) if p.is_file()})


def extraction_score(gold_file: Path, out_dir: Path, corpus: Corpus) -> dict[str, Any]:
    """``kg eval --gold gold_file`` on the built observations table: how many of the
    generated figures the extraction found with the right value, bounds and unit."""
    import csv

    from kg.evaluate import evaluate, parse_gold, resolve_article

    gold = parse_gold(gold_file.read_text(encoding="utf-8"), gold_file.name)
    # An article the ingest did not find under its headline is reported, not fatal: its
    # figures count as missed.
    lost = sorted({g.article for g in gold if resolve_article(g.article, corpus.articles)
                   is None})
    lost_rows = sum(1 for g in gold if g.article in lost)
    gold = [g for g in gold if g.article not in lost]
    with (out_dir / "observations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    score = evaluate(gold, rows, corpus.articles, gold_file.name)
    total = score.gold + lost_rows
    precision = score.matched / score.predicted if score.predicted else 0.0
    recall = score.matched / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    approx = score.per_field.get("approx", 0)
    return {"gold": total, "predicted": score.predicted, "matched": score.matched,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "approx_right": approx, "articles_not_found": lost,
            "misses": [f"{g.article} {g.raw}" for g in score.misses[:20]],
            "not_in_gold": [f"{r['article_id']} {r['stated_as']}" for r in score.spurious[:20]]}


def stage_table(recorder: Recorder) -> dict[str, dict[str, Any]]:
    """The seven stages: wall and CPU seconds (exclusive of nested parts), peak RSS (MB)
    during any of their parts, and the parts they are made of."""
    out: dict[str, dict[str, Any]] = {
        s: {"wall_s": 0.0, "cpu_s": 0.0, "peak_rss_mb": 0.0, "parts": {}} for s in STAGES}
    for part, stage in PARTS.items():
        if part not in recorder.records:
            continue
        rec = recorder.records[part]
        wall, cpu = recorder.exclusive(part)
        row = out[stage]
        row["wall_s"] += wall
        row["cpu_s"] += cpu
        row["peak_rss_mb"] = max(row["peak_rss_mb"], rec.peak_rss / 2**20)
        row["parts"][part] = {"calls": rec.calls, "wall_s": round(wall, 4),
                              "cpu_s": round(cpu, 4)}
    for row in out.values():
        row["wall_s"] = round(row["wall_s"], 4)
        row["cpu_s"] = round(row["cpu_s"], 4)
        row["peak_rss_mb"] = round(row["peak_rss_mb"], 1)
    return out


def query_files() -> list[Path]:
    from kg.resources import queries_dir

    return sorted(queries_dir().glob("*.rq"))


def bound_query(path: Path) -> str:
    """The query with its declared defaults bound, as ``kg query NAME`` runs it."""
    from kg.query import bind, parse_query_file

    return bind(parse_query_file(path), {})


def backend_names() -> list[str]:
    from kg.backends import BACKENDS

    return sorted(BACKENDS)


def open_backend(name: str, dataset: Dataset) -> Any:
    from kg.backends import BACKENDS

    return BACKENDS[name](dataset)


def full_answer(backend: Any, query: str, fmt: str | None) -> Any:
    """The whole answer of ``query`` as a user gets it, which is what the bench times.

    ``fmt`` None: the rows as rdflib terms (``backend.answer``), what ``kg query`` prints
    as a table or plain JSON and what the Python API returns. A format key (srj, xml, csv,
    tsv for a SELECT or ASK; a CONSTRUCT gets the matching RDF format): the bytes the
    endpoint sends (``kg.serve.sparql.execute``: parsed, evaluated, written; on Oxigraph by
    its own serialiser, as ``kg query --format`` too), without the endpoint's row limit so
    that every row is written. Only the HTTP exchange and the worker pipe are left out."""
    if fmt is None:
        return backend.answer(query)
    from kg.serve.sparql import execute

    outcome = execute(backend, query, None, fmt, None)
    if outcome.status != 200:
        raise RuntimeError(outcome.body.decode("utf-8", "replace").strip())
    return outcome


def answer_rows(done: Any) -> int:
    """Rows of a SELECT answer, triples of a graph, 1 for ASK: of what ``full_answer``
    returned (counted after the timer stops)."""
    from kg.backends import Answer

    if isinstance(done, Answer):
        if done.kind == "select":
            return len(done.rows)
        if done.kind == "graph":
            return len(done.graph) if done.graph is not None else 0
        return 1
    import csv
    import io
    import json

    import pyoxigraph as ox

    media = done.content_type.split(";")[0]
    body: bytes = done.body
    if media == "application/sparql-results+json":
        parsed: dict[str, Any] = json.loads(body)
        return 1 if "boolean" in parsed else len(parsed["results"]["bindings"])
    if media == "text/csv":
        return max(0, len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1)
    if media == "text/tab-separated-values":
        return max(0, body.count(b"\n") - 1)
    if media == "application/sparql-results+xml":
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        return 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
    graph_formats: dict[str, ox.RdfFormat] = {
        "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
    return sum(1 for _ in ox.parse(body, format=graph_formats[media]))


def viz_timings(source: Graph | GraphStore) -> dict[str, Any] | None:
    """The viz overview's build time, where this version of kg has ``overview_timings``
    (in ``kg.viz`` or ``kg.viz.outputs``); None otherwise."""
    for name in ("kg.viz", "kg.viz.outputs"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "overview_timings"):
            timings: dict[str, Any] = module.overview_timings(source)
            return timings
    return None


def load_test(graph_file: Path, clients: int = 32, seconds: float = 60.0,
              backend: str = "oxigraph") -> dict[str, Any] | None:
    """``kg serve`` throughput under ``clients`` concurrent clients, measured by
    ``kg.serve.loadtest.run_load`` against a server started on ``graph_file``; None where
    that module is absent."""
    try:
        loadtest = importlib.import_module("kg.serve.loadtest")
    except ImportError:
        return None
    if not hasattr(loadtest, "run_load") or not hasattr(loadtest, "library_queries"):
        return {"skipped": "kg.serve.loadtest has no run_load(url, clients, seconds, queries)"}
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", "0", "--quiet", "--graph",
         str(graph_file), "--backend", backend], stderr=subprocess.PIPE, text=True)
    try:
        url = _server_url(server)
        if url is None:
            return {"error": "kg serve did not start"}
        report: dict[str, Any] = loadtest.run_load(url, clients, seconds,
                                                   loadtest.library_queries(), 0)
        return {"backend": backend, **report}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _server_url(server: subprocess.Popen[str]) -> str | None:
    """The address ``kg serve`` says it listens on (it picks a free port for --port 0)."""
    assert server.stderr is not None
    for line in server.stderr:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            threading.Thread(target=server.stderr.read, daemon=True).start()  # keep draining
            return f"http://127.0.0.1:{found.group(1)}"
    return None
