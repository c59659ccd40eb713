"""What the graph conversion reads from the store: a few SPARQL queries, answered by
pyoxigraph, each returning only the rows the conversion needs, as plain strings.

Why not walk the triples: at 1,000 articles the union holds about 2M triples, and iterating
them in Python (rdflib's store or pyoxigraph's) took minutes or tens of seconds; these
queries return a quarter of the rows, and Oxigraph does the matching in Rust.

The default graph is the union of all graphs (``kg.store.GraphStore`` keeps it so; a plain
rdflib Graph is loaded into a store of its own).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.namespaces import OA
from kg.store import GraphStore, to_ox

LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
ALT_LABEL = SKOS.altLabel


@dataclass(frozen=True)
class Label:
    prop: int  # index into LABELS, or len(LABELS) for skos:altLabel
    text: str
    lang: str  # lower case, "" when none


@dataclass(frozen=True)
class Link:
    predicate: str
    target: str
    is_literal: bool
    is_iri: bool


@dataclass
class Rows:
    """The answers, keyed by IRI (or the store's blank-node id for evidence and statements)."""

    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, list[Label]] = field(default_factory=lambda: defaultdict(list))
    # subject -> [(quote text, source IRI)], one per piece of evidence (prov:wasDerivedFrom)
    evidence: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list))
    # (subject, predicate, object) of a reified relation -> the statements' ids
    statements: dict[tuple[str, str, str], list[str]] = field(
        default_factory=lambda: defaultdict(list))
    links: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))


def store_of(source: Graph | GraphStore | ox.Store) -> ox.Store:
    """The pyoxigraph store to ask: the build's own, or a plain graph loaded into one."""
    if isinstance(source, GraphStore):
        return source.store
    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())  # type: ignore[arg-type]
                      for s, p, o in source)
    return store


def _values(terms: Iterable[URIRef]) -> str:
    return " ".join(f"<{t}>" for t in sorted(terms))


def _key(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return ""


def _select(store: ox.Store, sparql: str) -> Iterator[tuple[object, ...]]:
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("not a SELECT query")
    width = len(result.variables)
    for solution in result:
        yield tuple(solution[i] for i in range(width))


def read(store: ox.Store, classes: Iterable[URIRef], skipped: Iterable[URIRef]) -> Rows:
    """The typed entities of ``classes`` with their labels, evidence and relations (all but
    the ``skipped`` predicates and the labels)."""
    rows = Rows()
    class_values = _values(classes)
    for s, t in _select(store,
            f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?t {{ {class_values} }} ?s a ?t . "
            "FILTER(isIRI(?s)) }"):
        rows.types[_key(s)].append(_key(t))
    props = [*LABELS, ALT_LABEL]
    index = {str(p): i for i, p in enumerate(props)}
    for s, p, lit in _select(store,
            f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ {_values(props)} }} ?s ?p ?l . "
            "FILTER(isLiteral(?l)) }"):
        assert isinstance(lit, ox.Literal)
        rows.labels[_key(s)].append(
            Label(index[_key(p)], lit.value, (lit.language or "").lower()))
    for s, text, source in _select(store,
            f"SELECT ?s (MAX(?x) AS ?text) (MAX(STR(?src)) AS ?source) WHERE {{ "
            f"?s <{PROV.wasDerivedFrom}> ?ev . "
            f"OPTIONAL {{ ?ev <{OA.hasSelector}> ?sel . ?sel <{OA.exact}> ?x }} "
            f"OPTIONAL {{ ?ev <{OA.hasSource}> ?src }} }} GROUP BY ?s ?ev"):
        if text is not None or source is not None:
            rows.evidence[_key(s)].append((_key(text), _key(source)))
    for st, s, p, o in _select(store,
            f"SELECT ?st ?s ?p ?o WHERE {{ ?st a <{RDF.Statement}> ; <{RDF.subject}> ?s ; "
            f"<{RDF.predicate}> ?p ; <{RDF.object}> ?o }}"):
        rows.statements[(_key(s), _key(p), _key(o))].append(_key(st))
    not_in = ", ".join(f"<{p}>" for p in sorted({*skipped, *props}))
    for s, p, o in _select(store,
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?t {{ {class_values} }} ?s a ?t . "
            f"FILTER(isIRI(?s)) ?s ?p ?o . FILTER(?p NOT IN ({not_in})) }}"):
        rows.links[_key(s)].append(Link(_key(p), _key(o), isinstance(o, ox.Literal),
                                        isinstance(o, ox.NamedNode)))
    return rows

