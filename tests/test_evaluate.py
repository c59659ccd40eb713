"""`kg eval` reads every gold file in its documented format and scores the fields of #14."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.evaluate import GOLD_COLUMNS, _period, _same_name, _same_place, parse_gold

ARTICLE = """# title: 【决战决胜】某县：产业 扶贫 见成效
# source: https://example.org/a.html
2020年，某县投入资金500-800万元，建设大棚12座。
"""
HEADER = ",".join((*GOLD_COLUMNS, "place"))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_range_row_may_leave_value_empty() -> None:
    rows = parse_gold(f"{HEADER}\na,500-800万元,,5000000,8000000,range,CNY,funds,,2020,,\n",
                      "g.csv")
    assert rows[0].value == Decimal(5000000) and rows[0].upper == Decimal(8000000)


@pytest.mark.parametrize("line", ["a,12座,,,,exact,item,,,2020,,",
                                  "a,500-800万元,,,8000000,range,CNY,,,2020,,"])
def test_an_empty_value_is_an_error_outside_ranges(line: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_gold(f"{HEADER}\n{line}\n", "g.csv")
    assert "g.csv" in str(exc.value) and "2" in str(exc.value)


def test_cli_scores_a_gold_that_names_the_article_by_a_headline_phrase(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold.csv"
    # The phrase is given without the space and bracket of the printed headline.
    gold.write_text(f"{HEADER}\n"
                    "产业扶贫,500-800万元,,5000000,8000000,range,CNY,,,2020,,某县\n"
                    "产业扶贫,12座,12,,,exact,building,,,2020,,\n", encoding="utf-8")
    code, out, err = _run("eval", "--gold", str(gold), "--corpus", str(corpus),
                          "--no-curation")
    assert code == 0, out + err
    assert "gold 2, predicted 2, matched 2" in out
    assert "period agrees            1.000 (2 of 2)" in out


def test_cli_says_when_a_headline_phrase_is_in_no_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold.csv"
    gold.write_text(f"{HEADER}\n不存在的标题,12座,12,,,exact,item,,,2020,,\n", encoding="utf-8")
    code, _, err = _run("eval", "--gold", str(gold), "--corpus", str(corpus), "--no-curation")
    assert code == 2 and "不存在的标题" in err and "gold.csv" in err


@pytest.mark.parametrize(("predicted", "gold", "same"), [
    ("2019", "2019-12", True), ("2016/2020", "2016-2020", True), ("", "", True),
    ("2020", "", False), ("2018", "2018-2020", False), ("2020-08-24", "2020", True)])
def test_periods_agree_by_year(predicted: str, gold: str, same: bool) -> None:
    assert (_period(predicted) == _period(gold)) is same


def test_names_and_places_match_up_to_a_modifier_or_level_suffix() -> None:
    assert _same_name("贫困户", "建档立卡贫困户")
    assert not _same_name("县", "某县") and not _same_name("", "某县")
    assert _same_name("贫困户", "建檔立卡貧困戶") and not _same_name("貧困村", "贫困户")
    assert _same_place("place/fuping-xian", "阜平", {"place/fuping-xian": {"阜平县"}})
    assert _same_place("place/xinjiang", "新疆", {"place/xinjiang": {"新疆维吾尔自治区"}})
    assert not _same_place("place/wuwei-shi", "阜平县", {"place/wuwei-shi": {"武威市"}})
    assert not _same_place("", "阜平县", None)
