"""The ``kg`` command: one subcommand per pipeline stage, I/O at this edge only."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg.errors import KgError

T = TypeVar("T")


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr with exit status 2 (never a traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def progress(quiet: bool, label: str) -> Callable[[Iterable[T]], Iterable[T]]:
    def wrap(items: Iterable[T]) -> Iterable[T]:
        if quiet or not sys.stderr.isatty():
            yield from items
            return
        items = list(items)
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


@click.group(cls=KgGroup)
@click.version_option(package_name="fupin-kg")
def main() -> None:
    """fupin-kg: build a knowledge graph of poverty-alleviation news."""


@main.command("ingest")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "report-json"]),
              default="text", show_default=True,
              help="text: the ingest report; json: the articles; report-json: the report.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest_cmd(path: Path | None, fmt: str, quiet: bool) -> None:
    """Split pages into articles and repair their reading order (default: the sample page)."""
    from kg.corpus import load_corpus
    from kg.ingest.report import articles_json, report_json, report_text

    corpus = load_corpus(path, progress(quiet or fmt != "text", "ingest"))
    if fmt == "json":
        click.echo(articles_json(corpus.pages))
    elif fmt == "report-json":
        click.echo(report_json(corpus.pages))
    else:
        click.echo(report_text(corpus.pages), nl=False)


@main.command("build")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path),
              help="Folder (or file) of .md/.txt articles; default: the bundled sample page.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"),
              show_default=True, help="Where to write the outputs.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def build_cmd(corpus_dir: Path | None, out_dir: Path, quiet: bool) -> None:
    """Build the knowledge graph and write it to OUT (TriG, Turtle, N-Triples, JSON-LD)."""
    from kg.corpus import load_corpus
    from kg.ingest.report import report_json, report_text
    from kg.pipeline import build_dataset
    from kg.publish import write_outputs

    corpus = load_corpus(corpus_dir, progress(quiet, "ingest"))
    result = build_dataset(corpus)
    try:
        paths = write_outputs(result.dataset, out_dir)
        (out_dir / "ingest-report.txt").write_text(report_text(corpus.pages), encoding="utf-8")
        (out_dir / "ingest-report.json").write_text(report_json(corpus.pages) + "\n",
                                                     encoding="utf-8")
    except OSError as exc:
        raise KgError(f"cannot write the outputs ({exc.strerror})", out_dir) from exc
    events = [e for p in corpus.pages for e in p.events]
    counts = {a: sum(1 for e in events if e.action == a)
              for a in ("joined", "moved", "dropped", "flagged")}
    click.echo(f"Built {corpus.root}: {len(corpus.pages)} page(s), {result.articles} articles, "
               f"{result.triples} triples.")
    click.echo("Ingest: " + ", ".join(f"{n} {a}" for a, n in counts.items()))
    click.echo("Open:")
    for label, p in [("graph (TriG, one graph per article)", paths["trig"]),
                     ("graph (Turtle, union)", paths["turtle"]),
                     ("graph (JSON-LD)", paths["jsonld"]),
                     ("ingest report", out_dir / "ingest-report.txt")]:
        click.echo(f"  {p}  — {label}")


if __name__ == "__main__":  # pragma: no cover
    main()
