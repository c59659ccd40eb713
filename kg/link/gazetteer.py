"""Townships and villages of every county of China, from JioNLP's gazetteer.

JioNLP ships province > prefecture > county > township > village names (codes only down to
county level). A name in an article is resolved only inside the article's own county, which
tells apart the many villages that share a name; a name that does not resolve is reported,
never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from kg.link.gazetteer_index import Index, brief_of, load_index, towns_of


@dataclass(frozen=True)
class Local:
    name: str
    level: str  # Township | Village
    county: str
    town: str | None  # a village's township


@lru_cache(maxsize=1)
def _index() -> Index:
    """The compact gazetteer (kg.link.gazetteer_index), read once per process: both the county
    index and the country index below need it."""
    return load_index()


def _county_entries() -> Iterator[tuple[str, dict[str, object]]]:
    """(county name, county entry) for every county of the index, in JioNLP's order."""
    for cities in _index().values():
        for cname, counties in cities.items():
            if cname.startswith("_") or not isinstance(counties, dict):
                continue
            for county, entry in counties.items():
                if county.startswith("_") or not isinstance(entry, dict):
                    continue
                yield county, entry


@lru_cache(maxsize=1)
def _counties() -> dict[str, list[dict[str, object]]]:
    """County name → the index entry of each county of that name (their towns undecoded)."""
    out: dict[str, list[dict[str, object]]] = {}
    for county, entry in _county_entries():
        out.setdefault(county, []).append(entry)
    return out


@lru_cache(maxsize=64)
def _locals_of_unique(county: str) -> dict[str, Local]:
    (entry,) = _counties()[county]
    names: dict[str, Local] = {}
    for town, villages in towns_of(entry).items():
        if town.startswith("_"):
            continue
        names[town] = Local(town, "Township", county, None)
        for village in villages or {}:  # type: ignore[attr-defined]
            names.setdefault(village, Local(village, "Village", county, town))
    return names


def locals_of(county: str) -> dict[str, Local]:
    """The townships and villages of ``county``; empty when the name is ambiguous or unknown
    (two counties of one name cannot tell their villages apart without a parent)."""
    return _locals_of_unique(county) if len(_counties().get(county, [])) == 1 else {}


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
    townships and villages by county (decoded from the index when a county is first asked)."""

    upper: dict[str, list[Division]]
    counties: list[Division]
    entries: dict[int, dict[str, object]]  # id(county) → its index entry
    _local: dict[int, dict[str, list[Division]]] = field(default_factory=dict)
    # id(province or prefecture) → its counties, in the order of ``counties``.
    _under: dict[int, list[Division]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for county in self.counties:
            for parent in county.chain()[:-1]:
                self._under.setdefault(id(parent), []).append(county)
        # For a scan of a text for upper names: the longest, and every name's first two
        # characters (a name has two at least), so most positions are passed at one lookup.
        self.longest_upper = max(map(len, self.upper), default=0)
        self.upper_heads = frozenset(name[:2] for name in self.upper)

    def locals_of(self, county: Division) -> dict[str, list[Division]]:
        """Township and village names of one county."""
        key = id(county)
        if key not in self._local:
            entry = self.entries.get(key)
            self._local[key] = _local_divisions(county, brief_of(entry)) if entry else {}
        return self._local[key]

    def locals_under(self, division: Division) -> dict[str, list[Division]]:
        """Township and village names inside ``division`` (a county, prefecture or province)."""
        if division.level == "County":
            return self.locals_of(division)
        out: dict[str, list[Division]] = {}
        for county in self._under.get(id(division), []):
            for name, ds in self.locals_of(county).items():
                out.setdefault(name, []).extend(ds)
        return out


def _local_divisions(county: Division, towns: dict[str, list[str] | None]
                     ) -> dict[str, list[Division]]:
    names: dict[str, list[Division]] = {}
    for town, villages in towns.items():
        t = Division(town, "Township", None, county, local_aliases(town))
        for n in {t.name, *t.aliases}:
            names.setdefault(n, []).append(t)
        # JioNLP 1.5 gives a township's villages as a dict, which this index never read:
        # kept so, as the place spotter's results were tuned to it.
        for village in villages or ():
            v = Division(village, "Village", None, t, local_aliases(village))
            for n in {v.name, *v.aliases}:
                names.setdefault(n, []).append(v)
    return names


@lru_cache(maxsize=1)
def country() -> Country:
    upper: dict[str, list[Division]] = {}
    counties: list[Division] = []
    entries: dict[int, dict[str, object]] = {}

    def index(d: Division) -> None:
        for name in {d.name, *d.aliases}:
            upper.setdefault(name, []).append(d)

    for pname, cities in _index().items():
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
            for kname, entry in county_map.items():
                if kname.startswith("_") or not isinstance(entry, dict):
                    continue
                county = Division(kname, "County", _code(entry.get("_admin_code"), "County"),
                                  city, _aliases(entry.get("_alias")))
                index(county)
                counties.append(county)
                entries[id(county)] = entry
    return Country(upper, counties, entries)
