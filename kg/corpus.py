"""Load a corpus: discover files, decode them, apply overrides, ingest every page.

This is the I/O edge of the ingest stage; ``kg.ingest`` itself never reads a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.ingest import ingest
from kg.ingest.overrides import ORDER_SUFFIX, load_overrides
from kg.model import Article, Page
from kg.sources import bundled_corpus, discover, display_path, read_source


@dataclass(frozen=True)
class Corpus:
    root: str  # as shown to the user
    pages: tuple[Page, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for p in self.pages for a in p.articles)


def load_corpus(
    path: Path | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda it: it,
) -> Corpus:
    """Ingest every source file under ``path`` (the bundled sample page by default)."""
    root = path if path is not None else bundled_corpus()
    files = discover(root)
    taken: set[str] = set()
    pages: list[Page] = []
    for file in progress(files):
        shown = display_path(file, root if root.is_dir() else None)
        doc = read_source(file, shown)
        sidecar = file.with_name(file.stem + ORDER_SUFFIX)
        overrides = load_overrides(sidecar) if sidecar.exists() else []
        pages.append(ingest(doc, overrides, taken))
    shown_root = "bundled sample corpus" if path is None else str(path)
    return Corpus(shown_root, tuple(pages))
