"""kg/store: the dataset held once; files written from it keep what the build made."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.errors import InputError
from kg.store import GraphStore, canonical_decimal, canonical_lexical

EX = "http://example.org/"


def _dataset() -> Dataset:
    ds = Dataset()
    a, b = ds.graph(URIRef(EX + "g/a")), ds.graph(URIRef(EX + "g/b"))
    s = URIRef(EX + "s")
    a.add((s, URIRef(EX + "value"), Literal("580000.0", datatype=XSD.decimal)))
    a.add((s, URIRef(EX + "start"), Literal(5, datatype=XSD.nonNegativeInteger)))
    a.add((s, URIRef(EX + "label"), Literal("兴县", lang="zh")))
    b.add((s, URIRef(EX + "label"), Literal("兴县", lang="zh")))  # the same triple twice
    b.add((BNode("axiom1"), URIRef(EX + "p"), Literal("x")))
    return ds


@pytest.mark.parametrize(("given", "canonical"), [
    ("580000.0", "580000"), ("1.450", "1.45"), ("1.45E+8", "145000000"), ("-0.0", "0"),
    ("0.5", "0.5")])
def test_canonical_decimals(given: str, canonical: str) -> None:
    assert canonical_decimal(given) == canonical


def test_canonical_integers_and_booleans() -> None:
    assert canonical_lexical("007", str(XSD.nonNegativeInteger)) == "7"
    assert canonical_lexical("1", str(XSD.boolean)) == "true"
    assert canonical_lexical("abc", str(XSD.integer)) == "abc"  # invalid: left as it is


def test_counts_distinguish_triples_quads_and_graphs() -> None:
    store = GraphStore.from_dataset(_dataset())
    assert (store.triple_count, store.quad_count, store.graph_count) == (4, 5, 2)
    assert store.graph_names() == [EX + "g/a", EX + "g/b"]


def test_dump_keeps_datatypes_labels_and_blank_nodes() -> None:
    store = GraphStore.from_dataset(_dataset())
    nq = store.dump("nquads").decode()
    assert '"580000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nq
    assert '"5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in nq
    assert "_:axiom1 " in nq
    assert store.dump("trig") == GraphStore.from_dataset(_dataset()).dump("trig")
    trig = Dataset().parse(data=store.dump("trig").decode(), format="trig")
    assert {str(g.identifier) for g in trig.graphs() if len(g)} == {EX + "g/a", EX + "g/b"}
    union = store.union()
    assert isomorphic(union, trig_union(trig))


def trig_union(ds: Dataset) -> object:
    from rdflib import Graph

    g = Graph()
    for sub in ds.graphs():
        for t in sub:
            g.add(t)
    return g


def test_query_answers_over_the_union_with_rdflib_terms() -> None:
    store = GraphStore.from_dataset(_dataset())
    rows = store.query(f"SELECT ?v ?l WHERE {{ <{EX}s> <{EX}value> ?v ; <{EX}label> ?l }}")
    assert rows == [{"v": Literal("580000", datatype=XSD.decimal), "l": Literal("兴县",
                                                                               lang="zh")}]
    assert store.ask(f"ASK {{ GRAPH <{EX}g/b> {{ ?s <{EX}p> ?o }} }}")


def test_load_file_names_the_file_and_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "kg.trig"
    bad.write_text("@prefix ex: <http://example.org/> .\n<http://g> { ex:a vann:b ex:c . }\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"kg\.trig.*not valid TriG"):
        GraphStore.load_file(bad)
    good = tmp_path / "ok.nq"
    good.write_bytes(GraphStore.from_dataset(_dataset()).dump("nquads"))
    assert GraphStore.load_file(good).quad_count == 5


def test_queries_naming_no_graph_are_answered_by_the_union_alone() -> None:
    store = GraphStore.from_dataset(_dataset())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(store.query(count)[0]["n"]) == 4  # each distinct triple of the union once
    assert store._full is None  # the named graphs are not loaded for it
    assert len(store.union_store) == 4


@pytest.mark.parametrize("sparql", [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "select ?g (count(*) as ?n) where { graph ?g { ?s ?p ?o } } group by ?g order by ?g",
    f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{EX}g/a> FROM NAMED <{EX}g/b> "
    "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
])
def test_a_query_naming_graphs_loads_them(sparql: str) -> None:
    store = GraphStore.from_dataset(_dataset())
    assert store.ask("ASK { ?s ?p ?o }") and store._full is None  # the union alone first
    rows = store.query(sparql)
    assert [(str(r["g"]), int(r["n"])) for r in rows] == [(EX + "g/a", 3), (EX + "g/b", 2)]
    # From then on every query goes to the full store: 4 union triples + 5 quads.
    assert store.union_store is store.store and len(store.store) == 9
    assert int(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]) == 4


def test_the_full_store_keeps_one_blank_node_in_union_and_graph() -> None:
    store = GraphStore.from_dataset(_dataset())
    joined = store.query(f"SELECT ?b WHERE {{ ?b <{EX}p> 'x' . GRAPH <{EX}g/b> {{ ?b ?p ?o }} }}")
    assert len(joined) == 1


@pytest.mark.parametrize(("text", "names"), [
    ("SELECT * { GRAPH ?g { ?s ?p ?o } }", True), ("select * from <x:g> { ?s ?p ?o }", True),
    ("SELECT * { ?s ?p ?o } # one scan of the graph", False),
    ("SELECT * { ?s fk:graphOf ?o }", False), ("SELECT ?graphs { ?s ?p ?graphs }", False),
    ("SELECT ?from { ?from ?p $named }", False),
    ("SELECT * { ?s ?p 'graph' }", False), ('SELECT * { ?s ?p """a\n"graph"\n""" }', False),
    ("SELECT * { ?s <http://x/#graph> ?o }", False),
    ("SELECT * { ?s ?p 'it''s' . GRAPH ?g {} }", True),
    ("SELECT * { ?s ?p '#' } # x\nFROM <x:y> WHERE {}", True),
    ("PREFIX : <x:#>\nSELECT * { ?s ?p ?o FILTER(?o<3) GRAPH ?g {} }", True)])
def test_which_queries_may_name_a_graph(text: str, names: bool) -> None:
    from kg.store import names_graphs

    assert names_graphs(text) is names
