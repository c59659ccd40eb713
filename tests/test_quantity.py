"""The Chinese quantity grammar: a data table, property tests, and the sample page."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.numerals import parse_chinese_numeral, to_chinese_numeral
from kg.extract.quantity import (
    UNITS,
    Approx,
    Quantity,
    TokenKind,
    find_number_tokens,
    find_quantities,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "kg" / "data" / "corpus" / "xingxian-2020-page.md"
DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"

D = Decimal
E, AB, LE, ME, RG = (Approx.EXACT, Approx.ABOUT, Approx.AT_LEAST, Approx.AT_MOST,
                     Approx.RANGE)


def only(text: str) -> Quantity:
    qs = find_quantities(text)
    assert len(qs) == 1, (text, qs)
    return qs[0]


# --------------------------------------------------------------------------- numerals

NUMERALS = [
    ("三万五", 35000), ("两千三百", 2300), ("十二", 12), ("一百零五", 105), ("1万", 10000),
    ("3.23亿", 323000000), ("二〇二〇", 2020), ("一九三七", 1937), ("两千三", 2300),
    ("一百五", 150), ("一亿五", 150000000), ("十万八千", 108000), ("一千零五十", 1050),
    ("一万零五", 10005), ("三百零五", 305), ("一亿零五百万", 105000000), ("一万亿", 10**12),
    ("1,000", 1000), ("1，000", 1000), ("12,345,678", 12345678), ("１２３", 123),
    ("１．５", D("1.5")), ("三点五", D("3.5")), ("1.45亿", 145000000), ("1万5千", 15000),
    ("壹佰贰拾", 120), ("零", 0), ("十", 10), ("一十", 10), ("二十", 20), ("两百", 200),
    ("万", 10000), ("亿", 100000000), ("五千", 5000), ("2千", 2000), ("0.02", D("0.02")),
    ("七十二万", 720000), ("九千九百九十九", 9999), ("四万零三百", 40300),
]


@pytest.mark.parametrize(("text", "value"), NUMERALS)
def test_parse_chinese_numeral(text: str, value: int | Decimal) -> None:
    assert parse_chinese_numeral(text) == Decimal(value)


@pytest.mark.parametrize("bad", ["", "几", "abc", "三四十", "万寿"])
def test_parse_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_numeral(bad)


def test_beats_cn2an_sanwanwu() -> None:
    """cn2an reads 三万五 as 30005; as spoken it is 35000."""
    assert parse_chinese_numeral("三万五") == 35000
    q = only("他家去年收入三万五元。")
    assert (q.value, q.unit, q.number_text) == (35000, "yuan", "三万五")


def test_beats_recognizers_text_yu() -> None:
    """Recognizers-Text drops 余: 600余万元 must be at least six million."""
    q = only("投资600余万元建设工厂")
    assert (q.stated, q.value, q.lower, q.upper, q.approx, q.unit, q.multiplier) == (
        "600余万元", 6000000, 6000000, None, LE, "yuan", "万")


@pytest.mark.parametrize(
    ("text", "stated", "lower", "upper", "unit"),
    [
        ("规划期3至5年", "3至5年", 3, 5, "year"),
        ("每个基地30-50万元", "30-50万元", 300000, 500000, "yuan"),
        ("建成三四个合作社", "三四个", 3, 4, "item"),
        ("带动300-500户", "300-500户", 300, 500, "household"),
        ("安置80到120人", "80到120人", 80, 120, "person"),
        ("流转土地1000～1500亩", "1000～1500亩", 1000, 1500, "mu"),
    ],
)
def test_beats_jionlp_ranges_beyond_money(text: str, stated: str, lower: int, upper: int,
                                          unit: str) -> None:
    """JioNLP's parse_money handles money ranges only; ranges work for every unit here."""
    q = only(text)
    assert (q.stated, q.lower, q.upper, q.value, q.approx, q.unit) == (
        stated, lower, upper, lower, RG, unit)


