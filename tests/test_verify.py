"""The evidence check (kg.verify): every figure's offsets must read its quote in the source, and
the quote must contain the number as stated. The store path (pyoxigraph's own terms) and the
rdflib path must find the same problems."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.build.articles import article_iri
from kg.corpus import Corpus
from kg.namespaces import FK, OA
from kg.pipeline import BuildResult, Resources, build_dataset
from kg.resources import load_vocabularies
from kg.store import GraphStore
from kg.verify import EvidenceProblem, verify_evidence


@pytest.fixture(scope="module")
def built(sample_corpus: Corpus) -> BuildResult:
    return build_dataset(sample_corpus, Resources(vocabularies=load_vocabularies()))


@pytest.fixture(scope="module")
def sources(sample_corpus: Corpus) -> dict[str, str]:
    return {str(article_iri(a.id)): page.source.text
            for page in sample_corpus.pages for a in page.articles}


def both(union: Graph, sources: dict[str, str]) -> list[EvidenceProblem]:
    """The problems found in the store made of ``union`` and in ``union`` itself: the same."""
    from_store = verify_evidence(GraphStore.from_graph(union), sources)
    from_graph = verify_evidence(union, sources)
    assert from_store == from_graph
    return from_store


def test_the_sample_has_no_problem(built: BuildResult, sources: dict[str, str]) -> None:
    assert verify_evidence(built.store, sources) == []
    assert verify_evidence(built.store.union(), sources) == []


def test_changed_digits_in_the_source_are_found(built: BuildResult,
                                                sources: dict[str, str]) -> None:
    altered = {iri: text.translate(str.maketrans("0123456789", "1234567890"))
               for iri, text in sources.items()}
    union = built.store.union()
    problems = both(union, altered)
    quoted = union.query("""
        PREFIX fk: <https://w3id.org/fupin-kg/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?obs ?quote WHERE {
          ?obs a fk:Observation ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?quote }""")
    # Every figure whose quote holds a digit is found (the sample's three others state theirs
    # in characters: 三个, 一次, 两天), each naming what the source reads instead.
    with_digits = {str(r[0]) for r in quoted  # type: ignore[index]
                   if any(c.isdigit() and c.isascii() for c in str(r[1]))}  # type: ignore[index]
    assert len(with_digits) > 100
    assert {p.observation for p in problems} == with_digits
    assert all("the source at its offsets reads" in p.message for p in problems)


def _one_observation(union: Graph) -> tuple[URIRef, URIRef]:
    obs = sorted(o for o in union.subjects(RDF.type, FK.Observation)
                 if isinstance(o, URIRef))[0]
    ev = union.value(obs, PROV.wasDerivedFrom)
    assert isinstance(ev, URIRef)
    return obs, ev


def test_a_quote_that_is_not_the_source_is_found(built: BuildResult,
                                                 sources: dict[str, str]) -> None:
    union = built.store.union()
    obs, ev = _one_observation(union)
    for sel in union.objects(ev, OA.hasSelector):
        if (sel, RDF.type, OA.TextQuoteSelector) in union:
            union.set((sel, OA.exact, Literal("不是原文")))
    problems = both(union, sources)
    assert [p.observation for p in problems] == [str(obs)]
    assert "not the quote '不是原文'" in problems[0].message


def test_a_stated_form_missing_from_the_quote_is_found(built: BuildResult,
                                                       sources: dict[str, str]) -> None:
    union = built.store.union()
    obs, _ = _one_observation(union)
    union.set((obs, FK.statedAs, Literal("987654321")))
    problems = both(union, sources)
    assert problems == [EvidenceProblem(str(obs), "the quote does not contain '987654321'")]


def test_missing_evidence_and_missing_selectors_are_found(built: BuildResult,
                                                          sources: dict[str, str]) -> None:
    union = built.store.union()
    obs, ev = _one_observation(union)
    union.remove((ev, OA.hasSelector, None))
    assert both(union, sources) == [
        EvidenceProblem(str(obs), "evidence lacks a quote or a position")]
    union.remove((obs, None, ev))
    assert both(union, sources) == [EvidenceProblem(str(obs), "has no evidence")]


def test_an_unknown_source_is_found(built: BuildResult, sources: dict[str, str]) -> None:
    problems = both(built.store.union(), {})
    assert problems and all(p.message.startswith("no source text for") for p in problems)
