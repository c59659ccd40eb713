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


@pytest.mark.parametrize(
    ("indicator", "unit", "phrase_before", "clause_after", "phrase_after", "expected"),
    [
        # 出栏 governs every item of its list (年出栏肉牛300头、山羊500只)
        ("livestock-capacity", "head", "年出栏肉牛300头、山羊", "", "", "livestock-sold"),
        ("livestock-capacity", "head", "存栏山羊", "", "", "livestock-capacity"),
        # a loan product (…贷) is a loan
        (None, "yuan", "发放创业贷、产业贷", "", "", "loans"),
        ("funds", "yuan", "发放小额贷款", "", "", "loans"),
        (None, "yuan", "发放补助资金", "", "", None),
        # villages that leave the list
        ("villages-covered", "village", "全县", "贫困村出列", "贫困村出列", "villages-exited"),
        ("villages-covered", "village", "帮扶全县", "贫困村", "贫困村", "villages-covered"),
        ("townships-covered", "township", "全县", "乡镇和5个村从贫困线上出列", "",
         "townships-exited"),
        # the register's stock of poor villages, with no verb of reaching them
        ("villages-covered", "village", "全市有省级贫困村", "", "", "registered-poor-villages"),
        (None, "village", "全县", "个重点扶贫村", "", "registered-poor-villages"),
        ("villages-covered", "village", "在全县", "个行政村开展帮扶", "", "villages-covered"),
        (None, "village", "发展旅游专业村", "", "", "villages-covered"),
        (None, "township", "在", "个乡实施试点", "", "townships-covered"),
        # households and people a project covers, or lifted out of poverty like the one named
        (None, "household", "使项目全部覆盖了", "", "", "beneficiaries"),
        (None, "person", "使项目全部覆盖了1200户", "", "", "beneficiaries"),
        (None, "household", "像他一样脱贫的还有", "", "", "beneficiaries"),
        (None, "household", "他家有", "", "", None),
        # the jobs a workshop is expected to give
        ("beneficiaries", "person", "可带动", "就业", "", "employment-capacity"),
        ("beneficiaries", "person", "已带动", "就业", "", "beneficiaries"),
        # an area no word names is a land area
        (None, "mu", "拥有坡地", "", "", "land-area"),
        # a benefit verb closing the list of counts
        ("villages-covered", "village", "使", "贫困村", "贫困村、40户120人受益",
         "beneficiaries"),
        (None, "person", "使", "", "直接受益", "beneficiaries"),
        (None, "person", "使", "", "受益于合作社的分红制度", None),
    ],
)
def test_list_cues(indicator: str | None, unit: str, phrase_before: str, clause_after: str,
                   phrase_after: str, expected: str | None) -> None:
    clause_before = phrase_before.rsplit("、", 1)[-1]
    assert refine_indicator(indicator, unit, clause_before, None, phrase_before=phrase_before,
                            clause_after=clause_after, phrase_after=phrase_after) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("新增花椒面积", "planted-area"),
        ("全乡魔芋面积达", "planted-area"),
        ("全村耕地面积", "land-area"),
        ("土地面积达到", "land-area"),
        ("养殖面积", "land-area"),
        ("面积", "land-area"),
    ],
)
def test_the_area_of_a_crop_is_planted(before: str, expected: str) -> None:
    assert refine_indicator("land-area", "mu", before, None) == expected
