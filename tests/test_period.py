"""Which period a figure refers to: only what the text gives, resolved in discourse order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.period import Period, period_at


@pytest.mark.parametrize(
    ("text", "number", "period", "start"),
    [("今年安排资金1.45亿元", "1.45", "2020", None),
     ("去年全县脱贫3000人", "3000", "2019", None),
     ("前年完成造林2万亩", "2", "2018", None),
     ("大前年完成造林2万亩", "2", "2017", None),
     ("明年计划建设大棚30座", "30", "2021", None),
     ("2016年以来,累计培训21053人", "21053", "2020", "2016"),
     ("从2018年开始，设立了转移就业10万人的目标", "10", "2020", "2018"),
     ("2019年4月培训500人", "500", "2019-04", None),
     ("2017年二月，整合8个园区", "8", "2017-02", None),
     ("截至2019年底，累计脱贫73.76万户", "73.76", "2019-12", None),
     ("2019年全县种植马铃薯5万亩", "5", "2019", None),
     ("2018年初启动。当年7月建成车间12个", "12", "2018-07", None),
     ("2014年成立合作社。当年吸纳社员120户", "120", "2014", None),
     ("2014年成立合作社。次年吸纳社员120户", "120", "2015", None),
     # 近N年来 counts the publication year as the last of the N.
     ("据统计，近3年来投入资金500万元，建成基地9个", "9个", "2020", "2018"),
     ("近两年来新修道路12公里", "12", "2020", "2019"),
     ("近年来，全县建成基地9个", "9个", None, None),
     ("十二五期间，全县减贫3.2万人", "3.2", "2015", "2011"),
     ("十三五时期完成搬迁1.2万人", "1.2", "2020", "2016"),
     ("2020年，人均收入12000元，比2015年增长了3倍", "3倍", "2020", "2015"),
     ("目前全县有务工协会341个", "341", "2020", None),
     ("如今，栽培面积达到12万亩，产值5亿元", "5亿", "2020", None),
     ("如今，面积17万亩，去年带动贫困户户均收入1万多元", "1万", "2019", None),
     ("截止到目前，该州外出务工人员达到4.6万人", "4.6", "2020", None),
     # No time expression in the sentence: the text gives no period.
     ("全县成立务工协会341个", "341", None, None),
     ("全村1488人全部纳入易地扶贫搬迁", "1488", None, None),
     # A year in an earlier sentence does not carry over to a present-tense figure,
     ("2019年全县脱贫。全县成立务工协会341个", "341", None, None),
     # nor does 去年 of another sentence (最近 is now).
     ("去年全县脱贫。老百姓最近种桑养蚕，么基村2623人", "2623", "2020", None),
     ("2019年度计划完成。新建车间12个", "12", None, None)],
)
def test_period_of_a_figure(text: str, number: str, period: str | None,
                            start: str | None) -> None:
    found = period_at(text, text.index(number), 2020)
    assert (found.period, found.start) == (period, start)


def test_without_a_publication_year_relative_words_give_nothing() -> None:
    assert period_at("今年安排资金1.45亿元", 6, None).period is None
    assert period_at("2019年安排资金1.45亿元", 7, None).period == "2019"
    assert period_at("2014年成立。当年吸纳120户", 11, None).period == "2014"


@pytest.mark.parametrize(
    ("text", "number", "period"),
    [("9日，记者看到合作社有大棚12座", "12", "2020-05"),
     ("下个月他准备再买羊30只", "30", "2020-06"),
     ("下月将建成车间3个", "3", "2020-06"),
     ("他打算年底卖掉8头牛", "8", "2020-12"),
     ("2018年引进了种羊。年底存栏达到60只", "60", "2018-12"),
     ("去年年底存栏60只", "60", "2019"),  # 去年 governs; its 年底 is not this year's
     ("他的打算是5年后养到200只羊", "200", "2025"),
     ("2016年建起车间，两年后吸纳120人", "120", "2018"),
     ("村里现已建成大棚40座", "40", "2020"),
     ("3月9日，村里建成大棚12座", "12", None)],
)
def test_days_months_and_years_counted_from_the_publication(text: str, number: str,
                                                            period: str | None) -> None:
    """A day without a month is of the publication month, 下个月 the month after it; a
    bare 年底 and N年后 count from the year the discourse is in (invented phrases)."""
    assert period_at(text, text.index(number), 2020, 5).period == period


def test_next_month_in_december_is_january() -> None:
    assert period_at("下个月建成车间3个", 7, 2020, 12).period == "2021-01"


def _period_of_the_cut_text(text: str, position: int, year: int | None,
                            month: int | None = None) -> Period:
    """The reference: the text read only up to ``position``, every expression again (as
    period_at did before it scanned each text once)."""
    from kg.extract.period import _EXPR, _SENTENCE_END, _governs, _resolve

    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, position)),
                         default=0)
    governing: int | None = None
    in_sentence: list[tuple[re.Match[str], int | None]] = []
    for m in _EXPR.finditer(text, 0, position):
        if m.start() >= sentence_start:
            in_sentence.append((m, governing))
        governing = _governs(m, governing, year)
    governors = [(m, g) for m, g in in_sentence if not m.group("cmp")]
    if not governors:
        return Period(None)
    m, governing_then = governors[-1]
    found = _resolve(m, year, governing_then, month)
    base = next((c for c, _ in reversed(in_sentence) if c.group("cmp") and c.start() > m.start()),
                None)
    if base is not None and found.period and found.start is None:
        return Period(found.period[:4], base.group("cy"), f"{found.expression}…{base.group(0)}")
    return found


def _texts() -> list[str]:
    from kg.bench.generate import generate
    from kg.corpus import load_corpus
    from kg.ingest.script import simplified_view

    texts = [simplified_view(a.text) for a in load_corpus().articles]
    texts += [p.text for p in generate(6, seed=3)]
    devset = Path(__file__).resolve().parents[2] / "shared" / "devset"
    found = [p for p in sorted(devset.glob("*.txt")) if p.is_file()]
    assert len(found) >= 4, devset  # the dev set beside the repository, as in CI
    return texts + [simplified_view(p.read_text(encoding="utf-8")) for p in found]


def test_one_scan_per_text_reads_as_the_cut_text_at_every_position() -> None:
    compared = 0
    for text in _texts():
        for position in range(len(text) + 1):
            for year, month in ((2020, 1), (None, None)):
                assert period_at(text, position, year, month) == _period_of_the_cut_text(
                    text, position, year, month), (text[max(0, position - 30):position], year)
                compared += 1
    assert compared > 20_000


_PIECES = ["2019", "年", "度", "底", "3", "月", "当年", "同年", "次年", "比", "以来", "近",
           "两", "年来", "后", "今年", "去年", "日", "1", "2", "。", "，", " ", "十二五", "上",
           "个", "从", "开始", "目前"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=24))
def test_pieces_of_time_expressions_read_as_the_cut_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for position in range(len(text) + 1):
        assert period_at(text, position, 2020, 6) == _period_of_the_cut_text(
            text, position, 2020, 6)
