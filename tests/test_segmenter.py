"""kg.segmenter gives jieba the same tables, and so the same cuts, as jieba's own loaders.

Each side runs in a fresh interpreter: jieba's tokenizers are process-wide, and the point is
what a new process gets, from an empty cache folder, from a kept cache and from a damaged one.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

SENTENCES = ["兴县全面完成易地扶贫搬迁任务，共搬迁贫困户8562户，新建安置点32个。",
             "合作社带动建档立卡贫困户增收，人均增收1200元。",
             "興縣推進光伏扶貧電站建設"]

# Plain jieba: its own marshal cache for the prefix dictionary, dict.txt for the tags.
PLAIN = """
import pickle, sys
import jieba
import jieba.posseg as pseg
jieba.setLogLevel(60)
cuts = [(jieba.lcut(s), [tuple(p) for p in pseg.lcut(s)]) for s in SENTENCES]
jieba.dt.check_initialized()
tables = (jieba.dt.FREQ, jieba.dt.total, pseg.dt.word_tag_tab)
pickle.dump((tables, cuts), open(sys.argv[1], "wb"))
"""

# Through kg.segmenter: the first cut happens before anything else touches jieba.
OURS = """
import pickle, sys
from kg.segmenter import jieba, pseg
cuts = [([tuple(p) for p in pseg.lcut(s)], jieba.lcut(s))[::-1] for s in SENTENCES]
tables = (jieba.dt.FREQ, jieba.dt.total, pseg.dt.word_tag_tab)
pickle.dump((tables, cuts), open(sys.argv[1], "wb"))
"""


def run(script: str, out: Path, cache: Path) -> tuple[object, object]:
    source = f"SENTENCES = {SENTENCES!r}\n{script}"
    done = subprocess.run([sys.executable, "-c", source, str(out)], capture_output=True,
                          text=True, env={"FUPIN_KG_CACHE": str(cache), "PATH": "/usr/bin:/bin",
                                          "HOME": str(cache)}, timeout=300)
    assert done.returncode == 0, done.stderr
    with out.open("rb") as handle:
        result: tuple[object, object] = pickle.load(handle)
    return result


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    folder = tmp_path_factory.mktemp("plain")
    return run(PLAIN, folder / "plain.pickle", folder)


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("jieba-*.pickle"))


def test_fresh_then_kept_cache_give_jiebas_tables_and_cuts(plain: tuple[object, object],
                                                          tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = run(OURS, tmp_path / "first.pickle", cache)  # builds the cache
    assert len(cache_files(cache)) == 1
    second = run(OURS, tmp_path / "second.pickle", cache)  # reads it
    plain_tables, plain_cuts = plain
    for tables, cuts in (first, second):
        assert cuts == plain_cuts
        assert tables == plain_tables


def test_a_damaged_cache_is_rebuilt(plain: tuple[object, object], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run(OURS, tmp_path / "first.pickle", cache)
    (kept,) = cache_files(cache)
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk
    tables, cuts = run(OURS, tmp_path / "again.pickle", cache)
    assert (tables, cuts) == plain
    assert kept.stat().st_size > 1000  # written again, whole


def test_an_unwritable_cache_folder_still_segments(plain: tuple[object, object],
                                                   tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    tables, cuts = run(OURS, tmp_path / "out.pickle", blocker)
    assert (tables, cuts) == plain
