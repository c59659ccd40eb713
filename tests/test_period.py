"""Which period a figure refers to: 今年, 去年, 2016年以来, 2019年4月, else the publication year."""

from __future__ import annotations

import pytest

from kg.extract.period import period_at


@pytest.mark.parametrize(
    ("text", "number", "period", "start"),
    [("今年安排资金1.45亿元", "1.45", "2020", None),
     ("去年全县脱贫3000人", "3000", "2019", None),
     ("前年完成造林2万亩", "2", "2018", None),
     ("2016年以来,累计培训21053人", "21053", "2020", "2016"),
     ("2019年4月培训500人", "500", "2019-04", None),
     ("2019年全县种植马铃薯5万亩", "5", "2019", None),
     ("目前全县有务工协会341个", "341", "2020", None),
     ("全县成立务工协会341个", "341", "2020", None),
     # A year in an earlier sentence does not carry over to a present-tense figure.
     ("2019年全县脱贫。全县成立务工协会341个", "341", "2020", None),
     ("2019年度计划完成。新建车间12个", "12", "2020", None)],
)
def test_period_of_a_figure(text: str, number: str, period: str, start: str | None) -> None:
    found = period_at(text, text.index(number), 2020)
    assert (found.period, found.start) == (period, start)


def test_without_a_publication_year_relative_words_give_nothing() -> None:
    assert period_at("今年安排资金1.45亿元", 6, None).period is None
    assert period_at("2019年安排资金1.45亿元", 7, None).period == "2019"
