"""The whole pipeline over a corpus: ingest → build → (later stages) → publish.

Pure orchestration: callers do the I/O (reading the corpus, writing ``dist/``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset

from kg.build.articles import add_article
from kg.corpus import Corpus


@dataclass(frozen=True)
class BuildResult:
    dataset: Dataset
    articles: int
    triples: int


def build_dataset(corpus: Corpus) -> BuildResult:
    ds = Dataset()
    for page in corpus.pages:
        for article in page.articles:
            add_article(ds, page, article)
    triples = sum(len(g) for g in ds.graphs())
    return BuildResult(ds, len(corpus.articles), triples)
