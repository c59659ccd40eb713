"""Places anywhere in China, from JioNLP's gazetteer and from nesting stated in the text.

1. Provinces, prefectures and counties by full name or alias (阜平 = 阜平县, 新疆 =
   新疆维吾尔自治区). A full name must sit on jieba's token edges; an alias must also be read
   as a place name by jieba (tag ``ns``) or have a parent named in the article, and a name
   two divisions share (城区) needs a parent named in the article to tell them apart.
2. Townships and villages the gazetteer lists inside a division the article names.
3. Nesting from the text: a name ending in 乡/镇/村 right after a known division (河北省阜平县
   骆驼湾村, 龙州县逐卜乡弄岗村, 莎车县的硝尔库勒村) lies within it, even when the gazetteer's
   village list lacks it.
4. A village named alone (依提帕克村有900人): a jieba name token before 村, at a token edge,
   within the county or prefecture named last before it. Fragments are not places: 山村, 新村,
   湾村 (the stem must have two characters and start at a token edge), generic heads such as
   贫困村 or 行政村, or 穷山村 (an adjective before 山村).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.entities.spotted import CJK, SpottedEntity
from kg.entities.tags import BlockTags, block_tags
from kg.link.gazetteer import Division, country, local_aliases

# Words before 村 that make a generic head, not a village's name.
_GENERIC_STEMS = ("贫困", "行政", "自然", "搬迁", "易地搬迁", "示范", "重点", "美丽", "文明",
                  "全国", "每个", "这个", "整个", "一个", "所在", "周边", "附近", "城中", "乡",
                  "农", "山", "新", "深度贫困", "出列", "退出", "移民", "试点", "先进", "旅游",
                  "特色", "集体", "本", "该", "全", "各", "邻", "外", "同", "村")
_NOT_NAME_FLAGS = ("a", "d", "r", "m", "q", "p", "c", "u", "v", "f", "t")
# 村集体, 村民, 村里, 村干部: the village as an institution, after a word that is not a name.
_COLLECTIVE = re.compile("集体|民|里|干部|委|级|两委|党|组")
# 镰刀湾乡双山村 after the alias 镰刀湾 (of 镰刀湾镇): the level character the text gives is
# the alias's own, not the start of the nested name.
_NESTED = re.compile(f"(?:的|乡|镇)?([{CJK}]{{2,5}}?(?:乡|镇|村))")
# 延安市安塞县: a county right after its prefecture, though the gazetteer (of today's
# divisions) no longer lists it (安塞县 became a district in 2016).
_NESTED_COUNTY = re.compile(f"([{CJK}]{{2,3}}?县)(?![委城长级里])")


def _generic(stem: str) -> bool:
    """贫困村, 全县贫困村, 该村: a generic head or a determiner, not a name."""
    # 一个低收入村: a count is no name (一碗水村, 两河口村 are).
    return stem in _GENERIC_STEMS or stem[0] in "全该各每本这那此" or bool(
        re.match(r"[一两几\d][个座处]", stem)) or any(
        stem.endswith(g) for g in _GENERIC_STEMS if len(g) >= 2)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    division: Division


def _entity(text: str, start: int, end: int, d: Division, chain: Sequence[Division] | None = None
            ) -> SpottedEntity:
    parents = list(chain) if chain is not None else d.chain()[:-1]
    # The gazetteer's short forms (阜平 for 阜平县, 骆驼湾 for 骆驼湾村) become labels too, so a
    # later mention by the short form is the same place.
    names = dict.fromkeys((text[start:end], *d.aliases, *local_aliases(d.name)))
    return SpottedEntity("Place", d.name, start, end, tuple(names), d.level, code=d.code,
                         within=tuple((p.name, p.level, p.code) for p in parents))


# One-character words that make a place's short form the name of a river's source, a
# mountain, a lake or a plain.
_FEATURE_TAILS = frozenset({"源", "山", "河", "江", "湖", "峡", "原"})


def _upper(text: str, hidden: list[bool], tags: BlockTags) -> list[_Hit]:
    gazetteer = country()
    gaz, heads, longest = gazetteer.upper, gazetteer.upper_heads, gazetteer.longest_upper
    found: list[tuple[int, int, list[Division]]] = []
    i = 0
    while i < len(text):
        if text[i:i + 2] not in heads:
            i += 1
            continue
        for n in range(min(longest, len(text) - i), 1, -1):
            name = text[i:i + n]
            ds = gaz.get(name)
            if not ds or hidden[i] or any(hidden[i:i + n]) or not tags.edge(i):
                continue
            full = any(d.name == name for d in ds)
            # A full name may be followed by its own subdivision (阜平县骆驼湾村); an alias
            # must be one token of its own.
            if not full and tags.at(i)[0] != name:
                continue
            # Nor may an alias lead a feature's name: 三江源 (a source region), like 吕梁山.
            if not full and tags.at(i + n)[0] in _FEATURE_TAILS:
                continue
            # Nor may a name end inside a word jieba reads across its end: 县委和县政府 is
            # 县委|和|县政府, not 和县 (Anhui).
            if _crossed(tags, i, i + n):
                continue
            found.append((i, i + n, ds))
            i += n - 1
            break
        i += 1
    named = [d for _, _, ds in found if len(ds) == 1 for d in ds]
    hits: list[_Hit] = []
    for start, end, ds in found:
        name = text[start:end]
        in_context = [d for d in ds if any(d.within(p) for p in named)]
        if len(ds) == 1:
            d = ds[0]
            # An alias must be read as a place name, or be a noun with a parent (or its own
            # full name) named in the article: 复兴 in 伟大复兴 is a verb, not 复兴区.
            flag = tags.at(start)[1]
            # An urban district's short form is often a landmark (天山 of 天山区, 城区): only
            # its full name counts.
            if d.name != name and d.level == "County" and d.name.endswith("区") \
                    and d.name not in text:
                continue
            if d.name == name or flag == "ns" or (not flag.startswith(_NOT_NAME_FLAGS) and (
                    in_context or d.name in text)):
                hits.append(_Hit(start, end, d))
        elif len(in_context) == 1:
            hits.append(_Hit(start, end, in_context[0]))
    return hits


def _crossed(tags: BlockTags, start: int, end: int) -> bool:
    """A token starting inside [start, end) that runs past ``end``."""
    return any(k + len(tags.at(k)[0]) > end for k in range(start + 1, end) if tags.at(k)[0])


def _stem_is_name(start: int, end: int, tags: BlockTags) -> bool:
    """Every token of the stem is a noun or a name (娘家|参与 has a verb: not a village)."""
    pos = start
    while pos < end:
        word, flag = tags.at(pos)
        if not word or flag.startswith(_NOT_NAME_FLAGS):
            return False
        pos += len(word)
    return True


def national_places(text: str, masked: Sequence[tuple[int, int]]) -> list[SpottedEntity]:
    """Places of the whole country named in ``text`` (outside the ``masked`` spans)."""
    hidden = [False] * len(text)
    for a, b in masked:
        for k in range(a, min(b, len(text))):
            hidden[k] = True
    tags = block_tags(text)
    hits = _upper(text, hidden, tags)
    for h in hits:
        for k in range(h.start, h.end):
            hidden[k] = True
    out = [_entity(text, h.start, h.end, h.division) for h in hits]
    gaz = country()
    # 2. The gazetteer's townships and villages inside a named division.
    for h in list(hits):
        # Longest first (黄花滩 before 黄花); short forms of two characters (金沙, 团结) are
        # too often ordinary words.
        for name, ds in sorted(gaz.locals_under(h.division).items(),
                               key=lambda kv: (-len(kv[0]), kv[0])):
            if len(name) < 3 or len(ds) != 1 or name not in text:
                continue
            for m in re.finditer(re.escape(name), text):
                a, b = m.span()
                if any(hidden[a:b]) or (not tags.edge(a) and a != h.end):
                    continue
                for k in range(a, b):
                    hidden[k] = True
                out.append(_entity(text, a, b, ds[0]))
                hits.append(_Hit(a, b, ds[0]))
    # 3. Nesting stated in the text: a 乡/镇/村 name right after a known division.
    hits.sort(key=lambda h: h.start)
    queue = list(hits)
    while queue:
        h = queue.pop(0)
        nest = (_NESTED_COUNTY.match(text, h.end) if h.division.level == "Prefecture"
                else None) or _NESTED.match(text, h.end)
        if not nest or any(hidden[nest.start(1):nest.end(1)]) or h.division.level == "Village":
            continue
        name, suffix = nest.group(1), nest.group(1)[-1]
        stem = name[:-1]
        if _generic(stem) or len(stem) < 2:
            continue
        level = {"村": "Village", "县": "County"}.get(suffix, "Township")
        d = Division(name, level, None, h.division)
        for k in range(nest.start(1), nest.end(1)):
            hidden[k] = True
        out.append(_entity(text, nest.start(1), nest.end(1), d))
        nested = _Hit(nest.start(1), nest.end(1), d)
        hits.append(nested)
        queue.append(nested)
    # 4. A village named alone, within the county (or prefecture) named last before it.
    hits.sort(key=lambda h: h.start)
    for m in re.finditer(f"([{CJK}]{{2,4}}?)村", text):
        a, b = m.span()
        stem = m.group(1)
        if any(hidden[a:b]) or not tags.edge(a) or _generic(stem):
            continue
        if not _stem_is_name(a, b - 1, tags) or _COLLECTIVE.match(text, b):
            continue
        # jieba reads a common two-character word ending in 村 (山村, 新村) after the stem's
        # first characters as one word: then the stem is an adjective plus 山/新 (穷山村).
        if len(stem) == 2 and tags.at(a + 1)[0] in ("山村", "新村", "湾村"):
            continue
        before = [h for h in hits if h.end <= a and h.division.level in
                  ("County", "Prefecture", "Township")]
        parent = before[-1].division if before else None
        d = Division(text[a:b], "Village", None, parent)
        for k in range(a, b):
            hidden[k] = True
        out.append(_entity(text, a, b, d))
        hits.append(_Hit(a, b, d))
        hits.sort(key=lambda h: h.start)
    return out


__all__ = ["national_places"]


def unplaced(text: str, found: Sequence[SpottedEntity]) -> list[str]:
    """Words jieba reads as a place name ending in 乡/镇/村 (新村, 山村) that did not become a
    place: reported, never guessed."""
    taken = [False] * len(text)
    for e in found:
        for k in range(e.start, min(e.end, len(text))):
            taken[k] = True
    names: set[str] = set()
    for pos, word, flag in block_tags(text).words_with("乡镇村"):
        if flag == "ns" and len(word) >= 2 and word[-1] in "乡镇村" \
                and not any(taken[pos:pos + len(word)]):
            names.add(word)
    return sorted(names)
