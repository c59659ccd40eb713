"""Observations as RDF: RDF Data Cube observations with Web Annotation evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from kg.build.articles import article_iri, date_literal
from kg.build.evidence import add_evidence
from kg.build.graphs import TripleSink
from kg.facts import Fact, Status
from kg.model import Article
from kg.namespaces import (
    BASE,
    DATASET,
    EVENT,
    FK,
    FUND,
    GROUP,
    ID,
    IND,
    OBS,
    ORG,
    PERSON,
    PLACE,
    POLICY,
    PROGRAMME,
    PROJECT,
    QB,
    UNIT,
)
from kg.store import canonical_decimal

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
    "person": PERSON,
}
# Codes of the cube's period dimension (kept out of kg.namespaces: only the cube uses them).
PERIOD = Namespace(BASE + "id/period/")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def observation_iri(article_id: str, local_id: str) -> URIRef:
    return OBS[f"{article_id}/{local_id}"]


def data_set_iri(article_id: str) -> URIRef:
    """The RDF Data Cube data set of one article's figures (see ontology/fupin.ttl)."""
    return DATASET[f"article/{article_id}"]


def period_code(fact: Fact) -> URIRef:
    """The period as a code of the cube's period dimension: ``…/id/period/2020``,
    ``…/id/period/2016--2020`` for a span, ``fk:NotStated`` when the text gives none."""
    if not fact.period:
        return FK.NotStated
    span = f"{fact.period_start}--{fact.period}" if fact.period_start else fact.period
    return PERIOD[span]


def add_data_set(g: TripleSink, article_id: str) -> URIRef:
    """Declare the article's data set, with the one structure all data sets share."""
    ds = data_set_iri(article_id)
    g.add((ds, RDF.type, QB.DataSet))
    g.add((ds, QB.structure, FK.FiguresStructure))
    g.add((ds, DCTERMS.source, article_iri(article_id)))
    return ds


def entity_iri(ref: str) -> URIRef:
    """``programme:lvliangshan-hugong`` → the programme's IRI."""
    kind, _, slug = ref.partition(":")
    if kind not in ENTITY_KINDS or not _SLUG.match(slug):
        raise ValueError(f"not an entity reference (kind:slug): {ref!r}")
    return ENTITY_KINDS[kind][slug]


def decimal_literal(value: object) -> Literal:
    """In the canonical form of XSD 1.1 (``580000``, ``1.45``), as every file writes it."""
    return Literal(canonical_decimal(value), datatype=XSD.decimal, normalize=False)


def add_observations(g: TripleSink, article: Article, facts: Iterable[Fact]) -> int:
    """Add the facts of one article to its named graph; return how many were added."""
    n = 0
    for fact in facts:
        _add_fact(g, article, fact)
        n += 1
    return n


def _add_fact(g: TripleSink, article: Article, fact: Fact) -> None:
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
    # The cube's dimensions: every one has a value (IC-11), "not stated" being a code of its
    # own, and the figure's name in its article tells apart cells the vocabulary does not
    # (provincial from municipal leading enterprises), so no two observations of a data set
    # share all dimension values (IC-12).
    g.add((o, QB.dataSet, add_data_set(g, fact.article_id)))
    g.add((o, FK.cubeArea, PLACE[fact.place] if fact.place else FK.NotStated))
    g.add((o, FK.cubePeriod, period_code(fact)))
    g.add((o, FK.cubeIndicator, IND[fact.indicator] if fact.indicator else FK.NotStated))
    g.add((o, FK.cubeGroup, GROUP[fact.group] if fact.group else FK.NotStated))
    g.add((o, FK.figureName, Literal(fact.local_id)))
    ev = add_evidence(g, article_iri(article.id), f"{fact.article_id}/{fact.local_id}",
                      article.source_spans(fact.quote_start, fact.quote_end), fact.quote)
    g.add((o, PROV.wasDerivedFrom, ev))
