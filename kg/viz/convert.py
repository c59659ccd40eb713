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

import gc
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

import networkx as nx
import pyoxigraph as ox
from pypinyin import Style, lazy_pinyin
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.namespaces import BASE, FK
from kg.store import GraphStore
from kg.viz.rows import LABELS, Link, Rows, read_any

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
FROM_ARTICLE = PROV.wasDerivedFrom  # observation -> article, through its evidence
OBSERVATION_FACTS = (
    ("stated_as", FK.statedAs), ("value", FK.value), ("lower", FK.lowerBound),
    ("upper", FK.upperBound), ("normalised_value", FK.normalisedValue),
    ("period", FK.refPeriod), ("period_start", FK.periodStart))
OBSERVATION_LINKS = (("unit", FK.unit), ("normalised_unit", FK.normalisedUnit),
                     ("approximation", FK.approximation))
MAX_FACTS = 12
_BY_ARTICLE = itemgetter(1, 0)  # a Quote's (article, text)

class Quote(NamedTuple):
    # Why a NamedTuple: the conversion makes one per piece of evidence (110k at 1,000
    # articles), and a frozen dataclass's construction and hashing run in Python.
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


@lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> str:
    """Search keys for Chinese text: full pinyin and initials (光伏扶贫 → guangfufupin gffp)."""
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return ""
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL) if s.strip()]
    return "".join(syllables).lower() + " " + "".join(s[0] for s in syllables).lower()


class Reader:
    """The store's answers (``kg.viz.rows``) looked up per node: labels, quotes, facts."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self._predicates: dict[str, tuple[str, str]] = {}
        self._candidates: dict[str, str] | None = None

    def labels(self, iri: str) -> tuple[str, str, list[str]]:
        """(Chinese label, English label, other labels): the first zh and en label of
        skos:prefLabel, rdfs:label, dcterms:title in that order; the rest, and skos:altLabel,
        are the others."""
        zh = en = ""
        other: list[str] = []
        for lab in sorted(self.rows.labels.get(iri, ())):
            if lab.prop < len(LABELS) and lab.lang.startswith("zh") and not zh:
                zh = lab.text
            elif lab.prop < len(LABELS) and lab.lang.startswith("en") and not en:
                en = lab.text
            elif lab.text not in other:
                other.append(lab.text)
        return zh, en, sorted(t for t in other if t not in (zh, en))

    def quotes(self, subject: str) -> list[Quote]:
        found = set(map(Quote._make, self.rows.evidence.get(subject, ())))
        return sorted(found, key=_BY_ARTICLE)

    def text_of(self, link: Link) -> str:
        if link.is_literal:
            return link.target
        zh, en, _ = self.labels(link.target)
        return zh or en or short(link.target)

    def predicate_labels(self, predicate: str) -> tuple[str, str]:
        if predicate not in self._predicates:
            zh, en, _ = self.labels(predicate)
            if predicate == str(FROM_ARTICLE):
                zh, en = "出自", "from article"
            self._predicates[predicate] = (zh or en or short(predicate), en or short(predicate))
        return self._predicates[predicate]

    def facts(self, iri: str, nodes: Collection[str]) -> list[tuple[str, str]]:
        """Key facts: literal values and links to things that are not nodes (types, units)."""
        facts: list[tuple[str, str]] = []
        for link in self.rows.links.get(iri, ()):
            if link.is_iri and link.target in nodes:
                continue  # drawn as an edge
            if link.is_iri or link.is_literal:
                facts.append((self.predicate_labels(link.predicate)[1], self.text_of(link)))
                if len(facts) == MAX_FACTS:
                    break
        return facts

    def observation(self, iri: str, quotes: list[Quote], titles: dict[str, str]
                    ) -> dict[str, Any]:
        first: dict[str, Link] = {}
        for link in self.rows.links.get(iri, ()):
            first.setdefault(link.predicate, link)
        info: dict[str, Any] = {}
        for key, prop in OBSERVATION_FACTS:
            if str(prop) in first:
                info[key] = first[str(prop)].target
        for key, prop in OBSERVATION_LINKS:
            if str(prop) in first:
                info[key] = self.text_of(first[str(prop)])
        if quotes:
            info["quote"] = quotes[0].text
            info["article"] = quotes[0].article
            info["article_title"] = titles.get(quotes[0].article, "")
        return info

    def candidates(self) -> dict[str, str]:
        """Every entity and its class key (the first of CLASSES its types name), in IRI
        order (computed once: the types are read first)."""
        if self._candidates is None:
            rank = {str(iri): i for i, iri in enumerate(CLASS_OF)}
            keys = list(CLASS_OF.values())
            self._candidates = {s: keys[min(rank[t] for t in types)]
                                for s, types in sorted(self.rows.types.items())}
        return self._candidates

    def place_level(self, iri: str) -> str:
        return ", ".join(sorted(short(t) for t in self.rows.types.get(iri, ())
                                if t != str(FK.Place)))


def to_networkx(source: Graph | GraphStore | ox.Store) -> nx.MultiDiGraph:
    """The graph as networkx: one node per entity (attributes: ``cls``, ``zh``, ``en``,
    ``alt``, ``search``, ``articles``, ``facts``, ``path``, and ``obs`` for an observation),
    one edge per relation (key: the predicate IRI; attributes: ``zh``, ``en``, ``quotes``).
    ``source``: the build's GraphStore (asked directly) or an rdflib Graph."""
    with _collector_paused():
        return _convert(source)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the conversion allocates.

    Why: the conversion makes millions of small objects that stay alive (rows, tuples,
    node and edge dicts), and each allocation burst triggers a collection that walks
    every object made so far, which grows with the graph; paused, the conversion does the
    same work without those walks. Reference counting still frees what is dropped; any
    cyclic garbage waits for the collector, which resumes (if it was on) at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _convert(source: Graph | GraphStore | ox.Store) -> nx.MultiDiGraph:
    return build_graph(read_any(source, CLASS_OF, SKIPPED))


