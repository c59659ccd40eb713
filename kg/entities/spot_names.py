"""Draft names from the shape of the text: quoted names, type-word endings, lists with a
head noun, slogans, and the objects of 实施/实行/开展.

Each rule reads one construction that county news uses for programmes and policies; none
lists names of the sample page. The left edge of a name is found with jieba's
part-of-speech tags (stop at verbs such as 建设 实施, particles, numbers, measure words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.entities.spotted import CJK, SpottedEntity
from kg.segmenter import pseg

_QUOTED = re.compile(r"“([^“”\n]{1,24})”")
NUMERAL = "一二三四五六七八九十两"
POLICY_NAME_SUFFIX = ("年度行动计划", "年度计划", "行动计划", "改革", "责任制", "营商环境", "制度")
POLICY_CONTEXT = ("重大要求", "要求", "部署", "总体思路", "思路", "政策", "重要指示", "指示",
                  "精神", "理念", "战略", "方针", "目标")
PROGRAMME_CONTEXT = ("产业", "扶贫保险", "政策保障", "活动", "扶贫", "工程", "技能培训", "培训",
                     "行动", "工作", "项目", "认证")
PROGRAMME_ENDINGS = ("行动", "超市", "签约", "工程", "扶贫", "保障", "护工", "工匠", "农民",
                     "计划")
# Longer endings first: 合作总社 before 合作社, 协作基地 (an organisation) before 基地.
TYPE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("合作总社", "Organisation"), ("合作社", "Organisation"), ("公司", "Organisation"),
    ("协会", "Organisation"), ("工作站", "Organisation"), ("联络部", "Organisation"),
    ("信息平台", "Organisation"), ("委员会", "Organisation"), ("领导小组", "Organisation"),
    ("中学", "Organisation"), ("集团", "Organisation"), ("工作队", "Organisation"),
    ("协作基地", "Organisation"), ("醋业", "Organisation"), ("酒业", "Organisation"),
    ("乳业", "Organisation"), ("药业", "Organisation"), ("单位", "Organisation"),
    ("车间", "Project"), ("项目", "Project"), ("加工厂", "Project"), ("医院", "Project"),
    ("幼儿园", "Project"), ("初中", "Project"), ("中心", "Project"), ("基地", "Project"),
    ("工程", "Programme"), ("大讲堂", "Programme"), ("行动", "Programme"),
    ("岗位", "Programme"),
    ("座谈会", "Event"), ("推进会", "Event"), ("电视电话会议", "Event"), ("工作会", "Event"),
    ("推介会", "Event"), ("展销会", "Event"), ("博览会", "Event"), ("交流会", "Event"),
    ("责任制", "Policy"), ("工作制", "Policy"), ("作战制", "Policy"), ("制度", "Policy"),
    ("政策", "Policy"), ("改革", "Policy"),
    ("机制", "Programme"), ("工作方案", "Policy"), ("改造", "Programme"),
    ("救助", "Programme"), ("培训", "Programme"), ("签约", "Programme"),
)
STOP_WORDS = {
    "建设", "实施", "开展", "推进", "建立", "成立", "组建", "投资", "启动", "扶持", "支持", "开发",
    "发展", "收听", "收看", "组织", "召开", "举办", "参加", "出席", "引进", "建成", "落实",
    "强化", "持续", "认真", "坚持", "实现", "完成", "重点", "全面", "积极", "大力", "通过",
    "依托", "利用", "发挥", "充分", "培育", "壮大", "健全", "完善", "常态", "精准", "严格",
    "其中", "全县", "今年", "去年", "首批", "已", "还", "是", "好", "处", "头", "只", "实行",
    "全部", "解决", "帮助", "引导", "鼓励", "打造", "确立", "提供", "深化", "确定", "为",
    "制定", "出台", "印发", "新建", "扩建", "改建",
}
# The scope of a meeting is part of its name (全省…电视电话会议); elsewhere 全省 is a stop.
SCOPE_WORDS = ("全省", "全市", "全县", "全国")
STOP_POS = ("p", "u", "c", "d", "r", "m", "q", "f", "w", "y", "e", "o", "t")
KEEP_IN_NAME = ("“", "”", "暨", "首届", "时代", "东部", "西部", "南部", "北部", "中部")
EVENT_STOPS = {"收听", "收看", "召开", "举办", "参加", "出席", "组织", "举行", "认真"}
EVENT_STOP_POS = ("p", "u", "c", "d", "r", "m", "q", "w", "y", "e", "o", "t")
# Heads of a list "A、B和C + head": the type of the items.
LIST_HEADS = {"工程": "Programme", "品牌": "Programme", "产业": "Programme",
              "行动": "Programme"}
MODIFIERS = ("优质", "特色", "绿色", "有机", "无公害")
ACTION_VERBS = ("实施", "实行", "推行", "开展")
ACTING_ON = frozenset({*ACTION_VERBS, "推进", "助力", "聚力", "全力", "决战", "投身", "参与",
                       "服务", "打赢"})


def left_name(text: str, end: int, max_tokens: int = 5, max_chars: int = 12,
              event: bool = False, floor: int = 0, suffix_end: int | None = None) -> int:
    """Start of the noun phrase that ends at ``end`` (== end when there is none; -1 when
    jieba reads the suffix as part of another word, as in 实行|动态 for …行动).

    An event's name keeps its scope, quotes and verbs (全省“标准地”改革推进电视电话会议);
    it stops only at the verbs of attending (收听 召开 参加 …) and at function words."""
    keep = CJK + ("“”" if event else "")
    lo = end
    while lo > max(floor, end - 20) and re.match(f"[{keep}]", text[lo - 1]):
        lo -= 1
    # jieba glues a conjunction to a rare name (和友兰|中学); a list never continues a name.
    lo = max([lo, *(k + 1 for k in range(lo, end) if text[k] in "和及与")])
    hi = suffix_end if suffix_end is not None else end
    tokens: list[tuple[str, str, int]] = []
    pos = lo
    for w in pseg.lcut(text[lo:hi]):
        tokens.append((w.word, w.flag, pos))
        pos += len(w.word)
    start = end
    for word, _, at in tokens:
        if at < end < at + len(word):
            if at + len(word) < hi:
                return -1
            start = at  # the suffix is the tail of one word: 扶贫车间
    quoted_at = {k for q in _QUOTED.finditer(text, lo, hi) for k in range(q.start(), q.end())}
    n = 0
    for word, flag, at in reversed(tokens):
        if at >= start:
            continue
        kept = word in KEEP_IN_NAME or (event and (word in SCOPE_WORDS or at in quoted_at))
        if event:
            stop = word in EVENT_STOPS or flag.startswith(EVENT_STOP_POS)
        else:
            stop = word in STOP_WORDS or word in SCOPE_WORDS or flag.startswith(STOP_POS)
        if stop and not kept:
            break
        if n >= max_tokens or end - at > max_chars:
            break
        start = at
        n += 1
    return start


def unquote(label: str) -> str:
    return label.replace("“", "").replace("”", "").strip("、")


def quoted(text: str) -> list[SpottedEntity]:
    """“…” names, typed by what follows them or by their own ending."""
    out: list[SpottedEntity] = []
    items = list(_QUOTED.finditer(text))
    for k, m in enumerate(items):
        name = m.group(1)
        j = m.end()  # skip the rest of a run “A”“B”、“C”等
        run_end = j
        for later in items[k + 1:]:
            if text[run_end:later.start()] not in ("", "、", "和"):
                break
            run_end = later.end()
        after = text[run_end:run_end + 10].lstrip("等的")
        own = text[j:j + 8]
        etype: str | None = None
        label = name
        aliases: tuple[str, ...] = (m.group(0),)
        suffix = next((s for s in POLICY_NAME_SUFFIX if own.startswith(s)), None)
        if suffix:
            etype, label = "Policy", name + suffix
            aliases = (m.group(0) + suffix, name)
        elif name.endswith(("会议", "座谈会", "推进会", "大会")):
            etype = "Event"
        elif name.endswith(("户", "人口", "群众")):
            etype = "PopulationGroup"
        elif name.endswith("车间"):
            etype = "Project"
        elif name.endswith("队"):
            etype = "Organisation"
        elif own.startswith("认证"):  # “三品一标”认证: a certification scheme
            etype, label = "Programme", name + "认证"
            aliases = (m.group(0), m.group(0) + "认证")
        elif _saying(name):
            etype = None  # 九分石头一分土, 八山一水一分田: a saying about the land, no policy
        elif _policy_like(name, after):
            etype = "Policy"
        elif after.startswith(PROGRAMME_CONTEXT) or name.endswith(PROGRAMME_ENDINGS):
            etype = "Programme"
            ctx = next((s for s in PROGRAMME_CONTEXT if own.startswith(s)), None)
            if ctx:
                aliases = (*aliases, m.group(0) + ctx)
        if etype and not re.fullmatch(r"[\d.+]+", label):
            out.append(SpottedEntity(etype, label, m.start(), m.end(), aliases))
    return out + _defined(text, out)


def _saying(name: str) -> bool:
    """Two or more proportions of the land or the people (九分石头一分土)."""
    return len(re.findall(f"[{NUMERAL}](?:分|山|水|田|成)", name)) >= 2


def _policy_like(name: str, after: str) -> bool:
    """A list in one pair of quotes, a numbered slogan (四个不摘), or a name followed by
    要求/部署/思路/精神 … is a policy."""
    numbered = re.match(f"[{NUMERAL}]", name) is not None and len(name) >= 4
    context = after.startswith(POLICY_CONTEXT) and not after.startswith("政策保障")
    return "、" in name or numbered or context


def _defined(text: str, typed: Sequence[SpottedEntity]) -> list[SpottedEntity]:
    """“222”,即A、B、C: a part of a typed quoted name (“222+N”) and the items that define
    it take that name's type; a bare number is a name only in this construction."""
    out: list[SpottedEntity] = []
    for m in re.finditer(r"“([^“”\n]{1,12})”[,，]即([^;；。\n]{2,80})", text):
        part = m.group(1)
        whole = next((e for e in typed if part in re.split(r"\+", e.label_zh)), None)
        if whole is None:
            continue
        if len(part) >= 2:
            out.append(SpottedEntity(whole.type, part, m.start(), m.end(1) + 1,
                                     (f"“{part}”",)))
        at = m.start(2)
        for item in re.split("[、]", m.group(2)):
            name = _bare_item(item.rstrip("等"))
            if 2 <= len(name) <= 8:
                start = at + item.find(name)
                out.append(SpottedEntity(whole.type, name, start, start + len(name)))
            at += len(item) + 1
    return out


