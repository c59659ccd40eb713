"""What the server publishes about itself: the SPARQL 1.1 Service Description, the dumps at
the URLs VoID names (``/download/<file>``) and the ontology document.

The Service Description says that the default graph is the union of the named graphs
(``sd:UnionDefaultGraph``, the feature Fuseki's ``unionDefaultGraph`` stands for) and lists
the named graphs, so a client knows ``GRAPH ?g`` asks which article says what.
"""

from __future__ import annotations

import json

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
# The dumps VoID names (kg.describe.DISTRIBUTIONS), each with the format pyoxigraph writes.
DUMPS = {"kg.trig": "application/trig", "kg.ttl": "text/turtle; charset=utf-8",
         "kg.nt": "application/n-triples", "kg.jsonld": "application/ld+json"}


def service_description(endpoint: str, graph_names: list[URIRef], triples: int) -> Graph:
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", FORMATS)
    service = URIRef(endpoint + "#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default = BNode("dataset"), BNode("default")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(triples, datatype=XSD.integer)))
    for i, name in enumerate(sorted(graph_names)):
        named = BNode(f"g{i}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, name))
    return g


def dump(quads: bytes, name: str) -> bytes:
    """One of the dumps, written by pyoxigraph from the served quads (N-Quads)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    if name == "kg.trig":
        out = store.dump(format=pyoxigraph.RdfFormat.TRIG)
    elif name == "kg.jsonld":
        from kg.publish import jsonld_context

        # the union graph with the published short-key context, written by rdflib
        union = Graph()
        union.parse(data=_union_nt(store), format="nt")
        data = union.serialize(format="json-ld", context=jsonld_context())
        out = (json.dumps(json.loads(data), ensure_ascii=False, indent=1) + "\n").encode()
    else:
        fmt = pyoxigraph.RdfFormat.TURTLE if name == "kg.ttl" else pyoxigraph.RdfFormat.N_TRIPLES
        merged = pyoxigraph.Store()
        merged.bulk_load(_union_nt(store), format=pyoxigraph.RdfFormat.N_TRIPLES)
        out = merged.dump(format=fmt, from_graph=pyoxigraph.DefaultGraph())
    assert isinstance(out, bytes)
    return out


def _union_nt(store: object) -> bytes:
    import pyoxigraph

    assert isinstance(store, pyoxigraph.Store)
    lines = set()
    for quad in store:
        lines.add(f"{quad.subject} {quad.predicate} {quad.object} .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")