# --------------------------------------------------------------------------- data table
# (text, stated, value, lower, upper, approx, unit)
Row = tuple[str, str, int | Decimal, int | Decimal | None, int | Decimal | None, Approx, str]
TABLE: list[Row] = [
    ("专项资金1.45亿元已拨付", "1.45亿元", 145000000, None, None, E, "yuan"),
    ("投资600余万元", "600余万元", 6000000, 6000000, None, LE, "yuan"),
    ("增收1万余元", "1万余元", 10000, 10000, None, LE, "yuan"),
    ("建成车间5000余个", "5000余个", 5000, 5000, None, LE, "item"),
    ("计划投入2.3亿多元", "2.3亿多元", 230000000, 230000000, None, LE, "yuan"),
    ("收入达到16660元", "16660元", 16660, None, None, E, "yuan"),
    ("收入达到9万多元", "9万多元", 90000, 90000, None, LE, "yuan"),
    ("月工资3500元以上", "3500元以上", 3500, 3500, None, LE, "yuan"),
    ("贫困人口超过200人的乡镇", "超过200人", 200, 200, None, LE, "person"),
    ("近2亿人", "近2亿人", 200000000, None, 200000000, ME, "person"),
    ("月工资4500元左右", "4500元左右", 4500, None, None, AB, "yuan"),
    ("每户最高不超过2万元", "最高不超过2万元", 20000, None, 20000, ME, "yuan"),
    ("每户最高不高于2.5万元", "最高不高于2.5万元", 25000, None, 25000, ME, "yuan"),
    ("逾300户", "逾300户", 300, 300, None, LE, "household"),
    ("不少于50人", "不少于50人", 50, 50, None, LE, "person"),
    ("至少20个", "至少20个", 20, 20, None, LE, "item"),
    ("不到一亩", "不到一亩", 1, None, 1, ME, "mu"),
    ("不足100户", "不足100户", 100, None, 100, ME, "household"),
    ("3000元以下", "3000元以下", 3000, None, 3000, ME, "yuan"),
    ("约400人", "约400人", 400, None, None, AB, "person"),
    ("大约30公里", "大约30公里", 30, None, None, AB, "kilometre"),
    ("500人上下", "500人上下", 500, None, None, AB, "person"),
    ("占比45%", "45%", 45, None, None, E, "percent"),
    ("就业率93%以上", "93%以上", 93, 93, None, LE, "percent"),
    ("百分之三十", "百分之三十", 30, None, None, E, "percent"),
    ("发生率降至2.31%", "2.31%", D("2.31"), None, None, E, "percent"),
    ("达到１００％", "１００％", 100, None, None, E, "percent"),
    ("覆盖七成以上农户", "七成以上", 70, 70, None, LE, "percent"),
    ("提高3个百分点", "3个百分点", 3, None, None, E, "percentage_point"),
    ("完成三分之一", "三分之一", D(1) / D(3), None, None, E, "fraction"),
    ("项目资金500-800万元", "500-800万元", 5000000, 5000000, 8000000, RG, "yuan"),
    ("资金900—1200万元", "900—1200万元", 9000000, 9000000, 12000000, RG, "yuan"),
    ("600～900元", "600～900元", 600, 600, 900, RG, "yuan"),
    ("两三年", "两三年", 2, 2, 3, RG, "year"),
    ("十几个村", "十几个村", 11, 11, 19, RG, "village"),
    ("几十万元", "几十万元", 200000, 200000, 900000, RG, "yuan"),
    ("数百人", "数百人", 200, 200, 900, RG, "person"),
    ("30%-50%", "30%-50%", 30, 30, 50, RG, "percent"),
    ("1万元-2万元", "1万元-2万元", 10000, 10000, 20000, RG, "yuan"),
    ("十来个", "十来个", 10, None, None, AB, "item"),
    ("上千人", "上千人", 1000, 1000, None, LE, "person"),
    ("1,200户", "1,200户", 1200, None, None, E, "household"),
    ("1，200户", "1，200户", 1200, None, None, E, "household"),
    ("１２３人", "１２３人", 123, None, None, E, "person"),
    ("三万五千元", "三万五千元", 35000, None, None, E, "yuan"),
    ("两千三百亩", "两千三百亩", 2300, None, None, E, "mu"),
    ("二十五万亩", "二十五万亩", 250000, None, None, E, "mu"),
    ("一百零五户", "一百零五户", 105, None, None, E, "household"),
    ("1.2万人次", "1.2万人次", 12000, None, None, E, "person_time"),
    ("完成8个村", "8个村", 8, None, None, E, "village"),
    ("覆盖6个乡镇", "6个乡镇", 6, None, None, E, "township"),
    ("9个贫困县", "9个贫困县", 9, None, None, E, "county"),
    ("4个深度贫困县", "4个", 4, None, None, E, "county"),
    ("6个挂牌督战村", "6个", 6, None, None, E, "village"),
    ("12名干部", "12名", 12, None, None, E, "person"),
    ("27名县级领导干部", "27名", 27, None, None, E, "person"),
    ("召开会议7次", "7次", 7, None, None, E, "times"),
    ("建成幼儿园12所", "12所", 12, None, None, E, "school"),
    ("床位450张", "450张", 450, None, None, E, "bed"),
    ("发放宣传单300张", "300张", 300, None, None, E, "sheet"),
    ("加工厂2座", "2座", 2, None, None, E, "building"),
    ("水利工程40处", "40处", 40, None, None, E, "place"),
    ("龙头企业8家", "8家", 8, None, None, E, "enterprise"),
    ("种猪3000头", "3000头", 3000, None, None, E, "head"),
    ("湖羊2000只", "2000只", 2000, None, None, E, "head"),
    ("产能8000吨", "8000吨", 8000, None, None, E, "tonne"),
    ("食用菌300万棒", "300万棒", 3000000, None, None, E, "stick"),
    ("重点工作6项", "6项", 6, None, None, E, "item"),
    ("厚度0.05毫米", "0.05毫米", D("0.05"), None, None, E, "millimetre"),
    ("全长45公里", "45公里", 45, None, None, E, "kilometre"),
    ("海拔3000多米", "3000多米", 3000, 3000, None, LE, "metre"),
    ("面积120平方米", "120平方米", 120, None, None, E, "square_metre"),
    ("增长了12倍", "12倍", 12, None, None, E, "fold"),
    ("坚持了30多年", "30多年", 30, 30, None, LE, "year"),
    ("5年多", "5年多", 5, 5, None, LE, "year"),
    ("培训一周", "一周", 1, None, None, E, "week"),
    ("3个月", "3个月", 3, None, None, E, "month"),
    ("两天", "两天", 2, None, None, E, "day"),
    ("耕地1亩多。", "1亩多", 1, 1, None, LE, "mu"),
    ("全县30万农民", "30万", 300000, None, None, E, "person"),
    ("2.5万家庭", "2.5万", 25000, None, None, E, "household"),
    ("近2万贫困人口", "近2万", 20000, None, 20000, ME, "person"),
    ("5.3万个就业岗位", "5.3万个就业岗位", 53000, None, None, E, "job"),
    ("公益岗位900个", "900个", 900, None, None, E, "job"),
    ("批次3批", "3批", 3, None, None, E, "batch"),
    ("组建12支队伍", "12支", 12, None, None, E, "team"),
    ("3千米", "3千米", 3, None, None, E, "kilometre"),
    ("5千元", "5千元", 5000, None, None, E, "yuan"),
]


