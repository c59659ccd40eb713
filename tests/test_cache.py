"""The per-article cache (kg.cache): reused results give the same dataset, byte for byte;
only what changed is computed again; an unreadable entry is computed again, not trusted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import cache as cache_module
from kg.bench.generate import generate, write_corpus
from kg.built import load_resources
from kg.cache import ArticleCache, cached_map, digest, open_cache
from kg.cli import main
from kg.corpus import load_corpus
from kg.pipeline import build_dataset
from kg.publish import canonical

REPO = Path(__file__).resolve().parents[1]


def _square(shared: list[int], index: int) -> int:
    return shared[index] ** 2


@dataclass(frozen=True)
class _Thing:
    name: str
    tags: frozenset[str]


def test_digest_is_the_same_under_every_hash_seed() -> None:
    code = ("from tests.test_cache import _Thing; from kg.cache import digest; "
            "print(digest(_Thing('x', frozenset({'甲', '乙', 'c', 'd'})), {'b': 1, 'a': {2, 1}}))")
    seen = {subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                           text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(seen) == 1
    assert digest(_Thing("x", frozenset({"a"}))) != digest(_Thing("x", frozenset({"b"})))


@pytest.mark.parametrize("jobs", [1, 2])
def test_cached_map_computes_only_what_is_missing(tmp_path: Path, jobs: int) -> None:
    cache = ArticleCache(tmp_path)
    values = [3, 1, 4, 1, 5]
    keys = [cache.key("t", v, i) for i, v in enumerate(values)]
    assert list(cached_map(_square, values, keys[:2], jobs, cache, "t")) == [9, 1]
    assert list(cached_map(_square, values, keys, jobs, cache, "t")) == [9, 1, 16, 1, 25]
    assert (cache.counts["t"].reused, cache.counts["t"].computed) == (2, 5)
    # A wrong value under a key is returned: the key, not the value, is what is checked, so
    # the reuse is visible here.
    cache.put("t", keys[4], -1)
    assert list(cached_map(_square, values, keys, jobs, cache, "t"))[4] == -1


def test_an_unreadable_entry_is_computed_again(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    keys = [cache.key("t", i) for i in range(3)]
    list(cached_map(_square, [2, 3, 4], keys, 1, cache, "t"))
    entry = next((tmp_path / "t").rglob(f"{keys[1]}.pickle"))
    entry.write_bytes(b"not a pickle")
    fresh = ArticleCache(tmp_path)
    assert list(cached_map(_square, [2, 3, 4], keys, 1, fresh, "t")) == [4, 9, 16]
    assert fresh.counts["t"].unreadable == 1 and fresh.counts["t"].reused == 2
    assert "cannot be read" in fresh.notices[0] and keys[1] in fresh.notices[0]
    assert list(cached_map(_square, [2, 3, 4], keys, 1, ArticleCache(tmp_path), "t")) \
        == [4, 9, 16]  # rewritten


def test_an_unwritable_cache_costs_speed_not_the_build(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = ArticleCache(blocker)
    keys = [cache.key("t", i) for i in range(4)]
    assert list(cached_map(_square, [1, 2, 3, 4], keys, 1, cache, "t")) == [1, 4, 9, 16]
    assert len(cache.notices) == 1 and "cannot write to" in cache.notices[0]
    assert str(blocker) in cache.notices[0]


def test_open_cache_off() -> None:
    assert open_cache(Path("off")) is None
    assert open_cache(Path("/some/where")) is not None


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cached-corpus")
    write_corpus(generate(6, seed=3), folder)
    (folder / "gold.csv").unlink()
    return folder


def _build(folder: Path, cache: ArticleCache | None) -> dict[str, list[str]]:
    """Each named graph's triples, blank nodes canonically labelled, as sorted N-Triples."""
    result = build_dataset(load_corpus(folder), load_resources(), curation=False, cache=cache)
    return {str(g.identifier): sorted(canonical(g).serialize(format="nt").splitlines())
            for g in result.dataset.graphs()}


def test_a_build_from_the_cache_is_the_same_and_recomputes_only_a_changed_article(
        corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    reference = _build(corpus_dir, None)
    first = ArticleCache(tmp_path / "cache")
    assert _build(corpus_dir, first) == reference
    articles = first.counts["extract"].computed
    assert articles >= 6 and first.counts["extract"].reused == 0
    second = ArticleCache(tmp_path / "cache")
    assert _build(corpus_dir, second) == reference
    assert (second.counts["extract"].reused, second.counts["extract"].computed) == (articles, 0)
    assert second.counts["spot"].computed == 0

    # One figure of one page changed (a digit, no new name): that page's articles only.
    # (The same folder: a page's path is part of its articles' inputs.)
    changed = corpus_dir
    target = next(p for p in sorted(changed.glob("*.md"))
                  if re.search(r"[1-8]", p.read_text(encoding="utf-8")))
    original = target.read_text(encoding="utf-8")
    digit = re.search(r"[1-8]", original)
    assert digit is not None
    target.write_text(original[:digit.start()] + str(int(digit.group()) + 1)
                      + original[digit.end():], encoding="utf-8")
    request.addfinalizer(lambda: target.write_text(original, encoding="utf-8"))
    on_page = len(load_corpus(target).articles)
    third = ArticleCache(tmp_path / "cache")
    assert _build(changed, third) == _build(changed, None)
    assert third.counts["extract"].computed == on_page
    assert third.counts["extract"].reused == articles - on_page

    # Other code: every key changes.
    monkeypatch.setattr(cache_module, "code_version", lambda: "another version")
    fourth = ArticleCache(tmp_path / "cache")
    _build(corpus_dir, fourth)
    assert fourth.counts["extract"].reused == 0


def test_kg_build_reports_the_cache_and_writes_the_same_files(corpus_dir: Path,
                                                                tmp_path: Path) -> None:
    runner = CliRunner()
    outs = []
    for run, extra in enumerate((["--no-cache"], ["--cache", str(tmp_path / "c")],
                                 ["--cache", str(tmp_path / "c")])):
        out = tmp_path / f"out{run}"
        result = runner.invoke(main, ["build", "--corpus", str(corpus_dir), "--out", str(out),
                                      "--quiet", "--no-curation", *extra])
        assert result.exit_code in (0, 1), result.output
        outs.append(out)
        if run == 2:
            assert re.search(r"extract: (\d+) of \1 articles reused", result.stderr), \
                result.stderr
            assert "cache (" not in result.stdout  # a notice, not data
        if run == 0:
            assert "cache (" not in result.stderr
    for name in sorted(p.relative_to(outs[0]).as_posix() for p in outs[0].rglob("*")
                       if p.is_file()):
        assert (outs[1] / name).read_bytes() == (outs[0] / name).read_bytes(), name
        assert (outs[2] / name).read_bytes() == (outs[0] / name).read_bytes(), name
