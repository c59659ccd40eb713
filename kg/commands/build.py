"""``kg build`` and ``kg validate``: the main job and the graph's self-checks."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rdflib import Graph

from kg.commands.common import Built, build, corpus_option, curation_option
from kg.errors import KgError
from kg.store import GraphStore, Source

if TYPE_CHECKING:
    from kg.validate import ValidationResult


def source_texts(built: Built) -> dict[str, str]:
    from kg.build.articles import article_iri

    return {str(article_iri(a.id)): page.source.text
            for page in built.corpus.pages for a in page.articles}


class Stopwatch:
    """Wall time per stage and the process's peak resident memory, to stderr (--timings)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.enabled:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
            click.echo(f"timing: {stage:32s} {now - self.last:7.2f} s  peak RSS {peak:6.0f} MB",
                       err=True)
        self.last = now


def verify(built: Built, graph: Source) -> None:
    """Every figure is re-checked against its source file; a mismatch fails the build."""
    from kg.verify import verify_evidence

    problems = verify_evidence(graph, source_texts(built))
    if problems:
        listed = "; ".join(f"{p.observation}: {p.message}" for p in problems[:5])
        raise KgError(f"{len(problems)} figure(s) do not match their source text: {listed}")


def write_tables(built: Built, store: Source, out: Path) -> dict[str, Path]:
    """The tables and reports derived from the graph, each asked of the one store."""
    from kg.atomic import write_text
    from kg.coverage import COVERAGE_COLUMNS, coverage_rows
    from kg.describe import void_graph
    from kg.entities.export import COLUMNS as ENTITY_COLUMNS
    from kg.entities.export import entity_rows
    from kg.export import OBSERVATION_COLUMNS, observation_rows, to_csv
    from kg.ingest.report import report_json, report_text
    from kg.link.report import LINKING_COLUMNS, linking_rows
    from kg.ontology_doc import ontology_html
    from kg.publish import bind_prefixes
    from kg.resources import ontology_files

    tables = {
        "observations": out / "observations.csv",
        "entities": out / "entities.csv",
        "coverage": out / "coverage.csv",
        "ingest": out / "ingest-report.txt",
        "void": out / "void.ttl",
        "linking": out / "linking.csv",
        "ontology": out / "ontology.html",
    }
    void = void_graph(store, sorted(p.source.name for p in built.corpus.pages))
    bind_prefixes(void)
    write_text(tables["void"], void.serialize(format="turtle"))
    write_text(tables["linking"], to_csv(linking_rows(store), LINKING_COLUMNS))
    rows = [{"article_id": a, "name": n,
             "note": "not a township or village of the article's county in the gazetteer"}
            for a, n in built.result.unresolved_places]
    write_text(out / "unresolved-places.csv", to_csv(rows, ("article_id", "name", "note")))
    write_text(tables["ontology"], ontology_html(ontology_files()[0]))
    write_text(tables["observations"], to_csv(observation_rows(store), OBSERVATION_COLUMNS))
    write_text(tables["entities"], to_csv(entity_rows(store), ENTITY_COLUMNS))
    write_text(tables["coverage"], to_csv(coverage_rows(built.result.coverage),
                                          COVERAGE_COLUMNS))
    write_text(tables["ingest"], report_text(built.corpus.pages))
    write_text(out / "ingest-report.json", report_json(built.corpus.pages) + "\n")
    return tables


def validate_store(store: GraphStore, shapes: Graph, engine: str) -> ValidationResult:
    """The validation of the store's union (data and ontology) against ``shapes``: turbo
    reads the union's N-Triples text, pyshacl (the reference) the union as rdflib terms."""
    from kg.validate import validate, validate_ntriples

    if engine == "turbo":
        return validate_ntriples(store.dump("ntriples"), shapes, store.union_about)
    return validate(store.union(), shapes, engine=engine)


def verify_and_validate(built: Built, shapes: Graph, engine: str) -> ValidationResult:
    """The evidence check (a KgError when a figure does not match its source), then the
    validation: the checks ``kg build`` makes of the graph before its outputs count."""
    verify(built, built.result.store)
    return validate_store(built.result.store, shapes, engine)


