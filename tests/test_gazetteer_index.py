"""The cached gazetteer index holds what JioNLP's tree holds, and is read instead of it."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.link import gazetteer, gazetteer_index


@pytest.fixture(scope="module")
def tree() -> dict[str, object]:
    return gazetteer_index.jionlp_tree()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """The gazetteer's per-process caches emptied before and after (other tests share them)."""
    for f in (gazetteer._index, gazetteer._counties, gazetteer._locals_of_unique,
              gazetteer.country):
        f.cache_clear()
    yield
    for f in (gazetteer._index, gazetteer._counties, gazetteer._locals_of_unique,
              gazetteer.country):
        f.cache_clear()


def _counties_of(tree: dict[str, object]) -> Iterator[tuple[tuple[str, str, str], object]]:
    for p, cities in tree.items():
        if p.startswith("_") or not isinstance(cities, dict):
            continue
        for c, counties in cities.items():
            if c.startswith("_") or not isinstance(counties, dict):
                continue
            for k, towns in counties.items():
                if not k.startswith("_") and isinstance(towns, dict):
                    yield (p, c, k), towns


def test_index_keeps_every_county_and_its_towns_exactly(tree: dict[str, object]) -> None:
    index = marshal.loads(marshal.dumps(gazetteer_index.compact(tree)))  # as read from disk
    raw = dict(_counties_of(tree))
    kept = {key: gazetteer_index.towns_of(entry)  # type: ignore[arg-type]
            for key, entry in _counties_of(index)}
    assert len(raw) > 2800
    assert kept == raw
    briefs = {key: gazetteer_index.brief_of(entry)  # type: ignore[arg-type]
              for key, entry in _counties_of(index)}
    assert briefs == {key: gazetteer_index.brief(towns)  # type: ignore[arg-type]
                      for key, towns in raw.items()}
    # The upper levels' own metadata (codes, aliases) survive as they were.
    for (p, c, _k), _towns in list(raw.items())[:50]:
        for key in ("_admin_code", "_alias"):
            assert index[p].get(key) == tree[p].get(key)  # type: ignore[attr-defined]
            assert index[p][c].get(key) == tree[p][c].get(key)  # type: ignore[index]


def test_second_process_reads_the_cache_not_jionlp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    monkeypatch.setenv("FUPIN_KG_CACHE", str(tmp_path))
    path = gazetteer_index.index_path()
    assert path.parent == tmp_path and gazetteer_index.jionlp_version() in path.name
    first = gazetteer_index.load_index()
    assert path.is_file()

    def no_jionlp() -> dict[str, object]:
        raise AssertionError("JioNLP's dictionary was read although the index is cached")

    monkeypatch.setattr(gazetteer_index, "jionlp_tree", no_jionlp)
    assert gazetteer_index.load_index() == first
    village = gazetteer.resolve("碾子村", "兴县")
    assert village is not None and (village.level, village.town) == ("Village", "蔡家崖乡")
    (xing,) = [d for d in gazetteer.country().upper["兴县"] if d.level == "County"]
    assert xing.code == "141123" and "蔚汾镇" in gazetteer.country().locals_under(xing)


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    tree: dict[str, object]) -> None:
    monkeypatch.setenv("FUPIN_KG_CACHE", str(tmp_path))
    monkeypatch.setattr(gazetteer_index, "jionlp_tree", lambda: tree)
    path = gazetteer_index.index_path()
    path.write_bytes(b"\x00not marshal")
    index = gazetteer_index.load_index()
    assert "山西省" in index
    assert marshal.loads(path.read_bytes()) == index


def test_an_unwritable_cache_folder_is_a_notice_not_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tree: dict[str, object],
        capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("FUPIN_KG_CACHE", str(blocker / "sub"))
    monkeypatch.setattr(gazetteer_index, "jionlp_tree", lambda: tree)
    assert "山西省" in gazetteer_index.load_index()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cannot cache the gazetteer index" in captured.err