def _bare_item(item: str) -> str:
    """农民人均2亩优质小杂粮 → 小杂粮: drop what precedes an amount, then modifiers."""
    item = re.sub(r"^.*?[\d.]+[亩个万元户人株头只吨]", "", item)
    for mod in MODIFIERS:
        item = item.removeprefix(mod)
    return item if re.fullmatch(f"[{CJK}]+", item) else ""


def _after_leading_verb(text: str, start: int, end: int) -> int:
    """获得|兴边公司, 销往|园林公司: a verb that opens the phrase is not part of the name (jieba
    tags a verb with a directional ending, 销往 运往 卖给, as a verbal noun)."""
    words = pseg.lcut(text[start:end])
    if len(words) < 2:
        return start
    verb = words[0].flag == "v" or (words[0].flag == "vn" and words[0].word[-1] in "往到给向")
    if verb and end - start - len(words[0].word) >= 2:
        return start + len(words[0].word)
    return start


def _verb_on_suffix(modifier: str) -> bool:
    words = pseg.lcut(modifier)
    if len(modifier) == 1:
        return bool(words[0].flag == "v")
    return len(words) >= 2 and words[-1].flag == "v" and words[-2].flag != "v"


def suffixed(text: str, blocked: Sequence[tuple[int, int]]) -> list[SpottedEntity]:
    """Names ending in a type word: …公司 …合作社 …车间 …项目 …工程 …座谈会 …制度.

    Read in the simplified view (項目 is 项目, and jieba segments it as it does the mainland's
    text); the view keeps every offset, so labels are the text's own characters."""
    from kg.ingest.script import simplified_view

    original, text = text, simplified_view(text)
    out: list[SpottedEntity] = []
    alternatives = "|".join(re.escape(s) for s, _ in TYPE_SUFFIXES)
    types = dict(TYPE_SUFFIXES)
    for m in re.finditer(f"(?:{alternatives})", text):
        etype = types[m.group(0)]
        event = etype == "Event"
        floor = max((b for a, b in blocked if b <= m.start()), default=0)
        start = left_name(text, m.start(), 8 if event else 6, 16 if event else 14, event,
                          floor, m.end())
        if start >= 0:
            start = _after_leading_verb(text, start, m.start())
        if 0 < start < m.start() and text[start] == text[start - 1]:
            start += 1  # 一遍遍|讲: a reduplicated measure word is no part of a name
        label = unquote(text[start:m.end()]) if start >= 0 else ""
        if start < 0 or len(label) <= len(m.group(0)) or len(label) < 3:
            continue
        # 一遍遍讲政策, 薄弱环节狠抓政策: a verb acting on 政策 makes a verb phrase, not a name.
        if m.group(0) == "政策" and _verb_on_suffix(label[:-len(m.group(0))]):
            continue
        # 单位面积, 单位成本: a measure's "per unit", not a body (包扶单位, 帮扶单位).
        if m.group(0) == "单位" and re.match("面积|时间|产量|价格|成本|换算", text[m.end():]):
            continue
        # A bare legal form is no name: 有限公司, 股份有限公司.
        if len(re.sub("有限责任|股份|有限|责任|集团", "", label[:-len(m.group(0))])) < 2:
            continue
        surface = original[start:m.end()]
        aliases = (surface,) if "“" in surface else ()
        out.append(SpottedEntity(etype, unquote(surface), start, m.end(), aliases))
    # 县扶贫局, 扶贫办: a government body, not a programme.
    for m in re.finditer(f"([{CJK}]{{2}})扶贫(搬迁)?(?!资金|开发|车间|保险|工作|领导|信息|局|办)",
                         text):
        # 安塞县扶贫…: a place's level character ends no programme's name.
        # 实施扶贫…, 助力扶贫攻坚: a verb before 扶贫 acts on it; it names no programme.
        if m.group(1) not in ("专项", "精准", "脱贫", "产业扶") and m.group(1)[-1] not in (
                "的和、县市省乡镇村") and m.group(1) not in ACTING_ON:
            out.append(SpottedEntity("Programme", original[m.start():m.end()], m.start(),
                                     m.end()))
    return out


