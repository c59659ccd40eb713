"""What the subcommands share: progress display, loading resources, building the graph."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import click

from kg.built import Built, build_corpus
from kg.cache import ArticleCache
from kg.parallel import Pool

T = TypeVar("T")


def progress(quiet: bool, label: str) -> Callable[[Iterable[T]], Iterable[T]]:
    """A progress bar on an interactive terminal; silent otherwise (CI logs, pipes)."""

    def wrap(items: Iterable[T]) -> Iterable[T]:
        if quiet or not sys.stderr.isatty():
            yield from items
            return
        items = list(items)
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


def build(corpus_dir: Path | None, curation: bool = True, quiet: bool = True,
          jobs: int | Pool = 1, cache: ArticleCache | None = None) -> Built:
    """``build_corpus`` with the commands' progress bars."""
    return build_corpus(corpus_dir, curation, progress(quiet, "ingest"),
                        progress(quiet, "build"), jobs, cache)


corpus_option = click.option(
    "--corpus", "corpus_dir", type=click.Path(path_type=Path),
    help="Folder (or file) of .md/.txt articles; default: the bundled sample page.")
curation_option = click.option(
    "--no-curation", "no_curation", is_flag=True,
    help="Ignore annotation files: draft facts only.")
backend_option = click.option(
    "--backend", type=click.Choice(["rdflib", "oxigraph"]), default="oxigraph",
    show_default=True, help="Query engine.")
graph_file_option = click.option(
    "--graph", "graph_file", type=click.Path(path_type=Path),
    help="Use a built graph file (TriG, Turtle, N-Quads, JSON-LD) instead of building the "
         "corpus.")
