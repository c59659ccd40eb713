"""Observations as RDF: RDF Data Cube observations with Web Annotation evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.build.articles import article_iri, date_literal
from kg.build.evidence import add_evidence
from kg.facts import Fact, Status
from kg.model import Article
from kg.namespaces import (
    EVENT,
    FK,
    FUND,
    GROUP,
    ID,
    IND,
    OBS,
    ORG,
    PLACE,
    POLICY,
    PROGRAMME,
    PROJECT,
    QB,
    UNIT,
)

APPROXIMATION = {
    "exact": FK.Exact,
    "approx": FK.About,
    "at_least": FK.AtLeast,
    "at_most": FK.AtMost,
    "range": FK.Range,
}
STAGE = {
    "planned": FK.Planned,
    "arranged": FK.Arranged,
    "pooled": FK.Pooled,
    "disbursed": FK.Disbursed,
    "spent": FK.Spent,
}
STATUS = {Status.CURATED: FK.Curated, Status.DRAFT: FK.Draft}
ENTITY_KINDS = {
    "programme": PROGRAMME,
    "policy": POLICY,
    "project": PROJECT,
    "org": ORG,
    "place": PLACE,
    "group": GROUP,
    "event": EVENT,
    "fund": FUND,
}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def observation_iri(article_id: str, local_id: str) -> URIRef:
    return OBS[f"{article_id}/{local_id}"]


def entity_iri(ref: str) -> URIRef:
    """``programme:lvliangshan-hugong`` → the programme's IRI."""
    kind, _, slug = ref.partition(":")
    if kind not in ENTITY_KINDS or not _SLUG.match(slug):
        raise ValueError(f"not an entity reference (kind:slug): {ref!r}")
    return ENTITY_KINDS[kind][slug]


def decimal_literal(value: object) -> Literal:
    return Literal(str(value), datatype=XSD.decimal, normalize=True)


def add_observations(g: Graph, article: Article, facts: Iterable[Fact]) -> int:
    """Add the facts of one article to its named graph; return how many were added."""
    n = 0
    for fact in facts:
        _add_fact(g, article, fact)
        n += 1
    return n


def _add_fact(g: Graph, article: Article, fact: Fact) -> None:
    o = observation_iri(fact.article_id, fact.local_id)
    g.add((o, RDF.type, FK.Observation))
    g.add((o, RDF.type, QB.Observation))
    g.add((o, FK.value, decimal_literal(fact.value)))
    g.add((o, FK.unit, UNIT[fact.unit]))
    g.add((o, FK.statedAs, Literal(fact.stated)))
    g.add((o, FK.approximation, APPROXIMATION[fact.approx]))
    g.add((o, FK.status, STATUS[fact.status]))
    if fact.lower is not None:
        g.add((o, FK.lowerBound, decimal_literal(fact.lower)))
    if fact.upper is not None:
        g.add((o, FK.upperBound, decimal_literal(fact.upper)))
    if fact.indicator:
        g.add((o, FK.indicator, IND[fact.indicator]))
    if fact.place:
        g.add((o, FK.refArea, PLACE[fact.place]))
    if fact.period:
        g.add((o, FK.refPeriod, date_literal(fact.period)))
    if fact.period_start:
        g.add((o, FK.periodStart, date_literal(fact.period_start)))
    if fact.group:
        g.add((o, FK.populationGroup, GROUP[fact.group]))
    if fact.about:
        g.add((o, FK.about, entity_iri(fact.about)))
    if fact.fund:
        g.add((o, FK.fund, FUND[fact.fund]))
    if fact.per:
        # 人均, 每亩, 户均 …: the value is a rate per one of each unit named (mu/year).
        for code in fact.per.split("/"):
            g.add((o, FK.per, UNIT[code]))
    if fact.stage:
        g.add((o, FK.fundingStage, STAGE[fact.stage]))
    if fact.phase:
        g.add((o, FK.phase, ID[f"phase/{fact.phase}"]))
    if fact.subject_class:
        g.add((o, FK.subjectClass, ID[f"kind/{fact.subject_class}"]))
    for prop, target in (
        (FK.partOf, fact.part_of),
        (FK.shareOf, fact.share_of),
        (FK.sharePart, fact.share_part),
        (FK.perCapitaOf, fact.per_capita_of),
    ):
        if target:
            g.add((o, prop, observation_iri(fact.article_id, target)))
    ev = add_evidence(g, article_iri(article.id), f"{fact.article_id}/{fact.local_id}",
                      article.source_spans(fact.quote_start, fact.quote_end), fact.quote)
    g.add((o, PROV.wasDerivedFrom, ev))
