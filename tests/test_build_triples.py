"""An article's graph is described into ``Triples`` (no indexes) by the build; described into
an rdflib Graph instead it gives the same N-Triples lines, on the sample and on generated
articles (curated and drafted figures, evidence, QUDT units and normalised values)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.bench.generate import generate, write_corpus
from kg.build.articles import article_graph_iri, describe_article
from kg.build.graphs import NamedGraphs, Triples
from kg.build.observations import add_observations
from kg.corpus import Corpus, load_corpus
from kg.extract.lexicon import build_lexicon
from kg.link.units import link_units, qudt_units
from kg.namespaces import FK
from kg.pipeline import article_facts
from kg.resources import load_vocabularies
from kg.store.lines import graph_lines


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return load_vocabularies()


def _generated(folder: Path) -> Corpus:
    return load_corpus(write_corpus(generate(3, seed=11), folder))


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_triples_give_the_lines_an_rdflib_graph_gives(which: str, sample_corpus: Corpus,
                                                      vocabulary: Graph, tmp_path: Path) -> None:
    corpus = sample_corpus if which == "sample" else _generated(tmp_path / "corpus")
    lexicon, qudt = build_lexicon(vocabulary), qudt_units(vocabulary)
    compared = linked = 0
    for page in corpus.pages:
        for article in page.articles:
            facts, _ = article_facts(page, article, corpus, lexicon, curation=True)
            triples = Triples(article_graph_iri(article.id))
            graph = NamedGraphs().graph(article_graph_iri(article.id))
            for g in (triples, graph):
                describe_article(g, page, article)
                add_observations(g, article, facts)
                linked += link_units(g, qudt)
            name, lines = graph_lines(triples)
            reference_name, reference = graph_lines(graph)
            assert (name, sorted(lines)) == (reference_name, sorted(reference))
            assert len(lines) == len(set(lines)) == len(graph)
            compared += len(facts)
    assert compared > 20 and linked > 0


def test_triples_keep_each_triple_once_and_find_by_predicate() -> None:
    g = Triples(URIRef("urn:g"))
    a, b = URIRef("urn:a"), URIRef("urn:b")
    g.add((a, FK.value, Literal("1.50")))
    g.add((a, FK.value, Literal("1.50")))
    g.add((a, FK.value, Literal("1.5")))  # another lexical form is another literal, as in rdflib
    g.add((b, FK.unit, a))
    assert len(g) == 3 and next(iter(g)) == (a, FK.value, Literal("1.50"))
    assert list(g.subject_objects(FK.unit)) == [(b, a)]
    assert graph_lines(g)[0] == "urn:g"
