"""A per-article cache of the per-article stages (entity spotting, extraction).

A rebuild after one article changed should not spot and extract the other thousand again.
Each per-article result is stored under a key that is the digest of everything it is a
function of:

- the article itself (its text, its page's text and metadata, its annotation file);
- the state shared by all articles that the stage reads, cut to what concerns this article
  where that state grows with the corpus (the lexicon's terms that occur in the article,
  ``Lexicon.within``), so that adding an article does not change the other articles' keys;
- the code's version: the digest of the package's sources and data, the ontology and
  vocabularies, and the versions of the libraries that read Chinese text.

A result found under its key is the result the stage would compute (the stages are pure
functions of those inputs), so a build from the cache is the same, byte for byte, as one
without (tested). Entries are written atomically; an entry that cannot be read is computed
again and replaced, with a notice. The cache is a folder of the user's own (default
``articles/`` in ``$FUPIN_KG_CACHE``, else ``$XDG_CACHE_HOME/fupin-kg``, else
``~/.cache/fupin-kg``); deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import json
import pickle
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from kg.atomic import write_bytes
from kg.errors import KgError
from kg.parallel import Pool, map_items

S = TypeVar("S")
R = TypeVar("R")

# Libraries whose behaviour is part of a per-article result (segmentation, conversion,
# place and money parsing): a new version may read a text differently.
_LIBRARIES = ("jieba", "jionlp", "opencc", "pypinyin", "rdflib")
_FORMAT = 1  # bump when the layout of an entry changes


def default_cache_dir() -> Path:
    """``articles/`` in the folder of the project's other caches (the gazetteer's index):
    ``$FUPIN_KG_CACHE``, else ``$XDG_CACHE_HOME/fupin-kg``, else ``~/.cache/fupin-kg``."""
    from kg.link.gazetteer_index import cache_dir

    return cache_dir() / "articles"


def open_cache(given: Path | None) -> ArticleCache | None:
    """The cache at ``given`` (``off`` or ``none``: no cache), else at the default folder."""
    if given is not None and str(given).strip().lower() in ("off", "none", "0", "no"):
        return None
    return ArticleCache(given if given is not None else default_cache_dir())


@lru_cache(maxsize=1)
def code_version() -> str:
    """The digest of what the per-article stages are made of: the package's sources and
    data, the ontology folder (vocabularies, shapes) and the text libraries' versions."""
    from kg.resources import ontology_dir

    h = hashlib.sha256(f"format {_FORMAT}; python {sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parent
    roots = [("kg", package)]
    with contextlib.suppress(KgError):  # no ontology: the build fails on its own, clearly
        roots.append(("ontology", ontology_dir()))
    for name, root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts and p.suffix != ".pyc"):
            h.update(f"{name}/{path.relative_to(root).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for library in _LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{library}={version}\0".encode())
    return h.hexdigest()


def stable(value: Any) -> Any:
    """``value`` as plain JSON data whose text does not depend on the run (sets sorted,
    dataclasses as their init fields, enums by value), for digests."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [
            [f.name, stable(getattr(value, f.name))]
            for f in dataclasses.fields(value) if f.init]
    if isinstance(value, enum.Enum):
        return stable(value.value)
    if isinstance(value, dict):
        return sorted([[stable(k), stable(v)] for k, v in value.items()], key=json.dumps)
    if isinstance(value, (set, frozenset)):
        return sorted((stable(v) for v in value), key=json.dumps)
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return [type(value).__name__, str(value)]


def digest(*parts: Any) -> str:
    text = json.dumps([stable(p) for p in parts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclasses.dataclass
class StageCount:
    reused: int = 0
    computed: int = 0
    unreadable: int = 0


class ArticleCache:
    """Per-article results in a folder: ``<stage>/<key[:2]>/<key>.pickle``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counts: dict[str, StageCount] = {}
        self.notices: list[str] = []
        self.writable = True

    def key(self, stage: str, *parts: Any) -> str:
        return digest(stage, code_version(), *parts)

    def _path(self, stage: str, key: str) -> Path:
        return self.folder / stage / key[:2] / f"{key}.pickle"

    def has(self, stage: str, key: str) -> bool:
        return self._path(stage, key).is_file()

    def get(self, stage: str, key: str) -> tuple[bool, Any]:
        path = self._path(stage, key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return False, None
        except OSError as exc:
            self._unreadable(stage, path, exc)
            return False, None
        try:
            # The folder is the user's own cache, written by this code; pickle keeps the
            # results' classes without a second serialisation format to maintain.
            return True, pickle.loads(data)
        except Exception as exc:  # a truncated or foreign file: compute it again
            self._unreadable(stage, path, exc)
            return False, None

    def put(self, stage: str, key: str, value: Any) -> None:
        if not self.writable:
            return
        path = self._path(stage, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:  # a full or read-only disk costs speed, not the build
            # One notice, not one per article: the next writes would fail the same way.
            self.writable = False
            self.notices.append(f"cache: cannot write to {self.folder} ({exc.strerror or exc}); "
                                "the build goes on without caching (give --cache a writable "
                                "folder, or --no-cache)")

    def _unreadable(self, stage: str, path: Path, exc: BaseException) -> None:
        self.counts.setdefault(stage, StageCount()).unreadable += 1
        self.notices.append(f"cache: {path} cannot be read ({type(exc).__name__}); "
                            "computed again")

    def summary(self) -> str:
        parts = [f"{stage}: {c.reused} of {c.reused + c.computed} articles reused"
                 for stage, c in sorted(self.counts.items())]
        return f"cache ({self.folder}): " + ("; ".join(parts) if parts else "not used")


def _at(shared: tuple[Callable[[Any, int], Any], Any, list[int]], j: int) -> Any:
    fn, inner, indices = shared
    return fn(inner, indices[j])


def cached_map(fn: Callable[[S, int], R], shared: S, keys: list[str], jobs: int | Pool,
               cache: ArticleCache | None, stage: str) -> Iterator[R]:
    """``map_items(fn, shared, len(keys), jobs)``, in the same order, with the results
    whose key is in ``cache`` read from it and only the others computed (and stored)."""
    if cache is None:
        yield from map_items(fn, shared, len(keys), jobs)
        return
    count = cache.counts.setdefault(stage, StageCount())
    missing = [i for i, key in enumerate(keys) if not cache.has(stage, key)]
    computed = map_items(_at, (fn, shared, missing), len(missing), jobs)
    pending = set(missing)
    for i, key in enumerate(keys):
        if i in pending:
            value = next(computed)
        else:
            # Read when needed, not all at once: a corpus's results need not fit in memory
            # twice. An entry that turns out unreadable is computed here.
            hit, value = cache.get(stage, key)
            if hit:
                count.reused += 1
                yield value
                continue
            value = fn(shared, i)
        cache.put(stage, key, value)
        count.computed += 1
        yield value
