"""The whole pipeline over a corpus: ingest → extract/curate → build → publish.

Pure orchestration over objects: callers do the I/O (reading the corpus and the
vocabularies, writing ``dist/``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Dataset, Graph, Literal, URIRef

from kg.build.articles import article_graph_iri, describe_article
from kg.build.funds import describe_funds
from kg.build.graphs import NamedGraphs, Triples
from kg.build.observations import add_observations
from kg.cache import ArticleCache, cached_map, digest
from kg.corpus import Corpus
from kg.coverage import article_coverage
from kg.curate.apply import Exclusion, check_references, curated_facts, known_subjects
from kg.entities.build import ENTITY_GRAPH, add_entities
from kg.extract.draft import draft_facts
from kg.extract.lexicon import Lexicon, build_lexicon
from kg.extract.quantity import find_quantities
from kg.facts import Coverage, Fact
from kg.link.place_ids import named_place_slug
from kg.link.units import link_units, qudt_units
from kg.model import Article, Page
from kg.namespaces import GRAPH
from kg.parallel import Pool, map_items
from kg.publish import canonical
from kg.store import GraphStore, canonical_literal
from kg.store.lines import GraphLines, QuadLines, graph_lines

Progress = Callable[[Iterable[tuple[Page, Article]]], Iterable[tuple[Page, Article]]]


@dataclass(frozen=True)
class Resources:
    """What the build reads besides the corpus: the ontology, the SKOS vocabularies and the
    reference places. Each goes into its own named graph of the dataset."""

    ontology: Graph | None = None
    vocabularies: Graph | None = None
    places: Graph | None = None

    def graphs(self) -> list[tuple[URIRef, Graph]]:
        named = [(GRAPH["ontology"], self.ontology), (GRAPH["vocabularies"], self.vocabularies),
                 (GRAPH["places"], self.places)]
        return [(iri, g) for iri, g in named if g is not None]


@dataclass(frozen=True)
class BuildResult:
    """The built dataset, held once: the store every later stage queries and publishes from
    (``store``); ``dataset`` is an rdflib view of it, made when first asked for."""

    articles: int
    observations: int
    facts: list[Fact] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    unresolved_places: list[tuple[str, str]] = field(default_factory=list)
    store: GraphStore = field(default_factory=lambda: GraphStore([]))

    @cached_property
    def dataset(self) -> Dataset:
        """The store's quads as an rdflib Dataset (for rdflib callers: kg query --backend
        rdflib, kg push, tests); ``kg build`` itself never makes it."""
        return self.store.dataset()

    @property
    def triples(self) -> int:
        """Distinct triples of the union of all graphs: what kg.ttl, kg.nt and VoID hold."""
        return self.store.triple_count

    @property
    def quads(self) -> int:
        """Triples per named graph, summed (kg.trig); a triple in two graphs counts twice."""
        return self.store.quad_count

    @property
    def graphs(self) -> int:
        return self.store.graph_count


def article_year(article: Article) -> int | None:
    return int(article.date[:4]) if article.date and re.match(r"^\d{4}", article.date) else None


def article_month(article: Article) -> int | None:
    """The publication month, when the article's date gives one (2020-01-08 → 1)."""
    m = re.match(r"^\d{4}-(\d\d)", article.date or "")
    return int(m.group(1)) if m else None


def article_county(page: Page) -> str | None:
    """The county the page is about, from its metadata (``place:`` in front matter or the
    sidecar); None when the metadata does not say."""
    given = page.source.metadata.get("place")
    if isinstance(given, str) and given:
        return named_place_slug(given)
    return None


def article_facts(
    page: Page, article: Article, corpus: Corpus, lexicon: Lexicon, curation: bool
) -> tuple[list[Fact], list[Exclusion]]:
    """Curated facts where an annotation file covers the number, drafts for the rest."""
    quantities = find_quantities(article.text)
    facts: list[Fact] = []
    exclusions: list[Exclusion] = []
    annotation = corpus.annotations.get(article.id) if curation else None
    if annotation is not None:
        facts, exclusions = curated_facts(annotation, article, quantities)
    taken = [(f.number_start, f.number_end) for f in facts] + [
        (x.start, x.end) for x in exclusions
    ]
    rest = [q for q in quantities if not any(s < q.end and q.start < e for s, e in taken)]
    facts += draft_facts(article, rest, lexicon, article_year(article),
                         article_county(page), month=article_month(article))
    return facts, exclusions


_FactsShared = tuple[list[tuple[Page, Article]], Corpus, Lexicon, bool]


def _facts_of(shared: _FactsShared, index: int) -> tuple[list[Fact], list[Exclusion]]:
    pairs, corpus, lexicon, curation = shared
    page, article = pairs[index]
    return article_facts(page, article, corpus, lexicon, curation)


_LinesShared = tuple[list[tuple[Page, Article]], list[tuple[list[Fact], list[Exclusion]]],
                     dict[URIRef, URIRef]]


