"""``kg build`` and ``kg validate``: the main job and the graph's self-checks."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import click

from kg.commands.common import build, corpus_option, curation_option


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
    from kg.cache import open_cache
    from kg.coverage import summary
    from kg.outputs import publish_build
    from kg.parallel import default_jobs, open_pool

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
    paths, result = publish_build(built, out_dir, jobs, validator,
                                  shards=engine == "dask" if shards is None else shards,
                                  lap=clock.lap)
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
    from kg.outputs import validate_store
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
