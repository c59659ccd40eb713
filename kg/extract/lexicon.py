"""Labels the draft extractor spots in text, read from the vocabularies (never typed here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.namespaces import FK, ID, SCHEME

ENTITY_CLASSES = {
    FK.Programme: "programme",
    FK.Policy: "policy",
    FK.Project: "project",
    FK.Organisation: "org",
    FK.Event: "event",
    # People are subjects too (70岁的王大爷, 李老汉在住了30年的老屋…).
    FK.Person: "person",
}
PLACE_CLASSES = (FK.Township, FK.Village, FK.ResettlementSite, FK.IndustrialPark,
                 FK.DevelopmentZone, FK.County, FK.Prefecture, FK.Province, FK.Country)


@dataclass(frozen=True)
class Term:
    label: str
    ref: str  # slug (indicators, groups, places) or kind:slug (entities)
    units: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    indicators: list[Term] = field(default_factory=list)
    groups: list[Term] = field(default_factory=list)
    entities: list[Term] = field(default_factory=list)
    places: list[Term] = field(default_factory=list)
    phases: list[Term] = field(default_factory=list)  # cue words of the phase scheme
    # Place slug → its level (the local name of its class: Village, County, Province …).
    place_levels: dict[str, str] = field(default_factory=dict)


def _slug(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _zh_labels(g: Graph, s: URIRef) -> Iterable[str]:
    for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, SKOS.hiddenLabel):
        for o in g.objects(s, p):
            lang = getattr(o, "language", None)
            if lang is not None and str(lang).startswith("zh") and "Latn" not in str(lang):
                yield str(o)


def _sorted(terms: list[Term]) -> list[Term]:
    # Longest label first, so that 脱贫不稳定户 wins over 贫困户 at the same place.
    return sorted(set(terms), key=lambda t: (-len(t.label), t.label, t.ref))


def build_lexicon(g: Graph) -> Lexicon:
    lex = Lexicon()
    for c in g.subjects(SKOS.inScheme, SCHEME["indicators"]):
        if not isinstance(c, URIRef):
            continue
        units = frozenset(_slug(u) for u in g.objects(c, FK.expectedUnit))
        lex.indicators += [Term(label, _slug(c), units) for label in _zh_labels(g, c)]
    for c in set(g.subjects(SKOS.inScheme, SCHEME["groups"])) | set(
        g.subjects(RDF.type, FK.PopulationGroup)
    ):
        if isinstance(c, URIRef):
            lex.groups += [Term(label, _slug(c)) for label in _zh_labels(g, c)]
    for cls, kind in ENTITY_CLASSES.items():
        for e in g.subjects(RDF.type, cls):
            if isinstance(e, URIRef) and str(e).startswith(str(ID)):
                lex.entities += [Term(label, f"{kind}:{_slug(e)}") for label in _zh_labels(g, e)]
    for cls in PLACE_CLASSES:
        for p in g.subjects(RDF.type, cls):
            if isinstance(p, URIRef):
                lex.places += [Term(label, _slug(p)) for label in _zh_labels(g, p)]
                lex.place_levels.setdefault(_slug(p), str(cls).rsplit("#", 1)[-1])
    for c in g.subjects(SKOS.inScheme, SCHEME["phases"]):
        if isinstance(c, URIRef):
            lex.phases += [Term(str(label), _slug(c)) for label in g.objects(c, SKOS.hiddenLabel)]
    lex.phases = _sorted([t for t in lex.phases if len(t.label) >= 2])
    lex.indicators = _sorted([t for t in lex.indicators if len(t.label) >= 2])
    lex.groups = _sorted([t for t in lex.groups if len(t.label) >= 2])
    lex.entities = _sorted([t for t in lex.entities if len(t.label) >= 2])
    # 山西 for 山西省, 太原 for 太原市: the short form of a province or city is how articles
    # name it (a county keeps its 县: 兴县 has no short form).
    shorts = [Term(t.label[:-1], t.ref) for t in lex.places if len(t.label) >= 3
              and t.label[-1] in "省市" and lex.place_levels.get(t.ref) in ("Province",
                                                                          "Prefecture")]
    lex.places = _sorted([t for t in [*lex.places, *shorts] if len(t.label) >= 2])
    return lex
