"""``kg query``: run the query library (or any .rq file) over the graph, parameters bound."""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import Dataset, Graph

from kg.commands.common import backend_option, build, corpus_option, graph_file_option
from kg.errors import InputError


def find_query(name: str) -> Path:
    from kg.resources import queries_dir

    path = Path(name)
    if path.suffix == ".rq":
        if not path.is_file():
            raise InputError("no such query file", path)
        return path
    candidate = queries_dir() / f"{name}.rq"
    if not candidate.is_file():
        known = ", ".join(sorted(p.stem for p in queries_dir().glob("*.rq"))) or "none"
        raise InputError(f"no query named {name!r} (`kg query --list`; known: {known})")
    return candidate


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    given: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {pair!r}: write --param name=value")
        given[key.strip().lstrip("?")] = value.strip()
    return given


def load_dataset(graph_file: Path | None, corpus_dir: Path | None) -> Dataset:
    if graph_file is None:
        return build(corpus_dir).result.dataset
    from kg.validate import load_data_file

    data = load_data_file(graph_file)
    if isinstance(data, Dataset):
        return data
    ds = Dataset()
    target: Graph = ds.graph(data.identifier)
    for t in data:
        target.add(t)
    return ds


def list_queries() -> str:
    from kg.query import parse_query_file
    from kg.resources import queries_dir

    lines = []
    for path in sorted(queries_dir().glob("*.rq")):
        q = parse_query_file(path)
        params = " ".join(f"{p.name}={p.default or '?'}" for p in q.params)
        lines.append(f"{q.name:32} {q.title}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines) + "\n"


@click.command("query")
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a declared parameter (repeatable), e.g. --param place=place:xingxian.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "srj", "xml"]))
@click.option("--list", "list_only", is_flag=True, help="List the query library.")
@click.option("--print", "print_only", is_flag=True,
              help="Print the query with its parameters bound (defaults included) instead of "
                   "running it: it then runs unchanged on Oxigraph, Fuseki or QLever.")
@backend_option
@graph_file_option
@corpus_option
def query_cmd(name: str | None, params: tuple[str, ...], fmt: str, list_only: bool,
              print_only: bool, backend: str, graph_file: Path | None,
              corpus_dir: Path | None) -> None:
    """Run query NAME from queries/ (or a FILE.rq) over the graph."""
    from kg.backends import BACKENDS, FILE_BACKENDS, Answer, OxigraphBackend
    from kg.query import bind, parse_query_file
    from kg.results import RESULT_KEYS, render

    if list_only:
        click.echo(list_queries(), nl=False)
        return
    if name is None:
        raise InputError("give a query name or file (`kg query --list` shows the library)")
    query = parse_query_file(find_query(name))
    text = bind(query, parse_params(params))
    if print_only:
        click.echo(text if text.endswith("\n") else text + "\n", nl=False)
        return
    # A graph file goes straight into the chosen engine (pyoxigraph parses it itself).
    engine = (FILE_BACKENDS[backend](graph_file) if graph_file is not None
              else BACKENDS[backend](load_dataset(None, corpus_dir)))
    if fmt in RESULT_KEYS and isinstance(engine, OxigraphBackend):
        # A result format from Oxigraph: its own serialiser writes the rows (kg.oxresults).
        done = engine.serialised(text, fmt)
        if not isinstance(done, Answer):
            click.echo(done[0].decode("utf-8"), nl=False)
            return
        click.echo(render(done, fmt), nl=False)
        return
    click.echo(render(engine.answer(text), fmt), nl=False)
