"""The dataset's own description: VoID statistics and linksets, DCAT distributions.

Every count comes from a SPARQL query over the graph it describes, so a test can recompute
it independently; nothing here depends on the clock, so the file is byte-identical per input.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from kg.export import packaged_query
from kg.namespaces import BASE, DATASET, FK, VOID
from kg.store import GraphStore, Source, select

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TARGETS = {
    "wikidata": ("https://www.wikidata.org/", "Wikidata"),
    "geonames": ("https://www.geonames.org/", "GeoNames"),
    "sdg": ("http://metadata.un.org/sdg/", "UN SDG vocabulary"),
    "qudt": ("http://qudt.org/vocab/unit/", "QUDT units"),
}
DISTRIBUTIONS = {
    "kg.trig": "application/trig",
    "kg.ttl": "text/turtle",
    "kg.nt": "application/n-triples",
    "kg.jsonld": "application/ld+json",
}


def class_counts(graph: Source) -> dict[str, int]:
    return {str(r["class"]): int(r["entities"])
            for r in select(graph, packaged_query("void-classes"))}


def link_counts(graph: Source) -> dict[tuple[str, str], int]:
    return {(str(r["target"]), str(r["predicate"])): int(r["links"])
            for r in select(graph, packaged_query("void-links"))}


def division_code_count(graph: Source) -> int:
    if isinstance(graph, GraphStore):
        return len(graph.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{FK.divisionCode}> ?o }}"))
    return sum(1 for _ in graph.subject_objects(FK.divisionCode))


def counts(graph: Source) -> tuple[int, int]:
    """Distinct triples and distinct subjects of the union of all graphs."""
    if isinstance(graph, GraphStore):
        return graph.triple_count, graph.subject_count
    return len(graph), len(set(graph.subjects()))


def void_graph(graph: Source, sources: Sequence[str]) -> Graph:
    """VoID + DCAT for ``graph``; ``sources`` are the corpus file names it was built from.

    ``void:triples`` counts distinct triples of the union of all named graphs (what kg.ttl
    and kg.nt hold); a triple stated in two graphs of kg.trig counts once."""
    d = DATASET["fupin-kg"]
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("fupin-kg: poverty-alleviation programmes, places and "
                                     "metrics from Chinese county news", lang="en")))
    g.add((d, DCTERMS.title, Literal("扶贫知识图谱", lang="zh")))
    g.add((d, DCTERMS.license, LICENSE))
    g.add((d, VOID.uriSpace, Literal(BASE + "id/")))
    g.add((d, VOID.sparqlEndpoint, URIRef(BASE + "sparql")))
    triples, subjects = counts(graph)
    g.add((d, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((d, VOID.distinctSubjects, Literal(subjects, datatype=XSD.integer)))
    for name in sorted(sources):
        g.add((d, DCTERMS.source, Literal(name)))
    for name, media in DISTRIBUTIONS.items():
        dist = DATASET[f"fupin-kg/{name}"]
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, URIRef(BASE + "download/" + name)))
        g.add((dist, DCAT.mediaType, Literal(media)))
        if media in ("text/turtle", "application/n-triples"):
            g.add((d, VOID.dataDump, URIRef(BASE + "download/" + name)))
    for cls, n in sorted(class_counts(graph).items()):
        part = DATASET[f"fupin-kg/class/{_local(cls)}"]
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    links = link_counts(graph)
    for target, (home, title) in TARGETS.items():
        for (t, predicate), n in sorted(links.items()):
            if t != target:
                continue
            ls = DATASET[f"fupin-kg/linkset/{target}/{_local(predicate)}"]
            _linkset(g, d, ls, URIRef(home), title, URIRef(predicate), n)
    codes = division_code_count(graph)
    if codes:
        _linkset(g, d, DATASET["fupin-kg/linkset/nbs-division-codes"],
                 URIRef("http://www.stats.gov.cn/sj/tjbz/qhdm/"),
                 "National Bureau of Statistics division codes", FK.divisionCode, codes)
    return g


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _linkset(g: Graph, d: URIRef, ls: URIRef, target: URIRef, title: str,
             predicate: URIRef, n: int) -> None:
    g.add((d, VOID.subset, ls))
    g.add((ls, RDF.type, VOID.Linkset))
    g.add((ls, VOID.subjectsTarget, d))
    g.add((ls, VOID.objectsTarget, target))
    g.add((ls, DCTERMS.title, Literal(title, lang="en")))
    g.add((ls, VOID.linkPredicate, predicate))
    g.add((ls, VOID.triples, Literal(n, datatype=XSD.integer)))
