"""kg.jsonld writes the JSON-LD document rdflib's serialiser writes, byte for byte."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.jsonld import compact_nodes
from kg.namespaces import FK, PLACE
from kg.publish import _jsonld, jsonld_context, store_jsonld
from kg.store import GraphStore

EX = "https://example.org/"


def _hard_graph() -> Graph:
    """Every shape of value the converter has to get right: typed values matching and not
    matching a term's type, native booleans, integers and doubles, language tags, a blank
    node referenced and one not, RDF lists (well formed, empty, headed by a literal 0), an
    ill-typed integer, a falsy value before another of the same key, unknown predicates."""
    g = Graph()
    s, t = URIRef(EX + "s"), PLACE["xingxian"]
    g.add((s, RDF.type, FK.Observation))
    g.add((s, RDF.type, URIRef(EX + "Other")))
    g.add((s, FK.value, Literal("1.45", datatype=XSD.decimal)))
    g.add((s, FK.value, Literal("3", datatype=XSD.integer)))
    g.add((s, FK.unit, URIRef("https://w3id.org/fupin-kg/id/unit/yuan")))
    g.add((s, FK.unit, Literal("yuan")))
    g.add((s, FK.truncated, Literal(False)))
    g.add((s, FK.truncated, Literal(True)))
    g.add((s, URIRef(EX + "count"), Literal("0", datatype=XSD.integer)))
    g.add((s, URIRef(EX + "count"), Literal("7", datatype=XSD.integer)))
    g.add((s, URIRef(EX + "bad"), Literal("x1", datatype=XSD.integer)))
    g.add((s, URIRef(EX + "ratio"), Literal("2.5E0", datatype=XSD.double)))
    g.add((s, URIRef(EX + "when"), Literal("2020-01-08", datatype=XSD.date)))
    g.add((s, RDFS.label, Literal("兴县", lang="zh")))
    g.add((s, RDFS.label, Literal("Xing County", lang="en")))
    g.add((s, SKOS.altLabel, Literal("")))
    g.add((s, SKOS.altLabel, Literal("岚漪")))
    g.add((s, FK.refArea, t))
    g.add((t, SKOS.prefLabel, Literal("兴县", lang="zh")))
    axiom, loose, empty, zero = BNode("b0"), BNode("b1"), BNode("b2"), BNode("b3")
    g.add((s, OWL.equivalentClass, axiom))
    g.add((axiom, RDF.type, OWL.Class))
    Collection(g, BNode("l0"), [t, Literal("two"), Literal("3", datatype=XSD.integer)])
    g.add((axiom, OWL.unionOf, BNode("l0")))
    g.add((loose, RDFS.comment, Literal("no one points here")))
    g.add((s, URIRef(EX + "none"), RDF.nil))
    g.add((s, URIRef(EX + "list0"), zero))
    Collection(g, zero, [Literal("0", datatype=XSD.integer), Literal("1", datatype=XSD.integer)])
    g.add((empty, RDFS.comment, Literal("a blank node")))
    g.add((s, URIRef(EX + "link"), empty))
    # The same IRI and literals under predicates whose terms coerce differently (the
    # converter decides once per predicate and object, or per predicate and datatype).
    other = URIRef(EX + "other")
    g.add((other, FK.refArea, t))
    g.add((other, URIRef(EX + "near"), t))
    g.add((other, URIRef(EX + "bad"), Literal("5", datatype=XSD.integer)))
    g.add((other, FK.value, Literal("x1", datatype=XSD.integer)))
    g.add((other, RDFS.label, Literal("兴县", lang="zh")))
    return g


def test_same_document_as_rdflib_on_every_kind_of_value() -> None:
    g = _hard_graph()
    store = GraphStore.from_graph(g)
    assert store_jsonld(store) == _jsonld(store.union())


def test_same_document_as_rdflib_on_the_built_sample(built_sample_store: GraphStore) -> None:
    assert store_jsonld(built_sample_store) == _jsonld(built_sample_store.union())


def test_the_document_reads_back_as_the_same_graph(built_sample_store: GraphStore) -> None:
    from rdflib.compare import isomorphic

    document = store_jsonld(built_sample_store)
    parsed = Graph().parse(data=document, format="json-ld")
    assert isomorphic(parsed, built_sample_store.union())


def test_contexts_with_containers_are_left_to_rdflib() -> None:
    context = {**jsonld_context(), "alias": {"@id": str(SKOS.altLabel), "@container": "@set"}}
    g = Graph()
    g.add((URIRef(EX + "a"), SKOS.altLabel, Literal("x")))
    assert compact_nodes(GraphStore.from_graph(g).union_triples(), context) is None


def test_a_malformed_list_is_left_to_rdflib() -> None:
    g = Graph()
    cell = BNode("c")
    g.add((URIRef(EX + "a"), OWL.unionOf, cell))
    g.add((cell, RDF.first, Literal("x")))
    g.add((cell, RDF.rest, BNode("d")))
    g.add((BNode("d"), RDF.rest, RDF.nil))
    store = GraphStore.from_graph(g)
    assert compact_nodes(store.union_triples(), jsonld_context()) is None
    assert store_jsonld(store) == _jsonld(store.union())


@pytest.fixture(scope="module")
def built_sample_store() -> GraphStore:
    from kg.commands.common import build

    store = build(None).result.store
    assert len(json.loads(store_jsonld(store))["@graph"]) > 100
    return store
