"""``kg export``, ``kg extract`` and ``kg eval``: tables derived from the graph with SPARQL."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import build, corpus_option, curation_option
from kg.errors import InputError


@click.command("export")
@click.argument("what", type=click.Choice(["observations", "entities", "coverage"]))
@corpus_option
@curation_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
def export_cmd(what: str, corpus_dir: Path | None, no_curation: bool, fmt: str) -> None:
    """Print one table of the built graph: observations, entities or number coverage."""
    from kg.coverage import COVERAGE_COLUMNS, coverage_rows
    from kg.entities.export import COLUMNS as ENTITY_COLUMNS
    from kg.entities.export import entity_rows
    from kg.export import OBSERVATION_COLUMNS, observation_rows, to_csv, to_json

    built = build(corpus_dir, curation=not no_curation)
    columns: tuple[str, ...]
    store = built.result.store  # the tables are asked of the one store, not an rdflib union
    if what == "observations":
        rows, columns = observation_rows(store), OBSERVATION_COLUMNS
    elif what == "entities":
        rows, columns = entity_rows(store), tuple(ENTITY_COLUMNS)
    else:
        rows, columns = coverage_rows(built.result.coverage), COVERAGE_COLUMNS
    click.echo(to_json(rows) if fmt == "json" else to_csv(rows, columns), nl=False)


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "ttl"]), default="csv",
              show_default=True)
def extract_cmd(file: Path, fmt: str) -> None:
    """Draft observations of one new article FILE (no annotation file is read)."""
    from kg.export import OBSERVATION_COLUMNS, observation_rows, to_csv, to_json
    from kg.publish import bind_prefixes

    if file.is_dir():
        raise InputError("expected one article file, got a folder (use `kg build --corpus`)",
                         file)
    built = build(file, curation=False)
    store = built.result.store
    if fmt == "ttl":
        from kg.export import observation_graph

        # From the rdflib union, not the store: the store answers xsd:nonNegativeInteger
        # offsets as xsd:integer, and this Turtle must say what the build made.
        sub = observation_graph(built.union())
        bind_prefixes(sub)
        click.echo(sub.serialize(format="turtle"), nl=False)
        return
    rows = observation_rows(store)
    click.echo(to_json(rows) if fmt == "json" else to_csv(rows, OBSERVATION_COLUMNS), nl=False)


@click.command("eval")
@click.option("--gold", "gold", type=click.Path(path_type=Path),
              help="Gold observations CSV: article,raw,value,lower,upper,approx,unit,"
                   "indicator_en,subject,time,quote[,place].")
@click.option("--entities", "entities_gold", type=click.Path(path_type=Path),
              help="Gold entities CSV (see tests/gold/README.md).")
@corpus_option
@curation_option
def eval_cmd(gold: Path | None, entities_gold: Path | None, corpus_dir: Path | None,
             no_curation: bool) -> None:
    """Score the graph against a gold file: precision, recall and F1, per field, and misses."""
    from kg.sources import read_source

    if gold is None and entities_gold is None:
        raise InputError("give --gold FILE.csv and/or --entities FILE.csv")
    built = build(corpus_dir, curation=not no_curation)
    if gold is not None:
        from kg.evaluate import evaluate, parse_gold, place_labels, render
        from kg.export import observation_rows

        text = read_source(gold, str(gold)).text
        score = evaluate(parse_gold(text, str(gold)), observation_rows(built.result.store),
                         built.corpus.articles, str(gold), place_labels(built.union()))
        click.echo(f"observations vs {gold}:")
        click.echo(render(score), nl=False)
    if entities_gold is not None:
        from kg.entities.evaluate import evaluate_entities
        from kg.entities.evaluate import render as render_entities

        click.echo(f"entities vs {entities_gold}:")
        click.echo(render_entities(evaluate_entities(built.union(), entities_gold)), nl=False)