# Issue 14, "Quantities": the grammar's gaps, each a row (text, stated, value, lower, upper,
# approx, unit), in simplified and traditional characters alike.
GAPS: list[Row] = [
    ("贫困户占近1/3", "近1/3", D(1) / D(3), None, D(1) / D(3), ME, "fraction"),
    ("完成任务的三分之一", "三分之一", D(1) / D(3), None, None, E, "fraction"),
    ("人均年收入突破1000元", "突破1000元", 1000, 1000, None, LE, "yuan"),
    ("用了7年多时间", "7年多", 7, 7, None, LE, "year"),
    ("兴修水窖3万余口", "3万余口", 30000, 30000, None, LE, "item"),
    ("全县29.9万农业人口", "29.9万", 299000, None, None, E, "person"),
    ("“这是两万元，表哥你点点。”", "两万元", 20000, None, None, E, "yuan"),
    ("家里5口人", "5口人", 5, None, None, E, "person"),
    ("打工能挣1000多块", "1000多块", 1000, 1000, None, LE, "yuan"),
    ("打零工挣个万把块", "万把块", 10000, None, None, AB, "yuan"),
    ("确定86种产业", "86种", 86, None, None, E, "item"),
    ("村集体收入180多万元", "180多万元", 1800000, 1800000, 1900000, LE, "yuan"),
    ("收入130多万元", "130多万元", 1300000, 1300000, 1400000, LE, "yuan"),
    ("搬遷安置3182戶", "3182戶", 3182, None, None, E, "household"),
    ("整合資金1.1億元", "1.1億元", 110000000, None, None, E, "yuan"),
    ("種植中藥材3.9萬畝", "3.9萬畝", 39000, None, None, E, "mu"),
    ("全縣55個貧困村", "55個貧困村", 55, None, None, E, "village"),
    ("帶動發展養殖戶1750戶", "1750戶", 1750, None, None, E, "household"),
    ("全縣貧困人口3萬余人", "3萬余人", 30000, 30000, None, LE, "person"),
]


