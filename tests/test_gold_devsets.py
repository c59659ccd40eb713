"""The dev sets' golds (facts only, no article text) are well-formed and match the table of
tests/gold/README.md, so that `kg eval` can score them from a scratch folder of the articles;
these checks need only the CSVs."""

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


# Rows per article of each committed dev set, as the table of tests/gold/README.md gives them.
ROWS_PER_ARTICLE = {
    "observations-devset2.csv": ({
        "huizexian-yidi-banqian-jie-pinkun-nanti": 23,
        "woxian-fazhan-chanye-zhulao-tuopin-genji": 9,
        "riqian-shanxi-ranqi-jituan-nengchan": 9,
        "shangjie-yiban": 25,
        "1-yue-13-ri-dishiqijie": 9,
    }, "75 (23 + 9 + 9 + 25 + 9)"),
    "observations-devset5.csv": ({
        "茶葉興鎮助脫貧": 9, "特色马铃薯产业助脱贫": 22, "阳光扶贫照亮贫困户稳定脱贫路": 14,
        "象州訊": 9, "扎赉特旗精准扶贫见闻": 12,
    }, "66 (9 + 22 + 14 + 9 + 12)"),
    "observations-devset6.csv": ({
        "中國消費者報報道": 16, "浙江在线10月17日讯": 14, "牧民增收笑开颜": 13,
        "帮扶贫困山区开发特色产业": 10, "产业多元致富快": 7,
    }, "60 (16 + 14 + 13 + 10 + 7)"),
    "observations-devset7.csv": ({
        "产业带动8511人脱贫": 12, "自2015年被商務部確定為第二批": 15, "田東縣扶貧生態移民搬遷": 8,
        "大田县吴山镇在光伏扶贫产业园": 12, "西疇縣從嚴從實從細": 10,
    }, "57 (12 + 15 + 8 + 12 + 10)"),
}


@pytest.mark.parametrize("name", sorted(ROWS_PER_ARTICLE))
def test_devset_counts_match_the_readme_table(name: str) -> None:
    counts, in_readme = ROWS_PER_ARTICLE[name]
    rows = parse_gold((GOLD / name).read_text(encoding="utf-8"), name)
    assert Counter(r.article for r in rows) == counts
    assert in_readme in (GOLD / "README.md").read_text(encoding="utf-8")
