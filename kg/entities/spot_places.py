"""Draft places and government bodies.

Places come from the bundled division table (``kg/data/reference/places.csv``: full names and
short forms such as 山西 for 山西省), then JioNLP's gazetteer of the whole country and the
nesting the text states (``spot_country``), and …安置点 anywhere. The divisions an article
names give its context: 省委 in an article about 兴县 is 山西省委, because 兴县 is in 吕梁市
in 山西省.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.entities.spot_country import national_places
from kg.entities.spot_names import left_name
from kg.entities.spotted import CJK, SpottedEntity
from kg.link.places import load_places
from kg.segmenter import jieba

LEVEL_CLASS = {"province": "Province", "prefecture": "Prefecture", "county": "County",
               "town": "Township", "township": "Township", "development_zone": "DevelopmentZone"}
LEVEL_CHAR = {"Province": "省", "Prefecture": "市", "County": "县"}
SHORT_SUFFIXES = ("自治区", "省", "市", "县", "乡", "镇")
# Abbreviated department names and what they stand for (省发改委 = 省发展和改革委员会).
DEPARTMENTS = {
    "发改委": "发展和改革委员会", "住建厅": "住房和城乡建设厅", "住建局": "住房和城乡建设局",
    "人社厅": "人力资源和社会保障厅", "人社局": "人力资源和社会保障局",
    "卫健委": "卫生健康委员会", "扶贫办": "扶贫开发办公室", "纪委监委": "纪委监委",
    "乡村振兴局": "乡村振兴局", "农业农村局": "农业农村局", "教育局": "教育局",
    "民政局": "民政局", "财政局": "财政局",
}


@dataclass(frozen=True)
class Division:
    name: str
    place_class: str
    parent: str | None  # the parent's name


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Division]:
    """Full names and short forms → division. A short form must keep two characters (兴县
    has none) and must not be claimed by two divisions."""
    records = load_places()
    by_code = {r.code: r for r in records}
    names: dict[str, Division] = {}
    shorts: dict[str, list[Division]] = {}
    for r in records:
        cls = LEVEL_CLASS.get(r.level)
        if cls is None:
            continue
        parent = by_code[r.parent].name_zh if r.parent in by_code else None
        d = Division(r.name_zh, cls, parent)
        names[r.name_zh] = d
        for suffix in SHORT_SUFFIXES:
            short = r.name_zh.removesuffix(suffix)
            if short != r.name_zh and len(short) >= 2:
                shorts.setdefault(short, []).append(d)
                break
    for short, ds in shorts.items():
        if len(ds) == 1 and short not in names:
            names[short] = ds[0]
    return names


def _mask(length: int, spans: Sequence[tuple[int, int]]) -> list[bool]:
    hidden = [False] * length
    for a, b in spans:
        for i in range(a, b):
            hidden[i] = True
    return hidden


def _spans(hidden: Sequence[bool]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = None
    for i, h in enumerate([*hidden, False]):
        if h and start is None:
            start = i
        elif not h and start is not None:
            spans.append((start, i))
            start = None
    return spans


def places(text: str, masked: Sequence[tuple[int, int]]) -> list[SpottedEntity]:
    out: list[SpottedEntity] = []
    for m in re.finditer(f"([{CJK}]{{2,5}}?)(安置点|安置区|安置小区)", text):
        start = left_name(text, m.start(2), 2, 5)
        if start < m.start(2):
            out.append(SpottedEntity("Place", text[start:m.end()], start, m.end(),
                                     place_class="ResettlementSite"))
    for m in re.finditer(f"[{CJK}]{{2,8}}?(?:示范区|开发区|高新区)", text):
        start = left_name(text, m.end(), 4, 10)
        if start < m.end() - 3:
            out.append(SpottedEntity("Place", text[start:m.end()], start, m.end(),
                                     place_class="DevelopmentZone"))
    hidden = _mask(len(text), masked)
    bounds = {0, len(text)}
    for _, a, b in jieba.tokenize(text):
        bounds.update((a, b))
    gaz = gazetteer()
    longest = max(map(len, gaz), default=0)
    i = 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 1, -1):
            d = gaz.get(text[i:i + n])
            # Token edges keep 吕梁 out of 吕梁山 (a mountain range, not the prefecture).
            if d and i in bounds and i + n in bounds and not any(hidden[i:i + n]):
                out.append(SpottedEntity("Place", d.name, i, i + n, (text[i:i + n],),
                                         d.place_class))
                for k in range(i, i + n):
                    hidden[k] = True
                i += n - 1
                break
        i += 1
    taken = [(a, b) for a, b in _spans(hidden)]
    # Places outside the bundled table: JioNLP's gazetteer of the whole country and nesting
    # stated in the text (jieba's ``ns`` tag alone made places of 高山, 深度 and 广开).
    out += national_places(text, taken)
    return out


def context(found: Sequence[SpottedEntity]) -> dict[str, str]:
    """Province, prefecture and county of an article: the first county it names (or the
    first prefecture, or province) and that division's parents in the table."""
    gaz = gazetteer()
    out: dict[str, str] = {}
    for cls in ("County", "Prefecture", "Province"):
        first = next((e for e in found if e.type == "Place" and e.place_class == cls), None)
        if first is None:
            continue
        out[cls] = first.label_zh
        d = gaz.get(first.label_zh)
        while d is not None and d.parent is not None:
            parent = gaz.get(d.parent)
            if parent is None:
                break
            out.setdefault(parent.place_class, parent.name)
            d = parent
        break
    return out


