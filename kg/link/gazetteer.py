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
def _jionlp_tree() -> dict[str, object]:
    """JioNLP's whole gazetteer (province > … > village), read once per process: it takes
    seconds, and both the county index and the country index below need it."""
    from kg.quiet import quiet_import

    loader = quiet_import("jionlp.dictionary.dictionary_loader").china_location_loader
    tree = loader(detail=True)
    assert isinstance(tree, dict)
    return tree


@lru_cache(maxsize=1)
def _counties() -> dict[str, list[dict[str, Local]]]:
    """County name → for each county of that name, its townships and villages by name."""
    out: dict[str, list[dict[str, Local]]] = {}
    for province, cities in _jionlp_tree().items():
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


# ---- the whole country ------------------------------------------------------------------------
# Pseudo-levels of JioNLP's tree (counties directly under a province or a city's own districts).
_PSEUDO = ("省直辖行政区划", "省直辖县级行政区划", "自治区直辖县级行政区划", "市辖区", "县")
_CODE_DIGITS = {"Province": 2, "Prefecture": 4, "County": 6}
_LOCAL_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "村委会", "社区", "村")


@dataclass(frozen=True)
class Division:
    """One division of China: province > prefecture > county > township > village."""

    name: str
    level: str  # Province | Prefecture | County | Township | Village
    code: str | None  # 2, 4 or 6 digits (the prefix form the place shape checks)
    parent: Division | None
    aliases: tuple[str, ...] = ()

    def chain(self) -> list[Division]:
        """This division and its parents, outermost first."""
        out: list[Division] = []
        d: Division | None = self
        while d is not None:
            out.append(d)
            d = d.parent
        return out[::-1]

    def within(self, other: Division) -> bool:
        return any(d is other for d in self.chain()[:-1])


def _aliases(given: object) -> tuple[str, ...]:
    if isinstance(given, str):
        return (given,) if given else ()
    if isinstance(given, list):
        return tuple(str(a) for a in given if a)
    return ()


def _code(given: object, level: str) -> str | None:
    text = str(given or "")
    digits = _CODE_DIGITS.get(level)
    return text[:digits] if digits and text.isdigit() and len(text) >= digits else None


def local_aliases(name: str) -> tuple[str, ...]:
    """蔚汾镇 → 蔚汾; 骆驼湾村 → 骆驼湾 (a short form keeps at least two characters, three for a
    village, whose two-character stems are too often ordinary words)."""
    for suffix in _LOCAL_SUFFIXES:
        stem = name.removesuffix(suffix)
        if stem != name:
            keep = 3 if suffix in ("村", "社区", "村委会") else 2
            return (stem,) if len(stem) >= keep else ()
    return ()


@dataclass
class Country:
    """Name → divisions: the upper levels (province, prefecture, county) for the whole country,
    townships and villages by county."""

    upper: dict[str, list[Division]]
    local: dict[int, dict[str, list[Division]]]  # id(county) → name → divisions
    counties: list[Division]

    def locals_under(self, division: Division) -> dict[str, list[Division]]:
        """Township and village names inside ``division`` (a county, prefecture or province)."""
        if division.level == "County":
            return self.local.get(id(division), {})
        out: dict[str, list[Division]] = {}
        for county in self.counties:
            if county.within(division):
                for name, ds in self.local.get(id(county), {}).items():
                    out.setdefault(name, []).extend(ds)
        return out


@lru_cache(maxsize=1)
def country() -> Country:
    upper: dict[str, list[Division]] = {}
    local: dict[int, dict[str, list[Division]]] = {}
    counties: list[Division] = []

    def index(d: Division) -> None:
        for name in {d.name, *d.aliases}:
            upper.setdefault(name, []).append(d)

    def add_county(name: str, towns: dict[str, object], parent: Division) -> None:
        county = Division(name, "County", _code(towns.get("_admin_code"), "County"), parent,
                          _aliases(towns.get("_alias")))
        index(county)
        counties.append(county)
        names: dict[str, list[Division]] = {}
        for town, villages in towns.items():
            if town.startswith("_"):
                continue
            t = Division(town, "Township", None, county, local_aliases(town))
            for n in {t.name, *t.aliases}:
                names.setdefault(n, []).append(t)
            for village in villages if isinstance(villages, list) else ():
                v = Division(village, "Village", None, t, local_aliases(village))
                for n in {v.name, *v.aliases}:
                    names.setdefault(n, []).append(v)
        local[id(county)] = names

    for pname, cities in _jionlp_tree().items():
        if pname.startswith("_") or not isinstance(cities, dict):
            continue
        province = Division(pname, "Province", _code(cities.get("_admin_code"), "Province"),
                            None, _aliases(cities.get("_alias")))
        index(province)
        for cname, county_map in cities.items():
            if cname.startswith("_") or not isinstance(county_map, dict):
                continue
            if cname in _PSEUDO:
                city = province
            else:
                city = Division(cname, "Prefecture",
                                _code(county_map.get("_admin_code"), "Prefecture"), province,
                                _aliases(county_map.get("_alias")))
                index(city)
            for kname, towns in county_map.items():
                if kname.startswith("_") or not isinstance(towns, dict):
                    continue
                add_county(kname, towns, city)
    return Country(upper, local, counties)
