"""The thing a figure counts, named right before its number: 种植核桃1230亩 (核桃), 新修村内道路
5条 (村内道路), 年出栏生猪140万头 (生猪), 饮水管道130千米 (饮水管道), 拥有柞坡150万亩, 新植
甜橙800亩, 养牛1800头 (a one-character animal after 养); or right after a count of pieces:
发放1万张粘虫板 (粘虫板), 养了40只鸽子 (鸽子), or, after 个/家, a compound of nouns
(建成228个电商服务点). Spotted as a draft
project so that the figure's subject is the thing counted rather than the programme of the
sentence.

The name is what stands between a verb of making, growing or handing out (or the start of
its phrase) and the number, with the words around it that are not part of a name taken off:
a trailing verb or measure word (生猪养殖 → 生猪, 茶叶面积 → 茶叶, 龙虾达 → 龙虾), a leading
其中, a list's 等 (冬枣、黄桃等经果林 → 经果林). Nothing is spotted when the phrase names a
population group (those are groups), a level (全县…), a rate (户均…) or a time (去年…).
"""

from __future__ import annotations

import re

from kg.entities.spotted import CJK, SpottedEntity
from kg.extract.numerals import GAP
from kg.ingest.script import simplified_view
from kg.segmenter import pseg

__all__ = ["counted"]

_VERBS = ("年加工", "年出栏", "种植", "栽植", "栽种", "新植", "拥有", "发展", "养殖", "新建",
          "新修", "新增",
          "修建", "建设", "建成", "架设", "铺设", "改造", "培育", "发放", "销售", "加工", "出栏",
          "推广", "引进", "购置", "购买", "购进", "配置", "配发", "养", "种", "建", "改", "修")
_VERB = re.compile("|".join(_VERBS))
# A number with its multiplier and a unit of things right after the name: 1230亩, 3.5万亩,
# 4.2 吨, 5条, 200口, 260家. Counts of people or households count groups and money funds,
# spotted elsewhere; money only as a total of sales (交易额17.9亿元).
_NUMBER = re.compile(
    rf"(?<![\d.])\d+(?:\.\d+)?[{GAP}]?(?:[万亿千百]+)?[{GAP}]?(?P<unit>亩|公顷|头|只|羽|条|口|间"
    r"|千米|公里|平方米|米|吨|公斤|台|盘|座|棒|株|个|家|元)")
_PHRASE_BREAK = re.compile(r"[，,。；;：:！？!?、\n（）()“”]")
_TRAILING = re.compile(r"(?:养殖|种植|建设|硬化|面积|规模|达到|达|共计|共|累计|约|近|超过|逾|"
                       r"有|为|的)+$")
_LEADING = re.compile(r"^(?:其中|并|又|还|已|共|新|累计)+")
_NOT_A_THING = re.compile(
    r"全县|全村|全乡|全镇|全市|全省|该县|该村|[人户亩年月日]均|每|去年|今年|当年|目前|年底|"
    r"贫困|农户|群众|人口|村民|劳动力|收入|增收|资金|元|[0-9〇一二三四五六七八九十两]")
# 年产值, 年收益, 加工能力: what is measured, not the thing counted.
_MEASURE = re.compile(r"(?:值|收益|率|能力|岗位|床位)$")
# Places and organisations (…合作社 …公司) are spotted as such elsewhere.
_PLACE_END = re.compile(r"(?:[村乡镇县市里]|合作社|总社|公司|企业|协会)$")
# 乡村旅游专业村26个: a kind of village, counted, is no village's name.
_KIND_OF_VILLAGE = re.compile(r"(?:专业|示范|特色|重点)村$")
_NOT_IN_NAME = frozenset({"v", "p", "c", "r", "d", "t", "m", "ul", "uj"})
_NOT_LAST = frozenset({"v", "ns", "ul", "uj", "p", "c"})
_MIN, _MAX = 2, 8
# The thing named right after a count of pieces: 配置了79台农用机械, 发放1万张粘虫板, 养了40只
# 鸽子. Only classifiers of things (not 个, which counts anything, nor 户 or 人; nor 亩: tried,
# it lowered the dev set's subjects from 0.726 to 0.677).
_COUNT_BEFORE = re.compile(
    rf"(?<![\d.])\d+(?:\.\d+)?[万千百]?(?:台|只|头|张|卷|辆|匹|棵|株|套|件|块|座|口)(?=[{CJK}])")
_COUNT_OF_KINDS = re.compile(rf"(?<![\d.])\d+(?:\.\d+)?[万千百]?[个家](?=[{CJK}])")
_NOUN = frozenset({"n", "ng", "nz"})
_FACILITY = frozenset("点站所室馆")
_ORG_NEXT = re.compile(r"合作|公司|企业|协会|集团")
_GLOSS = re.compile(rf"[(（][{CJK}]{{1,4}}[)）]$")
# 培育发展农业龙头企业52家, 农村集体经济组织190个: kinds of organisation counted (the names
# of single ones, …公司 …合作社, are spotted elsewhere).
_ORGANISATIONS = re.compile(
    f"(?:培育|发展|引进|扶持|组建|成立|新建|新增)+([{CJK}]{{2,8}}?(?:企业|组织))(?:达到?|共)?$")
_ANIMAL_CLASSIFIERS = frozenset("只头匹")
# 养牛1800头, 养羊3200只: a one-character animal between 养 and its head count.
_RAISED = re.compile(rf"养((?![了着过的])[{CJK}])$")


