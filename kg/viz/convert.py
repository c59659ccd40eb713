"""The one RDF → networkx conversion that the graph page and the analytics share.

Nodes are the things an analyst talks about: articles, programmes, policies, projects,
places, indicators, observations, population groups, organisations, people, events and
funds (keyed by IRI). Edges are the relations between them, each with its predicate's
labels and, where the graph records it, the evidence quote (relations are reified as
``rdf:Statement`` with a ``prov:wasDerivedFrom`` annotation; mentions and observations carry
their own). Vocabulary entries that nothing refers to (an indicator no article measures)
are left out, so the graph shows what the corpus says, not the whole vocabulary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import networkx as nx
from pypinyin import Style, lazy_pinyin
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import BASE, FK, OA

# class key -> (ontology classes, English name, Chinese name, colour, vis-network shape)
CLASSES: dict[str, tuple[tuple[URIRef, ...], str, str, str, str]] = {
    "programme": ((FK.Programme,), "programme", "扶贫项目", "#d62728", "dot"),
    "policy": ((FK.Policy,), "policy", "政策", "#9467bd", "diamond"),
    "project": ((FK.Project,), "project", "工程", "#ff7f0e", "square"),
    "place": ((FK.Place, FK.Country, FK.Province, FK.Prefecture, FK.County, FK.Township,
               FK.Village, FK.ResettlementSite, FK.IndustrialPark, FK.DevelopmentZone),
              "place", "地点", "#2ca02c", "triangle"),
    "indicator": ((FK.Indicator,), "indicator", "指标", "#1f77b4", "hexagon"),
    "observation": ((FK.Observation,), "observation", "观测值", "#7fb7e6", "dot"),
    "group": ((FK.PopulationGroup,), "population group", "人群", "#e377c2", "star"),
    "organisation": ((FK.Organisation,), "organisation", "机构", "#8c564b", "box"),
    "person": ((FK.Person,), "person", "人物", "#bcbd22", "ellipse"),
    "event": ((FK.Event,), "event", "事件", "#17becf", "triangleDown"),
    "fund": ((FK.Fund,), "fund", "资金", "#c49c94", "database"),
    "article": ((FK.Article,), "article", "文章", "#7f7f7f", "text"),
}
CLASS_OF: dict[URIRef, str] = {iri: key for key, (iris, *_rest) in CLASSES.items()
                               for iri in iris}
# Why: a vocabulary concept (indicator, place) is kept only when something refers to it.
VOCABULARY_CLASSES = frozenset({"indicator", "place", "group"})
# The Data Cube dimensions repeat fk:refArea, fk:refPeriod … (with fk:NotStated codes) for
# the cube's integrity constraints; drawn, they would double every edge of an observation.
CUBE = frozenset({FK.cubeArea, FK.cubePeriod, FK.cubeIndicator, FK.cubeGroup, FK.figureName,
                  URIRef("http://purl.org/linked-data/cube#dataSet")})
SKIPPED = frozenset({RDF.type, FK.status, PROV.wasDerivedFrom, SKOS.inScheme,
                     SKOS.topConceptOf, SKOS.hasTopConcept}) | CUBE
LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
FROM_ARTICLE = PROV.wasDerivedFrom  # observation -> article, through its evidence
OBSERVATION_FACTS = (
    ("stated_as", FK.statedAs), ("value", FK.value), ("lower", FK.lowerBound),
    ("upper", FK.upperBound), ("normalised_value", FK.normalisedValue),
    ("period", FK.refPeriod), ("period_start", FK.periodStart))
OBSERVATION_LINKS = (("unit", FK.unit), ("normalised_unit", FK.normalisedUnit),
                     ("approximation", FK.approximation))
MAX_FACTS = 12


class Index:
    """Every triple by subject, from one pass over the graph: each lookup below is then a
    dict access on plain strings, where rdflib's store would match a pattern and compare
    terms in Python (10x slower at 80k triples)."""

    def __init__(self, graph: Graph) -> None:
        self.by_subject: dict[str, list[tuple[str, Node]]] = defaultdict(list)
        self.typed: dict[str, list[Node]] = defaultdict(list)
        rdf_type = str(RDF.type)
        for s, p, o in graph:
            pred = str(p)
            self.by_subject[str(s)].append((pred, o))
            if pred == rdf_type:
                self.typed[str(o)].append(s)

    def predicate_objects(self, s: Node) -> list[tuple[URIRef, Node]]:
        return [(URIRef(p), o) for p, o in self.by_subject.get(str(s), ())]

    def objects(self, s: Node, p: Node) -> list[Node]:
        want = str(p)
        return [o for q, o in self.by_subject.get(str(s), ()) if q == want]

    def value(self, s: Node, p: Node) -> Node | None:
        want = str(p)
        for q, o in self.by_subject.get(str(s), ()):
            if q == want:
                return o
        return None

    def subjects_of_type(self, cls: Node) -> list[Node]:
        return self.typed.get(str(cls), [])


@dataclass(frozen=True)
class Quote:
    text: str
    article: str  # the article's IRI ("" when the evidence names none)


def local_path(iri: str) -> str | None:
    """``/id/...`` for an IRI in the project's id space (its resource page in kg serve)."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE + "id/") else None