@pytest.mark.parametrize(("text", "stated", "value", "lower", "upper", "approx", "unit"), GAPS)
def test_grammar_gaps(text: str, stated: str, value: int | Decimal, lower: int | Decimal | None,
                      upper: int | Decimal | None, approx: Approx, unit: str) -> None:
    q = only(text)
    assert (q.stated, q.value, q.lower, q.upper, q.approx, q.unit) == (
        stated, D(value), None if lower is None else D(lower), None if upper is None
        else D(upper), approx, unit)
    assert text[q.start:q.end] == q.stated


@pytest.mark.parametrize(("text", "figures"), [
    ("搬遷安置3182戶1.3萬人", [("3182戶", 3182, "household"), ("1.3萬人", 13000, "person")]),
    ("贫困人口由14.63万下降到7.89万人", [("14.63万", 146300, "person"),
                                      ("7.89万人", 78900, "person")]),
    ("从2.5万增加到3.1万户", [("2.5万", 25000, "household"), ("3.1万户", 31000, "household")]),
    # a magnitude with no unit after a word that names what it counts takes that unit
    ("前年总创收312万多，今年创收高达400多万", [("312万多", 3120000, "yuan"),
                                        ("400多万", 4000000, "yuan")]),
    ("總人口52萬，其中農村人口40.3萬", [("52萬", 520000, "person"),
                                  ("40.3萬", 403000, "person")]),
    ("营业额近5万，今年总收入有12万多", [("近5万", 50000, "yuan"), ("12万多", 120000, "yuan")]),
    # 欠发达县 (Zhejiang's word for its poor counties), 经济薄弱村 (Jiangsu's): counted as such
    ("全省18个欠发达县摘帽，821个经济薄弱村", [("18个", 18, "county"), ("821个", 821, "village")]),
    ("幅员3210平方千米，修路12千米", [("3210平方千米", 3210, "square_kilometre"),
                                 ("12千米", 12, "kilometre")]),
])
def test_several_figures(text: str, figures: list[tuple[str, int, str]]) -> None:
    assert [(q.stated, q.value, q.unit) for q in find_quantities(text)] == [
        (s, D(v), u) for s, v, u in figures]


# Numbers that are not programme figures: (text, token, kind, reason contains).
NOT_FIGURES = [
    ("解决好“扶持谁、谁来扶、怎么扶、如何退”四个问题", "四", "name", "quoted slogans"),
    ("74岁的老人", "74", "measure", "person attribute: age"),
    ("35岁", "35", "measure", "age"),
    ("65岁以上", "65", "measure", "age"),
    ("十七八岁", "十七八", "measure", "age"),
    ("气温零下10多度", "10", "measure", "weather: temperature"),
    ("零下20多度", "20", "measure", "temperature"),
    ("当护林员头10年", "10", "other", "time frame of a tenure"),
    ("高考考了510分", "510", "measure", "exam score"),
    ("这两项收入", "两", "other", "demonstrative"),
    ("他7年多来一直坚持", "7", "other", "time reference"),
    ("比赛3分钟", "3", "measure", "minute"),
    ("得了3分", "3", "other", "no unit"),
    # no magnitude, or no word naming what it counts: still no unit
    ("总收入达465", "465", "other", "no unit"),
    ("这两年增加了5万", "5万", "other", "no unit"),
]


@pytest.mark.parametrize(("text", "token", "kind", "reason"), NOT_FIGURES)
def test_not_programme_figures(text: str, token: str, kind: str, reason: str) -> None:
    found = {t.text: t for t in find_number_tokens(text)}
    assert found[token].kind == kind and reason in found[token].reason, found[token]


@pytest.mark.parametrize(("text", "attribute", "value", "unit"), [
    ("零下20多度", "temperature", -20, "degree"), ("74岁的老人", "age", 74, "year_of_age"),
    ("中考考了510分", "exam-score", 510, "score"), ("投资200万元", None, 2000000, "yuan"),
    ("耗电300度", None, 300, "degree"),
])
def test_person_and_weather_attributes_are_typed(text: str, attribute: str | None, value: int,
                                                 unit: str) -> None:
    q = only(text)
    assert (q.attribute, q.value, q.unit) == (attribute, value, unit)


@pytest.mark.parametrize("text", ["共有500户以上万名群众", "亿％以上万贫困户", "增加300人以上千人",
                                  "500元以上百户"])
