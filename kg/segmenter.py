"""jieba, with its two tables read from one cached pickle instead of jieba's own loaders.

Why: for one article, most of ``kg extract``'s time went to jieba starting up, not to the
article. jieba reads its prefix dictionary from a ``marshal`` cache (1.5-2.6 s on the 2-core
machine) and, when ``jieba.posseg`` is imported, its part-of-speech table by parsing
``dict.txt`` line by line (1.3 s). The same two tables, pickled, load in about 1 s. This module
builds them once with jieba's own loaders (``Tokenizer.gen_pfdict`` and
``POSTokenizer.load_word_tag``), keeps them in the user's cache folder under a name that
carries jieba's version, the dictionary file's size and time and Python's version, and hands
them to jieba's default tokenizers the first time either segments. The tables are the
same objects jieba would have built (``tests/test_segmenter.py`` compares them and the
segmentation with plain jieba's), so every cut is the same.

Import ``jieba`` and ``pseg`` from here, never ``jieba.posseg`` directly: importing it
first would parse ``dict.txt`` as before (still correct, only slower).
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import sys
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import jieba

__all__ = ["cache_path", "install", "jieba", "jieba_tables", "pseg", "tables"]

jieba.setLogLevel(logging.WARNING)

# Raise when what the pickle holds changes.
CACHE_FORMAT = 1

Tables = tuple[dict[str, int], int, dict[str, str]]  # prefix dict, its total, word → tag


def _import_posseg_without_tags() -> Any:
    """``jieba.posseg``, imported without parsing the tag table (read later, from the cache)."""
    if "jieba.posseg" in sys.modules:  # imported before this module: its table is loaded
        return sys.modules["jieba.posseg"]
    tokenizer = jieba.dt
    # posseg builds its tokenizer at import, reading the table from this file object.
    tokenizer.get_dict_file = lambda: io.BytesIO(b"")
    try:
        import jieba.posseg as posseg
    finally:
        del tokenizer.get_dict_file
    posseg.dt.word_tag_tab = None  # not an empty table: a cut before install() must fail
    return posseg


pseg = _import_posseg_without_tags()


def cache_path() -> Path:
    from kg.link.gazetteer_index import cache_dir

    try:
        jieba_version = version("jieba")
    except PackageNotFoundError:  # pragma: no cover - jieba is a runtime dependency
        jieba_version = "unknown"
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    stat = dictionary.stat()
    py = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / (f"jieba-{jieba_version}-{stat.st_size}-{stat.st_mtime_ns}"
                          f"-v{CACHE_FORMAT}-{py}.pickle")


def jieba_tables() -> Tables:
    """The tables as jieba's own loaders build them from its dictionary (seconds)."""
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    tagger = pseg.POSTokenizer.__new__(pseg.POSTokenizer)  # its loader, without a tokenizer
    tagger.load_word_tag(jieba.dt.get_dict_file())
    return freq, total, tagger.word_tag_tab


def _read(path: Path) -> Tables | None:
    try:
        with path.open("rb") as handle:
            tables = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    if (isinstance(tables, tuple) and len(tables) == 3 and isinstance(tables[0], dict)
            and isinstance(tables[1], int) and isinstance(tables[2], dict)):
        return tables
    return None


def _write(path: Path, tables: Tables) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # atomic: a concurrent reader sees the old file or the whole new one
    except OSError as exc:  # a read-only home still segments, only more slowly next time
        print(f"note: could not keep jieba's tables in {path.parent}: {exc}", file=sys.stderr)


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The cached tables, built and kept on first use (an unreadable file is rebuilt)."""
    path = cache_path()
    found = _read(path)
    if found is None:
        found = jieba_tables()
        _write(path, found)
    return found


def install() -> None:
    """Give jieba's default tokenizers the cached tables (idempotent)."""
    tokenizer = jieba.dt
    with tokenizer.lock:
        if not tokenizer.initialized:
            freq, total, _ = tables()
            tokenizer.FREQ, tokenizer.total = freq, total
            tokenizer.initialized = True
    if pseg.dt.word_tag_tab is None:
        pseg.dt.word_tag_tab = dict(tables()[2])  # a copy: posseg adds user words to it


def _initialize(dictionary: str | None = None) -> None:
    if dictionary is not None:  # another dictionary: jieba's own loader, as before
        jieba.Tokenizer.initialize(jieba.dt, dictionary)
        return
    install()


def _tags_loaded(original: Any = pseg.dt.makesure_userdict_loaded) -> None:
    install()
    original()


# jieba calls these before every cut (check_initialized, and posseg's cut calls
# makesure_userdict_loaded first), so the tables load on the first cut, not at import.
jieba.dt.initialize = _initialize
pseg.dt.makesure_userdict_loaded = _tags_loaded
