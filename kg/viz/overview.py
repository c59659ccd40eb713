"""The overview page's own path from the store: the view ``select`` would make of the full
graph (``to_networkx``), computed on the graph's bare structure, and a small graph of
what the page draws.

Why: at 1,000 articles the full graph has 56,672 nodes (39,750 observations) and 229k
edges, and the page shows 400 nodes and embeds a few thousand observations for "expand".
Ranking the nodes needs only which entities link to which (and their articles, for the
observations' "from article" edges); labels, facts and quotes are read afterwards, from
the store, for the nodes the page draws (``kg.viz.lazyrows``). The structure follows
``build_graph`` and ``select`` step by step (observations beyond the first ``expand`` of
their indicator are never nodes, the vocabulary is pruned, articles are spread to places
and indicators); ``tests/test_viz_overview.py`` checks that the page is the full graph's.

``kg path``, ``kg stats``, ``kg serve`` and the other views use ``to_networkx``.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import PROV, RDF

from kg.namespaces import FK, OA
from kg.store import GraphStore
from kg.viz.convert import (
    CLASS_OF,
    FROM_ARTICLE,
    SKIPPED,
    VOCABULARY_CLASSES,
    Reader,
    _collector_paused,
    to_networkx,
)
from kg.viz.lazyrows import LazyEvidence, LazyLabels
from kg.viz.rows import ALT_LABEL, LABELS, _key, read_types, store_of
from kg.viz.view import DEFAULT_MAX_NODES, FOLDED_KEY, MAX_EXPAND, View, select

Edge = tuple[str, str]  # (predicate, target)
FROM = str(FROM_ARTICLE)
MENTIONED_IN = str(FK.mentionedIn)
# Each piece of evidence's source (kg.viz.rows reads the greatest of a piece's sources).
SOURCES = f"""SELECT ?s ?ev ?source WHERE {{
  ?s <{PROV.wasDerivedFrom}> ?ev . ?ev <{OA.hasSource}> ?source }}"""
INTO_OBSERVATIONS = f"SELECT ?s ?p ?o WHERE {{ ?o a <{FK.Observation}> . ?s ?p ?o }}"
# The reified relations and their evidence (as kg.viz.rows reads it): the page's edges take
# their quotes, and a relation's sources are spread to the places and indicators it names.
STATEMENTS = f"""SELECT ?st ?s ?p ?o ?ev ?source ?quote WHERE {{ ?st a <{RDF.Statement}> ;
  <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o .
  OPTIONAL {{ ?st <{PROV.wasDerivedFrom}> ?ev .
    OPTIONAL {{ ?ev <{OA.hasSource}> ?source }}
    OPTIONAL {{ ?ev <{OA.hasSelector}> ?selector . ?selector <{OA.exact}> ?quote }} }} }}"""


@dataclass
class Structure:
    """The full graph without its attributes: nodes (``classes``, after pruning), each
    node's out-edges (``edges``, as ``build_graph`` sorts them, "from article" edges
    included), the folded observations (``stubs``, never nodes) and every node's and
    stub's articles (only articles: the page names no other source)."""

    classes: dict[str, str]
    names: frozenset[str]  # every entity, folded and pruned ones too
    types: dict[str, list[str]]
    titles: dict[str, str]
    edges: dict[str, list[Edge]]
    stubs: dict[str, str]  # observation -> the indicator it folds into
    stub_edges: dict[str, list[Edge]]
    articles: dict[str, set[str]]
    into: dict[str, list[str]] = field(default_factory=dict)  # node -> predicates to stubs
    degree: dict[str, int] = field(default_factory=dict)
    labels: LazyLabels = field(default_factory=LazyLabels)
    evidence: LazyEvidence = field(default_factory=LazyEvidence)  # statements' read already
    sources: dict[str, set[str]] = field(default_factory=dict)  # statement -> articles
    statements: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def size(self) -> tuple[int, int]:
        """(nodes, edges) of the full conversion."""
        edges = sum(map(len, self.edges.values())) + sum(map(len, self.stub_edges.values()))
        return (len(self.classes) + len(self.stubs),
                edges + sum(map(len, self.into.values())))


def overview(source: Graph | GraphStore | ox.Store, expand: int = MAX_EXPAND,
             max_nodes: int = DEFAULT_MAX_NODES) -> tuple[nx.MultiDiGraph, View, Structure | None]:
    """The graph and view the overview page renders (``render(g, view)``), and the
    structure they come from. An rdflib Graph (``kg viz --graph``) is converted in full:
    it is read in one pass anyway."""
    if isinstance(source, Graph):
        g = to_networkx(source)
        return g, select(g, max_nodes=max_nodes), None
    from kg.viz.drawn import drawn_graph

    store = store_of(source)
    with _collector_paused():
        structure = read_structure(store, expand)
        view = overview_view(structure, max_nodes)
        g = drawn_graph(store, structure, view)
        return g, view, structure


