"""``kg push``: load the built graph into a SPARQL 1.1 store, one graph per article."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import build, corpus_option, graph_file_option


@click.command("push")
@click.option("--graph-store", "graph_store", metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store.")
@click.option("--endpoint", "endpoint", metavar="URL",
              help="SPARQL Update endpoint, used when the store offers no Graph Store Protocol.")
@graph_file_option
@corpus_option
@click.option("--no-union-default", is_flag=True,
              help="Do not also write the union of all graphs to the default graph.")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds per request.")
def push_cmd(graph_store: str | None, endpoint: str | None, graph_file: Path | None,
             corpus_dir: Path | None, no_union_default: bool, timeout: float) -> None:
    """Load the named graphs into a triple store (Oxigraph, Fuseki, Virtuoso, GraphDB …)."""
    from kg.commands.query import load_dataset
    from kg.errors import InputError
    from kg.push import push

    if not graph_store and not endpoint:
        raise InputError("give --graph-store URL (Graph Store Protocol) or --endpoint URL "
                         "(SPARQL Update)")

    ds = load_dataset(graph_file, corpus_dir) if graph_file else build(corpus_dir).result.dataset
    done = push(ds, graph_store, endpoint, union_default=not no_union_default,
                timeout=timeout, progress=lambda name: click.echo(f"  {name}", err=True))
    where = graph_store or endpoint
    click.echo(f"Pushed {done.graphs} named graphs ({done.triples} distinct triples) to {where}.")
