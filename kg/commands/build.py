"""``kg build`` and ``kg validate``: the main job and the graph's self-checks."""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import Graph

from kg.commands.common import Built, build, corpus_option, curation_option
from kg.errors import KgError


def source_texts(built: Built) -> dict[str, str]:
    from kg.build.articles import article_iri

    return {str(article_iri(a.id)): page.source.text
            for page in built.corpus.pages for a in page.articles}


def verify(built: Built, union: Graph) -> None:
    """Every figure is re-checked against its source file; a mismatch fails the build."""
    from kg.verify import verify_evidence

    problems = verify_evidence(union, source_texts(built))
    if problems:
        listed = "; ".join(f"{p.observation}: {p.message}" for p in problems[:5])
        raise KgError(f"{len(problems)} figure(s) do not match their source text: {listed}")


def write_tables(built: Built, union: Graph, out: Path) -> dict[str, Path]:
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
    void = void_graph(union, sorted(p.source.name for p in built.corpus.pages))
    bind_prefixes(void)
    tables["void"].write_text(void.serialize(format="turtle"), encoding="utf-8")
    tables["linking"].write_text(to_csv(linking_rows(union), LINKING_COLUMNS), encoding="utf-8")
    places = out / "unresolved-places.csv"
    rows = [{"article_id": a, "name": n,
             "note": "not a township or village of the article's county in the gazetteer"}
            for a, n in built.result.unresolved_places]
    places.write_text(to_csv(rows, ("article_id", "name", "note")), encoding="utf-8")
    tables["ontology"].write_text(ontology_html(ontology_files()[0]), encoding="utf-8")
    tables["observations"].write_text(
        to_csv(observation_rows(union), OBSERVATION_COLUMNS), encoding="utf-8")
    tables["entities"].write_text(to_csv(entity_rows(union), ENTITY_COLUMNS), encoding="utf-8")
    tables["coverage"].write_text(
        to_csv(coverage_rows(built.result.coverage), COVERAGE_COLUMNS), encoding="utf-8")
    tables["ingest"].write_text(report_text(built.corpus.pages), encoding="utf-8")
    (out / "ingest-report.json").write_text(report_json(built.corpus.pages) + "\n",
                                            encoding="utf-8")
    return tables


@click.command("build")
@corpus_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"),
              show_default=True, help="Where to write the outputs.")
@curation_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def build_cmd(corpus_dir: Path | None, out_dir: Path, no_curation: bool, quiet: bool) -> None:
    """Build, verify and validate the graph; write it and its reports to OUT."""
    from kg.coverage import summary
    from kg.publish import canonical, write_outputs
    from kg.resources import load_shapes
    from kg.validate import render_text, validate

    built = build(corpus_dir, curation=not no_curation, quiet=quiet)
    union = built.union()
    verify(built, union)
    result = validate(union, load_shapes(), built.resources.ontology or Graph())
    try:
        paths = write_outputs(built.result.dataset, out_dir)
        tables = write_tables(built, union, out_dir)
        report = out_dir / "validation-report.ttl"
        report.write_text(canonical(result.report_graph).serialize(format="turtle"),
                          encoding="utf-8")
        (out_dir / "validation-report.txt").write_text(render_text(result), encoding="utf-8")
        # The graph page (kg.viz, issue 13): one call, kept apart from the other outputs.
        from kg.viz.outputs import write_graph_page
        tables["graph_page"] = write_graph_page(union, out_dir)
    except OSError as exc:
        raise KgError(f"cannot write the outputs ({exc.strerror})", out_dir) from exc
    events = [e for p in built.corpus.pages for e in p.events]
    counts = {a: sum(1 for e in events if e.action == a)
              for a in ("joined", "moved", "dropped", "flagged")}
    cov = summary(built.result.coverage)
    r = built.result
    click.echo(f"Built {built.corpus.root}: {len(built.corpus.pages)} page(s), {r.articles} "
               f"articles, {r.observations} observations, {r.triples} triples.")
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
                     ("observations table", tables["observations"]),
                     ("entities table", tables["entities"]),
                     ("coverage of every number", tables["coverage"]),
                     ("validation report", out_dir / "validation-report.txt"),
                     ("validation report (SHACL, RDF)", out_dir / "validation-report.ttl"),
                     ("dataset description (VoID, DCAT)", tables["void"]),
                     ("external identifiers of places, indicators, units", tables["linking"]),
                     ("ontology documentation", tables["ontology"]),
                     ("graph page (interactive, offline)", tables["graph_page"]),
                     ("ingest report", tables["ingest"])]:
        click.echo(f"  {p}  — {label}")
    if not result.conforms:
        raise SystemExit(1)


@click.command("validate")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@corpus_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="Also write the standard SHACL validation report (Turtle) here.")
def validate_cmd(file: Path | None, corpus_dir: Path | None, fmt: str,
                 report_path: Path | None) -> None:
    """Validate FILE (Turtle, TriG, N-Quads, N-Triples, JSON-LD) or the freshly built corpus.

    Exit status: 0 conforms, 1 violations, 2 unusable input.
    """
    from kg.resources import load_ontology, load_shapes
    from kg.validate import exit_code, load_data_file, render_json, render_text, validate

    if file is not None:
        data = load_data_file(file)
        ontology = load_ontology()
    else:
        built = build(corpus_dir)
        data, ontology = built.union(), built.resources.ontology or Graph()
    result = validate(data, load_shapes(), ontology)
    click.echo(render_json(result) if fmt == "json" else render_text(result), nl=False)
    if report_path is not None:
        report_path.write_text(result.report_graph.serialize(format="turtle"), encoding="utf-8")
    raise SystemExit(exit_code(result))
