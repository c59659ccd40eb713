"""What ``kg build`` writes, from one built graph: the evidence check, the validation, and
every output into a folder (the graph files, the tables and reports, the graph page, the
charts), with the checks run beside the writing when there is a second core.

The command (``kg.commands.build``) parses its options and calls ``publish_build``; the
benchmark (``kg.bench.stages``) times the same functions one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef

from kg.built import Built
from kg.errors import KgError
from kg.store import GraphStore, Source

if TYPE_CHECKING:
    from kg.validate import ValidationResult


def source_texts(built: Built) -> dict[str, str]:
    from kg.build.articles import article_iri

    return {str(article_iri(a.id)): page.source.text
            for page in built.corpus.pages for a in page.articles}


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
    """The validation of the store's union (data and ontology) against ``shapes``."""
    return validate_union(store.packed_union(), shapes, engine)


def validate_union(packed: bytes, shapes: Graph, engine: str) -> ValidationResult:
    """The validation of a union given as its sorted N-Triples text, zlib-compressed
    (``GraphStore.packed_union``): turbo reads the text, pyshacl (the reference) the union
    as rdflib terms. Ten megabytes at 1,000 articles: what a process of its own is sent."""
    import zlib

    from kg.store import ntriples_graph
    from kg.store.lines import unpacked
    from kg.validate import validate, validate_ntriples

    if engine == "turbo":
        # The text is unpacked piece by piece for turbo, and whole only if there are findings
        # to describe: at 10,000 articles it is 2 GB.
        return validate_ntriples(unpacked(packed), shapes, partial(_about, packed, []))
    return validate(ntriples_graph(zlib.decompress(packed)), shapes, engine=engine)


def _about(packed: bytes, unpacked_text: list[bytes], nodes: Iterable[URIRef | BNode]) -> Graph:
    """``triples_about`` the union packed as ``packed``, unpacked once, when first needed."""
    import zlib

    from kg.store import triples_about

    wanted = set(nodes)
    if not wanted:
        return Graph()
    if not unpacked_text:
        unpacked_text.append(zlib.decompress(packed))
    return triples_about(unpacked_text[0], wanted)


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


def publish_build(built: Built, out_dir: Path, jobs: int, validator: str, shards: bool,
                  lap: Callable[[str], None] = lambda stage: None
                  ) -> tuple[dict[str, Path], ValidationResult]:
    """Verify, validate and write every output of ``built`` into ``out_dir``, swapped in whole
    only when everything was written (a failed or killed build leaves the previous folder).
    With more than one job, the evidence check and the validation run in processes of their
    own while this one writes. Returns the outputs' paths (inside ``out_dir``) and the validation;
    ``lap`` is told when each stage ends."""
    from kg.parallel import beside
    from kg.resources import load_shapes

    store = built.result.store
    shapes = load_shapes()
    # With a second core the evidence check runs in a fork of this process, and the
    # validation in a fresh process sent only the union's compressed text (a fork counts all
    # of this process's memory as its own, and the SHACL engine's copy of the union came on
    # top: 2.3 GB at 1,000 articles), both while this one publishes into the staging
    # folder, which is swapped in only when both checks pass (tests/test_parallel.py).
    # The validation needs no store: it starts first, while this process loads the union's
    # store (which the evidence check's fork then inherits, loaded).
    with beside(validate_union, store.packed_union(), shapes, validator, jobs=jobs,
                fresh=True) as validated:
        store.union_store  # noqa: B018 - loaded here, before the fork, not in both processes
        with beside(verify, built, store, jobs=jobs) as verified:
            return _publish(built, out_dir, jobs, validator, shards, lap, verified, validated)


def _publish(built: Built, out_dir: Path, jobs: int, validator: str, shards: bool,
             lap: Callable[[str], None], verified: Callable[[], None],
             validated: Callable[[], ValidationResult]
             ) -> tuple[dict[str, Path], ValidationResult]:
    """``publish_build`` with its checks started: written while they run."""
    from kg.atomic import replaced_folder

    if jobs <= 1:
        verified()
        lap("verify evidence")
        validated()
        lap(f"validate ({validator})")

    def validation() -> ValidationResult:
        verified()  # a figure that does not match its source fails the build first
        return validated()

    try:
        with replaced_folder(out_dir) as staging:
            written = write_all(built, validation, None, staging, shards=shards)
    except OSError as exc:
        raise KgError(f"cannot write the outputs ({exc.strerror})", out_dir) from exc
    result = validation()
    lap("publish and tables" if jobs <= 1 else
        f"publish and tables; beside: verify, validate ({validator}, {result.seconds:.1f} s)")
    return {kind: out_dir / p.name for kind, p in written.items()}, result
