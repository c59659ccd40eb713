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
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import OA
from kg.store import GraphStore, to_ox

LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
ALT_LABEL = SKOS.altLabel


class Label(NamedTuple):
    prop: int  # index into LABELS, or len(LABELS) for skos:altLabel
    text: str
    lang: str  # lower case, "" when none


class Link(NamedTuple):
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
        return source.union_store
    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())  # type: ignore[arg-type]
                      for s, p, o in source)
    return store


def read_any(source: Graph | GraphStore | ox.Store, classes: Iterable[URIRef],
             skipped: Iterable[URIRef]) -> Rows:
    """``read`` from a store; from an rdflib Graph, the same rows in one pass over its
    triples (loading 227k rdflib triples into a store term by term took longer than the
    pass itself)."""
    if isinstance(source, Graph):
        return read_graph(source, classes, skipped)
    return read(store_of(source), classes, skipped)


def read_graph(graph: Graph, classes: Iterable[URIRef], skipped: Iterable[URIRef]) -> Rows:
    """The rows ``read`` gives, from an rdflib Graph (the lexical forms as the graph has
    them)."""
    rows = Rows()
    wanted = {str(c) for c in classes}
    props = {str(p): i for i, p in enumerate((*LABELS, ALT_LABEL))}
    excluded = {str(p) for p in skipped} | set(props)
    by_pred: dict[str, dict[Node, list[Node]]] = {
        str(p): defaultdict(list) for p in (OA.exact, OA.hasSelector, OA.hasSource,
                                            PROV.wasDerivedFrom, RDF.subject, RDF.predicate,
                                            RDF.object)}
    statements: list[Node] = []
    links: dict[str, list[Link]] = defaultdict(list)
    rdf_type, statement = str(RDF.type), RDF.Statement
    for s, p, o in graph:
        pred = str(p)
        if pred == rdf_type:
            if isinstance(s, URIRef) and str(o) in wanted:
                rows.types[str(s)].append(str(o))
            elif o == statement:
                statements.append(s)
        elif pred in props:
            if isinstance(o, Literal):
                rows.labels[str(s)].append(Label(props[pred], str(o),
                                                 (o.language or "").lower()))
            continue
        if pred in by_pred:
            by_pred[pred][s].append(o)
        if pred not in excluded and isinstance(s, URIRef):
            links[str(s)].append(Link(pred, str(o), isinstance(o, Literal),
                                      isinstance(o, URIRef)))
    for iri in rows.types:
        rows.links[iri] = sorted(links.get(iri, ()))
    exact, selector, source = (by_pred[str(p)] for p in (OA.exact, OA.hasSelector,
                                                         OA.hasSource))
    for s, evidence in by_pred[str(PROV.wasDerivedFrom)].items():
        for ev in evidence:
            quotes = [str(x) for sel in selector.get(ev, ()) for x in exact.get(sel, ())]
            sources = [str(x) for x in source.get(ev, ())]
            if quotes or sources:
                rows.evidence[str(s)].append((max(quotes, default=""),
                                              max(sources, default="")))
    subject, predicate, obj = (by_pred[str(p)] for p in (RDF.subject, RDF.predicate,
                                                         RDF.object))
    for st in statements:
        if subject.get(st) and predicate.get(st) and obj.get(st):
            key = (str(subject[st][0]), str(predicate[st][0]), str(obj[st][0]))
            rows.statements[key].append(str(st))
    return rows


def triple_count(store: ox.Store) -> int:
    """Distinct triples of the default graph (the union)."""
    ((count,),) = _select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(count, ox.Literal)
    return int(count.value)


def _values(terms: Iterable[URIRef]) -> str:
    return " ".join(f"<{t}>" for t in sorted(terms))


_VALUED = frozenset({ox.NamedNode, ox.BlankNode, ox.Literal})


def _key(term: object) -> str:
    # Why getattr: an isinstance check against a union of three classes per term was a
    # third of the reading time; every term but an RDF-star triple has a value.
    value = getattr(term, "value", "")
    return value if isinstance(value, str) else ""


def _select(store: ox.Store, sparql: str) -> Iterator[tuple[object, ...]]:
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("not a SELECT query")
    width = len(result.variables)
    for solution in result:
        yield tuple(solution[i] for i in range(width))


