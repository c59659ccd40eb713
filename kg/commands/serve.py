"""``kg serve``: the graph over the SPARQL 1.1 Protocol, with a page per resource."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.common import backend_option, corpus_option, graph_file_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (loopback only by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0 = any free port).")
@backend_option
@graph_file_option
@corpus_option
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (answer 503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) returned at most; longer results are cut and say so "
                   "in the X-Result-Truncated header.")
@click.option("--workers", default=6, show_default=True, type=click.IntRange(min=2),
              help="Query worker processes (each can be killed at the time limit).")
@click.option("--long-slots", type=click.IntRange(min=1),
              help="How many queries may run longer than a second at once (default: "
                   "workers - 2, so that runaway queries never hold every worker).")
@click.option("--answer-cache-mb", default=64, show_default=True, type=click.IntRange(min=0),
              help="Megabytes of answers kept for repeated queries (the graph does not "
                   "change while served); 0 turns the cache off.")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
def serve_cmd(host: str, port: int, backend: str, graph_file: Path | None,
              corpus_dir: Path | None, timeout: float, max_rows: int, workers: int,
              long_slots: int | None, answer_cache_mb: int, quiet: bool) -> None:
    """Serve the graph: SPARQL at /sparql, a query page at /, resources at /id/..., /void."""
    from kg.commands.common import build
    from kg.errors import KgError
    from kg.resources import queries_dir
    from kg.serve import Site, load_examples, make_server

    dataset = None
    if graph_file is not None:
        sources = [graph_file.name]  # loaded by the backend itself (pyoxigraph directly)
    else:
        built = build(corpus_dir, quiet=quiet)
        dataset = built.result.dataset
        sources = [page.source.name for page in built.corpus.pages]
    try:
        examples = load_examples(queries_dir())
    except KgError as exc:
        click.echo(f"kg serve: no example queries ({exc})", err=True)
        examples = []
    site = Site(dataset, backend, timeout, max_rows, examples, sources, graph_file=graph_file,
                workers=workers, long_slots=long_slots, answer_cache_mb=answer_cache_mb)
    try:
        server = make_server(site, host, port, log=not quiet)
    except OSError as exc:
        site.close()
        raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
    bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"kg serve: http://{shown}:{bound_port}/ (SPARQL at /sparql; Ctrl+C stops)",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
