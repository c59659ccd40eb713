"""Funds named by observations get a type and labels: the place and the indicator that
measures them (兴县 + 专项扶贫资金), since the articles name a fund only by what it is for."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.facts import Fact
from kg.namespaces import FK, FUND, IND, PLACE


def _label(lookup: Graph, iri: URIRef, lang: str) -> str | None:
    for o in lookup.objects(iri, SKOS.prefLabel):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return None


def describe_funds(target: Graph, facts: Iterable[Fact], lookup: Graph) -> None:
    first: dict[str, Fact] = {}
    for f in facts:
        if f.fund and f.fund not in first:
            first[f.fund] = f
    for slug, f in sorted(first.items()):
        fund = FUND[slug]
        target.add((fund, RDF.type, FK.Fund))
        place = PLACE[f.place] if f.place else None
        indicator = IND[f.indicator] if f.indicator else None
        for lang, sep in (("zh", ""), ("en", " ")):
            parts = [_label(lookup, iri, lang) for iri in (place, indicator) if iri is not None]
            words = [p for p in parts if p]
            if len(words) == len(parts) and words:
                label = Literal(sep.join(words), lang=lang)
                target.add((fund, RDFS.label, label))
                target.add((fund, SKOS.prefLabel, label))