def listed(text: str) -> list[SpottedEntity]:
    """A、B和C + (等)(三个|四大)(自主)head: each item has the head's type (LIST_HEADS).
    A labour brand X员工 also names its employer X."""
    out: list[SpottedEntity] = []
    heads = "|".join(LIST_HEADS)
    item = f"[{CJK}]{{2,14}}?"  # lazy: 蔡家崖管家|三个自主品牌, not 蔡家崖管家三个自主|品牌
    pattern = (f"({item}(?:[、和及与]{item})+)等?(?:[{NUMERAL}\\d]+[个大项类])?"
               f"(?:自主|劳务|特色)?({heads})")
    for m in re.finditer(pattern, text):
        etype = LIST_HEADS[m.group(2)]
        parts = re.split("[、和及与]", m.group(1))
        at = m.start(1)
        for k, part in enumerate(parts):
            start = at
            if k == 0:  # the first item starts after the verb: 持续推进|易地搬迁
                start = left_name(text, at + len(part), 4, 10)
            name = unquote(text[start:at + len(part)])
            if 2 <= len(name) <= 10 and start >= 0:
                out.append(SpottedEntity(etype, name, start, at + len(part)))
                if etype == "Programme" and name.endswith("员工") and len(name) >= 4:
                    out.append(SpottedEntity("Organisation", name[:-2], start,
                                             at + len(part) - 2))
            at += len(part) + 1
    return out


