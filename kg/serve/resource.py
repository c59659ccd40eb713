"""What the server says about one resource: its description graph and the view of its page.

A resource's description is its own triples plus those of its evidence: the
``prov:wasDerivedFrom`` annotations (``oa:SpecificResource`` with a quote and a position
selector) and the reified statements (``rdf:Statement``) that record where each relation
between entities was read. Without the evidence a reader could not check a fact against
the article it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import BASE, FK, OA, PREFIXES

ID_SPACE = BASE + "id/"
LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
MAX_INCOMING = 500  # a unit or a county is the object of hundreds of observations


@dataclass(frozen=True)
class Evidence:
    iri: URIRef
    quote: str
    article: URIRef | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Fact:
    predicate: URIRef
    value: Node
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ResourceView:
    iri: URIRef
    labels: dict[str, list[str]]  # language ("" for none) -> labels
    types: tuple[URIRef, ...]
    facts: tuple[Fact, ...]
    incoming: tuple[tuple[Node, URIRef], ...]
    incoming_total: int
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    stated_as: str | None = None  # an observation's figure as written (it has no label)


def iri_for_path(path: str) -> URIRef | None:
    """The IRI a local path (``/id/...``) stands for, or None outside the id space."""
    if not path.startswith("/id/") or len(path) <= len("/id/"):
        return None
    return URIRef(BASE + path[1:])


def exists(graph: Graph, iri: URIRef) -> bool:
    return (iri, None, None) in graph or (None, None, iri) in graph


def _sorted(nodes: Iterator[Node]) -> list[Node]:
    return sorted(set(nodes), key=lambda n: (type(n).__name__, str(n)))


def evidence_nodes(graph: Graph, node: Node) -> list[Node]:
    """The evidence annotations of ``node`` and their selectors."""
    out: list[Node] = []
    for ev in _sorted(graph.objects(node, PROV.wasDerivedFrom)):
        out.append(ev)
        out += _sorted(graph.objects(ev, OA.hasSelector))
    return out


def statements_about(graph: Graph, iri: URIRef) -> list[Node]:
    """Reified statements whose subject is ``iri`` (the evidence of its relations)."""
    return _sorted(graph.subjects(RDF.subject, iri))


def description(graph: Graph, iri: URIRef) -> Graph:
    """The triples served for ``iri`` as Turtle / JSON-LD / N-Triples."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    nodes: list[Node] = [iri, *evidence_nodes(graph, iri)]
    for st in statements_about(graph, iri):
        nodes += [st, *evidence_nodes(graph, st)]
    for node in nodes:
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
    return out


def read_evidence(graph: Graph, ev: Node) -> Evidence | None:
    if not isinstance(ev, URIRef):
        return None
    quote, start, end = "", None, None
    for sel in graph.objects(ev, OA.hasSelector):
        exact = graph.value(sel, OA.exact)
        if exact is not None:
            quote = str(exact)
        s, e = graph.value(sel, OA.start), graph.value(sel, OA.end)
        if isinstance(s, Literal) and isinstance(e, Literal):
            start, end = _int(s), _int(e)
    source = graph.value(ev, OA.hasSource)
    return Evidence(ev, quote, source if isinstance(source, URIRef) else None, start, end)


def _int(lit: Literal) -> int | None:
    try:
        return int(lit.toPython())
    except (TypeError, ValueError):
        return None


def _evidence_of(graph: Graph, node: Node) -> tuple[Evidence, ...]:
    found = (read_evidence(graph, ev) for ev in _sorted(graph.objects(node, PROV.wasDerivedFrom)))
    return tuple(sorted((e for e in found if e is not None),
                        key=lambda e: (str(e.article), e.start or 0, str(e.iri))))


def view(graph: Graph, iri: URIRef) -> ResourceView:
    labels: dict[str, list[str]] = {}
    for prop in LABELS:
        for lit in graph.objects(iri, prop):
            if isinstance(lit, Literal) and str(lit) not in labels.get(lit.language or "", []):
                labels.setdefault(lit.language or "", []).append(str(lit))
    types = tuple(t for t in _sorted(graph.objects(iri, RDF.type)) if isinstance(t, URIRef))
    # Relation evidence: (predicate, object) -> the evidence of the statement recording it.
    relation_evidence: dict[tuple[Node, Node], tuple[Evidence, ...]] = {}
    for st in statements_about(graph, iri):
        p, o = graph.value(st, RDF.predicate), graph.value(st, RDF.object)
        if p is not None and o is not None:
            relation_evidence[(p, o)] = relation_evidence.get((p, o), ()) + _evidence_of(graph, st)
    facts = tuple(
        Fact(p, o, relation_evidence.get((p, o), ()))
        for p, o in sorted(graph.predicate_objects(iri), key=lambda po: (str(po[0]), str(po[1])))
        if isinstance(p, URIRef) and p != PROV.wasDerivedFrom)
    incoming_all = sorted(((s, p) for s, p in graph.subject_predicates(iri)
                           if isinstance(p, URIRef)), key=lambda sp: (str(sp[1]), str(sp[0])))
    stated = graph.value(iri, FK.statedAs)
    return ResourceView(iri, labels, types, facts, tuple(incoming_all[:MAX_INCOMING]),
                        len(incoming_all), _evidence_of(graph, iri),
                        str(stated) if stated is not None else None)


def label(graph: Graph, node: Node, lang: str = "zh") -> str | None:
    """The label of ``node`` in ``lang``, else in English, else any label; None if none."""
    found: dict[str, str] = {}
    for prop in LABELS:
        for lit in graph.objects(node, prop):
            if isinstance(lit, Literal):
                found.setdefault(lit.language or "", str(lit))
    for want in (lang, "en", ""):
        if want in found:
            return found[want]
    return next(iter(found.values()), None)
