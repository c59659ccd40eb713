"""The ``kg`` command: one subcommand per pipeline stage, I/O at this edge only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.commands.bench import bench_cmd
from kg.commands.build import build_cmd, validate_cmd
from kg.commands.common import progress
from kg.commands.link import link_cmd
from kg.commands.push import push_cmd
from kg.commands.query import query_cmd
from kg.commands.serve import serve_cmd
from kg.commands.tables import eval_cmd, export_cmd, extract_cmd
from kg.commands.viz import path_cmd, stats_cmd, viz_cmd
from kg.errors import KgError


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr with exit status 2 (never a traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


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


for command in (build_cmd, validate_cmd, export_cmd, extract_cmd, eval_cmd, link_cmd,
                query_cmd, push_cmd, serve_cmd, viz_cmd, path_cmd, stats_cmd):
    main.add_command(command)
main.add_command(bench_cmd)


if __name__ == "__main__":  # pragma: no cover
    main()
