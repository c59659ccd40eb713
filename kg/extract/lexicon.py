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


class TermIndex:
    """Which terms of a long list occur in a text, without testing every one of them.

    Why: the groups, entities and places of the lexicon grow with the corpus (each article's
    drafted names join it), and the extractor tried every term at every number, so the
    extraction grew with the square of the corpus (338 CPU s at 1,000 articles, 2.4 s at
    100). Terms are filed by their first two characters; a text then looks up only its own
    character pairs. A term that does not occur in the text could never match in it, so the
    terms that do, in their original order, give the same results.
    """

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self._by_head = self._file([t.label for t in terms])
        self._simplified: dict[str, list[int]] | None = None
        self._simple_labels: list[str] = []

    @staticmethod
    def _file(labels: list[str]) -> dict[str, list[int]]:
        by_head: dict[str, list[int]] = {}
        for i, label in enumerate(labels):
            by_head.setdefault(label[:2], []).append(i)
        return by_head

    def occurring(self, text: str, view: str) -> list[Term]:
        """The terms whose label is in ``text`` or in its simplified ``view``, or whose
        simplified label is in ``view`` (a traditional page matched in its simplified view)."""
        texts = (text,) if view == text else (text, view)
        heads = {t[i:i + 2] for t in texts for i in range(len(t) - 1)}
        hits = {i for h in heads for i in self._by_head.get(h, ())
                if any(self.terms[i].label in t for t in texts)}
        if view != text:
            if self._simplified is None:
                from kg.ingest.script import simplified_view

                self._simple_labels = [simplified_view(t.label) for t in self.terms]
                self._simplified = self._file(self._simple_labels)
            heads = {view[i:i + 2] for i in range(len(view) - 1)}
            hits |= {i for h in heads for i in self._simplified.get(h, ())
                     if self._simple_labels[i] in view}
        return [self.terms[i] for i in sorted(hits)]


@dataclass
class Lexicon:
    indicators: list[Term] = field(default_factory=list)
    groups: list[Term] = field(default_factory=list)
    entities: list[Term] = field(default_factory=list)
    places: list[Term] = field(default_factory=list)
    phases: list[Term] = field(default_factory=list)  # cue words of the phase scheme
    # Place slug → its level (the local name of its class: Village, County, Province …).
    place_levels: dict[str, str] = field(default_factory=dict)
    # Things of one character (羊, 牛), named only right after a count of them (14只羊): kept
    # apart, since as substrings they would match inside other words (养羊户, 湖羊).
    things: list[Term] = field(default_factory=list)
    _indexes: tuple[TermIndex, TermIndex, TermIndex] | None = field(
        default=None, init=False, repr=False, compare=False)

    def within(self, text: str, view: str) -> Lexicon:
        """The lexicon cut to the groups, entities and places that occur in ``text`` (or its
        simplified ``view``); the indicators, phases and levels, which do not grow with the
        corpus, whole. The extractor finds the same terms in that text with either."""
        if self._indexes is None:
            self._indexes = (TermIndex(self.groups), TermIndex(self.entities),
                             TermIndex(self.places))
        groups, entities, places = (ix.occurring(text, view) for ix in self._indexes)
        return Lexicon(self.indicators, groups, entities, places, self.phases,
                       self.place_levels, self.things)


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
    lex.things = _sorted([t for t in lex.entities if len(t.label) == 1
                          and t.ref.startswith("project:")])
    lex.entities = _sorted([t for t in lex.entities if len(t.label) >= 2])
    # 山西 for 山西省, 太原 for 太原市: the short form of a province or city is how articles
    # name it (a county keeps its 县: 兴县 has no short form).
    shorts = [Term(t.label[:-1], t.ref) for t in lex.places if len(t.label) >= 3
              and t.label[-1] in "省市" and lex.place_levels.get(t.ref) in ("Province",
                                                                          "Prefecture")]
    lex.places = _sorted([t for t in [*lex.places, *shorts] if len(t.label) >= 2])
    return lex
