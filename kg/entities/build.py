"""Entities and relations as RDF.

Where things go:
- ``graph/entities``: one description per entity (type, labels, aliases, status);
- each article's named graph: ``fk:mentionedIn`` with one evidence per mention, and every
  relation as the direct triple plus a reified ``rdf:Statement`` with its evidence.

Evidence is a Web Annotation ``oa:SpecificResource`` with a TextPositionSelector per
source-file span (a quote across a reading-order join has several) and a TextQuoteSelector.
Everything is an IRI derived from content, never a blank node or a counter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.build.articles import article_graph_iri, article_iri, page_iri
from kg.build.evidence import add_evidence
from kg.build.graphs import GraphSet, Triples, TripleSink
from kg.cache import ArticleCache, cached_map, digest
from kg.corpus import Corpus
from kg.entities.load import (
    TYPES,
    CuratedEntities,
    EntityDef,
    Mention,
    Relation,
    check_articles,
    locate,
)
from kg.entities.spot import (
    Spotted,
    SpotTerm,
    spot_article,
    terms_from_curated,
    terms_from_vocabulary,
)
from kg.entities.spotted import SpottedEntity
from kg.errors import InputError
from kg.ingest.slug import pinyin_slug
from kg.link.place_ids import place_slug
from kg.model import Article, Page, Span
from kg.namespaces import (
    EVENT,
    FK,
    GRAPH,
    GROUP,
    ORG,
    PERSON,
    PLACE,
    POLICY,
    PROGRAMME,
    PROJECT,
    STATEMENT,
)
from kg.parallel import Pool
from kg.store.lines import GraphLines, graph_lines

ENTITY_GRAPH = GRAPH["entities"]
NAMESPACES: dict[str, Namespace] = {
    "programme": PROGRAMME,
    "policy": POLICY,
    "project": PROJECT,
    "place": PLACE,
    "org": ORG,
    "person": PERSON,
    "group": GROUP,
    "event": EVENT,
}
_CLAUSE = re.compile(r"[,，。;；！？!?\n]")


@dataclass(frozen=True)
class Described:
    """What the build needs to know of an entity, curated or draft."""

    ref: str
    type: str
    label_zh: str
    label_en: str
    aliases: tuple[str, ...] = ()
    place_class: str | None = None


def iri(ref: str) -> URIRef:
    kind, _, slug = ref.partition(":")
    return NAMESPACES[kind][slug]


def pinyin_label(label: str) -> str:
    """A readable romanisation for drafts without English: 乔家沟安置点 → Qiaojiagou Anzhidian."""
    return pinyin_slug(label, 200).replace("-", " ").title() or label


def describe(g: Graph, e: Described, status: URIRef | None) -> None:
    s = iri(e.ref)
    g.add((s, RDF.type, FK[e.type]))
    if e.place_class:
        g.add((s, RDF.type, FK[e.place_class]))
    for lang, label in (("zh", e.label_zh), ("en", e.label_en)):
        g.add((s, RDFS.label, Literal(label, lang=lang)))
        g.add((s, SKOS.prefLabel, Literal(label, lang=lang)))
    for alias in e.aliases:
        if alias != e.label_zh:
            g.add((s, SKOS.altLabel, Literal(alias, lang="zh")))
    if status is not None:
        g.add((s, FK.status, status))


def _described(e: EntityDef) -> Described:
    return Described(e.ref, e.type, e.label_zh, e.label_en, (*e.aliases, *e.local_aliases),
                     e.place_class)


def add_mention(g: TripleSink, article: Article, ref: str, start: int, end: int,
                quote: str) -> None:
    s = iri(ref)
    kind, _, slug = ref.partition(":")
    g.add((s, FK.mentionedIn, article_iri(article.id)))
    ev = add_evidence(g, article_iri(article.id), f"{article.id}/mention/{kind}-{slug}/{start}",
                      article.source_spans(start, end), quote)
    g.add((s, PROV.wasDerivedFrom, ev))


def statement_slug(subject: str, predicate: str, obj: str, role: str | None) -> str:
    parts = [subject.replace(":", "-"), predicate.lower(), obj.replace(":", "-")]
    if role:
        parts.append(pinyin_slug(role))
    return "--".join(parts)


def add_relation(
    g: Graph, article: Article, subject: str, predicate: str, obj: str, role: str | None,
    start: int, end: int, quote: str, status: URIRef,
) -> URIRef:
    s, p, o = iri(subject), FK[predicate], iri(obj)
    g.add((s, p, o))
    slug = statement_slug(subject, predicate, obj, role)
    st = STATEMENT[slug]
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, FK.status, status))
    if role:
        g.add((st, FK.role, Literal(role, lang="zh")))
    ev = add_evidence(g, article_iri(article.id), f"{article.id}/statement/{slug}",
                      article.source_spans(start, end), quote)
    g.add((st, PROV.wasDerivedFrom, ev))
    return st


def clause_around(text: str, start: int, end: int, limit: int = 40) -> tuple[int, int]:
    """The clause holding ``text[start:end]``, at most ``limit`` characters either side."""
    lo = max(0, start - limit)
    hits = [m.end() for m in _CLAUSE.finditer(text, lo, start)]
    lo = hits[-1] if hits else lo
    m = _CLAUSE.search(text, end, min(len(text), end + limit))
    hi = m.start() if m else min(len(text), end + limit)
    return lo, hi


def find_names(text: str, names: Iterable[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """First occurrence of each ref, longest name first, a position taken only once."""
    taken = [False] * len(text)
    first: dict[str, tuple[int, int]] = {}
    for name, ref in sorted(set(names), key=lambda t: (-len(t[0]), t)):
        for m in re.finditer(re.escape(name), text):
            a, b = m.start(), m.end()
            if any(taken[a:b]):
                continue
            for i in range(a, b):
                taken[i] = True
            if ref not in first or a < first[ref][0]:
                first[ref] = (a, b)
    return first


@dataclass(frozen=True)
class EntitiesAdded:
    """What ``add_entities`` gives besides the graphs it wrote: the place names the gazetteer
    could not place, as (article id, name), and the draft mentions of the un-curated articles
    as N-Quads lines of each article's named graph (made where the article was spotted)."""

    unresolved: list[tuple[str, str]]
    mention_lines: list[GraphLines]


