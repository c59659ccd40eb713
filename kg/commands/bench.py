"""``kg bench``: generate corpora, run the real pipeline on them, report time and memory."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from kg.errors import InputError


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise InputError(f"--articles: {text!r} is not a comma-separated list of numbers, "
                         "e.g. 10,50,100") from exc
    if not sizes or any(n < 1 for n in sizes):
        raise InputError(f"--articles: {text!r}: give one or more positive numbers")
    return sizes


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


@click.command("bench")
@click.option("--articles", "articles", default="10,50,100", show_default=True,
              help="Corpus sizes to generate and measure, comma-separated.")
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              default=Path("bench/results.json"), show_default=True,
              help="Where to write the results (JSON).")
@click.option("--seed", default=0, show_default=True, help="Seed of the corpus generator.")
@click.option("--repeats", default=5, show_default=True, help="Runs per query and backend.")
@click.option("--budget", default=60.0, show_default=True,
              help="Seconds a query may take over all its runs before it is stopped.")
@click.option("--backend", "backends", multiple=True,
              help="Query backends to measure (default: all).")
@click.option("--serve", is_flag=True,
              help="Also run the endpoint load test (kg.serve.loadtest) where available.")
@click.option("--keep-corpus", "keep", type=click.Path(path_type=Path),
              help="Write the generated corpora (with gold.csv) here and keep them.")
@click.option("--measure-corpus", "measure_corpus", type=click.Path(path_type=Path),
              hidden=True)
@click.option("--result", "result_file", type=click.Path(path_type=Path), hidden=True)
def bench_cmd(articles: str, out_file: Path, seed: int, repeats: int, budget: float,
              backends: tuple[str, ...], serve: bool, keep: Path | None,
              measure_corpus: Path | None, result_file: Path | None) -> None:
    """Generate corpora of each size, build them with the real pipeline, time every stage
    and every query; write the results as JSON and print a Markdown table."""
    from kg.bench import harness

    if measure_corpus is not None:  # one size, in the fresh process run_sizes started
        with tempfile.TemporaryDirectory(prefix="kg-bench-run-") as work:
            result = harness.measure(measure_corpus, Path(work), repeats, budget,
                                     list(backends) or None, serve)
        if result_file is None:
            raise InputError("--measure-corpus needs --result FILE")
        _write_atomic(result_file, json.dumps(result, ensure_ascii=False, indent=1))
        return
    results = harness.run_sizes(_sizes(articles), seed, repeats, budget, list(backends) or None,
                                serve, keep, log=lambda m: click.echo(m, err=True))
    _write_atomic(out_file, json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    click.echo(harness.markdown(results), nl=False)
    click.echo(f"bench: results written to {out_file}", err=True)