def body_label(division: str, cls: str, body: str) -> str:
    """山西省 + 委 → 山西省委; 兴县 + 委 → 兴县县委; 吕梁市 + 政府 → 吕梁市人民政府."""
    if body == "委":
        return division + ("县委" if cls == "County" and len(division) == 2 else "委")
    if body in ("政府", "人民政府"):
        return division + "人民政府"
    return division + DEPARTMENTS.get(body, body)


def government(text: str, ctx: dict[str, str]) -> list[SpottedEntity]:
    """(山西)省委, 市政府, 县纪委监委, 省发改委, 县林业局 …: the body of the named or context
    division."""
    out: list[SpottedEntity] = []
    gaz = gazetteer()
    bodies = "|".join(["委(?!员)", "人民政府", "政府", *sorted(DEPARTMENTS, key=len,
                                                            reverse=True)])
    level_of = {v: k for k, v in LEVEL_CHAR.items()}
    # Besides the listed departments, any bureau of the division (县林业局, 县扶贫局).
    bureau = f"(?![的和与及里城])[{CJK}]{{1,3}}?局(?![面势部限长])"
    for m in re.finditer(f"(省|市|县)({bodies}|{bureau})", text):
        level, body, at = level_of[m.group(1)], m.group(2), m.start()
        # A division named just before: 山西|省委 (the level character shared) or 兴县|县委.
        named = next(((at - n, at + 1) for n in (4, 3, 2) if at >= n
                      and text[at - n:at + 1] in gaz), None)
        named = named or next(((at - n, at) for n in (4, 3, 2) if at >= n
                               and text[at - n:at] in gaz), None)
        start = at
        if named is not None:
            d = gaz[text[named[0]:named[1]]]
            if d.place_class != level:
                continue
            division, start = d.name, named[0]
        elif level in ctx:
            division = ctx[level]
        else:
            continue
        label = body_label(division, level, body)
        # A bare 县委 or 县政府 is an alias only where a division is named with it: alone it
        # would name this county's body in nearly every other article of the corpus too. (A
        # bare bureau, 县林业局, is rarer and kept: the article's figures name it so.)
        alias = (text[start:m.end()],) if named is not None or body not in (
            "委", "人民政府", "政府") else ()
        out.append(SpottedEntity("Organisation", label, start, m.end(), alias))
        if text.startswith("政府", m.end()) and body == "委":  # 县委政府: both bodies
            out.append(SpottedEntity("Organisation", body_label(division, level, "政府"),
                                     m.end(), m.end() + 2, ("政府",)))
    return out


def county_locals(text: str, county: str | None, found: Sequence[SpottedEntity]
                  ) -> tuple[list[SpottedEntity], list[SpottedEntity], list[str]]:
    """Townships and villages resolved in the article's county (kg.link.gazetteer).

    Returns the entities to add, the tagger's guesses to drop (a …村/乡/镇 word the gazetteer
    does not know in this county) and the names of those guesses, to be reported."""
    from kg.link.gazetteer import locals_of

    known = locals_of(county) if county else {}
    taken = {e.label_zh for e in found}
    added: list[SpottedEntity] = []
    for name, local in sorted(known.items()):
        if len(name) < 3 or name in taken:
            continue
        at = text.find(name)
        if at >= 0:
            added.append(SpottedEntity("Place", name, at, at + len(name), (),
                                       local.level))
    guesses = [e for e in found if e.type == "Place" and not e.aliases
               and e.place_class in ("Township", "Village") and e.label_zh not in known
               and e.label_zh not in gazetteer()]
    return added, guesses, sorted({e.label_zh for e in guesses})