def test_no_overlapping_quantities(text: str) -> None:
    qs = find_quantities(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(qs)), qs


@pytest.mark.parametrize(("text", "stated", "value", "lower", "upper", "approx", "unit"), TABLE)
def test_table(text: str, stated: str, value: int | Decimal, lower: int | Decimal | None,
               upper: int | Decimal | None, approx: Approx, unit: str) -> None:
    q = only(text)
    assert q.stated == stated
    assert q.value == value
    assert q.lower == lower
    assert q.upper == upper
    assert q.approx is approx
    assert q.unit == unit
    assert text[q.start:q.end] == q.stated


# Generated: numerals × units × approximation frames, inside a neutral carrier sentence.
GEN_NUMBERS = [("5", 5), ("1.45亿", 145000000), ("三万五", 35000), ("两千三百", 2300),
               ("600万", 6000000), ("1,000", 1000), ("１２３", 123), ("一百零五", 105)]
GEN_UNITS = [("户", "household"), ("人", "person"), ("元", "yuan"), ("亩", "mu"),
             ("吨", "tonne"), ("个", "item"), ("所", "school"), ("座", "building"),
             ("处", "place"), ("家", "enterprise"), ("头", "head"), ("人次", "person_time"),
             ("公里", "kilometre"), ("次", "times"), ("棒", "stick")]
GEN_FRAMES = [("{n}{u}", E), ("超过{n}{u}", LE), ("{n}{u}以上", LE), ("近{n}{u}", ME),
              ("约{n}{u}", AB), ("{n}{u}左右", AB), ("不到{n}{u}", ME)]
GENERATED = [
    (frame.format(n=n, u=u), value, code, approx)
    for (n, value), (u, code), (frame, approx) in itertools.product(GEN_NUMBERS, GEN_UNITS,
                                                                    GEN_FRAMES)
]


@pytest.mark.parametrize(("stated", "value", "unit", "approx"), GENERATED)
def test_generated(stated: str, value: int, unit: str, approx: Approx) -> None:
    q = only(f"全县去年共有{stated}，今年继续。")
    assert (q.stated, q.value, q.unit, q.approx) == (stated, value, unit, approx)
    if approx is LE:
        assert (q.lower, q.upper) == (value, None)
    elif approx is ME:
        assert (q.lower, q.upper) == (None, value)
    else:
        assert (q.lower, q.upper) == (None, None)


@pytest.mark.parametrize(
    ("text", "per"),
    [("每亩补助500元", "mu"), ("人均增收800元", "person"), ("每棒收入2元", "stick"),
     ("户均收入2万元", "household"), ("每人补贴600元", "person"), ("每年平均收入900元", "year"),
     ("每户年平均收入3万元", "household/year"), ("年均增收5000元", "year"),
     ("投资300万元", None), ("每天在海拔3000米处", None)],
)
def test_per(text: str, per: str | None) -> None:
    assert only(text).per == per


def test_adjacent_measurements() -> None:
    qs = find_quantities("共有120户350名群众，救助900人次45万元")
    assert [(q.stated, q.unit) for q in qs] == [
        ("120户", "household"), ("350名", "person"), ("900人次", "person_time"),
        ("45万元", "yuan")]


def test_rota_is_two_measurements() -> None:
    assert [(q.value, q.unit) for q in find_quantities("干部3夜4天在村")] == [
        (3, "night"), (4, "day")]


def test_two_ranges_in_a_row() -> None:
    qs = find_quantities("从去年的100-200万元增加到300-400万元")
    assert [(q.lower, q.upper) for q in qs] == [(1000000, 2000000), (3000000, 4000000)]


def test_units_constant_has_zh_forms() -> None:
    seen: set[str] = set()
    for code, forms in UNITS.items():
        assert code.isascii() and code == code.lower()
        for form in forms:
            assert form not in seen, form
            seen.add(form)


# --------------------------------------------------------------------------- token kinds

