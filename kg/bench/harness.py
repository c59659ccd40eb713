"""The benchmark: generate corpora of several sizes, run the real pipeline on each, report.

Each size runs in a fresh Python process (``python -m kg.bench --measure-corpus DIR``) so
that one size's memory does not inflate the next one's peak. In it the pipeline runs once,
stage by stage (:mod:`kg.bench.stages`); then every query of ``queries/`` runs on every
backend, each query in a forked child that is stopped at the time budget (rdflib's engine
takes minutes on some queries at a few hundred articles) so that one slow query reports
"timeout" instead of stalling the run.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.bench.generate import GOLD_FILE, generate, write_corpus
from kg.bench.recorder import Recorder, peak_rss_bytes
from kg.bench.stages import (
    STAGES,
    answer_rows,
    backend_names,
    bound_query,
    extraction_score,
    full_answer,
    import_pipeline,
    load_test,
    open_backend,
    query_files,
    run_pipeline,
    stage_table,
    viz_timings,
)
from kg.errors import InputError, KgError

PACKAGES = ("fupin-kg", "rdflib", "pyoxigraph", "pyshacl", "pyshacl-turbo", "jieba", "jionlp",
            "networkx", "pyvis")
SCHEMA = 1


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def _run_query(backend: Any, query: str, repeats: int, conn: Connection,
               fmt: str | None = None) -> None:
    try:
        for _ in range(repeats):
            # The timer holds the whole answer as the user gets it (stages.full_answer); the
            # rows are counted after it. CPU seconds of this child beside the wall time:
            # the machine is shared, and the evaluation runs on this process's one thread.
            t0, c0 = time.perf_counter(), time.process_time()
            done = full_answer(backend, query, fmt)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            conn.send(("ok", (seconds, cpu), answer_rows(done)))
    except Exception as exc:  # any engine error is a result to report, not a crash
        conn.send(("error", 0.0, f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        conn.close()


def time_query(backend: Any, query: str, repeats: int, budget: float,
               fmt: str | None = None) -> dict[str, Any]:
    """Median and p95 latency of ``query`` over ``repeats`` runs in a forked child; a run
    still going after ``budget`` seconds in all is stopped and reported as a timeout.
    ``fmt``: what is timed (``stages.full_answer``): None the rows as rdflib terms, a
    format key the endpoint's bytes of the whole answer."""
    if fmt is not None:
        # Imported here, before the fork: importing the endpoint's modules (starlette,
        # uvicorn) takes a second, which the first run of every query would otherwise time.
        import kg.serve.sparql  # noqa: F401
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run_query, args=(backend, query, repeats, send, fmt),
                        daemon=True)
    child.start()
    send.close()
    times: list[float] = []
    cpus: list[float] = []
    rows: int | None = None
    error: str | None = None
    deadline = time.monotonic() + budget
    while len(times) < repeats and error is None:
        left = deadline - time.monotonic()
        if left <= 0 or not receive.poll(left):
            break
        try:
            status, seconds, value = receive.recv()
        except EOFError:
            error = "the query process ended without an answer"
            break
        if status == "error":
            error = str(value)
        else:
            times.append(seconds[0])
            cpus.append(seconds[1])
            rows = int(value)
    timed_out = len(times) < repeats and error is None
    if child.is_alive():
        child.kill()
    child.join()
    receive.close()
    out: dict[str, Any] = {"runs": len(times), "rows": rows}
    if times:
        out["median_ms"] = round(statistics.median(times) * 1000, 2)
        out["p95_ms"] = round(percentile(times, 95) * 1000, 2)
        out["cpu_median_ms"] = round(statistics.median(cpus) * 1000, 2)
    if timed_out:
        out["timeout_s"] = budget
    if error:
        out["error"] = error
    return out


def measure(corpus_dir: Path, work_dir: Path, repeats: int = 5, budget: float = 60.0,
            backends: list[str] | None = None, serve: bool = False) -> dict[str, Any]:
    """Everything measured on one corpus, in this process."""
    recorder = Recorder()
    out_dir = work_dir / "dist"
    startup = import_pipeline()
    recorder.start()
    wall0 = time.perf_counter()
    cpu0 = time.process_time()
    try:
        run = run_pipeline(corpus_dir, out_dir, recorder)
    finally:
        recorder.stop()
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    pipeline_peak = peak_rss_bytes()
    result: dict[str, Any] = {
        "articles": run.articles, "observations": run.observations,
        "triples": run.triples, "quads": run.quads,
        "pipeline": {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                     "peak_rss_mb": round(pipeline_peak / 2**20, 1),
                     "triples_per_s": round(run.triples / wall, 1) if wall else None,
                     "startup_s": round(startup, 3)},
        "stages": stage_table(recorder),
        "validation": {"conforms": run.conforms, "violations": run.violations,
                       "warnings": run.warnings, "violations_by_shape": run.violation_shapes},
        "outputs": run.outputs,
    }
    gold = corpus_dir / GOLD_FILE
    result["extraction"] = (extraction_score(gold, out_dir, run.corpus) if gold.exists()
                            else None)
    queries: dict[str, dict[str, Any]] = {}
    loads: dict[str, float] = {}
    for name in backends or backend_names():
        t0 = time.perf_counter()
        backend = open_backend(name, run.dataset)
        loads[name] = round(time.perf_counter() - t0, 3)
        for path in query_files():
            text = bound_query(path)
            queries.setdefault(path.stem, {})[name] = time_query(backend, text, repeats, budget)
        del backend
    result["backend_load_s"] = loads
    result["queries"] = queries
    t0 = time.perf_counter()
    viz = viz_timings(run.store)  # as kg build draws the page: from its store
    result["viz_overview"] = (viz if viz is None else
                              {**viz, "wall_s": round(time.perf_counter() - t0, 3)})
    result["serve_load_test"] = load_test(out_dir / "kg.nt") if serve else None
    return result