def write_all(built: Built, result: ValidationResult | Callable[[], ValidationResult],
              union: Graph | None, out: Path, shards: bool = False) -> dict[str, Path]:
    """Every output of ``kg build`` into the folder ``out`` (the staging folder that is then
    swapped in whole): the graph files, the tables and the validation reports; with
    ``shards``, the dataset as N-Quads shards in ``out/shards``. ``result`` may be a function
    that waits for a validation still running elsewhere: it is asked for last."""
    from kg.viz.convert import _collector_paused

    # Publishing makes millions of small objects that stay alive until a file is written
    # (JSON-LD nodes, query rows, terms), while the build's own objects (the corpus, the
    # rdflib union) are still alive: every collection the allocations trigger walks them
    # all, which made publishing superlinear. Reference counting frees what is dropped.
    with _collector_paused():
        return _write_all(built, result, union, out, shards)


def _write_all(built: Built, result: ValidationResult | Callable[[], ValidationResult],
               union: Graph | None, out: Path, shards: bool) -> dict[str, Path]:
    from kg.atomic import write_text
    from kg.publish import canonical, write_outputs, write_shards
    from kg.validate import render_text

    store = built.result.store
    paths = write_outputs(store, out, union)
    if shards:
        paths["shards"] = write_shards(store, out / "shards")
    paths.update(write_tables(built, store, out))
    # The graph page (kg.viz) and the charts (kg.charts), both drawn from the same graph.
    from kg.charts import write_charts
    from kg.viz.outputs import write_graph_page

    paths["graph_page"] = write_graph_page(store, out)
    write_charts(store.query, out / "charts")
    paths["charts"] = out / "charts"
    # Last, so that a validation running in another process overlaps all of the above.
    validation = result() if callable(result) else result
    # Results are named by content (kg.validate.name_results); only the few blank nodes
    # of the shapes they point to are left to canonicalise.
    write_text(out / "validation-report.ttl",
               canonical(validation.report_graph).serialize(format="turtle"))
    write_text(out / "validation-report.txt", render_text(validation))
    return paths


validator_option = click.option(
    "--validator", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True,
    help="SHACL engine: pyshacl-turbo, or pyshacl, the reference (the same report, tested; "
         "slower).")


@click.command("build")
@corpus_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"),
              show_default=True, help="Where to write the outputs (swapped in whole).")
@curation_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--timings", is_flag=True,
              help="Print each stage's wall time and the peak memory so far to stderr.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes for the per-article stages (entity spotting, extraction); "
                   "0: one per CPU. The outputs are the same for every N.")
@click.option("--engine", type=click.Choice(["processes", "dask"]), default="processes",
              show_default=True,
              help="Where the per-article stages run: local processes, or a Dask cluster "
                   "(local with --jobs workers, or at --scheduler; needs fupin-kg[dask]). "
                   "The outputs are the same.")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler's address (tcp://host:8786).")
@click.option("--shards/--no-shards", default=None,
              help="Also write the dataset as N-Quads shards (OUT/shards/part-*.nq, whole "
                   "named graphs, at most 100,000 quads each) for bulk loaders. "
                   "Default: on with --engine dask.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), metavar="DIR",
              envvar="FUPIN_KG_ARTICLE_CACHE",
              help="Keep each article's spotting and extraction here and reuse them while "
                   "the article, its annotation, the terms it contains and the code are "
                   "unchanged (the outputs are the same). Default: articles/ in the cache "
                   "folder (~/.cache/fupin-kg); FUPIN_KG_ARTICLE_CACHE sets it, =off turns "
                   "it off.")