KINDS = [
    ("习近平总书记9月8日在座谈会上", "9", "date"),
    ("习近平总书记9月8日在座谈会上", "8", "date"),
    ("2018年以来，累计培训", "2018", "year"),
    ("2021年，全县实现", "2021", "year"),
    ("2021年5月在会上", "2021", "date"),
    ("2021年5月在会上", "5", "date"),
    ("11月底全部完成", "11", "date"),
    ("截至2018年底", "2018", "date"),
    ("落实“2345”工作计划", "2345", "name"),
    ("实施“5+2”保障", "5", "name"),
    ("构建“333+N”体系", "333", "name"),
    ("落实“三个不变”要求", "三", "name"),
    ("开展G20峰会", "20", "name"),
    ("担任第一书记", "一", "ordinal"),
    ("第五批干部", "五", "ordinal"),
    ("。三是强化保障", "三", "enumerator"),
    ("党的十九大以来", "十九", "name"),
    ("实施五大工程", "五", "name"),
    ("一手抓生产", "一", "other"),
    ("常年在一线工作", "一", "other"),
    ("建立了一个基地", "一", "other"),
    ("三支队伍在岗", "三", "name"),
    ("安排5项重点工作", "5", "measure"),
    ("“十四五”期间", "十四五", "name"),
    ("详见 http://example.org/2020/01/news", "2020", "other"),
]


@pytest.mark.parametrize(("text", "token", "kind"), KINDS)
def test_token_kind(text: str, token: str, kind: str) -> None:
    toks = [t for t in find_number_tokens(text) if t.text == token]
    assert toks, (text, find_number_tokens(text))
    assert toks[0].kind == kind, toks[0]
    assert toks[0].reason


def test_words_are_not_numbers() -> None:
    assert find_number_tokens("统一部署，进一步推进，一起努力，老百姓陆续搬迁，队伍整齐") == []


# Tricky tokens on the bundled sample page: (a distinctive snippet, the numeral in it, kind).
SAMPLE_KINDS = [
    ("“222+N”产业", "222", "name"),
    ("“1937”年度计划", "1937", "name"),
    ("“1916”年度", "1916", "name"),
    ("“3+1保障”", "3", "name"),
    ("“3+1”政策", "1", "name"),
    ("“四为四高两同步”", "四", "name"),
    ("“三落实”", "三", "name"),
    ("“两不愁三保障”", "两", "name"),
    ("“一户一宅", "一", "name"),
    ("一是坚决", "一", "enumerator"),
    ("二是聚焦", "二", "enumerator"),
    ("第一书记", "一", "ordinal"),
    ("3月6日", "3", "date"),
    ("3月6日", "6", "date"),
    ("8月24日", "24", "date"),
    ("9月底", "9", "date"),
    ("2019年4月", "2019", "date"),
    ("2019年4月", "4", "date"),
    ("2016年以来", "2016", "year"),
    ("2014年以来", "2014", "year"),
    ("2019年为每个", "2019", "year"),
    ("一手抓疫情", "一", "other"),
    ("一人多证", "一", "other"),
    ("一线工作", "一", "other"),
    ("三支队伍", "三", "name"),
    ("4夜5天", "4", "measure"),
    ("4夜5天", "5", "measure"),
    ("4项重点工作", "4", "measure"),
    ("5万元以上", "5万", "measure"),
    ("种植2014户", "2014", "measure"),
    ("1.45亿元", "1.45亿", "measure"),
    ("600余万元", "600余万", "measure"),
]


@pytest.fixture(scope="module")
def sample() -> tuple[str, list[Quantity], dict[int, TokenKind]]:
    text = SAMPLE.read_text(encoding="utf-8")
    toks = find_number_tokens(text)
    return text, find_quantities(text), {t.start: t.kind for t in toks}


@pytest.mark.parametrize(("snippet", "token", "kind"), SAMPLE_KINDS)
def test_sample_page_kinds(sample: tuple[str, list[Quantity], dict[int, TokenKind]],
                           snippet: str, token: str, kind: str) -> None:
    text, _, kinds = sample
    at = text.find(snippet)
    assert at >= 0, snippet
    start = at + snippet.index(token)
    assert kinds.get(start) == kind, (snippet, token, kinds.get(start))