def slogans(text: str) -> list[SpottedEntity]:
    """脱贫不脱责任 (A B 不 A C): a rule as a policy; 抓党建促脱贫 (抓X促Y): a programme."""
    out = [SpottedEntity("Policy", m.group(0), m.start(), m.end())
           for m in re.finditer(f"([{CJK}])[{CJK}]不\\1[{CJK}]{{2}}", text)]
    out += [SpottedEntity("Programme", m.group(0), m.start(), m.end())
            for m in re.finditer(f"抓[{CJK}]{{2,3}}促[{CJK}]{{2,4}}?(?=[,，。;；、\\n])", text)]
    return out


def actions(text: str) -> list[SpottedEntity]:
    """实施/实行/推行/开展 X (to the next stop or 及/和): X is a programme."""
    out: list[SpottedEntity] = []
    verbs = "|".join(ACTION_VERBS)
    for m in re.finditer(f"(?:{verbs})([{CJK}“”]{{2,10}}?)(?=[,，。;；、及和\\n])", text):
        surface = m.group(1)
        name = unquote(surface)
        words = pseg.lcut(name)
        if len(name) < 3 or not words or words[0].word in STOP_WORDS or name.endswith(
                ("的", "工作", "活动")) or any(w.flag.startswith(("p", "r", "m", "u"))
                                               for w in words):
            continue
        aliases = (surface,) if surface != name else ()
        out.append(SpottedEntity("Programme", name, m.start(1), m.end(1), aliases))
    return out


