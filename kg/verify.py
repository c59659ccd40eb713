"""Every figure in the graph is re-checked against the source file it claims to come from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.export import packaged_query
from kg.namespaces import FK, OA
from kg.store import GraphStore, Source

_TYPE, _STATED, _DERIVED = str(RDF.type), str(FK.statedAs), str(PROV.wasDerivedFrom)
_SOURCE, _SELECTOR, _EXACT = str(OA.hasSource), str(OA.hasSelector), str(OA.exact)
_START, _END = str(OA.start), str(OA.end)
_OBSERVATION, _QUOTE, _POSITION = (str(FK.Observation), str(OA.TextQuoteSelector),
                                   str(OA.TextPositionSelector))
_READ = (_TYPE, _STATED, _DERIVED, _SOURCE, _SELECTOR, _EXACT, _START, _END)


@dataclass(frozen=True)
class EvidenceProblem:
    observation: str
    message: str


@dataclass
class _Node:
    """What the check reads of one node: its values per predicate, as plain strings."""
    values: dict[str, list[str]] = field(default_factory=dict)

    def first(self, predicate: str) -> str | None:
        found = self.values.get(predicate)
        return found[0] if found else None

    def all(self, predicate: str) -> list[str]:
        return self.values.get(predicate, [])


Triple = tuple[str, str, str]


def _index(triples: Iterable[Triple]) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for s, p, o in triples:
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = _Node()
        node.values.setdefault(p, []).append(o)
    return nodes


def _store_triples(store: GraphStore) -> Iterable[Triple]:
    """The CONSTRUCT's triples (kg/sparql/evidence.rq) as strings, read from pyoxigraph's
    own terms: made into rdflib terms, the million triples of 1,000 articles were most of the
    check's 15 s (now 4 s)."""
    result = store.union_store.query(packaged_query("evidence"))
    assert isinstance(result, ox.QueryTriples)
    for t in result:
        s, o = t.subject, t.object
        yield (s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}", t.predicate.value,
               f"_:{o.value}" if isinstance(o, ox.BlankNode) else o.value)


def _graph_triples(graph: Graph) -> Iterable[Triple]:
    for predicate in _READ:
        for s, o in graph.subject_objects(URIRef(predicate)):
            yield (_key(s), predicate, _key(o))


def _key(term: object) -> str:
    """A node's key: its IRI, or "_:" and its blank-node label (no IRI starts with "_:");
    a literal's lexical form."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def verify_evidence(graph: Source, sources: Mapping[str, str]) -> list[EvidenceProblem]:
    """``sources`` maps article IRIs to the decoded text of their source file.

    Given the store, the observations and their selectors are taken out of it with one
    CONSTRUCT query (``kg/sparql/evidence.rq``); given an rdflib graph, its triples of the
    same predicates. Either way they are walked as a small index of plain strings.

    For every observation, the concatenated position-selector slices of the source file must
    equal the quote, and the quote must contain the number as stated. (A graph walk rather
    than one SPARQL join: rdflib plans the four-way selector join badly.)
    """
    nodes = _index(_store_triples(graph) if isinstance(graph, GraphStore)
                   else _graph_triples(graph))
    observations = sorted(key for key, node in nodes.items()
                          if _OBSERVATION in node.all(_TYPE) and not key.startswith("_:"))
    empty = _Node()
    problems: list[EvidenceProblem] = []
    for key in observations:
        obs = nodes[key]
        stated = obs.first(_STATED) or ""
        evidence = obs.all(_DERIVED)
        if not evidence:
            problems.append(EvidenceProblem(key, "has no evidence"))
            continue
        for ev_key in evidence:
            ev = nodes.get(ev_key, empty)
            article = ev.first(_SOURCE) or ""
            text = sources.get(article)
            if text is None:
                problems.append(EvidenceProblem(key, f"no source text for {article!r}"))
                continue
            quote: str | None = None
            spans: list[tuple[int, int, int]] = []
            for sel_key in ev.all(_SELECTOR):
                sel = nodes.get(sel_key, empty)
                kinds = sel.all(_TYPE)
                if _QUOTE in kinds:
                    quote = sel.first(_EXACT)
                elif _POSITION in kinds:
                    spans.append((_order(sel_key), _int(sel.first(_START)),
                                  _int(sel.first(_END))))
            if quote is None or not spans:
                problems.append(EvidenceProblem(key, "evidence lacks a quote or a position"))
                continue
            # In quote order (…/pos-1, …/pos-2): across a reading-order join the quote may
            # continue at an earlier offset of the file.
            found = "".join(text[s:e] for _, s, e in sorted(spans))
            if found != quote:
                problems.append(EvidenceProblem(
                    key, f"the source at its offsets reads {found[:40]!r}, not the quote "
                         f"{quote!r}"))
            elif stated not in quote:
                problems.append(EvidenceProblem(key, f"the quote does not contain {stated!r}"))
    return problems


def _order(selector: str) -> int:
    tail = selector.rsplit("/pos-", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0


def _int(value: str | None) -> int:
    return int(value) if value is not None else -1