@pytest.mark.parametrize(
    ("stated", "value", "lower", "upper", "approx", "unit"),
    [("1.45亿元", 145000000, None, None, E, "yuan"),
     ("600余万元", 6000000, 6000000, None, LE, "yuan"),
     ("500-800万元", 5000000, 5000000, 8000000, RG, "yuan"),
     ("800-1000万元", 8000000, 8000000, 10000000, RG, "yuan"),
     ("30-50万元", 300000, 300000, 500000, RG, "yuan"),
     ("超过100人", 100, 100, None, LE, "person"),
     ("4000元左右", 4000, None, None, AB, "yuan"),
     ("2500元以上", 2500, 2500, None, LE, "yuan"),
     ("5000余个", 5000, 5000, None, LE, "job"),
     ("1294余万元", 12940000, 12940000, None, LE, "yuan"),
     ("2000人次", 2000, None, None, E, "person_time"),
     ("600张", 600, None, None, E, "bed"),
     ("157个村", 157, None, None, E, "village"),
     ("17个乡镇", 17, None, None, E, "township"),
     ("92%", 92, None, None, E, "percent"),
     ("540万棒", 5400000, None, None, E, "stick")],
)
def test_sample_page_quantities(sample: tuple[str, list[Quantity], dict[int, TokenKind]],
                                stated: str, value: int, lower: int | None, upper: int | None,
                                approx: Approx, unit: str) -> None:
    _, qs, _ = sample
    hits = [q for q in qs if q.stated == stated]
    assert hits, stated
    q = hits[0]
    assert (q.value, q.lower, q.upper, q.approx, q.unit) == (value, lower, upper, approx, unit)


def test_sample_page_invariants(sample: tuple[str, list[Quantity], dict[int, TokenKind]]) -> None:
    text, qs, _ = sample
    ends = [0]
    for q in qs:
        assert q.start >= ends[-1], q  # in order, non-overlapping
        assert text[q.start:q.end] == q.stated
        ends.append(q.end)




@pytest.mark.skipif(not DEVSET.is_dir(), reason="devset not present")
@pytest.mark.parametrize(
    ("file", "stated", "value", "lower", "upper", "approx", "unit", "per"),
    [("01", "最高不高于1.5万元", 15000, None, 15000, ME, "yuan", "household"),
     ("01", "1.2亿多元", 120000000, 120000000, None, LE, "yuan", None),
     ("01", "近500名", 500, None, 500, ME, "person", None),
     ("01", "不到一亩", 1, None, 1, ME, "mu", "person"),
     ("02", "92%以上", 92, 92, None, LE, "percent", None),
     ("02", "1.24%", D("1.24"), None, None, E, "percent", None),
     ("02", "几千名", 2000, 2000, 9000, RG, "person", None),
     ("03", "15660元", 15660, None, None, E, "yuan", "person"),
     ("03", "8万多元", 80000, 80000, None, LE, "yuan", None),
     ("03", "近1亿", 100000000, None, 100000000, ME, "person", None),
     ("04", "0.02毫米", D("0.02"), None, None, E, "millimetre", None),
     ("04", "超过524亿元", 52400000000, 52400000000, None, LE, "yuan", None),
     ("04", "1万多元", 10000, 10000, None, LE, "yuan", "household")],
)
def test_devset(file: str, stated: str, value: int | Decimal, lower: int | None,
                upper: int | None, approx: Approx, unit: str, per: str | None) -> None:
    path = next(DEVSET.glob(f"{file}-*.txt"))
    qs = [q for q in find_quantities(path.read_text(encoding="utf-8")) if q.stated == stated]
    assert qs, stated
    q = qs[0]
    assert (q.value, q.lower, q.upper, q.approx, q.unit, q.per) == (
        value, lower, upper, approx, unit, per)


@pytest.mark.skipif(not DEVSET.is_dir(), reason="devset not present")
@pytest.mark.parametrize(
    ("file", "snippet", "token", "kind"),
    [("03", "十八大以来", "十八", "name"), ("04", "0.02毫米", "0.02", "measure"),
     ("02", "24岁", "24", "measure"), ("01", "第八批", "八", "ordinal"),
     ("03", "7月1日", "7", "date"), ("02", "2018年", "2018", "year"),
     ("03", "七八年前", "七八", "other")],
)
def test_devset_kinds(file: str, snippet: str, token: str, kind: str) -> None:
    text = next(DEVSET.glob(f"{file}-*.txt")).read_text(encoding="utf-8")
    start = text.find(snippet) + snippet.index(token)
    kinds = {t.start: t.kind for t in find_number_tokens(text)}
    assert kinds.get(start) == kind