def read_structure(store: ox.Store, expand: int) -> Structure:
    reader = Reader(read_types(store, CLASS_OF))
    classes = dict(reader.candidates())
    excluded = {str(p) for p in (*SKIPPED, *LABELS, ALT_LABEL)}
    links = _links(store, classes, excluded)
    titles = {}
    labels = reader.rows.labels = LazyLabels(store)
    for iri, key in classes.items():
        if key == "article":
            zh, en, _ = reader.labels(iri)
            titles[iri] = zh or en
    sources = _sources(store, titles)
    stubs = _stubs(classes, links, expand)
    s = Structure(classes, frozenset(classes), reader.rows.types, titles, {}, stubs, {}, {},
                  labels=labels, evidence=LazyEvidence(store))
    _read_statements(store, s)
    for iri, key in classes.items():
        own = links[iri]
        arts = sources.get(iri, set()) | {t for p, t in own if p == MENTIONED_IN
                                           and t in titles}
        if iri in stubs:
            s.stub_edges[iri] = own + [(FROM, a) for a in sorted(arts)]
            s.articles[iri] = arts
            continue
        s.articles[iri] = {iri} if key == "article" else arts
        out = [e for e in own if e[1] not in stubs]
        into = [p for p, t in own if t in stubs]
        if into:
            s.into[iri] = into
        if key == "observation":
            out = sorted(out + [(FROM, a) for a in arts])
        s.edges[iri] = out
    for iri in stubs:
        del classes[iri]
    _prune(s)
    _count_degrees(s)
    _spread(s)
    return s


def _links(store: ox.Store, classes: dict[str, str], excluded: set[str]
           ) -> dict[str, list[Edge]]:
    """Each entity's links to other entities, sorted (by predicate, then target).

    Why from the object index (each entity's in-quads): entities are the subjects of
    about 1M quads at 1,000 articles, mostly literals, types and Data Cube dimensions,
    and the objects of about half as many; read in Python, each quad costs about 1 µs."""
    default = ox.DefaultGraph()
    named = ox.NamedNode
    found: dict[str, list[Edge]] = {s: [] for s in classes}

    def add(s: object, p: ox.NamedNode, o: str) -> None:
        if type(s) is named:
            source = s.value
            if source in found and source != o:
                predicate = p.value
                if predicate not in excluded:
                    found[source].append((predicate, o))

    for o, key in classes.items():
        if key != "observation":
            for s, p, _o, _g in store.quads_for_pattern(None, None, named(o), default):
                add(s, p, o)
    # Why one query for the observations' in-quads: they are 40k of the 61k entities at
    # 1,000 articles and almost none has one; a pattern call each cost more than a query.
    result = store.query(INTO_OBSERVATIONS)
    assert isinstance(result, ox.QuerySolutions)
    for s, p, o in result:
        target = o.value
        if classes.get(target) == "observation":
            add(s, p, target)
    return {s: sorted(set(edges)) for s, edges in found.items()}


def _sources(store: ox.Store, titles: dict[str, str]) -> dict[str, set[str]]:
    """Each subject's articles through its evidence (a piece's greatest source)."""
    best: dict[tuple[str, object], str] = {}
    result = store.query(SOURCES)
    assert isinstance(result, ox.QuerySolutions)
    for s, ev, source in result:
        key = (_key(s), ev)
        iri = source.value
        if iri > best.get(key, ""):
            best[key] = iri
    found: dict[str, set[str]] = {}
    for (s, _ev), iri in best.items():
        if iri in titles:
            found.setdefault(s, set()).add(iri)
    return found


def _stubs(classes: dict[str, str], links: dict[str, list[Edge]], expand: int
           ) -> dict[str, str]:
    """Observations beyond the first ``expand`` (in IRI order) of the indicator they fold
    into: the target of their first edge to an indicator."""
    by_indicator: dict[str, list[str]] = {}
    for iri, key in classes.items():
        if key == "observation":
            first = next((t for _p, t in links[iri] if classes[t] == "indicator"), None)
            if first is not None:
                by_indicator.setdefault(first, []).append(iri)
    return {obs: indicator for indicator, observations in by_indicator.items()
            for obs in observations[expand:]}


def _read_statements(store: ox.Store, s: Structure) -> None:
    """``Rows.statements``, and each statement's evidence (its pieces' greatest quote and
    source) and articles."""
    result = store.query(STATEMENTS)
    assert isinstance(result, ox.QuerySolutions)
    seen: set[tuple[str, tuple[str, str, str]]] = set()
    best: dict[tuple[str, object], list[str]] = {}
    for st, subject, predicate, obj, ev, source, quote in result:
        key = _key(st)
        triple = (_key(subject), _key(predicate), _key(obj))
        if (key, triple) not in seen:
            seen.add((key, triple))
            s.statements.setdefault(triple, []).append(key)
            s.evidence[key] = []
        if ev is None or (source is None and quote is None):
            continue
        found = best.setdefault((key, ev), ["", ""])
        if quote is not None and quote.value > found[0]:
            found[0] = quote.value
        if source is not None and source.value > found[1]:
            found[1] = source.value
    for (key, _ev), (text, iri) in best.items():
        s.evidence[key].append((text, iri))
    for key, pieces in s.evidence.items():
        s.sources[key] = {iri for _text, iri in pieces if iri in s.titles}