def environment() -> dict[str, Any]:
    """What the figures depend on: machine, Python, package versions, commit, load."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    mem_total = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                mem_total = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": _git("rev-parse", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": mem_total,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "packages": versions,
    }


def _git(*args: str) -> str | None:
    here = Path(__file__).resolve().parent
    try:
        done = subprocess.run(["git", "-C", str(here), *args], capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def run_sizes(sizes: list[int], seed: int = 0, repeats: int = 5, budget: float = 60.0,
              backends: list[str] | None = None, serve: bool = False,
              keep: Path | None = None, log: Any = None) -> dict[str, Any]:
    """Generate a corpus of each size and measure it in its own process."""
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        base = keep or Path(tmp)
        for size in sizes:
            corpus = base / f"corpus-{size}"
            if corpus.exists() and any(corpus.iterdir()):
                raise InputError("this folder already holds a corpus; remove it or choose "
                                 "another --keep-corpus folder", corpus)
            t0 = time.perf_counter()
            pages = generate(size, seed=seed)
            write_corpus(pages, corpus)
            generated = round(time.perf_counter() - t0, 3)
            if log:
                log(f"bench: {size} articles generated in {corpus} ({generated} s); running")
            result_file = Path(tmp) / f"result-{size}.json"
            command = [sys.executable, "-m", "kg.bench", "--measure-corpus", str(corpus),
                       "--result", str(result_file), "--repeats", str(repeats),
                       "--budget", str(budget)]
            command += [arg for b in backends or [] for arg in ("--backend", b)]
            command += ["--serve"] if serve else []
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0 or not result_file.exists():
                last = (done.stderr.strip().splitlines() or ["no output"])[-1]
                raise KgError(f"the benchmark run at {size} articles failed: {last}")
            result = json.loads(result_file.read_text(encoding="utf-8"))
            result["generate_s"] = generated
            result["pages"] = len(pages)
            result["scrambled_pages"] = sum(1 for p in pages if p.scrambles)
            result["gold_figures"] = sum(len(a.figures) for p in pages for a in p.articles)
            result["load_average"] = [round(x, 2) for x in os.getloadavg()]
            runs.append(result)
            if log:
                log(f"bench: {size} articles: {result['pipeline']['wall_s']} s wall, "
                    f"{result['triples']} triples")
    env = environment()
    for run in runs:  # kept per run, so that runs of several invocations can be put together
        run["commit"] = env["commit"]
    return {"schema": SCHEMA, "seed": seed, "environment": env, "runs": runs}


def markdown(results: dict[str, Any]) -> str:
    """The tables for the README: the pipeline per size and stage, then query latency."""
    env = results["environment"]
    runs = results["runs"]
    commits = {r.get("commit", env["commit"]) for r in runs}
    at = (f"at commit {str(env['commit'])[:10]}" if len(commits) == 1
          else "at the commits listed per run")
    lines = [f"Measured {env['date']} {at}"
             f"{' (with local changes)' if env['dirty'] else ''}: {env['cpus']} CPUs, "
             f"{env['memory_gb']} GB RAM, Python {env['python']}, load average "
             f"{env['load_average'][0]} at the end.", ""]
    lines += ["| articles | triples | pipeline wall s | CPU s | peak RSS MB | triples/s | "
              "violations | extraction recall | commit, load |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        p = r["pipeline"]
        x = r.get("extraction")
        recall = f"{x['recall']:.3f} of {x['gold']}" if x else "–"
        lines.append(f"| {r['articles']} | {r['triples']:,} | {p['wall_s']:.1f} | "
                     f"{p['cpu_s']:.1f} | {p['peak_rss_mb']:.0f} | {p['triples_per_s']:,.0f} | "
                     f"{r['validation']['violations']} | {recall} | "
                     f"{str(r.get('commit'))[:7]}, {r.get('load_average', ['?'])[0]} |")
    lines += ["", "Wall / CPU seconds (peak RSS MB) per stage:", "",
              "| stage | " + " | ".join(f"{r['articles']} articles" for r in runs) + " |",
              "|---|" + "---|" * len(runs)]
    for stage in STAGES:
        cells = [f"{r['stages'][stage]['wall_s']:.1f} / {r['stages'][stage]['cpu_s']:.1f} "
                 f"({r['stages'][stage]['peak_rss_mb']:.0f})" for r in runs]
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    backends = sorted({b for r in runs for q in r["queries"].values() for b in q})
    lines += ["", "Query latency, median / p95 ms (rows), per backend:", "",
              "| query | " + " | ".join(f"{b} @{r['articles']}" for r in runs
                                      for b in backends) + " |",
              "|---|" + "---|" * (len(runs) * len(backends))]
    names = sorted({q for r in runs for q in r["queries"]})
    for name in names:
        cells = []
        for r in runs:
            for b in backends:
                cells.append(_latency(r["queries"].get(name, {}).get(b)))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _latency(q: dict[str, Any] | None) -> str:
    if not q:
        return "–"
    if "error" in q:
        return "error"
    if "median_ms" not in q:
        return f"> {q.get('timeout_s', 0):.0f} s"
    text = f"{_ms(q['median_ms'])} / {_ms(q['p95_ms'])} ({q['rows']})"
    return text + (" timeout" if "timeout_s" in q else "")


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"
