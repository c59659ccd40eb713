"""The ``kg`` command: one subcommand per pipeline stage, I/O at this edge only."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import click

from kg.errors import KgError

# Each subcommand's module is imported only when that command runs (or its help is asked):
# the modules behind them pull in rdflib, jieba, pypinyin, networkx, pyvis, uvicorn …, which
# together took seconds before any command could start.
COMMANDS = {
    "bench": "kg.commands.bench:bench_cmd",
    "build": "kg.commands.build:build_cmd",
    "validate": "kg.commands.build:validate_cmd",
    "export": "kg.commands.tables:export_cmd",
    "extract": "kg.commands.tables:extract_cmd",
    "eval": "kg.commands.tables:eval_cmd",
    "link": "kg.commands.link:link_cmd",
    "query": "kg.commands.query:query_cmd",
    "push": "kg.commands.push:push_cmd",
    "serve": "kg.commands.serve:serve_cmd",
    "viz": "kg.commands.viz:viz_cmd",
    "path": "kg.commands.viz:path_cmd",
    "stats": "kg.commands.viz:stats_cmd",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """Name → command, importing a command's module on first access by name."""

    def __init__(self, specs: dict[str, str]) -> None:
        self._specs = dict(specs)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attr = self._specs[name].partition(":")
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._specs[name] = ""
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._specs[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr with exit status 2 (never a traceback);
    its subcommands are loaded lazily (``COMMANDS``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS)

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
    from kg.commands.common import progress
    from kg.corpus import load_corpus
    from kg.ingest.report import articles_json, report_json, report_text

    corpus = load_corpus(path, progress(quiet or fmt != "text", "ingest"))
    if fmt == "json":
        click.echo(articles_json(corpus.pages))
    elif fmt == "report-json":
        click.echo(report_json(corpus.pages))
    else:
        click.echo(report_text(corpus.pages), nl=False)



if __name__ == "__main__":  # pragma: no cover
    main()