def short(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri


def _labels(graph: Index, node: Node) -> tuple[str, str, list[str]]:
    """(Chinese label, English label, other labels) of a node."""
    zh = en = ""
    other: list[str] = []
    for prop in LABELS:
        for lit in graph.objects(node, prop):
            if not isinstance(lit, Literal):
                continue
            lang = (lit.language or "").lower()
            text = str(lit)
            if lang.startswith("zh") and not zh:
                zh = text
            elif lang.startswith("en") and not en:
                en = text
            elif text not in other:
                other.append(text)
    for lit in graph.objects(node, SKOS.altLabel):
        if isinstance(lit, Literal) and str(lit) not in other:
            other.append(str(lit))
    other = [t for t in other if t not in (zh, en)]
    return zh, en, sorted(other)


@lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> str:
    """Search keys for Chinese text: full pinyin and initials (光伏扶贫 → guangfufupin gffp)."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return ""
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL) if s.strip()]
    return "".join(syllables).lower() + " " + "".join(s[0] for s in syllables).lower()


def _quote(graph: Index, evidence: Node) -> Quote | None:
    text = ""
    for selector in graph.objects(evidence, OA.hasSelector):
        exact = graph.value(selector, OA.exact)
        if exact is not None:
            text = str(exact)
    source = graph.value(evidence, OA.hasSource)
    if not text and source is None:
        return None
    return Quote(text, str(source) if source is not None else "")


def _quotes(graph: Index, node: Node) -> list[Quote]:
    found = (_quote(graph, ev) for ev in graph.objects(node, PROV.wasDerivedFrom))
    return sorted({q for q in found if q is not None}, key=lambda q: (q.article, q.text))


def _class_of(graph: Index, node: Node) -> str | None:
    for t in graph.objects(node, RDF.type):
        if isinstance(t, URIRef) and t in CLASS_OF:
            return CLASS_OF[t]
    return None


def _place_level(graph: Index, node: Node) -> str:
    levels = sorted(short(str(t)) for t in graph.objects(node, RDF.type)
                    if isinstance(t, URIRef) and t in CLASS_OF and t != FK.Place)
    return ", ".join(levels)


def _literal_text(graph: Index, value: Node) -> str:
    if isinstance(value, Literal):
        return str(value)
    zh, en, _ = _labels(graph, value)
    return zh or en or short(str(value))


def _predicate_labels(graph: Index, predicate: URIRef, cache: dict[URIRef, tuple[str, str]]
                      ) -> tuple[str, str]:
    if predicate not in cache:
        zh, en, _ = _labels(graph, predicate)
        if predicate == FROM_ARTICLE:
            zh, en = "出自", "from article"
        cache[predicate] = (zh or en or short(str(predicate)), en or short(str(predicate)))
    return cache[predicate]


def _facts(graph: Index, node: Node, nodes: set[str]) -> list[tuple[str, str]]:
    """Key facts: literal values and links to things that are not nodes (types, units)."""
    facts: list[tuple[str, str]] = []
    cache: dict[URIRef, tuple[str, str]] = {}
    for p, o in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if not isinstance(p, URIRef) or p in SKIPPED or p in LABELS or p == SKOS.altLabel:
            continue
        if isinstance(o, URIRef) and str(o) in nodes:
            continue  # drawn as an edge
        if isinstance(o, URIRef | Literal):
            facts.append((_predicate_labels(graph, p, cache)[1], _literal_text(graph, o)))
    return facts[:MAX_FACTS]


def _observation(graph: Index, node: Node, quotes: list[Quote],
                 titles: dict[str, str]) -> dict[str, Any]:
    info: dict[str, Any] = {}
    for key, prop in OBSERVATION_FACTS:
        value = graph.value(node, prop)
        if value is not None:
            info[key] = str(value)
    for key, prop in OBSERVATION_LINKS:
        value = graph.value(node, prop)
        if value is not None:
            info[key] = _literal_text(graph, value)
    if quotes:
        info["quote"] = quotes[0].text
        info["article"] = quotes[0].article
        info["article_title"] = titles.get(quotes[0].article, "")
    return info


def _statement_quotes(graph: Index) -> dict[tuple[str, str, str], list[Quote]]:
    out: dict[tuple[str, str, str], list[Quote]] = defaultdict(list)
    for st in graph.subjects_of_type(RDF.Statement):
        s, p, o = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate),
                   graph.value(st, RDF.object))
        if s is not None and p is not None and o is not None:
            out[(str(s), str(p), str(o))] += _quotes(graph, st)
    return out


def _candidates(graph: Index) -> dict[str, str]:
    found: dict[str, str] = {}
    for cls_iri, key in CLASS_OF.items():
        for s in graph.subjects_of_type(cls_iri):
            if isinstance(s, URIRef):
                found.setdefault(str(s), key)
    return dict(sorted(found.items()))


def to_networkx(rdf: Graph) -> nx.MultiDiGraph:
    """The graph as networkx: one node per entity (attributes: ``cls``, ``zh``, ``en``,
    ``alt``, ``search``, ``articles``, ``facts``, ``path``, and ``obs`` for an observation),
    one edge per relation (key: the predicate IRI; attributes: ``zh``, ``en``, ``quotes``)."""
    graph = Index(rdf)
    classes = _candidates(graph)
    statement_quotes = _statement_quotes(graph)
    titles = {iri: _labels(graph, URIRef(iri))[0] or _labels(graph, URIRef(iri))[1]
              for iri, key in classes.items() if key == "article"}
    names = set(classes)
    g = nx.MultiDiGraph()
    cache: dict[URIRef, tuple[str, str]] = {}
    pending: list[tuple[str, str, str, dict[str, Any]]] = []
    for iri, key in classes.items():
        node = URIRef(iri)
        zh, en, alt = _labels(graph, node)
        quotes = _quotes(graph, node)
        articles = {q.article for q in quotes if q.article in titles}
        articles |= {str(a) for a in graph.objects(node, FK.mentionedIn) if str(a) in titles}
        if key == "article":
            articles = {iri}
        facts = [] if key == "observation" else _facts(graph, node, names)
        attrs: dict[str, Any] = {"cls": key, "zh": zh, "en": en, "alt": alt, "facts": facts,
                                 "path": local_path(iri)}
        if key == "place":
            level = _place_level(graph, node)
            if level:
                attrs["facts"] = [("level", level), *attrs["facts"]]
        if key == "observation":
            attrs["obs"] = _observation(graph, node, quotes, titles)
            stated = attrs["obs"].get("stated_as", "")
            attrs["zh"] = attrs["zh"] or stated
            for article in sorted(articles):
                pending.append((iri, article, str(FROM_ARTICLE),
                                {"quotes": [q for q in quotes if q.article == article]}))
        attrs["articles"] = sorted(articles)
        g.add_node(iri, **attrs)
        for p, o in graph.predicate_objects(node):
            if isinstance(p, URIRef) and p not in SKIPPED and str(o) in names and str(o) != iri:
                quotes_of = statement_quotes.get((iri, str(p), str(o)), [])
                if key == "observation":  # an observation's links are read in its quote
                    quotes_of = quotes
                elif p == FK.mentionedIn:
                    quotes_of = [q for q in quotes if q.article == str(o)]
                pending.append((iri, str(o), str(p), {"quotes": quotes_of}))
    for source, target, pred, extra in sorted(pending, key=lambda e: (e[0], e[2], e[1])):
        zh, en = _predicate_labels(graph, URIRef(pred), cache)
        g.add_edge(source, target, key=pred, zh=zh, en=en, quotes=extra["quotes"])
    _prune_vocabulary(g)
    _spread_articles(g)
    for _node, d in g.nodes(data=True):
        d["search"] = _search_text(d)
    return g


def _prune_vocabulary(g: nx.MultiDiGraph) -> None:
    """Keep a vocabulary node only when an article's node refers to it, or it is a broader
    concept or containing place of one that is kept (so 兴县 keeps 吕梁市 and 山西省)."""
    def vocab(n: str) -> bool:
        return g.nodes[n]["cls"] in VOCABULARY_CLASSES

    keep = {n for n in g if vocab(n) and any(not vocab(m) for m in nx.all_neighbors(g, n))}
    todo = list(keep)
    while todo:
        for parent in g.successors(todo.pop()):
            if vocab(parent) and parent not in keep:
                keep.add(parent)
                todo.append(parent)
    g.remove_nodes_from([n for n in list(g) if vocab(n) and n not in keep])


def _spread_articles(g: nx.MultiDiGraph) -> None:
    """A vocabulary node (indicator, place, group) belongs to the articles of the
    observations and relations that refer to it, so an article filter keeps it."""
    for s, o, d in g.edges(data=True):
        if g.nodes[o]["cls"] in VOCABULARY_CLASSES:
            extra = set(g.nodes[s]["articles"]) | {q.article for q in d["quotes"] if q.article}
            g.nodes[o]["articles"] = sorted(set(g.nodes[o]["articles"]) | extra)


def _search_text(d: dict[str, Any]) -> str:
    texts: Iterable[str] = [d["zh"], d["en"], *d["alt"]]
    keys = [t.lower() for t in texts if t]
    if d["cls"] != "observation":  # a figure's label (58万亩) has no name to spell
        keys += [pinyin_keys(t) for t in (d["zh"], *d["alt"]) if t]
    return " | ".join(k for k in keys if k)


def label(g: nx.MultiDiGraph, node: str) -> str:
    d = g.nodes[node]
    return str(d["zh"] or d["en"] or short(node))
