"""Draft entities and relations for articles nobody has curated.

Sources, in order of trust:
1. labels and aliases of known entities (the vocabularies and the curated files);
2. the shape of the text (``spot_names``): quoted names “…” typed by what follows them,
   names ending in a type word (…公司 …合作社 …车间 …项目 …工程 …座谈会 …制度), lists with a
   head noun (A、B和C四大工程), slogans, the objects of 实施/实行/开展;
3. places and government bodies (``spot_places``): the bundled division table, jieba's
   place-name tag, …安置点; 省委/市政府/县纪委监委 resolved to the article's divisions;
4. people: a 2-3 character name after or before a title (县长 副县长 书记 …) or after a role
   noun (贫困户王丽, 村民李某), and the authors in the closing parentheses;
5. population groups: heads such as 贫困户 贫困人口 群众 with their modifiers.
Relations: 对X实行Y / 带动X / 帮助X就业 (Y targets X), title + name and X担任Y (holdsPosition).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rdflib import Graph

from kg.entities.load import TYPES, CuratedEntities
from kg.entities.spot_counted import counted
from kg.entities.spot_country import unplaced
from kg.entities.spot_names import actions, industries, listed, quoted, slogans, suffixed
from kg.entities.spot_places import body_label, context, county_locals, government, places
from kg.entities.spotted import (
    CJK,
    Spotted,
    SpottedEntity,
    SpottedRelation,
    SpotTerm,
)
from kg.extract.lexicon import build_lexicon
from kg.ingest.script import simplified_view
from kg.ingest.slug import pinyin_slug
from kg.model import Article
from kg.segmenter import pseg

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴"
    "蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝弓习"
)
TITLES = ("第一书记", "总书记", "副书记", "书记", "副县长", "县长", "副市长", "市长", "副省长",
          "省长", "副主任", "主任", "局长", "乡长", "镇长", "主席", "总理", "村支书", "支书")
NAME_STOP = set("在和与及等的是到了说表指主参出带同率对为就任分也")
NOT_NAME_END = set("委县市省镇乡村部局厅区州")
GROUP_HEADS = ("贫困户", "贫困人口", "贫困群众", "贫困劳动力", "易致贫户", "不稳定户",
               "不稳定人口", "脱贫人口", "危改户", "搬迁群众", "务工群众", "务工人员", "农民",
               "低保户", "特困人员", "残疾人", "留守儿童", "边缘户", "两类户", "领导干部",
               "帮扶干部", "驻村干部", "贫困乡镇",
               # farmers named by what they grow: 花农年人均增收5000元
               "花农", "果农", "菜农", "茶农", "椒农", "蚕农", "药农", "菇农", "蜂农")
GROUP_MODIFIERS = ("建档立卡", "未", "已", "边缘", "脱贫", "易地", "外出", "深度")
GOV_BODIES = {"县委": "委", "县政府": "政府", "政府": "政府"}

# ---- terms from known entities ------------------------------------------------------------


def terms_from_curated(curated: Iterable[CuratedEntities]) -> list[SpotTerm]:
    return [SpotTerm(n, e.type, e.slug, e.place_class)
            for c in curated for e in c.entities for n in e.names(local=False) if len(n) >= 2]


def terms_from_vocabulary(g: Graph) -> list[SpotTerm]:
    lex = build_lexicon(g)
    kinds = {v: k for k, v in TYPES.items()}
    out = [SpotTerm(t.label, "PopulationGroup", t.ref) for t in lex.groups]
    out += [SpotTerm(t.label, "Place", t.ref) for t in lex.places]
    for t in lex.entities:
        kind, _, slug = t.ref.partition(":")
        if kind in kinds:
            out.append(SpotTerm(t.label, kinds[kind], slug))
    return out


def _known(text: str, terms: Sequence[SpotTerm]) -> list[SpottedEntity]:
    out: list[SpottedEntity] = []
    for t in sorted(terms, key=lambda t: -len(t.label)):
        i = text.find(t.label)
        if i >= 0:
            out.append(SpottedEntity(t.type, t.label, i, i + len(t.label), (t.label,),
                                     t.place_class, t.slug))
    return out


def _function_word(name: str) -> bool:
    """关于 after 总书记 is a preposition, not a person surnamed 关; nor is 向全党 (向 + 全党)."""
    words = pseg.lcut(name)
    if len(words) == 2 and len(words[0].word) == 1 and words[0].flag == "p":
        return len(words[1].word) >= 2
    return len(words) == 1 and words[0].flag.startswith(("p", "c", "d", "r", "v"))


def _runs_into_a_word(text: str, at: int) -> bool:
    """侯勇|告诉: jieba reads the third character as the start of a longer word."""
    pos = max(0, at - 4)
    for w in pseg.lcut(text[pos:at + 6]):
        if pos == at + 2:
            return len(w.word) >= 2
        pos += len(w.word)
    return False


def _people(article: Article, county: str | None) -> tuple[list[SpottedEntity],
                                                          list[SpottedRelation]]:
    text = article.text
    people: list[SpottedEntity] = []
    relations: list[SpottedRelation] = []
    titles = "|".join(TITLES)
    for m in re.finditer(f"({titles})([{CJK}]{{2,3}})", text):
        name = m.group(2)
        if name[0] not in SURNAMES:
            continue
        if len(name) == 3 and (name[2] in NAME_STOP or _runs_into_a_word(text, m.start(2))):
            name = name[:2]
        if name[-1] in NAME_STOP or name[-1] in NOT_NAME_END or _function_word(name):
            continue
        a = m.start(2)
        people.append(SpottedEntity("Person", name, a, a + len(name)))
        before = text[max(0, m.start() - 4):m.start()]
        org = next((o for o in GOV_BODIES if before.endswith(o)), None)
        if org and county:
            body = body_label(county, "County", GOV_BODIES[org])
            relations.append(SpottedRelation(
                f"person:{pinyin_slug(name)}", "holdsPosition",
                f"org:{pinyin_slug(body)}", m.start() - len(org),
                a + len(name), m.group(1)))
    for m in re.finditer(f"([{CJK}]{{2,3}})(?:{titles})", text):
        name = m.group(1)
        for cut in (name, name[1:]):
            # 勇攀高峰是总书记…: a name does not end in 是 or 的.
            if (len(cut) >= 2 and cut[0] in SURNAMES and cut[-1] not in NOT_NAME_END
                    and cut[-1] not in NAME_STOP):
                a = m.end(1) - len(cut)
                people.append(SpottedEntity("Person", cut, a, m.end(1)))
                break
    tail = re.search(r"[(（]([^()（）\n]{2,20})[)）]\s*$", text)
    if tail:
        for nm in re.finditer(f"[{CJK}]{{2,4}}", tail.group(1)):
            people.append(SpottedEntity("Person", nm.group(0), tail.start(1) + nm.start(),
                                        tail.start(1) + nm.end()))
    return people, relations


_NAME_STOP = "老人|大娘|大爷|老汉|老党员|几年|光荣|就|在|是|从|已|也|还|[，。、,；;\\s]"
_NOT_HOUSEHOLD = ("大", "农", "国", "专", "全", "人", "老", "娘", "自", "每", "各", "回", "在",
                  "搬", "企业", "这", "那", "一", "两", "住", "到", "的", "亲", "管", "作")


def _named_people(text: str) -> list[SpottedEntity]:
    """People named without a title: 81岁的恰玛付老人, 大娘叫顾宝青 (the age or the naming verb
    marks the name; jieba's own ``nr`` tag also fires on 张罗 and 光荣)."""
    out: list[SpottedEntity] = []
    for pat in (f"岁的([{CJK}]{{2,5}}?)(?={_NAME_STOP})",
                f"(?:名叫|叫|贫困户|搬迁户)([{CJK}]{{2,3}}?)(?=[，。,、]|家|一家)"):
        for m in re.finditer(pat, text):
            name = m.group(1)
            if not _function_word(name) and name[-1] not in NOT_NAME_END:
                out.append(SpottedEntity("Person", name, m.start(1), m.end(1)))
    return out


# 贫困户王丽高兴地…, 村民李顺祥说, 居民袁锦明利用…: a person named right after the role noun
# that introduces them. Jieba's first word there must be a personal name (nr) that starts with
# a surname, and no verb's (张罗着): 贫困户安全住房 and 村民高兴地说 name nobody.
_ROLES = "建档立卡贫困户|贫困户|搬迁户|脱贫户|村民|居民|牧民|农民"
_NOT_AFTER_NAME = frozenset({"着", "了", "过"})


def _people_by_role(text: str) -> list[SpottedEntity]:
    view = simplified_view(text)
    out: list[SpottedEntity] = []
    for m in re.finditer(f"(?:{_ROLES})(?=[{CJK}])", view):
        a = m.end()
        words = pseg.lcut(view[a:a + 8])
        if (len(words) > 1 and len(words[0].word) == 1 and words[0].flag == "nr"
                and words[1].flag == "nr" and len(words[1].word) <= 2):
            words[:2] = [pseg.pair(words[0].word + words[1].word, "nr")]  # 王|秀英
        name = words[0].word
        if (words[0].flag != "nr" or not 2 <= len(name) <= 3 or name[0] not in SURNAMES
                or (len(words) > 1 and words[1].word in _NOT_AFTER_NAME)
                or re.search(_NAME_STOP, name)):
            continue
        out.append(SpottedEntity("Person", text[a:a + len(name)], a, a + len(name)))
    return out


def _households(text: str, people: Sequence[SpottedEntity]) -> list[SpottedEntity]:
    """A household named by its head (顾大娘家, 白高山一家, 农海忠家): a group the figures of
    the clause may be about."""
    known = {p.label_zh for p in people}
    out: list[SpottedEntity] = []
    for m in re.finditer(f"(?:^|(?<=[，。,；;\n在]))([{CJK}]{{2,5}}?)(一家人|一家|家)", text):
        name = m.group(1)
        if name.startswith(_NOT_HOUSEHOLD) and name not in known:
            continue
        first = pseg.lcut(name)[0].flag
        if name in known or (name[0] in SURNAMES and len(name) <= 3) or (
                len(name) >= 4 and first.startswith(("nr", "nz"))):
            label = name + ("一家" if m.group(2).startswith("一家") else "家")
            out.append(SpottedEntity("PopulationGroup", label, m.start(1), m.end(2)))
    return out


def _groups(text: str) -> list[SpottedEntity]:
    """Heads such as 贫困户 with their modifiers, read in the simplified view (貧困鄉鎮 is
    贫困乡镇), labelled as printed."""
    out: list[SpottedEntity] = []
    heads = "|".join(GROUP_HEADS)
    mods = "|".join(GROUP_MODIFIERS)
    view = simplified_view(text)
    for m in re.finditer(f"(?:{mods})*(?:{heads})", view):
        out.append(SpottedEntity("PopulationGroup", text[m.start():m.end()], m.start(),
                                 m.end()))
    for m in _BY_TRADE.finditer(view):
        out.append(SpottedEntity("PopulationGroup", text[m.start():m.end()], m.start(),
                                 m.end()))
    return out


# Households named by their trade, as 花农 and 果农 are farmers by theirs: 养殖户, 种植大户,
# 养羊户 (not 户均, the per-household rate).
_BY_TRADE = re.compile(
    "(?:规模|专业)?(?:养殖|种植|种养|养[羊牛猪鸡鸭鹅兔蜂蚕鱼虾])大?户(?!均)")


def _targets(text: str, entities: Sequence[SpottedEntity]) -> list[SpottedRelation]:
    """对X实行Y, 带动X, 帮助X就业: Y (or the nearest programme before) targets group X."""
    out: list[SpottedRelation] = []
    groups = [e for e in entities if e.type == "PopulationGroup"]
    doers = [e for e in entities if e.type in ("Programme", "Project")]
    patterns = (r"对([^,，。;；]{1,30}?)实行([^,，。;；]{2,12})", r"带动([^,，。;；]{1,20})",
                r"帮助([^,，。;；]{1,12})就业")
    for pat in patterns:
        for m in re.finditer(pat, text):
            group = next((g for g in groups if m.start(1) <= g.start < m.end(1)), None)
            if group is None:
                continue
            inside = [d for d in doers if m.lastindex == 2 and m.start(2) <= d.start < m.end()]
            sentence = max(text.rfind(c, 0, m.start()) for c in "。;；\n") + 1
            before = [d for d in doers if sentence <= d.start < m.start()]
            doer = inside[0] if inside else (before[-1] if before else None)
            if doer is not None:
                lo = min(doer.start, m.start())
                out.append(SpottedRelation(doer.ref, "targets", group.ref, lo, m.end()))
    return out


def _appointments(text: str, entities: Sequence[SpottedEntity]) -> list[SpottedRelation]:
    """X担任Y: person X holds the post Y (the role) in the organisation or place Y names."""
    out: list[SpottedRelation] = []
    people = [e for e in entities if e.type == "Person"]
    bodies = [e for e in entities if e.type in ("Organisation", "Place")]
    for m in re.finditer(r"担任([^,，。;；、]{2,20})", text):
        sentence = max(text.rfind(c, 0, m.start()) for c in "。;；\n") + 1
        person = next((p for p in reversed(people) if sentence <= p.start < m.start()), None)
        # Only first mentions are listed, so match the bodies' names inside the post; the
        # organisation named (兴县县委) rather than its place (兴县), the longest name first.
        inside = sorted((b for b in bodies if b.label_zh and b.label_zh in m.group(1)),
                        key=lambda b: (b.type != "Organisation", -len(b.label_zh)))
        body = inside[0] if inside else None
        if person is not None and body is not None:
            out.append(SpottedRelation(person.ref, "holdsPosition", body.ref, person.start,
                                       m.end(), role=m.group(1)))
    return out


def spot_article(article: Article, terms: Sequence[SpotTerm] = ()) -> Spotted:
    """Draft entities (first mention of each) and relations of one article."""
    text = article.text
    known = _known(text, terms)
    quotes = quoted(text)
    # Places are looked up in the simplified view (五臺縣 is the gazetteer's 五台县); it keeps
    # every offset, so spans still point into the text.
    view = simplified_view(text)
    found_places = places(view, [(e.start, e.end) for e in quotes])
    ctx = context(found_places)
    resolved, guesses, unresolved = county_locals(view, ctx.get("County"), found_places)
    found_places = [e for e in found_places if e not in guesses] + resolved
    unresolved = sorted({*unresolved, *unplaced(view, found_places)})
    blocked = [(p.start, p.end) for p in found_places if p.place_class == "ResettlementSite"]
    people, relations = _people(article, ctx.get("County"))
    people += _named_people(text) + _people_by_role(text)
    people += _households(text, people)
    found = [*known, *quotes, *suffixed(text, blocked), *listed(text), *slogans(text),
             *actions(text), *industries(text), *counted(text), *found_places,
             *government(text, ctx), *people,
             *_groups(text)]
    first: dict[str, SpottedEntity] = {}
    for e in found:
        if e.ref not in first or e.start < first[e.ref].start:
            first[e.ref] = e
    entities = sorted(first.values(), key=lambda e: (e.start, e.ref))
    relations += _targets(text, entities) + _appointments(text, entities)
    return Spotted(entities, relations, unresolved)


__all__ = ["SpotTerm", "Spotted", "SpottedEntity", "SpottedRelation", "spot_article",
           "terms_from_curated", "terms_from_vocabulary"]