def _name(view: str, lo: int, at: int) -> tuple[int, int] | None:
    """(start, end) of the name before the number at ``at`` in the phrase starting at ``lo``."""
    # A verb that ends inside a noun is part of it (规模养殖场: 养殖 is no verb there).
    inside_nouns: set[int] = set()
    pos = lo
    for w in pseg.lcut(view[lo:at]):
        if w.flag in _NOUN:
            inside_nouns.update(range(pos + 1, pos + len(w.word)))
        pos += len(w.word)
    verbs = [m for m in _VERB.finditer(view, lo, at) if m.end() not in inside_nouns]
    start = lo
    for m in reversed(verbs):
        if m.end() < at:  # 发展生猪养殖8514头: the verb right before the number is a suffix
            start = m.end()
            break
    name = view[start:at]
    cut = name.rfind("等")
    if cut >= 0:
        start += cut + 1
        name = name[cut + 1:]
    lead = _LEADING.match(name)
    if lead:
        start += lead.end()
        name = name[lead.end():]
    trail = _TRAILING.search(name)
    if trail:
        name = name[:trail.start()]
    if not _MIN <= len(name) <= _MAX or _NOT_A_THING.search(name):
        return None
    if (not re.fullmatch(f"[{CJK}]+", name) or _VERB.fullmatch(name) or _MEASURE.search(name)
            or (_PLACE_END.search(name) and not _KIND_OF_VILLAGE.search(name))):
        return None
    words = pseg.lcut(name)
    # A name is a noun phrase: no preposition, conjunction, pronoun, adverb, time or numeral
    # word in it (先后实施了, 通过…带动), and it ends in neither a verb nor a place (同比增长,
    # 大众网聊城).
    if any(w.flag in _NOT_IN_NAME for w in words) or words[-1].flag in _NOT_LAST:
        return None
    return start, start + len(name)


def _animal(char: str) -> bool:
    """牛 in 养牛, not 殖 in 养殖 (a verb jieba knows) nor 老 in 养老 (no noun)."""
    return (pseg.lcut(char)[0].flag == "n"
            and pseg.lcut("养" + char)[0].flag not in ("v", "vn"))


def _name_after(view: str, at: int, compound: bool = False) -> tuple[int, int] | None:
    """(start, end) of the noun phrase right after a count ending at ``at``, or None; with
    ``compound``, only a phrase of two nouns or more (建成228个电商服务点: 个 counts anything,
    so one plain noun such as 大棚 is not taken)."""
    m = _PHRASE_BREAK.search(view, at, at + 12)
    phrase = view[at:m.start() if m else at + 12]
    end = at
    nouns = 0
    words = pseg.lcut(phrase)
    for k, w in enumerate(words):
        # 电商村级服务点: a verbal noun and a facility's one-character suffix inside a compound
        nxt = words[k + 1] if k + 1 < len(words) else None
        inner = compound and nouns and (
            (w.flag == "vn" and nxt is not None and (nxt.flag in _NOUN
                                                     or nxt.word in _FACILITY))
            or (w.word in _FACILITY and end > at))
        if w.flag not in _NOUN and not inner:
            break
        end += len(w.word)
        nouns += 1
    name = view[at:end]
    if compound and (nouns < 2 or len(name) < 4 or _ORG_NEXT.match(view, end)):
        return None  # 9个生态畜牧业合作社: not the cooperative's kind cut off
    # 14只羊, 20头牛: an animal may have a name of one character.
    least = 1 if view[at - 1] in _ANIMAL_CLASSIFIERS else _MIN
    if (not least <= len(name) <= (8 if compound else 6) or _NOT_A_THING.search(name)
            or _PLACE_END.search(name)):
        return None
    return at, end


def counted(text: str) -> list[SpottedEntity]:
    """The things the figures of ``text`` count, as draft projects (first mention each)."""
    view = simplified_view(text)
    out: list[SpottedEntity] = []
    for m in _NUMBER.finditer(view):
        # 新建规模养殖场(小区)18个: a short gloss in brackets before the number is skipped.
        at = m.start()
        gloss = _GLOSS.search(view, max(0, at - 8), at)
        if gloss is not None:
            at = gloss.start()
        window = max(0, at - 24)
        breaks = [b.end() for b in _PHRASE_BREAK.finditer(view, window, at)]
        if not breaks and window > 0:
            continue  # a phrase longer than the window names no single thing
        org = _ORGANISATIONS.search(view, breaks[-1] if breaks else 0, at)
        if org is not None and not _NOT_A_THING.search(org.group(1)):
            out.append(SpottedEntity("Organisation", text[org.start(1):org.end(1)],
                                     org.start(1), org.end(1)))
            continue
        one = _RAISED.search(view, max(0, at - 2), at)
        if one is not None and m.group("unit") in _ANIMAL_CLASSIFIERS and _animal(one.group(1)):
            out.append(SpottedEntity("Project", text[one.start(1):one.end(1)], one.start(1),
                                     one.end(1)))
            continue
        found = _name(view, breaks[-1] if breaks else 0, at)
        if found is None or (m.group("unit") == "元" and not view[:found[1]].endswith("额")):
            continue
        s, e = found
        out.append(SpottedEntity("Project", text[s:e], s, e))
    for m in _COUNT_BEFORE.finditer(view):
        after = _name_after(view, m.end())
        if after is not None:
            s, e = after
            out.append(SpottedEntity("Project", text[s:e], s, e))
    for m in _COUNT_OF_KINDS.finditer(view):
        after = _name_after(view, m.end(), compound=True)
        if after is not None:
            s, e = after
            out.append(SpottedEntity("Project", text[s:e], s, e))
    return out
