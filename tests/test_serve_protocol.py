"""Protocol details a SPARQL client or crawler expects: the Service Description at /sparql,
/void as HTML or RDF, RDF/XML and 406 by content negotiation, `_:` blank nodes in CSV, JSON-LD
with the published context, the ontology and the dumps at the URLs VoID names."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Iterator

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser

from kg.backends import Answer
from kg.namespaces import BASE, VOID
from kg.results import result_bytes
from tests.test_serve import Running, fetch, running_server

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    with running_server(backend="oxigraph", workers=2) as running:
        yield running


def test_service_description(server: Running) -> None:
    reply = fetch(server.url + "/sparql", accept="text/turtle")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=reply.body, format="turtle")
    service = g.value(predicate=RDF.type, object=URIRef(SD + "Service"))
    assert service is not None
    assert g.value(service, URIRef(SD + "endpoint")) == URIRef(server.url + "/sparql")
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in g
    assert (service, URIRef(SD + "feature"), URIRef(SD + "UnionDefaultGraph")) in g
    formats = set(g.objects(service, URIRef(SD + "resultFormat")))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    names = {str(n) for n in g.objects(None, URIRef(SD + "name"))}
    assert sum("/graph/article/" in n for n in names) == 4
    # a browser still gets the query page
    assert fetch(server.url + "/sparql", accept="text/html").headers[
        "Content-Type"].startswith("text/html")


def test_void_html_for_browsers_turtle_for_rdf_clients(server: Running) -> None:
    page = fetch(server.url + "/void", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.headers["Content-Type"].startswith("text/html") and "<html" in page.text
    ttl = fetch(server.url + "/void", accept="text/turtle")
    g = Graph().parse(data=ttl.body, format="turtle")
    assert g.value(predicate=RDF.type, object=VOID.Dataset) is not None


def test_resource_rdf_xml_and_406(server: Running) -> None:
    url = server.url + "/id/place/xingxian"
    xml = fetch(url, accept="application/rdf+xml")
    assert xml.headers["Content-Type"].startswith("application/rdf+xml")
    g = Graph().parse(data=xml.body, format="xml")
    assert (URIRef(BASE + "id/place/xingxian"), RDFS.label, Literal("兴县", lang="zh")) in g
    ttl = Graph().parse(data=fetch(url, accept="text/turtle").body, format="turtle")
    assert isomorphic(g, ttl)
    assert fetch(url, accept="image/png").status == 406
    assert fetch(server.url + "/void", accept="application/pdf").status == 406


def test_jsonld_uses_the_published_context(server: Running) -> None:
    from kg.publish import jsonld_context

    reply = fetch(server.url + "/id/place/xingxian", accept="application/ld+json")
    data = json.loads(reply.body)
    assert data["@context"] == jsonld_context()
    turtle = fetch(server.url + "/id/place/xingxian", accept="text/turtle").body
    assert isomorphic(Graph().parse(data=reply.body, format="json-ld"),
                      Graph().parse(data=turtle, format="turtle"))


def test_blank_nodes_in_csv_and_tsv(server: Running) -> None:
    query = "SELECT ?b WHERE { BIND(BNODE() AS ?b) }"
    reply = fetch(f"{server.url}/sparql?query={urllib.parse.quote(query)}&format=csv")
    rows = list(csv.reader(io.StringIO(reply.text)))
    assert rows[0] == ["b"] and rows[1][0].startswith("_:")
    answer = Answer("select", ("x", "y"), ({"x": URIRef("urn:a"), "y": Literal("a\tb", lang="zh")},
                                           {"x": None, "y": Literal(2)}))
    parsed = TSVResultParser().parse(io.StringIO(result_bytes(answer, "tsv").decode()))
    assert [list(r) for r in parsed] == [[URIRef("urn:a"), Literal("a\tb", lang="zh")],
                                         [None, Literal(2)]]


@pytest.mark.parametrize("name,fmt", [("kg.ttl", "turtle"), ("kg.nt", "nt"),
                                      ("kg.trig", "trig"), ("kg.jsonld", "json-ld")])
def test_dumps_are_served_where_void_says(server: Running, name: str, fmt: str) -> None:
    void = Graph().parse(data=fetch(server.url + "/void", accept="text/turtle").body,
                         format="turtle")
    urls = {str(u) for u in void.objects(None, URIRef("http://www.w3.org/ns/dcat#downloadURL"))}
    assert BASE + "download/" + name in urls
    reply = fetch(server.url + "/download/" + name)
    assert reply.status == 200
    if fmt == "trig":
        from rdflib import Dataset

        ds = Dataset().parse(data=reply.body, format="trig")
        union = Graph()
        for g in ds.graphs():
            union += g
    else:
        union = Graph().parse(data=reply.body, format=fmt)
    assert len(union) == len(server.site.union())
    ox = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
          "trig": pyoxigraph.RdfFormat.TRIG, "json-ld": pyoxigraph.RdfFormat.JSON_LD}[fmt]
    assert len(list(pyoxigraph.parse(reply.body, format=ox))) >= len(union)


def test_ontology_namespace_and_page(server: Running) -> None:
    ttl = fetch(server.url + "/ontology", accept="text/turtle")
    g = Graph().parse(data=ttl.body, format="turtle")
    assert (URIRef(BASE + "ontology#Observation"), None, None) in g
    page = fetch(server.url + "/ontology.html")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Observation" in page.text


def test_result_formats_read_back_by_pyoxigraph() -> None:
    """Our SPARQL JSON, XML and TSV (rdflib's writers, TSV ours) parsed by pyoxigraph's
    result parser give exactly the solutions pyoxigraph itself computes; CSV (which has no
    types) gives pyoxigraph's own CSV bytes."""
    from kg.backends import OxigraphBackend
    from tests.test_serve import sample_dataset

    engine = OxigraphBackend(sample_dataset())
    query = ("SELECT ?s ?label ?n ?b WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "
             "?label OPTIONAL { ?s <https://w3id.org/fupin-kg/ontology#divisionCode> ?n } "
             "BIND(IF(BOUND(?n), BNODE(), 1.5) AS ?b) } ORDER BY ?s ?label LIMIT 40")
    def solutions() -> pyoxigraph.QuerySolutions:
        result = engine.store.query(query)
        assert isinstance(result, pyoxigraph.QuerySolutions)
        return result

    theirs = [[str(s[v]) if s[v] is not None else None for v in ("s", "label", "n", "b")]
              for s in solutions()]
    answer = engine.answer(query)
    formats = {"srj": pyoxigraph.QueryResultsFormat.JSON,
               "xml": pyoxigraph.QueryResultsFormat.XML,
               "tsv": pyoxigraph.QueryResultsFormat.TSV}
    for key, fmt in formats.items():
        parsed = pyoxigraph.parse_query_results(result_bytes(answer, key), format=fmt)
        assert isinstance(parsed, pyoxigraph.QuerySolutions)
        ours = [[str(s[v]) if s[v] is not None else None for v in ("s", "label", "n", "b")]
                for s in parsed]
        # blank node labels are local to a document: compare them by position only
        def shape(rows: list[list[str | None]]) -> list[list[str | None]]:
            return [[("_:" if c and c.startswith("_:") else c) for c in r] for r in rows]
        assert shape(ours) == shape(theirs), key
    their_csv = solutions().serialize(format=pyoxigraph.QueryResultsFormat.CSV)
    assert isinstance(their_csv, bytes)
    strip = re.compile(rb"_:\w+")
    assert strip.sub(b"_:", result_bytes(answer, "csv")) == strip.sub(b"_:", their_csv)
