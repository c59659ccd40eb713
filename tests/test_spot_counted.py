"""The thing a figure counts, spotted before its number. Phrases are invented."""

from __future__ import annotations

import pytest

from kg.entities.spot_counted import counted


def _labels(text: str) -> list[str]:
    return [e.label_zh for e in counted(text)]


@pytest.mark.parametrize(("text", "labels"), [
    ("在安置点种植花椒800亩，魔芋300亩。", ["花椒", "魔芋"]),
    ("发展肉牛养殖600头", ["肉牛"]),
    ("新修通组公路12条", ["通组公路"]),
    ("新增猕猴桃面积500亩", ["猕猴桃"]),
    ("全县发展苹果、梨等果园1.2万亩", ["果园"]),
    ("其中山地茶园400亩", ["山地茶园"]),
    ("销售蜂蜜3.5 吨", ["蜂蜜"]),
    ("年出栏土鸡5万只", ["土鸡"]),
    ("网络零售交易额2.3亿元", ["网络零售交易额"]),
    ("培育电商服务站点45家", ["电商服务站点"]),
    ("该村拥有茶园300亩", ["茶园"]),  # what a place has
    ("全县新植核桃500亩", ["核桃"]),
    ("建成乡村旅游示范村8个", ["乡村旅游示范村"]),  # a kind of village, not a village
    ("新建标准化养殖场(小区)20个", ["标准化养殖场"]),  # 养殖 inside a noun; the gloss skipped
    ("养牛120头，养羊300只", ["牛", "羊"]),  # a one-character animal after 养
    ("他养了14只羊", ["羊"]),
])
def test_the_noun_before_the_number(text: str, labels: list[str]) -> None:
    assert _labels(text) == labels


@pytest.mark.parametrize(("text", "labels"), [
    ("为农户配发了50台旋耕机、2000张防虫网", ["旋耕机", "防虫网"]),
    ("他家如今养了30只鸽子", ["鸽子"]),
    ("村里新添了20头肉牛和5台机器", ["肉牛", "机器"]),
    ("带动贫困户300户", []),  # a group: no classifier of things
    ("全村有12个大棚", []),  # 个 counts anything
    # …but a compound of nouns after 个/家 names a kind of facility
    ("建成了36个乡镇电商服务站、120家农村网点", ["乡镇电商服务站", "农村网点"]),
    ("组建了9个生态养殖合作社", []),  # not the kind of a cooperative, cut off
    ("他有14只羊", ["羊"]),  # an animal may have a one-character name
    ("建了3座房", []),  # other things may not
])
def test_the_noun_after_a_count_of_pieces(text: str, labels: list[str]) -> None:
    assert _labels(text) == labels


def test_kinds_of_organisation_counted_and_things_bought() -> None:
    text = "全县培育发展农业龙头企业35家，村里购置化肥20吨。"
    found = {(e.type, e.label_zh) for e in counted(text)}
    assert found == {("Organisation", "农业龙头企业"), ("Project", "化肥")}


@pytest.mark.parametrize("text", [
    "带动贫困户300户",  # a group, not a thing
    "全县种植面积5万亩",  # a level word
    "户均增收3000元",  # a rate
    "投入资金500万元",  # money is not a thing counted
    "张家村2600人",  # people
    "召开会议12次",  # not a unit of things
    "通过合作社带动养殖600头",  # a preposition
    "成立合作社20个",  # an organisation, spotted as one elsewhere
    "年产值5000万元",  # what is measured
])
def test_no_thing_is_spotted(text: str) -> None:
    assert _labels(text) == []


def test_a_traditional_page_keeps_its_own_characters() -> None:
    (e,) = counted("銷售蜂蜜3.5 噸")
    assert e.label_zh == "蜂蜜" and e.type == "Project"
