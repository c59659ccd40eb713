"""A corpus built into one graph store, with the resources it was built with."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.cache import ArticleCache
from kg.corpus import Corpus, load_corpus
from kg.parallel import Pool
from kg.pipeline import BuildResult, Progress, Resources, build_dataset


def load_resources() -> Resources:
    from kg.link.places import places_graph
    from kg.resources import load_ontology, load_vocabularies

    return Resources(ontology=load_ontology(), vocabularies=load_vocabularies(),
                     places=places_graph())


@dataclass(frozen=True)
class Built:
    corpus: Corpus
    result: BuildResult
    resources: Resources

    def union(self) -> Graph:
        from kg.publish import union_graph

        return union_graph(self.result.dataset)


def build_corpus(corpus_dir: Path | None, curation: bool = True,
                 ingest_progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda it: it,
                 build_progress: Progress = lambda it: it,
                 jobs: int | Pool = 1, cache: ArticleCache | None = None) -> Built:
    """Ingest the corpus at ``corpus_dir`` (the bundled sample page by default) and build it."""
    corpus = load_corpus(corpus_dir, ingest_progress)
    resources = load_resources()
    result = build_dataset(corpus, resources, curation=curation, progress=build_progress,
                           jobs=jobs, cache=cache)
    return Built(corpus, result, resources)
