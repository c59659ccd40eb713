"""Atomic outputs: a build or a link that is killed, or that fails, leaves the previous
dist/ complete and readable; a corpus that names nothing builds (no KeyError)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import main
from kg.namespaces import GRAPH
from tests.sparql_fixture import sparql_server

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata-p442.ttl"
KG = [sys.executable, "-c", "from kg.cli import main; main()"]


def _small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.md").write_text("今天天气很好。\n", encoding="utf-8")
    (folder / "b.txt").write_text("The weather is fine today.\n", encoding="utf-8")
    (folder / "c.md").write_text("# 标题\n\n## 小标题\n", encoding="utf-8")
    (folder / "d.md").write_text("\u3000\u3000\n  \n", encoding="utf-8")
    (folder / "e.md").write_text("兴县今年新建住房500户,安置群众1200人。\n", encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _staging(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.new-")]


def _staged_files(out: Path) -> int:
    """Files in the largest staging folder; the build may rename or remove it meanwhile."""
    counts = [0]
    for staging in _staging(out):
        try:
            counts.append(sum(1 for _ in staging.iterdir()))
        except FileNotFoundError:  # swapped into place (or cleaned up) since it was listed
            continue
    return max(counts)


def _kill_when(args: list[str], ready: Callable[[], bool], timeout: float = 300) -> bool:
    """Run ``kg`` ARGS and SIGKILL it once ``ready()``; False if it finished first."""
    proc = subprocess.Popen([*KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if ready():
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_corpus_that_names_nothing_builds(tmp_path: Path) -> None:
    from kg.commands.common import build
    from kg.entities.export import entity_rows

    corpus = _small_corpus(tmp_path / "corpus")
    for name in ("e.md",):
        (corpus / name).unlink()
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", str(out),
                                       "--quiet"])
    assert result.exit_code == 0, result.output
    assert (out / "entities.csv").read_text(encoding="utf-8").splitlines() == [
        "id,type,label_zh,label_en,aliases,articles,mentions,quote"]
    built = build(corpus)
    assert entity_rows(built.union()) == [] == entity_rows(built.result.store)  # both engines
    exported = CliRunner().invoke(main, ["export", "entities", "--corpus", str(corpus),
                                         "--format", "json"])
    assert exported.exit_code == 0 and exported.stdout.strip() == "[]"


def test_a_killed_build_leaves_the_previous_dist(tmp_path: Path) -> None:
    corpus = _small_corpus(tmp_path / "corpus")
    out = tmp_path / "dist"
    started = time.monotonic()
    first = subprocess.run([*KG, "build", "--corpus", str(corpus), "--out", str(out),
                            "--quiet"], capture_output=True, text=True, check=False)
    took = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # a user's file beside them
    before = _snapshot(out)
    # Kill points: mid-build (by time), as the staging folder appears, half-way through
    # writing it, and with nearly every file written.
    points: list[Callable[[], bool]] = [
        lambda: time.monotonic() - t0 > took * 0.5,
        lambda: bool(_staging(out)),
        lambda: _staged_files(out) >= 4,
        lambda: _staged_files(out) >= 12,
    ]
    killed = 0
    for ready in points:
        t0 = time.monotonic()
        killed += _kill_when(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"],
                             ready)
        assert _snapshot(out) == before  # complete, and the previous build's bytes
        Dataset().parse(out / "kg.trig", format="trig")  # and readable
    assert killed >= 3
    # The next build cleans up what the killed ones left and keeps the user's file.
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", str(out),
                                       "--quiet"])
    assert result.exit_code == 0, result.output
    assert not _staging(out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dist.")]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_failed_build_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "kg.ttl").write_text("old\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--corpus", str(tmp_path / "missing"),
                                       "--out", str(out)])
    assert result.exit_code == 2
    assert _snapshot(out) == {"kg.ttl": b"old\n"}


def test_build_refuses_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = _small_corpus(tmp_path / "corpus")
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", "."])
    assert result.exit_code == 2 and "folder of its own" in result.stderr


@pytest.fixture()
def built_dist(tmp_path: Path) -> Path:
    """A real build (with its per-article graphs) of a small corpus with a county."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "xingxian.md").write_text(
        "---\nplace: 兴县\n---\n\n# 兴县新建住房\n\n兴县今年新建住房500户,蔚汾镇安置群众1200人。\n",
        encoding="utf-8")
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--out", str(out),
                                       "--quiet"])
    assert result.exit_code in (0, 1), result.output
    return out


def _graphs(trig: Path) -> dict[str, int]:
    ds = Dataset().parse(trig, format="trig")
    return {str(g.identifier): len(g) for g in ds.graphs() if len(g)}


def test_link_keeps_the_named_graphs_and_writes_atomically(built_dist: Path) -> None:
    trig = built_dist / "kg.trig"
    before = _graphs(trig)
    assert any("/graph/article/" in g for g in before)
    with sparql_server(FIXTURE) as endpoint:
        result = CliRunner().invoke(main, ["link", "--wikidata", endpoint, "--graph",
                                           str(trig), "--date", "2026-11-29"])
    assert result.exit_code == 0, result.output
    after = _graphs(trig)
    links = str(GRAPH["links/wikidata"])
    assert after.pop(links) > 0
    assert after == before  # every other graph as it was, none collapsed into a default
    assert "urn:x-rdflib:default" not in after
    void = (built_dist / "void.ttl").read_text(encoding="utf-8")
    assert str(sum(1 for line in (built_dist / "kg.nt").open(encoding="utf-8"))) in void


def test_link_refuses_a_triple_file_and_changes_nothing(built_dist: Path) -> None:
    before = _snapshot(built_dist)
    result = CliRunner().invoke(main, ["link", "--wikidata", "http://127.0.0.1:1/sparql",
                                       "--graph", str(built_dist / "kg.ttl")])
    assert result.exit_code == 2 and "named graphs" in result.stderr
    assert _snapshot(built_dist) == before


def test_link_without_links_found_writes_nothing(built_dist: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    before = _snapshot(built_dist)
    with sparql_server(empty) as endpoint:
        result = CliRunner().invoke(main, ["link", "--wikidata", endpoint, "--graph",
                                           str(built_dist / "kg.trig")])
    assert result.exit_code == 0, result.output
    assert "nothing was changed" in result.stderr
    assert _snapshot(built_dist) == before


def test_a_killed_link_leaves_the_previous_dist(built_dist: Path) -> None:
    before = _snapshot(built_dist)
    trig = built_dist / "kg.trig"
    with sparql_server(FIXTURE) as endpoint:
        args = ["link", "--wikidata", endpoint, "--graph", str(trig), "--date", "2026-11-29"]
        for ready in (lambda: bool(_staging(built_dist)),
                      lambda: any(len(list(s.iterdir())) >= 3 for s in _staging(built_dist))):
            _kill_when(args, ready)
            assert _snapshot(built_dist) == before
    Dataset().parse(trig, format="trig")