def add_entities(
    ds: GraphSet,
    corpus: Corpus,
    curated: Sequence[CuratedEntities] = (),
    vocabulary: Graph | None = None,
    jobs: int | Pool = 1,
    cache: ArticleCache | None = None,
) -> EntitiesAdded:
    """Add curated entities, computed mentions and draft entities for un-curated pages.

    Curated entities go to ``graph/entities``; every mention and relation goes to the named
    graph of its article (a draft entity's mention as lines, ``EntitiesAdded.mention_lines``).
    ``vocabulary`` (optional) lends its labels and aliases (population groups, places,
    programmes) to the draft spotter, so a draft names the vocabulary's IRI. Raises InputError
    (file:line) when a curated quote is not in its article. ``jobs`` processes spot the
    un-curated articles (kg.parallel); the result does not depend on it.
    """
    articles = {a.id: a for a in corpus.articles}
    page_of = {a.id: p for p in corpus.pages for a in p.articles}
    eg = ds.graph(ENTITY_GRAPH)
    known: dict[str, Described] = {}
    local_pages: dict[str, set[str]] = {}  # ref → page source names where local aliases hold
    global_names: list[tuple[str, str]] = []
    local_names: dict[str, list[tuple[str, str]]] = {}
    for c in curated:
        check_articles(c, articles)
        pages = {page_of[a].source.name for a in c.articles if a in page_of}
        if c.source:
            pages.add(c.source)
        for e in c.entities:
            d = _described(e)
            if e.ref not in known:
                describe(eg, d, FK.Curated)
                known[e.ref] = d
            local_pages.setdefault(e.ref, set()).update(pages)
            global_names += [(n, e.ref) for n in e.names(local=False)]
            for name in pages:
                local_names.setdefault(name, []).extend((n, e.ref) for n in e.local_aliases)
        _add_curated(ds, c, articles, corpus.pages)
    covered = {p for pages in local_pages.values() for p in pages}
    unresolved: list[tuple[str, str]] = []  # (article id, place name) the gazetteer lacks
    mention_lines: list[GraphLines] = []
    vocab_terms = terms_from_vocabulary(vocabulary) if vocabulary is not None else []
    described = ({s for s in vocabulary.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef)}
                 if vocabulary is not None else set())
    for t in vocab_terms:
        # The vocabulary describes its concepts; a draft only adds mentions to them (a second
        # description would give a concept two preferred labels).
        ref = f"{TYPES[t.type]}:{t.slug}"
        known.setdefault(ref, Described(ref, t.type, t.label, t.label))
    terms = [*terms_from_curated(curated), *vocab_terms]
    to_spot = [a for p in corpus.pages if p.source.name not in covered for a in p.articles]
    # A spotted article is a function of the article and the terms (which do not grow with
    # the corpus: the vocabulary's and the curated ones), so the terms' digest is taken once.
    terms_key = digest(terms) if cache is not None else ""
    keys = [cache.key("spot", a, terms_key) if cache is not None else "" for a in to_spot]
    spotted_all = cached_map(_spot_one, (to_spot, terms), keys, jobs, cache, "spot")
    for page in corpus.pages:
        for article in page.articles:
            g = ds.graph(article_graph_iri(article.id))
            names = global_names + local_names.get(page.source.name, [])
            done = {(s, o) for s, _, o in g.triples((None, FK.mentionedIn, None))}
            for ref, (a, b) in find_names(article.text, names).items():
                if (iri(ref), article_iri(article.id)) in done:
                    continue
                lo, hi = clause_around(article.text, a, b)
                add_mention(g, article, ref, lo, hi, article.text[lo:hi])
            if page.source.name not in covered:
                spotted, drafted = next(spotted_all)
                unresolved += [(article.id, name) for name in spotted.unresolved]
                _add_drafts(eg, g, article, spotted, known, described)
                # A draft's mention, unless a name of a curated entity mentioned it already.
                mentioned = {s for s in g.subjects(FK.mentionedIn, article_iri(article.id))}
                mention_lines.append((str(article_graph_iri(article.id)), [
                    line for ref, lines in drafted for line in lines
                    if iri(ref) not in mentioned]))
    return EntitiesAdded(unresolved, mention_lines)


