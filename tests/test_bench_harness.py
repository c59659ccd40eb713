"""A smoke run of ``kg bench`` end to end on a small generated corpus: structure and sanity
of what it reports, never its timings (those depend on the machine)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.bench.harness import markdown, percentile, time_query
from kg.bench.recorder import Recorder
from kg.bench.stages import STAGES, backend_names, query_files
from kg.cli import main

# The size of the smoke corpus; CI may raise it (the issue asks for 100 once builds are fast).
SMOKE_ARTICLES = int(os.environ.get("KG_BENCH_SMOKE_ARTICLES", "12"))


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    keep = out.parent / "corpora"
    result = CliRunner().invoke(main, [
        "bench", "--articles", str(SMOKE_ARTICLES), "--out", str(out), "--repeats", "2",
        "--budget", "60", "--seed", "3", "--keep-corpus", str(keep)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result.stdout, keep


def test_every_stage_is_reported(smoke: tuple[dict[str, Any], str, Path]) -> None:
    results, _, _ = smoke
    assert results["schema"] == 1 and results["seed"] == 3
    env = results["environment"]
    assert env["cpus"] >= 1 and env["python"] and env["packages"]["rdflib"]
    (run,) = results["runs"]
    assert run["articles"] == SMOKE_ARTICLES
    assert run["observations"] > 0 and run["triples"] > 1000 and run["quads"] >= run["triples"]
    assert set(run["stages"]) == set(STAGES)
    for name, stage in run["stages"].items():
        assert stage["parts"], name
        assert stage["wall_s"] >= 0 and stage["cpu_s"] >= 0 and stage["peak_rss_mb"] > 0, name
    pipeline = run["pipeline"]
    assert pipeline["peak_rss_mb"] > 0 and pipeline["triples_per_s"] > 0
    # The stages account for the pipeline (nothing large left untimed).
    total = sum(s["wall_s"] for s in run["stages"].values())
    assert 0.8 * pipeline["wall_s"] <= total <= pipeline["wall_s"] * 1.01
    assert {"kg.trig", "kg.ttl", "observations.csv", "entities.csv"} <= set(run["outputs"])


def test_validation_verdict_is_reported(smoke: tuple[dict[str, Any], str, Path]) -> None:
    (run,) = smoke[0]["runs"]
    v = run["validation"]
    assert v["conforms"] == (v["violations"] == 0)
    assert sum(v["violations_by_shape"].values()) == v["violations"]


def test_extraction_recall_of_the_generated_figures(
        smoke: tuple[dict[str, Any], str, Path]) -> None:
    (run,) = smoke[0]["runs"]
    x = run["extraction"]
    assert x["gold"] == run["gold_figures"] > SMOKE_ARTICLES * 10
    assert x["recall"] >= 0.95, x["misses"]
    assert x["precision"] >= 0.9, x["not_in_gold"]


def test_every_query_on_every_backend(smoke: tuple[dict[str, Any], str, Path]) -> None:
    (run,) = smoke[0]["runs"]
    assert set(run["queries"]) == {p.stem for p in query_files()}
    for name, per_backend in run["queries"].items():
        assert set(per_backend) == set(backend_names()), name
        for backend, q in per_backend.items():
            assert "error" not in q, (name, backend, q)
            assert q["runs"] == 2 and q["median_ms"] <= q["p95_ms"], (name, backend)
    # Both engines give the same number of rows.
    for name, per_backend in run["queries"].items():
        assert len({q["rows"] for q in per_backend.values()}) == 1, name


def test_markdown_and_kept_corpus(smoke: tuple[dict[str, Any], str, Path]) -> None:
    results, stdout, keep = smoke
    assert stdout == markdown(results)
    assert f"| {SMOKE_ARTICLES} |" in stdout
    for stage in STAGES:
        assert f"| {stage} |" in stdout
    corpus = keep / f"corpus-{SMOKE_ARTICLES}"
    assert (corpus / "gold.csv").exists() and list(corpus.glob("*.meta.yaml"))


def test_bad_sizes_are_refused() -> None:
    for bad in ("0", "ten", ""):
        result = CliRunner().invoke(main, ["bench", "--articles", bad])
        assert result.exit_code == 2
        assert "--articles" in result.output and "Traceback" not in result.output


def test_a_slow_query_is_stopped_at_its_budget() -> None:
    class Slow:
        def answer(self, query: str) -> Any:
            time.sleep(30)

    t0 = time.monotonic()
    q = time_query(Slow(), "ASK {}", repeats=3, budget=0.5)
    assert time.monotonic() - t0 < 10
    assert q["runs"] == 0 and q["timeout_s"] == 0.5 and "median_ms" not in q


def test_query_errors_are_reported_not_raised() -> None:
    from rdflib import Dataset

    from kg.backends import RdflibBackend

    q = time_query(RdflibBackend(Dataset()), "SELECT * WHERE { ?s ?p }", repeats=2, budget=20)
    assert "error" in q and q["runs"] == 0
    ok = time_query(RdflibBackend(Dataset()), "ASK { ?s ?p ?o }", repeats=3, budget=20)
    assert ok["runs"] == 3 and ok["rows"] == 1


def test_percentile_and_recorder() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 95) == 5.0
    assert percentile([1.0] * 19 + [9.0], 95) == 1.0
    rec = Recorder()
    rec.start()
    with rec.stage("outer"):
        with rec.stage("inner"):
            sum(range(200_000))
        Graph()
    rec.stop()
    outer, inner = rec.records["outer"], rec.records["inner"]
    assert inner.parent == "outer" and outer.wall >= inner.wall
    wall, _ = rec.exclusive("outer")
    assert 0 <= wall <= outer.wall and inner.peak_rss > 0


def test_hooks_call_the_viz_and_load_test_modules_where_present(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The viz timing and the endpoint load test are optional modules; when present, the
    harness calls them (here stand-ins), the load test against a real ``kg serve``."""
    import sys
    import types
    import urllib.request

    from kg.bench.stages import load_test, viz_timings

    graph = tmp_path / "tiny.nt"
    graph.write_text('<https://example.org/a> <https://example.org/p> "x" .\n',
                     encoding="utf-8")

    def run_load(url: str, clients: int, seconds: float, queries: list[str],
                 runaway: int) -> dict[str, Any]:
        query = urllib.request.quote("ASK { ?s ?p ?o }")
        with urllib.request.urlopen(f"{url}/sparql?query={query}", timeout=30) as answer:
            return {"clients": clients, "status": answer.status,
                    "answer": json.loads(answer.read())["boolean"]}

    fake = types.ModuleType("kg.serve.loadtest")
    fake.run_load = run_load  # type: ignore[attr-defined]
    fake.library_queries = list  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg.serve.loadtest", fake)
    report = load_test(graph, clients=3, seconds=1, backend="rdflib")
    assert report == {"backend": "rdflib", "clients": 3, "status": 200, "answer": True}

    viz = types.ModuleType("kg.viz")
    viz.overview_timings = lambda g: {"triples": len(g)}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg.viz", viz)
    union = Graph().parse(graph)
    assert viz_timings(union) == {"triples": 1}
