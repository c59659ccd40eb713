"""Articles and their pages as RDF (schema.org NewsArticle + Dublin Core)."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, XSD

from kg.build.graphs import GraphSet, TripleSink
from kg.ingest.slug import pinyin_slug
from kg.model import Article, Flag, Page
from kg.namespaces import ARTICLE, FK, GRAPH, PAGE, PERSON

LANGUAGE = "zh"


def article_iri(article_id: str) -> URIRef:
    return ARTICLE[article_id]


def article_graph_iri(article_id: str) -> URIRef:
    return GRAPH["article/" + article_id]


def page_iri(page: Page) -> URIRef:
    return PAGE[pinyin_slug(re.sub(r"\.[A-Za-z]+$", "", page.source.name)) or "page"]


def person_iri(name: str) -> URIRef:
    return PERSON[pinyin_slug(name)]


def date_literal(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def add_article(ds: GraphSet, page: Page, article: Article) -> Graph:
    """Add one article's named graph to the dataset and return it."""
    g = ds.graph(article_graph_iri(article.id))
    describe_article(g, page, article)
    return g


def describe_article(g: TripleSink, page: Page, article: Article) -> None:
    """The article and its page: title, language, date, dateline, source, authors, file."""
    a = article_iri(article.id)
    p = page_iri(page)
    g.add((a, RDF.type, FK.Article))
    g.add((a, DCTERMS.title, Literal(article.title, lang=LANGUAGE)))
    g.add((a, DCTERMS.language, Literal(LANGUAGE)))
    g.add((a, DCTERMS.isPartOf, p))
    g.add((a, FK.truncated, Literal(Flag.TRUNCATED in article.flags)))
    if article.date:
        g.add((a, DCTERMS.date, date_literal(article.date)))
    if article.dateline:
        g.add((a, FK.dateline, Literal(article.dateline, lang=LANGUAGE)))
    source_url = page.source.metadata.get("source")
    if isinstance(source_url, str) and source_url.startswith(("http://", "https://")):
        g.add((a, DCTERMS.source, URIRef(source_url)))
    for name in article.authors:
        person = person_iri(name)
        g.add((a, DCTERMS.creator, person))
        g.add((person, RDF.type, FK.Person))
        g.add((person, RDFS.label, Literal(name, lang=LANGUAGE)))
    g.add((p, RDF.type, FK.Page))
    g.add((p, FK.sourceFile, Literal(page.source.path)))
    g.add((p, FK.sha256, Literal(page.source.sha256)))
    g.add((p, SDO.encodingFormat, Literal("text/markdown" if page.source.name.endswith(".md")
                                          else "text/plain")))
