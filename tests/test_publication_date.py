"""The publication date of a page without a date field: a bare date line, a dateline inside
the lead, the page address; and the relative periods it resolves (今年, 去年, 上月).
Pages, addresses and phrases are invented."""

from __future__ import annotations

import pytest

from kg.extract.period import period_at
from kg.ingest import ingest
from kg.model import SourceDoc

BODY = "村里发展产业，带动贫困户120户增收，合作社年收入达到30万元。"


def _date(text: str) -> str | None:
    doc = SourceDoc(path="p.txt", name="p.txt", text=text, encoding="utf-8", sha256="0")
    (article,) = ingest(doc).articles
    return article.date


@pytest.mark.parametrize(("source", "date"), [
    ("http://news.example.cn/content/2019-05/07/001.html", "2019-05-07"),
    ("http://news.example.cn/page/2019/0507/123.shtml", "2019-05-07"),
    ("http://news.example.cn/a/2019/05/07/x.html", "2019-05-07"),
    ("http://news.example.cn/zx/201905/t20190507_123.htm", "2019-05-07"),
    ("http://paper.example.cn/p/a.aspx?id=1&time=2019-05-07", "2019-05-07"),
    ("http://www.example.com/Html/2019-5-7/2019571234.html", "2019-05-07"),
    ("http://www.example.gov.cn/html/2016/xw_0507/1.html", "2016"),
    ("http://m.example.cn/article/201905/2019050712345678.html", "2019"),
    ("http://m.example.cn/xinwen/20190507123456789.html", "2019"),
    ("http://m.example.cn/xinwen/20190507993456789.html", None),  # no hour 99: not a time
    ("http://www.example.gov.cn/html/news/1.html", None),
])
def test_the_address_gives_the_date(source: str, date: str | None) -> None:
    assert _date(f"# source: {source}\n# title: 产业带动增收\n{BODY}\n") == date


@pytest.mark.parametrize("line", ["2016-05-07 10:20:30 来源:某县", "2016/5/7", "2016年5月7日"])
def test_a_bare_date_line_gives_the_day(line: str) -> None:
    text = (f"# source: http://www.example.gov.cn/html/2015/1.html\n# title: 产业带动增收\n"
            f"{line}\n{BODY}\n")
    assert _date(text) == "2016-05-07"


def test_a_dateline_in_the_lead_takes_the_year_of_the_address() -> None:
    text = ("# source: http://news.example.cn/zx/201908/t20190806_1.htm\n"
            f"某某网某市3月12日讯（记者 张三）{BODY}\n")
    assert _date(text) == "2019-03-12"


def test_an_impossible_day_leaves_the_year_folder() -> None:
    assert _date(f"# source: http://news.example.cn/a/2019/13/45/x.html\n{BODY}\n") == "2019"


@pytest.mark.parametrize(("text", "number", "year", "month", "period"), [
    ("上月底，她养的6头猪全部售出", "6", 2021, 1, "2020-12"),
    ("上个月新建大棚12座", "12", 2021, 6, "2021-05"),
    ("上个月新建大棚12座", "12", 2021, None, "2021"),
    ("今年4 月份，合作社卖出药材3吨", "3", 2021, None, "2021-04"),
    ("今年3月，合作社卖出药材3吨", "3吨", 2021, None, "2021-03"),
    ("2019 年11 月成立合作社，吸纳社员40户", "40", None, None, "2019-11"),
    ("去年全村脱贫20户", "20", 2018, 1, "2017"),
])
def test_periods_relative_to_the_publication(text: str, number: str, year: int | None,
                                             month: int | None, period: str) -> None:
    assert period_at(text, text.index(number), year, month).period == period
