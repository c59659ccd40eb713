"""Unit codes, the Chinese forms that signal them, and rate markers (人均, 每亩 …)."""

from __future__ import annotations

import re

UNITS: dict[str, tuple[str, ...]] = {
    "household": ("户", "家庭", "农户", "贫困户"),
    "person": ("人", "名", "位", "贫困群众", "群众", "农民", "村民", "贫困人口", "人口",
               "劳动力", "社员", "居民", "职工", "学生", "游客", "党员", "干部", "口人",
               "农业人口"),
    "person_time": ("人次", "人(次)", "人（次）"),  # 2500人(次)
    "yuan": ("元", "块钱", "块"),  # 1000多块: colloquial for 元
    "usd": ("美元",),
    "mu": ("亩",),
    "hectare": ("公顷",),
    "square_kilometre": ("平方公里", "平方千米"),
    "square_metre": ("平方米", "平米"),
    "cubic_metre": ("立方米",),
    "kilometre": ("公里", "千米"),
    "metre": ("米",),
    "centimetre": ("厘米",),
    "millimetre": ("毫米",),
    "tonne": ("吨",),
    "gram": ("克",),
    "kilogram": ("公斤", "千克"),
    "jin": ("斤",),
    "kilowatt": ("千瓦",),
    "megawatt": ("兆瓦",),
    "kilowatt_hour": ("千瓦时",),
    # 86种产业, 3万余口水窖, 140万盘草绳, 400卷农膜
    "item": ("个", "项", "件", "条", "套", "笔", "封", "片", "种", "口", "盘", "卷"),
    "job": ("个岗位", "个就业岗位", "个公益岗位", "个公益性岗位"),
    "village": ("村", "个村", "个行政村", "个贫困村"),
    "township": ("乡镇", "个乡镇", "个乡", "个镇"),
    "county": ("个县", "个贫困县"),
    "school": ("所",),
    "sheet": ("张",),
    "bed": (),  # 张 after 床位
    "building": ("座", "栋", "幢"),
    "place": ("处",),
    "enterprise": ("家",),
    "head": ("头", "只", "匹", "羽"),
    "plant": ("株", "棵"),
    "machine": ("台",),
    "vehicle": ("辆",),
    "room": ("间",),
    "stick": ("棒",),
    "batch": ("批",),
    "team": ("支",),
    "session": ("期",),
    "event": ("场",),
    "times": ("次", "遍"),
    "fold": ("倍",),
    "percent": ("%", "成"),
    "percentage_point": ("个百分点",),
    "fraction": (),  # 三分之一
    "year": ("年",),
    "month": ("个月",),
    "week": ("周", "星期", "个星期"),
    "day": ("天",),
    "night": ("夜",),
    "hour": ("小时", "个小时"),
    "minute": ("分钟",),
    "year_of_age": ("岁", "周岁"),
    "degree": ("度",),
    "score": ("分",),  # an exam score (510分), read only after 考/成绩/分数
}
"""Unit codes and the Chinese forms that signal them (classifiers, measure words, nouns)."""

NOUN_UNITS = {
    "家庭", "农户", "贫困户", "贫困群众", "群众", "农民", "村民", "贫困人口", "人口", "劳动力",
    "社员", "居民", "职工", "学生", "游客", "党员", "干部", "农业人口",
}
# A unit form must not be the start of another word.
BLOCK_AFTER: dict[str, str] = {
    "项": "目", "人": "民们生", "名": "单义额字", "所": "有在谓属", "处": "理置于在",
    "只": "有要是能", "家": "庭乡长属人", "天": "然气下地", "村": "级民委集干组",
    "米": "粉饭", "元": "旦首素", "头": "部脑", "张": "贴", "座": "谈", "条": "件例",
    "次": "数序性", "度": "过", "期": "间待望", "场": "所地景", "间": "隔", "台": "阶",
    "成": "为了功本立效果绩员熟", "周": "边围年末", "支": "持付部出",
    "位": "于置", "片": "区面", "块": "状头", "种": "植子类养苗草地", "口": "号径罩岸味子袋",
    "分": "之钟别配工红批期类散布享析子队局会管钱",
    "笔": "者", "盘": "活点子旋山查", "批": "准示复", "户": "籍口", "年": "度代", "件": "事",
    "卷": "入起帘烟心尺",
}
CLASSIFIERS = {
    "item", "person", "household", "batch", "team", "times", "sheet", "building", "place",
    "enterprise", "school", "head", "machine", "vehicle", "room", "plant", "event", "session",
    "job", "village", "township", "county",
}
FORM_TO_UNIT: dict[str, str] = {f: code for code, forms in UNITS.items() for f in forms}
BLOCK_EXTRA: dict[str, str] = {"所": "以(?![上下内])"}


def _unit_alternative(form: str) -> str:
    blocks = []
    if form in BLOCK_AFTER:
        blocks.append(f"[{re.escape(BLOCK_AFTER[form])}]")
    if form in BLOCK_EXTRA:
        blocks.append(BLOCK_EXTRA[form])
    return re.escape(form) + (f"(?!{'|'.join(blocks)})" if blocks else "")


UNIT_RE = re.compile(
    "|".join(_unit_alternative(f) for f in sorted(FORM_TO_UNIT, key=len, reverse=True))
)
GE_HEAD = re.compile(
    r"(?:[省市县]定|[省市县]级)?(?:挂牌督战|未摘帽深度贫困|深度贫困|建档立卡贫困|贫困|行政|重点扶贫|重点|整|易地搬迁|脱贫|欠发达|经济薄弱|集体经济薄弱)"
    r"(?P<head>乡镇|村|县)(?![级民委集干])"
)
# The same nouns before a bare count (省级贫困村33个, 乡村旅游专业村26个): the count is of them.
HEAD_BEFORE = re.compile(
    r"(?:贫困|行政|重点|扶贫|专业|示范|挂牌督战)(?P<head>乡镇|村|县)$"
)
HEAD_UNIT = {"乡镇": "township", "村": "village", "县": "county"}

PER_MARKERS: dict[str, str] = {
    "人均": "person", "户均": "household", "年均": "year", "年平均": "year",
    "月平均": "month", "日平均": "day", "月均": "month", "日均": "day",
    "每户": "household", "每人": "person", "每名": "person", "每位": "person",
    "每亩": "mu", "每棒": "stick", "每年": "year", "每月": "month", "每周": "week",
    "每天": "day", "每日": "day", "每个": "item", "每所": "school", "每村": "village",
    "每吨": "tonne", "每头": "head", "每只": "head", "每平方米": "square_metre",
    "每公里": "kilometre", "每平方公里": "square_kilometre", "每家": "enterprise",
    "每台": "machine", "每场": "event",
}
PER_RE = re.compile("|".join(sorted(PER_MARKERS, key=len, reverse=True)))
TIME_CODES = {"year", "month", "week", "day"}
PHYSICAL = {"metre", "kilometre", "centimetre", "millimetre", "degree", "year_of_age",
             "square_metre", "square_kilometre", "hectare", "mu", "tonne", "kilogram", "gram"}