def _article_lines(shared: _LinesShared, index: int) -> tuple[GraphLines, list[Coverage]]:
    """One article's named graph (its metadata, observations and their units) as lines, and
    the coverage of its number tokens (both pure functions of the article and its facts, so
    they are made in the worker that holds them)."""
    pairs, computed, qudt = shared
    page, article = pairs[index]
    facts, exclusions = computed[index]
    graph = Triples(article_graph_iri(article.id))
    describe_article(graph, page, article)
    add_observations(graph, article, facts)
    link_units(graph, qudt)
    return graph_lines(graph), article_coverage(article, facts, exclusions)


def _facts_keys(shared: _FactsShared, cache: ArticleCache | None) -> list[str]:
    """Each article's extraction key: what ``article_facts`` reads of it. The lexicon grows
    with the corpus (every article's drafted names join it), so an article's key holds only
    the terms that occur in it (``Lexicon.within``, what the extractor uses): adding an
    article leaves the others' keys as they were."""
    pairs, corpus, lexicon, curation = shared
    if cache is None:
        return [""] * len(pairs)
    from kg.ingest.script import simplified_view

    whole = digest(lexicon.indicators, lexicon.phases)
    keys = []
    for page, article in pairs:
        cut = lexicon.within(article.text, simplified_view(article.text))
        levels = {t.ref: lexicon.place_levels.get(t.ref) for t in cut.places}
        annotation = corpus.annotations.get(article.id) if curation else None
        keys.append(cache.key("extract", whole, cut.groups, cut.entities, cut.places, levels,
                              article, annotation, curation, article_year(article),
                              article_month(article), article_county(page)))
    return keys


def build_dataset(
    corpus: Corpus,
    resources: Resources | None = None,
    curation: bool = True,
    progress: Progress = lambda it: it,
    jobs: int | Pool = 1,
    cache: ArticleCache | None = None,
) -> BuildResult:
    """The dataset of the corpus. ``jobs`` processes (or a kg.parallel.Pool, such as a Dask
    cluster's) compute the per-article stages (entity spotting, extraction); the dataset is the
    same for every ``jobs``. With a ``cache`` (kg.cache), the per-article results of articles
    whose inputs did not change are read from it instead; the dataset is the same."""
    resources = resources or Resources()
    ds = NamedGraphs()
    lines = QuadLines()
    lookup = Graph()
    for iri, graph in resources.graphs():
        named = ds.graph(iri)
        # Canonical blank-node labels (the ontology's OWL axioms) make the files identical
        # from run to run; the resources are small, so this costs little.
        for s, p, o in canonical(graph):
            triple = (s, p, canonical_literal(o) if isinstance(o, Literal) else o)
            named.add(triple)
            lookup.add(triple)
    entities = add_entities(ds, corpus, corpus.entities if curation else (), lookup, jobs,
                            cache)
    for drafted in entities.mention_lines:
        lines.add_lines(drafted)
    for triple in ds.graph(ENTITY_GRAPH):
        lookup.add(triple)
    if curation:  # a dangling reference is the annotation's mistake: say where
        known = known_subjects(lookup)
        for annotation in corpus.annotations.values():
            check_references(annotation, known)
    lexicon = build_lexicon(lookup)
    qudt = qudt_units(lookup)
    all_facts: list[Fact] = []
    coverage: list[Coverage] = []
    pairs = [(page, article) for page in corpus.pages for article in page.articles]
    shared = (pairs, corpus, lexicon, curation)
    extracted = cached_map(_facts_of, shared, _facts_keys(shared, cache), jobs, cache, "extract")
    computed = [next(extracted) for _ in progress(pairs)]  # the progress bar: extraction
    # Each article's graph is made where its facts were (the same processes) and comes back
    # as N-Quads lines only, so that the corpus's rdflib graphs are never all held at once.
    graphs = map_items(_article_lines, (pairs, computed, qudt), len(pairs), jobs)
    for (_page, article), (facts, _exclusions) in zip(pairs, computed, strict=True):
        # The article's graph: its entity mentions and relations (made here, by
        # add_entities) and the rest (made by _article_lines).
        mentions = article_graph_iri(article.id)
        lines.add(ds.graph(mentions))
        ds.pop(mentions)
        article_lines, article_covered = next(graphs)
        lines.add_lines(article_lines)
        all_facts += facts
        coverage += article_covered
    describe_funds(ds.graph(ENTITY_GRAPH), all_facts, lookup)
    del lookup
    for rest in ds.graphs():  # the resources and the entities
        lines.add(rest)
    del ds
    # Literals take their canonical form (580000 not 580000.0, 5 not 05) as they become
    # lines (kg.store.terms.to_ox), so every file and query answer spells a number one way.
    store = GraphStore.from_lines(lines)
    return BuildResult(len(pairs), len(all_facts), all_facts, coverage, entities.unresolved,
                       store)
