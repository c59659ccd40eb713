"""Reference data for places: official division codes, validity in time, Wikidata, GeoNames.

The facts live in ``kg/data/reference/places.csv`` (one row per place); this module turns
them into RDF. Codes are the National Bureau of Statistics' 统计用区划代码; the 12-digit form
pads with zeros (141123 → 141123000000, 141123100 → 141123100000).
"""

from __future__ import annotations

import csv
import importlib.resources
import io
from dataclasses import dataclass

from pypinyin import Style, pinyin
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SDO, SKOS

from kg.build.articles import date_literal
from kg.ingest.slug import pinyin_slug
from kg.namespaces import FK, GEONAMES, PLACE, WD

LEVEL_CLASS = {
    "country": FK.Country,
    "province": FK.Province,
    "prefecture": FK.Prefecture,
    "county": FK.County,
    "town": FK.Township,
    "township": FK.Township,
    "development_zone": FK.DevelopmentZone,
    "resettlement_site": FK.ResettlementSite,
    "industrial_park": FK.IndustrialPark,
    "river": FK.Place,
}


@dataclass(frozen=True)
class PlaceRecord:
    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str
    valid_from: str
    valid_until: str
    merged_into: str
    wikidata: str
    geonames: str
    note: str

    @property
    def slug(self) -> str:
        return pinyin_slug(self.name_zh)

    @property
    def is_division(self) -> bool:
        return self.code.isdigit()

    @property
    def code12(self) -> str:
        return self.code.ljust(12, "0") if self.is_division else ""


def load_places() -> list[PlaceRecord]:
    text = (importlib.resources.files("kg") / "data" / "reference" / "places.csv").read_text(
        encoding="utf-8")
    return [PlaceRecord(**row) for row in csv.DictReader(io.StringIO(text))]


def place_iri(record: PlaceRecord) -> URIRef:
    return PLACE[record.slug]


def pinyin_name(name_zh: str) -> str:
    """蔚汾镇 → Wèifēnzhèn (tone marks, as on official romanised signs)."""
    return "".join(s[0] for s in pinyin(name_zh, style=Style.TONE)).capitalize()


def places_graph(records: list[PlaceRecord] | None = None) -> Graph:
    records = records if records is not None else load_places()
    by_code = {r.code: r for r in records}
    g = Graph()
    for r in records:
        p = place_iri(r)
        g.add((p, RDF.type, LEVEL_CLASS[r.level]))
        g.add((p, RDF.type, FK.Place))
        g.add((p, SKOS.prefLabel, Literal(r.name_zh, lang="zh")))
        g.add((p, SKOS.prefLabel, Literal(r.name_en, lang="en")))
        g.add((p, RDFS.label, Literal(r.name_zh, lang="zh")))
        g.add((p, RDFS.label, Literal(r.name_en, lang="en")))
        g.add((p, SKOS.altLabel, Literal(pinyin_name(r.name_zh), lang="zh-Latn-pinyin")))
        if r.is_division:
            g.add((p, FK.divisionCode, Literal(r.code)))
            g.add((p, FK.divisionCode12, Literal(r.code12)))
        if r.parent:
            g.add((p, FK.within, place_iri(by_code[r.parent])))
        if r.valid_from:
            g.add((p, FK.validFrom, date_literal(r.valid_from)))
        if r.valid_until:
            g.add((p, FK.validUntil, date_literal(r.valid_until)))
        if r.merged_into:
            g.add((p, FK.mergedInto, place_iri(by_code[r.merged_into])))
        if r.note:
            g.add((p, SKOS.editorialNote, Literal(r.note, lang="en")))
        if r.wikidata:
            g.add((p, OWL.sameAs, WD[r.wikidata]))
        if r.geonames:
            g.add((p, SDO.sameAs, GEONAMES[f"{r.geonames}/"]))
    return g


__all__ = ["PlaceRecord", "load_places", "place_iri", "places_graph"]