_DraftMentions = list[tuple[str, list[bytes]]]


def _spot_one(shared: tuple[list[Article], list[SpotTerm]], index: int
              ) -> tuple[Spotted, _DraftMentions]:
    """An article's draft entities and relations, and the lines of each entity's mention:
    made in the worker that spotted them (its evidence is most of the article's entity
    triples), where the main process would make them one article after another."""
    articles, terms = shared
    article = articles[index]
    spotted = spot_article(article, terms)
    drafted: _DraftMentions = []
    for e in spotted.entities:  # one per ref (the first mention of each)
        g = Triples(article_graph_iri(article.id))
        lo, hi = clause_around(article.text, e.start, e.end)
        add_mention(g, article, e.ref, lo, hi, article.text[lo:hi])
        drafted.append((e.ref, graph_lines(g)[1]))
    return spotted, drafted


def _add_curated(
    ds: GraphSet, c: CuratedEntities, articles: dict[str, Article], pages: Sequence[Page]
) -> None:
    for m in c.mentions:
        if m.article is None:
            _add_page_mention(ds, c, m, pages)
            continue
        article = articles[m.article]
        loc = locate(m.quote, article, c.path, m.line)
        add_mention(ds.graph(article_graph_iri(article.id)), article, m.entity, loc.start,
                    loc.end, m.quote)
    for r in c.relations:
        _add_curated_relation(ds, c, r, articles[r.article])


def _add_curated_relation(ds: GraphSet, c: CuratedEntities, r: Relation, article: Article) -> None:
    loc = locate(r.quote, article, c.path, r.line)
    add_relation(ds.graph(article_graph_iri(article.id)), article, r.subject, r.predicate,
                 r.object, r.role, loc.start, loc.end, r.quote, FK.Curated)


def _add_page_mention(
    ds: GraphSet, c: CuratedEntities, m: Mention, pages: Sequence[Page]
) -> None:
    page = next((p for p in pages if p.source.name == c.source), None)
    if page is None:
        raise InputError(f"page_mentions need `source:` naming a page of the corpus "
                         f"(got {c.source!r})", c.path, m.line)
    start = page.source.text.find(m.quote)
    if start < 0:
        raise InputError(f"quote not found in {page.source.name}: {m.quote!r}", c.path, m.line)
    kind, _, slug = m.entity.partition(":")
    g = ds.graph(ENTITY_GRAPH)
    ev = add_evidence(g, page_iri(page), f"page/{pinyin_slug(page.source.name)}/mention/"
                      f"{kind}-{slug}/{start}", [Span(start, start + len(m.quote))], m.quote)
    g.add((iri(m.entity), PROV.wasDerivedFrom, ev))


def _nest(eg: Graph, e: SpottedEntity, known: dict[str, Described],
          described: set[URIRef]) -> None:
    """A draft place's division code and its parents up to China (fk:within), each parent
    described once. A parent the article does not name (保定市 of 阜平县) comes from the
    gazetteer, not from the text: it gets no draft status and no mention."""
    chain = [*e.within, (e.label_zh, e.place_class or "Place", e.code)]
    parent: URIRef = PLACE[pinyin_slug("中国")]
    for name, cls, code in chain:
        ref = f"place:{place_slug(name, code)}"
        s = iri(ref)
        if ref not in known and s not in described:
            known[ref] = Described(ref, "Place", name, pinyin_label(name), (), cls)
            describe(eg, known[ref], None)
        if s not in described:
            if code and (s, FK.divisionCode, None) not in eg:
                eg.add((s, FK.divisionCode, Literal(code)))
                eg.add((s, FK.divisionCode12, Literal(code.ljust(12, "0"))))
            if s != parent and (s, FK.within, None) not in eg:
                eg.add((s, FK.within, parent))
        parent = s


def _add_drafts(
    eg: Graph, g: Graph, article: Article, spotted: Spotted, known: dict[str, Described],
    described: set[URIRef],
) -> None:
    for e in spotted.entities:
        if e.ref not in known:
            known[e.ref] = Described(e.ref, e.type, e.label_zh, pinyin_label(e.label_zh),
                                     e.aliases, e.place_class)
            # Reference data (places.csv, the vocabularies) already describes it.
            if iri(e.ref) not in described:
                describe(eg, known[e.ref], FK.Draft)
                if e.type == "Place":
                    _nest(eg, e, known, described)
        elif (iri(e.ref), FK.status, None) not in eg and iri(e.ref) not in described \
                and e.type == "Place":
            eg.add((iri(e.ref), FK.status, FK.Draft))  # a gazetteer parent, now named
    for r in spotted.relations:
        if r.subject in known and r.object in known:
            add_relation(g, article, r.subject, r.predicate, r.object, r.role, r.start, r.end,
                         article.text[r.start:r.end], FK.Draft)


__all__ = ["ENTITY_GRAPH", "add_entities", "iri"]