# 发展苹果产业, 壮大草畜产业: an industry a county or its households take up is a programme
# (黄花产业, 旅游产业), unless the words before 产业 only grade it (特色产业, 主导产业).
_INDUSTRY = re.compile(
    f"(?:发展|壮大|培育|做强|做大|扶持|推进|打造)([{CJK}]{{1,4}}?产业)(?!园|基地|链|扶贫)")
_TAKEN_UP_BY = re.compile(
    f"(?:发展|从事)([{CJK}]{{2,6}}?)的(?:建档立卡)?(?:贫困户|农户|贫困群众|群众|村民|农民)")
# 带动1023户贫困户发展窑洞养羊: what a group is helped to take up, to the end of the clause.
_HELPED_TO_TAKE_UP = re.compile(
    f"(?:带动|帮助|扶持|鼓励|引导)[^，,。；;]{{0,14}}?"
    f"(?:贫困户|农户|贫困群众|群众|村民|农民|贫困人口)(?:发展|从事)([{CJK}]{{2,6}})(?=[，,。；;、])")
_GENERIC = frozenset({"产业", "生产", "经济", "项目", "致富", "增收"})
# 生态畜牧业, 林果业, 乡村旅游业: a sector of the economy named by its trade is an industry as
# much as 苹果产业 is; not the bodies named after one (林业局, 畜牧业合作社 is the co-operative's).
_SECTOR = re.compile(
    "((?:生态|现代|特色|传统|设施|休闲|乡村|高效)?"
    "(?:畜牧|养殖|种植|林果|草畜|蚕桑|桑蚕|旅游|渔|果|茶|林|花卉|苗木|食用菌)业)"
    "(?!局|厅|站|所|委|部|公司|合作社|协会|大户|园区|基地|务)")
_GRADES = re.compile(r"^(?:特色|主导|优势|支柱|富民|扶贫|增收|致富|新兴|传统|乡村|农业|相关|后续|"
                     r"各类|各项|绿色|生态|朝阳|重点|脱贫|多元|现代|新)+产业$")


def industries(text: str) -> list[SpottedEntity]:
    """The industries the text says are developed (发展X产业), and what a group is picked out
    by taking up (发展养殖的贫困户, 从事苹果生产经营的农户), as programmes."""
    from kg.ingest.script import simplified_view

    view = simplified_view(text)
    out: list[SpottedEntity] = []
    for pattern in (_INDUSTRY, _TAKEN_UP_BY, _SECTOR, _HELPED_TO_TAKE_UP):
        for m in pattern.finditer(view):
            name = m.group(1)
            if _GRADES.match(name) or name in _GENERIC or re.search(r"[的和与及、在了]", name):
                continue
            out.append(SpottedEntity("Programme", text[m.start(1):m.end(1)], m.start(1),
                                     m.end(1)))
    return out

