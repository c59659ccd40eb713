"""Quantities read in context: a space between number and unit, numerals inside place names,
size epithets (万亩茶园) and counted nouns after 个. Every phrase here is invented."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.placenames import numeral_place_spans
from kg.extract.quantity import Approx, TokenKind, find_number_tokens, find_quantities


def _read(text: str) -> list[tuple[str, Decimal, str]]:
    return [(q.stated, q.value, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("合作社吸纳村民45 人务工", [("45 人", Decimal(45), "person")]),
    ("合作社吸纳村民45\u3000人务工", [("45\u3000人", Decimal(45), "person")]),
    ("年收益达12 万元", [("12 万元", Decimal(120000), "yuan")]),
    ("年收益達12 萬元", [("12 萬元", Decimal(120000), "yuan")]),
    ("卖出药材3.5 吨", [("3.5 吨", Decimal("3.5"), "tonne")]),
    ("使6 个村受益", [("6 个村", Decimal(6), "village")]),
])
def test_one_space_between_number_and_unit(text: str, expected: list[object]) -> None:
    assert _read(text) == expected


def test_a_spaced_year_and_month_are_a_date_not_figures() -> None:
    kinds = {t.text: t.kind for t in find_number_tokens("合作社于2017 年9 月成立")}
    assert kinds == {"2017": TokenKind.DATE, "9": TokenKind.DATE}


def test_two_spaces_do_not_join_a_number_to_a_word() -> None:
    assert _read("编号12  人员名单") == []


@pytest.mark.parametrize("text", [
    "五台县的合作社种了药材",
    "来自三门峡的客商收购苹果",
    "六盘水市一家企业",
    "五台县东部山区，五台的药材远近闻名",
])
def test_a_numeral_inside_a_place_name_is_no_number(text: str) -> None:
    assert find_quantities(text) == []
    assert any(t.kind is TokenKind.NAME and "place name" in t.reason
               for t in find_number_tokens(text))


def test_a_two_character_short_form_alone_stays_a_number() -> None:
    # 三台 is also a county's short form, but without 三台县 in the text it counts machines.
    assert _read("村里新买了三台拖拉机") == [("三台", Decimal(3), "machine")]


def test_place_spans_prefer_the_full_name() -> None:
    spans = numeral_place_spans("五台县")
    assert spans[0] == (0, 3, "五台县")


@pytest.mark.parametrize("text", ["规划建设万亩茶园", "打造千亩果蔬基地"])
def test_a_bare_round_size_before_a_noun_is_an_epithet(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(("text", "value", "approx"), [
    ("全村种植茶叶万亩。", Decimal(10000), Approx.EXACT),
    ("流转上万亩土地", Decimal(10000), Approx.AT_LEAST),
    ("新建1万亩茶园", Decimal(10000), Approx.EXACT),
])
def test_a_size_that_counts_stays_a_figure(text: str, value: Decimal, approx: Approx) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.approx) == (value, "mu", approx)


@pytest.mark.parametrize(("text", "unit"), [
    ("帮扶12个省定贫困村", "village"),
    ("带动30个贫困户", "household"),
    ("培训800人(次)", "person_time"),
    ("年加工草绳50万盘", "item"),
    # The noun before a bare count is what it counts,
    ("全镇有市级贫困村12个", "village"),
    ("发展休闲农业专业村9个，", "village"),
    ("全市有贫困乡镇4个和一批合作社", "township"),
    ("帮扶全区40个重点扶贫村", "village"),
    # unless the count names its own noun.
    ("贫困村7个大棚", "item"),
])
def test_counted_units(text: str, unit: str) -> None:
    (q,) = find_quantities(text)
    assert q.unit == unit