@click.option("--no-cache", is_flag=True, help="Compute every article; read and write no cache.")
@validator_option
def build_cmd(corpus_dir: Path | None, out_dir: Path, no_curation: bool, quiet: bool,
              timings: bool, jobs: int, engine: str, scheduler: str | None,
              shards: bool | None, cache_dir: Path | None, no_cache: bool,
              validator: str) -> None:
    """Build, verify and validate the graph; write it and its reports to OUT.

    OUT is written as a new folder beside it and swapped in only when every output was
    written: a failed or killed build leaves the previous OUT as it was.
    """
    from kg.atomic import replaced_folder
    from kg.cache import open_cache
    from kg.coverage import summary
    from kg.parallel import beside, default_jobs, open_pool
    from kg.resources import load_shapes

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    clock = Stopwatch(timings)
    cache = None if no_cache else open_cache(cache_dir)
    jobs = jobs or default_jobs()
    with open_pool(jobs, engine, scheduler) as pool:
        built = build(corpus_dir, curation=not no_curation, quiet=quiet, jobs=pool,
                      cache=cache)
    if cache is not None:
        for notice in cache.notices:
            click.echo(notice, err=True)
        click.echo(cache.summary(), err=True)
    clock.lap("ingest, extract, build, store")
    store = built.result.store
    shapes = load_shapes()
    if jobs <= 1:
        verify(built, store)
        clock.lap("verify evidence")
        checks = partial(validate_store, store, shapes, validator)
    else:
        # With more than one job, the evidence check and validation (the SHACL engine's copy
        # of the union) run in a forked process while this one publishes
        # into the staging folder, which is swapped in only when both checks pass: the
        # longest whole-graph stages on two cores, the same outputs (tests/test_parallel.py).
        checks = partial(verify_and_validate, built, shapes, validator)
    with beside(checks, jobs=jobs) as validation:
        if jobs <= 1:
            validation()
            clock.lap(f"validate ({validator})")
        try:
            with replaced_folder(out_dir) as staging:
                written = write_all(built, validation, None, staging,
                                    shards=engine == "dask" if shards is None else shards)
        except OSError as exc:
            raise KgError(f"cannot write the outputs ({exc.strerror})", out_dir) from exc
        result = validation()
    clock.lap("publish and tables" if jobs <= 1 else
              f"publish and tables; beside: verify, validate ({validator}, "
              f"{result.seconds:.1f} s)")
    paths = {kind: out_dir / p.name for kind, p in written.items()}
    events = [e for p in built.corpus.pages for e in p.events]
    counts = {a: sum(1 for e in events if e.action == a)
              for a in ("joined", "moved", "dropped", "flagged")}
    cov = summary(built.result.coverage)
    r = built.result
    click.echo(f"Built {built.corpus.root}: {len(built.corpus.pages)} page(s), {r.articles} "
               f"articles, {r.observations} observations, {r.triples} distinct triples in "
               f"{r.graphs} named graphs ({r.quads} quads; a triple stated in two graphs "
               "counts once).")
    click.echo("Ingest: " + ", ".join(f"{n} {a}" for a, n in counts.items()))
    click.echo("Numbers: " + ", ".join(f"{n} {s}" for s, n in cov.items())
               + " (every figure re-checked against its source text)")
    verdict = ("conforms" if result.conforms else
               f"{len(result.violations)} violation(s)")
    if r.unresolved_places:
        click.echo(f"Places: {len(r.unresolved_places)} township/village name(s) not found in "
                   f"the gazetteer, not guessed (see {out_dir / 'unresolved-places.csv'})")
    click.echo(f"Validation: {verdict}, {len(result.warnings)} warning(s)")
    click.echo("Open:")
    for label, p in [("graph (TriG, one graph per article)", paths["trig"]),
                     ("graph (Turtle, union)", paths["turtle"]),
                     ("graph (JSON-LD)", paths["jsonld"]),
                     ("observations table", paths["observations"]),
                     ("entities table", paths["entities"]),
                     ("coverage of every number", paths["coverage"]),
                     ("validation report", out_dir / "validation-report.txt"),
                     ("validation report (SHACL, RDF)", out_dir / "validation-report.ttl"),
                     ("dataset description (VoID, DCAT)", paths["void"]),
                     ("external identifiers of places, indicators, units", paths["linking"]),
                     ("ontology documentation", paths["ontology"]),
                     ("graph page (interactive, offline)", paths["graph_page"]),
                     ("charts (SVG; index.json names the indicators each shows)",
                      paths["charts"]),
                     ("ingest report", paths["ingest"])]:
        click.echo(f"  {p}  — {label}")
    if "shards" in paths:
        click.echo(f"  {paths['shards']}  — the dataset as N-Quads shards for bulk loaders")
    if not result.conforms:
        raise SystemExit(1)


@click.command("validate")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@corpus_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Also write the standard SHACL validation report (Turtle) here.")
@validator_option
def validate_cmd(file: Path | None, corpus_dir: Path | None, fmt: str,
                 report_path: Path | None, validator: str) -> None:
    """Validate FILE (Turtle, TriG, N-Quads, N-Triples, JSON-LD) or the freshly built corpus.

    Exit status: 0 conforms, 1 violations, 2 unusable input.
    """
    from kg.resources import load_ontology, load_shapes
    from kg.validate import exit_code, load_data_file, render_json, render_text, validate

    if file is not None:
        result = validate(load_data_file(file), load_shapes(), load_ontology(), engine=validator)
    else:
        # The store's union already holds the ontology's named graph: validated as it is.
        result = validate_store(build(corpus_dir).result.store, load_shapes(), validator)
    click.echo(render_json(result) if fmt == "json" else render_text(result), nl=False)
    if report_path is not None:
        report_path.write_text(result.report_graph.serialize(format="turtle"), encoding="utf-8")
    raise SystemExit(exit_code(result))
