"""``kg viz``, ``kg path`` and ``kg stats``: the graph drawn, explained and counted."""

from __future__ import annotations

import json
from pathlib import Path

import click
import networkx as nx
from rdflib import Dataset, Graph

from kg.commands.common import build, corpus_option, graph_file_option
from kg.errors import KgError
from kg.viz.convert import CLASSES


def load_union(graph_file: Path | None, corpus_dir: Path | None) -> Graph:
    from kg.publish import union_graph

    if graph_file is None:
        return build(corpus_dir).union()
    from kg.validate import load_data_file

    data = load_data_file(graph_file)
    return union_graph(data) if isinstance(data, Dataset) else data


def load_nx(graph_file: Path | None, corpus_dir: Path | None) -> nx.MultiDiGraph:
    from kg.viz.convert import to_networkx

    return to_networkx(load_union(graph_file, corpus_dir))


@click.command("viz")
@click.option("--focus", help="Centre the view on this entity (IRI, prefixed name or label).")
@click.option("--hops", type=click.IntRange(0, 5), default=1, show_default=True,
              help="With --focus: how many relations away to show.")
@click.option("--article", help="Only this article's nodes (id, IRI or a headline phrase).")
@click.option("--class", "cls", type=click.Choice(sorted(CLASSES)),
              help="Only nodes of this class.")
@click.option("--max-nodes", type=click.IntRange(1, 100_000), default=400, show_default=True,
              help="The cap on nodes in the view; the best connected are kept.")
@click.option("--no-fold", is_flag=True,
              help="Draw every observation instead of folding them into their indicators.")
@click.option("--out", "out", type=click.Path(path_type=Path),
              default=Path("dist/graph.html"), show_default=True)
@graph_file_option
@corpus_option
def viz_cmd(focus: str | None, hops: int, article: str | None, cls: str | None,
            max_nodes: int, no_fold: bool, out: Path, graph_file: Path | None,
            corpus_dir: Path | None) -> None:
    """Write an interactive, self-contained graph page (pyvis, works offline)."""
    from kg.viz.analytics import resolve
    from kg.viz.outputs import resolve_article
    from kg.viz.page import render, write_atomic
    from kg.viz.view import select

    g = load_nx(graph_file, corpus_dir)
    view = select(g, focus=resolve(g, focus) if focus else None, hops=hops,
                  article=resolve_article(g, article) if article else None, cls=cls,
                  max_nodes=max_nodes, fold=False if no_fold else None)
    rendered = render(g, view)
    try:
        write_atomic(out, rendered.html)
    except OSError as exc:
        raise KgError(f"cannot write the page ({exc.strerror})", out) from exc
    click.echo(f"kg viz: wrote {out}: {rendered.summary}", err=True)


@click.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--max", "limit", type=click.IntRange(1, 50), default=3, show_default=True,
              help="How many shortest paths to list.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@graph_file_option
@corpus_option
def path_cmd(source: str, target: str, limit: int, fmt: str, graph_file: Path | None,
             corpus_dir: Path | None) -> None:
    """The shortest explained paths between two entities (IRI or label, zh or en)."""
    from kg.viz.analytics import paths, paths_json, paths_text, resolve

    g = load_nx(graph_file, corpus_dir)
    a, b = resolve(g, source), resolve(g, target)
    found = paths(g, a, b, limit)
    if fmt == "json":
        click.echo(json.dumps({"from": a, "to": b, "paths": paths_json(g, found)},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(paths_text(g, a, b, found), nl=False)


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@graph_file_option
@corpus_option
def stats_cmd(fmt: str, graph_file: Path | None, corpus_dir: Path | None) -> None:
    """Counts per class, the most connected entities, components, shared entities."""
    from kg.viz.analytics import stats, stats_table

    result = stats(load_nx(graph_file, corpus_dir))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(stats_table(result), nl=False)
