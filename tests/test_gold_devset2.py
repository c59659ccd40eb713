"""The second dev set's gold (facts only, no article text) is well-formed, so that `kg eval`
can score it from a scratch folder of the articles; these checks need only the CSV."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from kg.evaluate import parse_gold
from kg.extract.units import HEAD_UNIT, UNITS

GOLD = Path(__file__).parent / "gold"
KNOWN_UNITS = set(UNITS) | set(HEAD_UNIT.values()) | {"CNY"}
# A year or a month, optionally a span to another: 2018, 2019-12, 2018-2020.
PERIOD = re.compile(r"(\d{4}(-\d{2})?(-\d{4}(-\d{2})?)?)?")


@pytest.mark.parametrize("name", [f"observations-devset{n}.csv" for n in ("", 2, 3, 4, 5, 6, 7)])
def test_devset_gold_rows_are_well_formed(name: str) -> None:
    rows = parse_gold((GOLD / name).read_text(encoding="utf-8"), name)
    for row in rows:
        where = f"{name}:{row.line} {row.raw}"
        assert row.quote == "", f"{where}: a devset quote would commit third-party text"
        assert row.unit in KNOWN_UNITS, f"{where}: unknown unit {row.unit}"
        assert row.indicator_en and row.place, f"{where}: indicator and place are required"
        assert PERIOD.fullmatch(row.time), f"{where}: period {row.time!r}"
        if row.approx == "at_least":
            assert (row.lower, row.upper) == (row.value, None), where
        elif row.approx == "at_most":
            assert (row.lower, row.upper) == (None, row.value), where
        elif row.approx == "range":
            assert row.lower == row.value and row.upper is not None, where
        else:
            assert row.approx in {"exact", "approx"}, where
            assert (row.lower, row.upper) == (None, None), where


def test_second_devset_counts_match_its_readme_table() -> None:
    rows = parse_gold((GOLD / "observations-devset2.csv").read_text(encoding="utf-8"), "g")
    assert Counter(r.article for r in rows) == {
        "huizexian-yidi-banqian-jie-pinkun-nanti": 23,
        "woxian-fazhan-chanye-zhulao-tuopin-genji": 9,
        "riqian-shanxi-ranqi-jituan-nengchan": 9,
        "shangjie-yiban": 25,
        "1-yue-13-ri-dishiqijie": 9,
    }
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    assert "75 (23 + 9 + 9 + 25 + 9)" in readme


def test_fifth_devset_counts_match_its_readme_table() -> None:
    rows = parse_gold((GOLD / "observations-devset5.csv").read_text(encoding="utf-8"), "g")
    assert Counter(r.article for r in rows) == {
        "茶葉興鎮助脫貧": 9, "特色马铃薯产业助脱贫": 22, "阳光扶贫照亮贫困户稳定脱贫路": 14,
        "象州訊": 9, "扎赉特旗精准扶贫见闻": 12,
    }
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    assert "66 (9 + 22 + 14 + 9 + 12)" in readme


def test_sixth_devset_counts_match_its_readme_table() -> None:
    rows = parse_gold((GOLD / "observations-devset6.csv").read_text(encoding="utf-8"), "g")
    assert Counter(r.article for r in rows) == {
        "中國消費者報報道": 16, "浙江在线10月17日讯": 14, "牧民增收笑开颜": 13,
        "帮扶贫困山区开发特色产业": 10, "产业多元致富快": 7,
    }
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    assert "60 (16 + 14 + 13 + 10 + 7)" in readme


def test_seventh_devset_counts_match_its_readme_table() -> None:
    rows = parse_gold((GOLD / "observations-devset7.csv").read_text(encoding="utf-8"), "g")
    assert Counter(r.article for r in rows) == {
        "产业带动8511人脱贫": 12, "自2015年被商務部確定為第二批": 15, "田東縣扶貧生態移民搬遷": 8,
        "大田县吴山镇在光伏扶贫产业园": 12, "西疇縣從嚴從實從細": 10,
    }
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    assert "57 (12 + 15 + 8 + 12 + 10)" in readme
