"""Indicators of relocation works, farm output and online sales, as drafts read them with
the vocabulary's labels (ontology/vocab/indicators.ttl). The article is invented."""

from __future__ import annotations

from pathlib import Path

from kg.commands.common import build


def _drafted(folder: Path, article: str) -> dict[str, str | None]:
    """The indicator of every draft figure of ``article``, by its stated form."""
    (folder / "a.txt").write_text(article, encoding="utf-8")
    return {f.stated: f.indicator for f in build(folder, curation=False).result.facts}


ARTICLE = """# title: 某县产业扶贫
某县新建安居房300间、28000平方米，新修村内道路4条16公里，道路硬化5200平方米，铺设饮水管道45公里，新建沼气池120口。
今年举办实用技术培训12期600人次。全县年出栏肉牛3万头、山羊5万只，免费发放旋耕机350台，年加工红薯粉条800吨，年产腊肉50吨，销售核桃260吨。
培育电商经营主体85家，线上交易额2.6亿元，同比增长18.5%。
"""


def test_drafts_name_the_indicators_of_works_output_and_sales(tmp_path: Path) -> None:
    assert _drafted(tmp_path, ARTICLE) == {
        "300间": "facilities", "28000平方米": "floor-area", "4条": "facilities",
        "16公里": "length", "5200平方米": "area-hardened", "45公里": "length",
        "120口": "facilities", "12期": "training-sessions", "600人次": "trainees",
        "3万头": "livestock-sold", "5万只": "livestock-sold",
        "350台": "machines-distributed", "800吨": "processing-capacity",
        "50吨": "output-volume", "260吨": "sales-volume",
        "85家": "organisations", "2.6亿元": "e-commerce-sales", "18.5%": "year-on-year-growth",
    }


FARM_ARTICLE = """# title: 某村庭院养殖
今年，合作社共计分红36.5万元，群众满意度99.2%，漏评率为0.5%。该乡平均每平方公里仅有12.5人。
驻村工作队发放地膜200卷、化肥30吨，在3块坡地上修了水平梯田。市场上核桃的价钱在15元左右。
他家的牛已经养了6个月，他准备再买20只羊，他家生活开支一年要8000元。合作社推广五种经营模式，每户至少有两个主导产业。
"""


def test_drafts_name_the_indicators_of_dividends_rates_inputs_and_households(
        tmp_path: Path) -> None:
    assert _drafted(tmp_path, FARM_ARTICLE) == {
        "36.5万元": "dividends-paid", "99.2%": "satisfaction-rate",
        "0.5%": "identification-error-rates", "12.5人": "population-density",
        "200卷": "farm-inputs-distributed", "30吨": "farm-inputs-distributed",
        "3块": "plots-of-land", "15元左右": "market-price", "6个月": "rearing-period",
        "20只": "livestock-purchased", "8000元": "household-spending",
        "五种": "collective-economy-models", "两个": "industries-per-household",
    }


ENERGY_ARTICLE = """# title: 某村光伏扶贫
# date: 2019-05-07
村里建成屋顶光伏电站120千瓦，全县光伏扶贫电站装机规模达到3.5万千瓦。当地核桃亩产150公斤，
每公斤核桃18元，亩纯收入1500元，户均纯收入3.2万元。
"""


def test_drafts_name_capacity_yields_prices_and_average_incomes(tmp_path: Path) -> None:
    """Power in kilowatts is an installed capacity (the only indicator of the unit); 亩产 is
    an output; money per kilogram a price; income per mu or per household that average."""
    assert _drafted(tmp_path, ENERGY_ARTICLE) == {
        "120千瓦": "installed-capacity", "3.5万千瓦": "installed-capacity",
        "150公斤": "output-volume", "18元": "market-price",
        "1500元": "average-income-per-mu", "3.2万元": "average-income-per-household",
    }
