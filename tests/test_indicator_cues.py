"""The cue words that turn a label's indicator into the one the clause states."""

from __future__ import annotations

import pytest

from kg.extract.indicator_cues import refine_indicator


@pytest.mark.parametrize(
    ("indicator", "unit", "before", "place_gap", "expected"),
    [
        # a verb of spending: the money is an investment
        ("funds", "yuan", "全县在种植产业上投入扶贫资金", None, "investment"),
        ("funds", "yuan", "县财政安排扶贫资金", None, "funds"),
        # a comparison: the figure is the rise of an income
        ("village-collective-income", "yuan", "比上年增加", None, "income-increase"),
        ("per-capita-disposable-income", "yuan", "较2015年增长了", None, "income-increase"),
        ("village-collective-income", "yuan", "村集体经济收入达到", None,
         "village-collective-income"),
        ("output-value", "yuan", "比上年增加", None, "output-value"),
        # a place's name right before a head-count: its population
        (None, "person", "张家村", "", "population"),
        (None, "household", "全镇共有", "共有", "population"),
        (None, "person", "张家村组织", "组织", None),
        (None, "person", "组织", None, None),
        ("employed-persons", "person", "张家村", "", "employed-persons"),
    ],
)
def test_refine_indicator(indicator: str | None, unit: str, before: str,
                          place_gap: str | None, expected: str | None) -> None:
    assert refine_indicator(indicator, unit, before, place_gap) == expected