@pytest.mark.parametrize(
    ("text", "token", "reason"),
    [("七八年前他还住在窑洞里", "七八", "time reference"),
     ("这8年里,全村变了样", "8", "time reference"),
     ("他计划5年后养到200只羊", "5", "time reference"),
     ("一周后就能出售", "一", "time reference"),
     ("记者来到某某乡7村看大棚", "7", "village named by its number"),
     ("驻12村工作队队长说", "12", "village named by its number"),
     ("他家一年就要花3000元", "一", "time frame of a rate"),
     ("三年来累计培训2000人", "三", "time reference"),
     ("这几天忙着收玉米", "几", "time reference"),
     ("实施就业扶贫三年规划", "三", "name of a plan"),
     ("60岁以上的老人有18位", "60", "age threshold")],
)
def test_framing_quantities_are_not_measurements(text: str, token: str, reason: str) -> None:
    tokens = {t.text: t for t in find_number_tokens(text)}
    assert tokens[token].kind == "other" and reason in tokens[token].reason
    assert all(q.stated[:len(token)] != token for q in find_quantities(text))


@pytest.mark.parametrize(
    ("text", "stated", "unit"),
    [("在4块坡地上修梯田", "4块", "item"), ("承包了菜地3块", "3块", "item"),
     ("一天能挣200块", "200块", "yuan"), ("发放农膜400卷", "400卷", "item"),
     ("全乡7村共有贫困户300户", "7村", "village")],
)
def test_plots_rolls_and_village_counts(text: str, stated: str, unit: str) -> None:
    """块 before or after a land noun counts plots; elsewhere it is 元 (invented phrases)."""
    assert {q.stated: q.unit for q in find_quantities(text)}[stated] == unit


def test_durations_that_measure_stay_measurements() -> None:
    (q,) = [q for q in find_quantities("培训时间为3个月,每期15天") if q.unit == "month"]
    assert q.value == 3


# --------------------------------------------------------------------------- properties


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_rendering_round_trips(n: int) -> None:
    assert parse_chinese_numeral(to_chinese_numeral(n)) == n
    assert parse_chinese_numeral(to_chinese_numeral(n, short_ten=False)) == n


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_liang_variant(n: int) -> None:
    text = to_chinese_numeral(n)
    liang = "".join("两" if c == "二" and i + 1 < len(text) and text[i + 1] in "千百万亿"
                    else c for i, c in enumerate(text))
    assert parse_chinese_numeral(liang) == n


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([",", "，"]))
def test_thousands_separators_round_trip(n: int, sep: str) -> None:
    assert parse_chinese_numeral(f"{n:,}".replace(",", sep)) == n
    q = only(f"共{n:,}户".replace(",", sep))
    assert q.value == n and q.unit == "household"


@given(st.integers(min_value=1, max_value=99999),
       st.sampled_from([("", 1), ("万", 10**4), ("亿", 10**8), ("千", 10**3), ("百", 100)]),
       st.sampled_from(["元", "人", "亩", "户"]))
def test_multiplier(n: int, mult: tuple[str, int], unit: str) -> None:
    q = only(f"投入{n}{mult[0]}{unit}。")
    assert q.value == n * mult[1]
    assert q.multiplier == mult[0]
    assert q.number_text == str(n)


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999),
       st.sampled_from(["", "万", "亿"]),
       st.sampled_from(["-", "—", "～", "至", "到"]),
       st.sampled_from(["", "余", "多", "超过", "近", "约", "左右", "以上"]))
def test_bounds_consistent(a: int, b: int, mult: str, conn: str, word: str) -> None:
    lo, hi = sorted((a, b))
    texts = [f"共{lo}{conn}{hi}{mult}元", f"共{word}{lo}{mult}元" if word in
             ("超过", "近", "约") else f"共{lo}{mult}{word}元" if word in ("余", "多")
             else f"共{lo}{mult}元{word}"]
    for text in texts:
        q = only(text)
        if q.lower is not None:
            assert q.lower <= q.value
        if q.upper is not None:
            assert q.value <= q.upper
        if q.approx is RG:
            assert q.lower is not None and q.upper is not None and q.value == q.lower
        assert text[q.start:q.end] == q.stated


@given(st.text(alphabet="0123456789一二两三四五六七八九十百千万亿余多约近个人元户年月日第是“”+-%，。",
               max_size=40))
def test_never_crashes_and_spans_are_sane(text: str) -> None:
    toks = find_number_tokens(text)
    for t in toks:
        assert text[t.start:t.end] == t.text
        assert t.kind in set(TokenKind)
    last = 0
    for q in find_quantities(text):
        assert q.start >= last and text[q.start:q.end] == q.stated
        last = q.end


def test_a_density_is_a_rate_per_square_kilometre() -> None:
    (q,) = find_quantities("该乡每平方公里仅有12.5人")
    assert (q.unit, q.per) == ("person", "square_kilometre")
