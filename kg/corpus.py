"""Load a corpus: discover files, decode them, apply overrides, ingest every page.

This is the I/O edge of the ingest stage; ``kg.ingest`` itself never reads a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.curate.load import Annotation, load_annotation
from kg.entities.load import CuratedEntities, find_entity_files, load_entities
from kg.errors import InputError
from kg.ingest import ingest
from kg.ingest.overrides import ORDER_SUFFIX, load_overrides
from kg.model import Article, Page
from kg.sources import bundled_corpus, discover, display_path, read_source

ANNOTATIONS_DIR = "annotations"


@dataclass(frozen=True)
class Corpus:
    root: str  # as shown to the user
    pages: tuple[Page, ...]
    annotations: dict[str, Annotation] = field(default_factory=dict)
    entities: tuple[CuratedEntities, ...] = ()

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
    folder = root if root.is_dir() else root.parent
    # A single file takes only the annotations of its own articles from its folder.
    annotations = load_annotations(folder / ANNOTATIONS_DIR, pages, strict=root.is_dir())
    entities = tuple(load_entities(f, display_path(f, folder)) for f in find_entity_files(root))
    return Corpus(shown_root, tuple(pages), annotations, entities)


def load_annotations(
    folder: Path, pages: list[Page], strict: bool = True
) -> dict[str, Annotation]:
    """``annotations/<article id>.yaml`` beside the sources; each must name a known article."""
    if not folder.is_dir():
        return {}
    ids = {a.id for p in pages for a in p.articles}
    out: dict[str, Annotation] = {}
    for file in sorted(folder.glob("*.yaml")):
        shown = f"{ANNOTATIONS_DIR}/{file.name}"
        annotation = load_annotation(file, shown)
        if annotation.article not in ids:
            if not strict:
                continue
            raise InputError(
                f"no article with id {annotation.article!r} in the corpus "
                "(`kg ingest` lists the ids)", shown, annotation.line)
        if annotation.article in out:
            raise InputError(f"a second annotation file for article {annotation.article!r} "
                             f"(first: {out[annotation.article].path})", shown, annotation.line)
        out[annotation.article] = annotation
    return out