@dataclass
class Folded:
    """What the overview's small graph (``kg.viz.drawn``) leaves out, kept as
    ``g.graph["folded"]`` so that its page comes out as from the full graph."""
    degree: dict[str, int] = field(default_factory=dict)  # node -> its edges not in g
    # node -> (key, zh, en) of its edges to observations not in g (their relation names)
    into: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)


def folded_part(g: nx.MultiDiGraph) -> Folded | None:
    part = g.graph.get("folded")
    return part if isinstance(part, Folded) else None


def degree(g: nx.MultiDiGraph, node: str) -> int:
    """A node's degree in the full graph (the overview's small graph counts the edges it
    leaves out)."""
    part = folded_part(g)
    return int(g.degree(node)) + (part.degree.get(node, 0) if part else 0)


def build_graph(rows: Rows | Reader) -> nx.MultiDiGraph:
    """The graph of the rows."""
    reader = rows if isinstance(rows, Reader) else Reader(rows)
    classes = reader.candidates()
    titles: dict[str, str] = {}
    for iri, key in classes.items():
        if key == "article":
            zh, en, _ = reader.labels(iri)
            titles[iri] = zh or en
    names = set(classes)
    g = nx.MultiDiGraph()
    pending: list[tuple[str, str, str, list[Quote]]] = []
    mentioned_in = str(FK.mentionedIn)
    for iri, key in classes.items():
        links = reader.rows.links.get(iri, [])
        quotes = reader.quotes(iri)
        articles = {q.article for q in quotes if q.article in titles}
        articles |= {k.target for k in links if k.predicate == mentioned_in
                     and k.target in titles}
        if key == "article":
            articles = {iri}
        attrs = node_attributes(reader, iri, key, names, titles, quotes, articles)
        by_article = quotes_by_article(quotes)
        if key == "observation":
            for article in sorted(articles):
                pending.append((iri, article, str(FROM_ARTICLE), edge_quotes(
                    reader, iri, key, str(FROM_ARTICLE), article, quotes, by_article)))
        g.add_node(iri, **attrs)
        for link in {k for k in links if k.is_iri and k.target in names and k.target != iri}:
            pending.append((iri, link.target, link.predicate, edge_quotes(
                reader, iri, key, link.predicate, link.target, quotes, by_article)))
    for source_iri, target, pred, quotes_of in sorted(pending, key=itemgetter(0, 2, 1)):
        zh, en = reader.predicate_labels(pred)
        g.add_edge(source_iri, target, key=pred, zh=zh, en=en, quotes=quotes_of)
    _prune_vocabulary(g)
    _spread_articles(g)
    for _node, d in g.nodes(data=True):
        d["search"] = _search_text(d)
    return g


