"""Cue words of the field that turn the indicator a label suggests into the one the clause
states: a verb of spending makes 资金 an investment, a comparison makes an income its increase,
and a bare place name before a head-count makes it the place's population."""

from __future__ import annotations

import re

# 投入扶贫资金N元 / 投资N元: the money is put into something (an investment), not only held.
_SPEND = re.compile(r"(?:投入|投资|注入|撬动)")
# 比2019年增加N元 / 较上年增长N元 / 同比多N元: the figure is the rise, not the level.
_COMPARED = re.compile(r"(?:比|较|同比)[^，,。；;]{0,12}?(?:增加|增长|提高|多|增)了?$")
_INCOME_FAMILY = frozenset({"income", "average-income", "village-collective-income",
                            "per-capita-disposable-income", "wage-level"})
# 么基村2623人 / 全村共有500户: what may stand between a place's name and its head-count.
_HEAD_COUNT_GAP = re.compile(r"^(?:有|共有|现有|总|常住|户籍)?$")


# 年出栏生猪N头、家禽M只: the verb of a list governs every item after it.
_SOLD = re.compile(r"出栏")
# 发放富民农户贷、生产贷N元: a named loan product (…贷) is a loan.
_LOAN = re.compile(r"贷(?!款)|贷款")
# 24个贫困村摘帽 / N个村出列: the villages left the list.
_EXITED = re.compile(r"^[^，,。；;]{0,8}?(?:摘帽|出列|退出)")


# 使8个贫困村、98户238人直接受益: counts of a list that a benefit verb closes are beneficiaries.
_BENEFIT = re.compile(r"(?:直接|间接)?(?:受益|受惠)[^，,。；;]{0,2}$")
_COUNTS = frozenset({"village", "household", "person"})
# 新增茶叶面积1100亩: the area of a crop is a planted area; 耕地面积, 土地面积, 总面积 and the
# area of a farm or a pond (养殖面积) are not.
_AREA_OF = re.compile(r"(?P<what>[\u4e00-\u9fff]{2})面积(?:达到|达|为|共|约)?$")
_LAND_WORD = re.compile(
    r"土地|耕地|林地|草地|国土|水田|旱地|农田|总|养殖|建筑|覆盖|经营|流转|种植|占地")


def refine_indicator(indicator: str | None, unit: str, clause_before: str,
                     place_just_before: str | None, phrase_before: str = "",
                     clause_after: str = "", phrase_after: str = "") -> str | None:
    """The indicator of a figure once its clause's cue words are read.

    ``clause_before`` is the clause up to the number; ``place_just_before`` the text between
    the place named last before the number and the number, or None when no place is named in
    the clause before it; ``phrase_before`` the clause up to the number with the items of a
    list before it (a 、 does not end it); ``clause_after`` the clause after the number and
    ``phrase_after`` the same with the list items after it."""
    if unit in _COUNTS and _BENEFIT.search(phrase_after):
        return "beneficiaries"
    if indicator == "land-area" and (m := _AREA_OF.search(clause_before)) and not (
            _LAND_WORD.search(m.group("what"))):
        return "planted-area"
    if unit == "head" and _SOLD.search(phrase_before or clause_before):
        return "livestock-sold"
    if unit == "village" and _EXITED.search(clause_after):
        return "villages-exited"
    if unit == "yuan":
        if indicator in (None, "funds") and _LOAN.search(phrase_before or clause_before):
            return "loans"
        if indicator == "funds" and _SPEND.search(clause_before):
            return "investment"
        if indicator in _INCOME_FAMILY and _COMPARED.search(clause_before):
            return "income-increase"
    if (indicator is None and unit in ("person", "household") and place_just_before is not None
            and _HEAD_COUNT_GAP.match(place_just_before)):
        return "population"
    return indicator