def _pattern(store: ox.Store, subject: ox.NamedNode | None, predicate: URIRef | str,
             obj: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    return store.quads_for_pattern(subject, ox.NamedNode(str(predicate)), obj,
                                   ox.DefaultGraph())


def read(store: ox.Store, classes: Iterable[URIRef], skipped: Iterable[URIRef]) -> Rows:
    """The typed entities of ``classes`` with their labels, evidence and relations (all but
    the ``skipped`` predicates and the labels)."""
    rows = read_types(store, classes)
    read_rest(store, rows, skipped)
    return rows


def read_types(store: ox.Store, classes: Iterable[URIRef]) -> Rows:
    """The first step of ``read``: which entities there are, and their types."""
    rows = Rows()
    for cls in sorted(classes):
        name = str(cls)
        for q in _pattern(store, None, RDF.type, ox.NamedNode(name)):
            s = q.subject
            if type(s) is ox.NamedNode:
                rows.types[s.value].append(name)
    return rows


def read_rest(store: ox.Store, rows: Rows, skipped: Iterable[URIRef]) -> None:
    """The rest of ``read``: labels, evidence and relations."""
    props = [*LABELS, ALT_LABEL]
    for i, prop in enumerate(props):
        for q in _pattern(store, None, prop):
            o = q.object  # each attribute access makes a new Python term: read once
            if type(o) is ox.Literal:
                rows.labels[_key(q.subject)].append(
                    Label(i, o.value, (o.language or "").lower()))
    _read_evidence(store, rows)
    excluded = {str(p) for p in (*skipped, *props)}
    for s in rows.types:
        rows.links[s] = read_links(store, ox.NamedNode(s), excluded)


def read_links(store: ox.Store, subject: ox.NamedNode, excluded: Collection[str]
               ) -> list[Link]:
    """A subject's relations and facts (all but the ``excluded`` predicates), by
    predicate, then object: the order of an entity's facts."""
    links: list[Link] = []
    for q in store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
        p = q.predicate.value
        if p not in excluded:
            o = q.object
            kind = type(o)
            # Why the direct .value: _key's getattr and isinstance per quad, for the
            # kinds that always have a string value (an RDF-star triple has none).
            value = o.value if kind in _VALUED else _key(o)  # type: ignore[union-attr]
            links.append(Link(p, value, kind is ox.Literal, kind is ox.NamedNode))
    links.sort()
    return links


EVIDENCE = f"""SELECT ?s ?ev ?source ?quote WHERE {{
  ?s <{PROV.wasDerivedFrom}> ?ev .
  OPTIONAL {{ ?ev <{OA.hasSource}> ?source }}
  OPTIONAL {{ ?ev <{OA.hasSelector}> ?selector . ?selector <{OA.exact}> ?quote }} }}"""


def _read_evidence(store: ox.Store, rows: Rows) -> None:
    """Each piece of evidence's quote (its selectors' ``oa:exact``) and source, and which
    reified statements (``rdf:Statement``) stand for which relation."""
    # Why one query here, unlike the rest: the join of four predicates (110k pieces of
    # evidence at 1,000 articles) ran in Python over 560k quads; Oxigraph joins them and
    # returns a row per piece (about 8 µs a row against 20 µs for the whole read).
    found: dict[tuple[str, object], list[str]] = {}
    result = store.query(EVIDENCE)
    assert isinstance(result, ox.QuerySolutions)
    # Why the rows unpacked here, not through _select: 110k rows at 1,000 articles, and the
    # generator's tuples and _key's checks were about a tenth of this step.
    for s, ev, source, quote in result:
        if source is None and quote is None:
            continue
        key = (_key(s), ev)
        best = found.get(key)
        if best is None:
            best = found[key] = ["", ""]
        if quote is not None:
            text = quote.value
            if text > best[0]:
                best[0] = text
        if source is not None:
            iri = source.value
            if iri > best[1]:
                best[1] = iri
    for (s, _ev), (quote, source) in found.items():
        rows.evidence[s].append((quote, source))
    parts: list[dict[object, str]] = []
    for prop in (RDF.subject, RDF.predicate, RDF.object):
        parts.append({q.subject: _key(q.object) for q in _pattern(store, None, prop)})
    for q in _pattern(store, None, RDF.type, ox.NamedNode(str(RDF.Statement))):
        st = q.subject
        if all(st in part for part in parts):
            rows.statements[(parts[0][st], parts[1][st], parts[2][st])].append(_key(st))
