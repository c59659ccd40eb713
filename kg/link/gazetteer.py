"""Townships and villages of every county of China, from JioNLP's gazetteer.

JioNLP ships province > prefecture > county > township > village names (codes only down to
county level). A name in an article is resolved only inside the article's own county, which
tells apart the many villages that share a name; a name that does not resolve is reported,
never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Local:
    name: str
    level: str  # Township | Village
    county: str
    town: str | None  # a village's township


@lru_cache(maxsize=1)
def _counties() -> dict[str, list[dict[str, Local]]]:
    """County name → for each county of that name, its townships and villages by name."""
    from kg.quiet import quiet_import

    china_location_loader = quiet_import(
        "jionlp.dictionary.dictionary_loader").china_location_loader
    out: dict[str, list[dict[str, Local]]] = {}
    for province, cities in china_location_loader(detail=True).items():
        if province.startswith("_") or not isinstance(cities, dict):
            continue
        for city, counties in cities.items():
            if city.startswith("_") or not isinstance(counties, dict):
                continue
            for county, towns in counties.items():
                if county.startswith("_") or not isinstance(towns, dict):
                    continue
                names: dict[str, Local] = {}
                for town, villages in towns.items():
                    if town.startswith("_"):
                        continue
                    names[town] = Local(town, "Township", county, None)
                    for village in villages or {}:
                        names.setdefault(village, Local(village, "Village", county, town))
                out.setdefault(county, []).append(names)
    return out


def locals_of(county: str) -> dict[str, Local]:
    """The townships and villages of ``county``; empty when the name is ambiguous or unknown
    (two counties of one name cannot tell their villages apart without a parent)."""
    found = _counties().get(county, [])
    return found[0] if len(found) == 1 else {}


def resolve(name: str, county: str) -> Local | None:
    return locals_of(county).get(name)
