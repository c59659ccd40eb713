"""Every IRI the project mints or reuses, in one place.

Project terms live under https://w3id.org/fupin-kg/: the ontology under ``ontology#`` and
the instance data under ``id/<kind>/<slug>`` so that every resource can be dereferenced by
``kg serve`` at ``/id/...``.
"""

from __future__ import annotations

from rdflib import Namespace as _Namespace
from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

BASE = "https://w3id.org/fupin-kg/"


class Namespace(_Namespace):
    """rdflib's Namespace, each term named as an attribute (``FK.value``) made once.

    Why: rdflib makes a new URIRef on every attribute access (1.7 µs); the build names some
    thirty per figure, a million times at 1,000 articles. Terms named by item (``UNIT[code]``)
    are not kept: their names come from the data, without bound."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term

FK = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ARTICLE = Namespace(BASE + "id/article/")
PAGE = Namespace(BASE + "id/page/")
PERSON = Namespace(BASE + "id/person/")
OBS = Namespace(BASE + "id/obs/")
EVIDENCE = Namespace(BASE + "id/evidence/")
PLACE = Namespace(BASE + "id/place/")
IND = Namespace(BASE + "id/indicator/")
UNIT = Namespace(BASE + "id/unit/")
GROUP = Namespace(BASE + "id/group/")
PROGRAMME = Namespace(BASE + "id/programme/")
POLICY = Namespace(BASE + "id/policy/")
PROJECT = Namespace(BASE + "id/project/")
ORG = Namespace(BASE + "id/org/")
EVENT = Namespace(BASE + "id/event/")
SCHEME = Namespace(BASE + "id/scheme/")
GRAPH = Namespace(BASE + "graph/")
DATASET = Namespace(BASE + "id/dataset/")
FUND = Namespace(BASE + "id/fund/")
STATEMENT = Namespace(BASE + "id/statement/")

# W3C and other reused vocabularies
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
OA = Namespace("http://www.w3.org/ns/oa#")
W3ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
SDG = Namespace("http://metadata.un.org/sdg/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
GEONAMES = Namespace("https://sws.geonames.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

PREFIXES: dict[str, str] = {
    "fk": str(FK),
    "article": str(ARTICLE),
    "page": str(PAGE),
    "person": str(PERSON),
    "obs": str(OBS),
    "evidence": str(EVIDENCE),
    "place": str(PLACE),
    "ind": str(IND),
    "unit": str(UNIT),
    "group": str(GROUP),
    "programme": str(PROGRAMME),
    "policy": str(POLICY),
    "project": str(PROJECT),
    "org": str(ORG),
    "event": str(EVENT),
    "scheme": str(SCHEME),
    "fund": str(FUND),
    "statement": str(STATEMENT),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEASURE),
    "oa": str(OA),
    "w3org": str(W3ORG),
    "time": str(TIME),
    "qudt": str(QUDT),
    "qudt-unit": str(QUDT_UNIT),
    "sdg": str(SDG),
    "wd": str(WD),
    "wdt": str(WDT),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "schema": str(SDO),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "void": str(VOID),
}

__all__ = [
    "ARTICLE", "BASE", "DATASET", "DCAT", "DCTERMS", "EVENT", "EVIDENCE", "FK", "FOAF", "FUND",
    "GEONAMES", "GRAPH", "GROUP", "ID", "IND", "OA", "OBS", "ORG", "OWL", "PAGE", "PERSON",
    "PLACE", "POLICY", "PREFIXES", "PROGRAMME", "PROJECT", "PROV", "QB", "QUDT", "QUDT_UNIT",
    "RDF", "RDFS", "SCHEME", "SDG", "SDMX_DIM", "SDMX_MEASURE", "SDO", "SH", "SKOS",
    "STATEMENT", "TIME",
    "UNIT", "VOID", "W3ORG", "WD", "WDT", "XSD",
]