def quotes_by_article(quotes: list[Quote]) -> dict[str, list[Quote]]:
    # Why grouped once: a shared programme has quotes from every article, and each of its
    # "mentioned in" and "from article" edges takes one article's.
    by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        by_article.setdefault(q.article, []).append(q)
    return by_article


def node_attributes(reader: Reader, iri: str, key: str, names: Collection[str],
                    titles: dict[str, str], quotes: list[Quote], articles: Iterable[str]
                    ) -> dict[str, Any]:
    """A node's attributes but ``search`` (``quotes``: its own; ``articles``: its own, or
    for a vocabulary node those spread to it)."""
    zh, en, alt = reader.labels(iri)
    facts = [] if key == "observation" else reader.facts(iri, names)
    attrs: dict[str, Any] = {"cls": key, "zh": zh, "en": en, "alt": alt, "facts": facts,
                             "path": local_path(iri)}
    if key == "place":
        level = reader.place_level(iri)
        if level:
            attrs["facts"] = [("level", level), *attrs["facts"]]
    if key == "observation":
        attrs["obs"] = reader.observation(iri, quotes, titles)
        attrs["zh"] = attrs["zh"] or attrs["obs"].get("stated_as", "")
    attrs["articles"] = sorted(articles)
    return attrs


def edge_quotes(reader: Reader, source: str, key: str, predicate: str, target: str,
                quotes: list[Quote], by_article: dict[str, list[Quote]]) -> list[Quote]:
    """The quotes of an edge (``key``: its source's class; ``quotes``: the source's own,
    ``by_article``: the same grouped)."""
    if predicate == str(FROM_ARTICLE):  # an observation's quotes from that article
        return list(by_article.get(target, ()))
    if key == "observation":  # an observation's links are read in its quote
        return quotes
    if predicate == str(FK.mentionedIn):
        return list(by_article.get(target, ()))
    return sorted((q for st in reader.rows.statements.get((source, predicate, target), ())
                   for q in reader.quotes(st)), key=_BY_ARTICLE)


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
    # Why sets, sorted once: re-sorting a hub's list per edge was quadratic (兴县 has an
    # edge from every figure of every copy at 1,000 articles).
    extra: dict[str, set[str]] = {}
    articles_of: dict[str, list[str]] = dict(g.nodes(data="articles"))
    vocabulary = {n for n, c in g.nodes(data="cls") if c in VOCABULARY_CLASSES}

    def gathered(o: str) -> set[str]:
        # Why not setdefault: its default (a copy of a hub's 1,000 articles) was built
        # anew for every edge into the hub.
        found = extra.get(o)
        if found is None:
            found = extra[o] = set(articles_of[o])
        return found

    # In node order (by IRI): a vocabulary source (兴县 → 吕梁市) passes on what it has
    # gathered so far, so the order matters (kg.viz.overview follows it).
    for s in g:
        passed = extra.get(s, articles_of[s])
        for o, by_key in g.succ[s].items():  # its out-edges, as g.edges lists them
            if o in vocabulary:
                found = gathered(o)
                found.update(passed)
                for d in by_key.values():
                    found.update(q.article for q in d["quotes"] if q.article)
    for o, found in extra.items():
        g.nodes[o]["articles"] = sorted(found)


def _search_text(d: dict[str, Any]) -> str:
    texts: Iterable[str] = [d["zh"], d["en"], *d["alt"]]
    keys = [t.lower() for t in texts if t]
    if d["cls"] != "observation":  # a figure's label (58万亩) has no name to spell
        keys += [pinyin_keys(t) for t in (d["zh"], *d["alt"]) if t]
    return " | ".join(k for k in keys if k)


def label(g: nx.MultiDiGraph, node: str) -> str:
    d = g.nodes[node]
    return str(d["zh"] or d["en"] or short(node))
