"""Units to QUDT and values to base units, beside the values as the articles state them."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD
from rdflib.term import Node

from kg.build.graphs import TripleSink
from kg.namespaces import FK, QUDT_UNIT, UNIT

# 亩 has no QUDT or UCUM unit; the unit scheme defines it as 666.67 m² = 1/15 ha. 斤 is 0.5 kg.
TO_BASE: dict[str, tuple[str, Decimal]] = {
    "mu": ("hectare", Decimal(1) / Decimal(15)),
    "jin": ("kilogram", Decimal("0.5")),
    "square_kilometre": ("hectare", Decimal(100)),
    "square_metre": ("hectare", Decimal("0.0001")),
}


def qudt_units(vocabulary: Graph) -> dict[URIRef, URIRef]:
    """Each project unit with the QUDT unit it exactly matches."""
    return {u: q for u, q in vocabulary.subject_objects(SKOS.exactMatch)
            if isinstance(u, URIRef) and isinstance(q, URIRef)
            and str(q).startswith(str(QUDT_UNIT))}


class Observations(TripleSink, Protocol):
    """What ``link_units`` needs of a graph (an rdflib Graph, or ``kg.build.graphs.Triples``)."""

    def subject_objects(self, predicate: URIRef) -> Iterator[tuple[Node, Node]]: ...


def link_units(g: Observations, qudt: dict[URIRef, URIRef]) -> int:
    """Add the QUDT unit and the normalised value to every observation of ``g``."""
    linked = 0
    values = dict(g.subject_objects(FK.value))  # one per observation (fk:value is functional)
    for obs, unit in list(g.subject_objects(FK.unit)):
        if not isinstance(unit, URIRef):
            continue
        if unit in qudt:
            g.add((obs, FK.qudtUnit, qudt[unit]))
            linked += 1
        code = str(unit).removeprefix(str(UNIT))
        value = values.get(obs)
        if code in TO_BASE and value is not None:
            base, factor = TO_BASE[code]
            normalised = (Decimal(str(value)) * factor).quantize(Decimal("0.000001")).normalize()
            g.add((obs, FK.normalisedValue,
                   Literal(format(normalised, "f"), datatype=XSD.decimal)))
            g.add((obs, FK.normalisedUnit, UNIT[base]))
    return linked
