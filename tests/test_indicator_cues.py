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
        # money per unit of a product is its price; an income per household or mu its average
        (None, "yuan", "按照每公斤", None, "market-price"),
        (None, "yuan", "每公斤苹果种苗", None, "market-price"),
        ("subsidy", "yuan", "每公斤补贴", None, "subsidy"),
        ("income", "yuan", "户均纯收入", None, "average-income-per-household"),
        ("income", "yuan", "每个农户年纯收益", None, "average-income-per-household"),
        ("income", "yuan", "亩纯收入", None, "average-income-per-mu"),
        ("income", "yuan", "种植300亩，年收入", None, "income"),
        ("funds", "yuan", "户均补助资金", None, "funds"),
        # the register's stock of poor households and people
        (None, "household", "全村共有贫困户", None, "poverty-population"),
        (None, "person", "全村共有贫困户86户近", None, "poverty-population"),
        (None, "person", "贫困人口由2013年的", None, "poverty-population"),
        (None, "household", "带动贫困户", None, None),
        (None, "person", "贫困户从", None, "poverty-population"),
        (None, "person", "贫困户从2016年的12450人减少到2019年底的", None, "persons-not-lifted"),
        (None, "household", "贫困户由1.2万户下降到", None, "households-not-lifted"),
        # a part of a whole stated with 占, with or without 的
        (None, "percent", "工资性收入占农户总收入", None, "share"),
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


@pytest.mark.parametrize(
    ("indicator", "unit", "before", "after", "stated", "expected"),
    [
        # 块 that the measure reads as a count of plots
        (None, "item", "在", "坝地上修梯田", "3块", "plots-of-land"),
        (None, "item", "建成", "大棚", "3个", None),
        # a household's size
        (None, "person", "他家", "", "5口人", "population"),
        (None, "person", "他家", "", "5人", None),
        # a head count no word names is the stock raised; 卖掉 makes it sold
        (None, "head", "如今他有", "羊", "30只", "livestock-capacity"),
        (None, "head", "年底准备卖掉", "羊", "8只", "livestock-sold"),
        # an orchard or a crop field next to the area: a planted area
        ("land-area", "mu", "村里建成果园", "", "80亩", "planted-area"),
        ("land-reclaimed", "mu", "建成", "玉米地", "60亩", "planted-area"),
        ("land-area", "mu", "果园面积累计达到", "", "9万亩", "planted-area"),
        ("land-area", "mu", "院子足有", "地", "1亩", "land-area"),
        # a share of a group or a whole
        (None, "percent", "种植花椒的农户达", "", "40%", "share"),
        (None, "percent", "占到农户人均收入的", "", "60%", "share"),
        (None, "percent", "", "的农户与合作社签了合同", "80%", "coverage-rate"),
        (None, "percent", "增长了", "", "8%", None),
        # a verb of reaching before the registered households counted
        ("poverty-population", "household", "带动全村建档立卡贫困户", "", "35户",
         "beneficiaries"),
        ("poverty-population", "household", "全村有建档立卡贫困户", "", "35户",
         "poverty-population"),
    ],
)
def test_cues_of_the_stated_form_and_its_neighbours(indicator: str | None, unit: str,
                                                     before: str, after: str, stated: str,
                                                     expected: str | None) -> None:
    """Invented phrases."""
    assert refine_indicator(indicator, unit, before, None, phrase_before=before,
                            clause_after=after, phrase_after=after, stated=stated) == expected


@pytest.mark.parametrize(("after", "expected"), [
    ("用于公益金", "share"), ("用于村里的道路维修", "share"), ("的贫困户", "coverage-rate"),
    ("左右", None),
])
def test_a_percent_set_aside_for_a_use_is_a_share(after: str, expected: str | None) -> None:
    """合作社利润的5%用于公益金: the part of a whole given to a use."""
    assert refine_indicator(None, "percent", "合作社盈利的", None, "", after) == expected