def _prune(s: Structure) -> None:
    """``_prune_vocabulary`` on the structure."""
    vocab = {n for n, c in s.classes.items() if c in VOCABULARY_CLASSES}
    anchored = set(s.into) | {t for edges in s.stub_edges.values() for _p, t in edges}
    linked: set[str] = set()  # vocabulary nodes with a non-vocabulary neighbour
    for n, edges in s.edges.items():
        if n in vocab:
            if any(t not in vocab for _p, t in edges):
                linked.add(n)
        else:
            linked.update(t for _p, t in edges if t in vocab)
    keep = {n for n in vocab if n in anchored or n in linked}
    todo = list(keep)
    while todo:
        for _p, parent in s.edges[todo.pop()]:
            if parent in vocab and parent not in keep:
                keep.add(parent)
                todo.append(parent)
    gone = vocab - keep
    for n in gone:
        del s.classes[n], s.edges[n], s.articles[n]
    if gone:
        for n, edges in s.edges.items():
            s.edges[n] = [e for e in edges if e[1] not in gone]


def _count_degrees(s: Structure) -> None:
    degree = dict.fromkeys(s.classes, 0)
    for n, edges in s.edges.items():
        degree[n] += len(edges)
        for _p, t in edges:
            degree[t] += 1
    for n, into in s.into.items():
        degree[n] += len(into)
    for edges in s.stub_edges.values():
        for _p, t in edges:
            if t in degree:
                degree[t] += 1
    s.degree = degree


def _spread(s: Structure) -> None:
    """``_spread_articles`` on the structure (the same order: nodes and stubs by IRI)."""
    vocabulary = {n for n, c in s.classes.items() if c in VOCABULARY_CLASSES}
    extra: dict[str, set[str]] = {}

    def gathered(o: str) -> set[str]:
        found = extra.get(o)
        if found is None:
            found = extra[o] = set(s.articles[o])
        return found

    for n in heapq.merge(s.classes, sorted(s.stubs)):
        if n in s.stubs:
            for _p, o in s.stub_edges[n]:
                if o in vocabulary:
                    gathered(o).update(s.articles[n])
            continue
        passed = extra.get(n, s.articles[n])
        for p, o in s.edges[n]:
            if o in vocabulary:
                found = gathered(o)
                found.update(passed)
                # An observation's and a mention's quotes are its own (their articles
                # passed already); a relation's are its statements'.
                if s.classes[n] != "observation" and p not in (MENTIONED_IN, FROM):
                    for st in s.statements.get((n, p, o), ()):
                        found.update(s.sources[st])
    for o, found in extra.items():
        s.articles[o] = found


def overview_view(s: Structure, max_nodes: int) -> View:
    """The view ``select`` makes of the full graph's overview; its edges' attributes are
    filled in by ``kg.viz.drawn``."""
    folded: dict[str, list[str]] = {}
    for n, key in s.classes.items():
        if key == "observation":
            first = next((t for _p, t in s.edges[n] if s.classes[t] == "indicator"), None)
            if first is not None:
                folded.setdefault(first, []).append(n)
    for n, indicator in sorted(s.stubs.items()):
        if indicator in s.classes:
            folded.setdefault(indicator, []).append(n)
    hidden = {o for obs in folded.values() for o in obs}
    nodes = set(s.classes) - hidden
    dropped = 0
    if len(nodes) > max_nodes:
        weight = {n: s.degree[n] + len(folded.get(n, ())) for n in nodes}
        ranked = sorted(nodes, key=lambda n: (-weight[n], n))
        dropped = len(nodes) - max_nodes
        nodes = set(ranked[:max_nodes])
        folded = {k: v for k, v in folded.items() if k in nodes}
    edges: list[tuple[str, str, str, dict[str, Any]]] = [
        (n, t, p, {}) for n in sorted(nodes) for p, t in s.edges[n] if t in nodes]
    edges += folded_edges(s, folded, nodes)
    return View(sorted(nodes), edges, folded, dropped, 0, max_nodes)


def folded_edges(s: Structure, folded: dict[str, list[str]], nodes: set[str]
                 ) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``kg.viz.view._folded_edges`` on the structure."""
    out: list[tuple[str, str, str, dict[str, Any]]] = []
    for indicator, observations in folded.items():
        counts: dict[str, int] = {}
        for obs in observations:
            edges = s.stub_edges[obs] if obs in s.stubs else s.edges[obs]
            for p, o in edges:
                if o != indicator and o in nodes and p != FROM:
                    counts[o] = counts.get(o, 0) + 1
        for target, n in sorted(counts.items()):
            out.append((indicator, target, FOLDED_KEY,
                        {"zh": f"{n}个观测值", "en": f"{n} observation(s)", "quotes": []}))
    return out
