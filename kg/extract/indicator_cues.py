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
_SOLD = re.compile(r"出栏|卖掉|卖出|出售|售出")
# 发放富民农户贷、生产贷N元: a named loan product (…贷) is a loan.
_LOAN = re.compile(r"贷(?!款)|贷款")
# 24个贫困村摘帽 / N个村出列: the villages left the list.
_EXITED = re.compile(r"^[^，,。；;]{0,8}?(?:摘帽|出列|退出)")
# 3个乡镇和13个贫困村从贫困线上出列: a township count waits longer for its verb.
_TOWNSHIPS_EXITED = re.compile(r"^[^，,。；;]{0,20}?(?:摘帽|出列|退出)")
# 全县有贫困村33个 / 全县165个重点扶贫村: the register's stock of poor villages, stated with
# a word of having (or the whole county) and no verb of reaching them.
_POOR_VILLAGE = r"(?:贫困村|扶贫村)"
_STOCK_BEFORE = re.compile(rf"(?:有|拥有|共有|全县|全市|全区)[^，,。；;]{{0,8}}?{_POOR_VILLAGE}$")
_STOCK_WORD = re.compile(r"(?:有|拥有|共有|全县|全市|全区)$")
_STOCK_AFTER = re.compile(rf"^个?[^，,。；;个]{{0,6}}?{_POOR_VILLAGE}")
# 全村共有贫困户86户近200人 / 贫困人口由2013年的3.2万人…: the register's stock of poor
# households and people, stated with a word of having or as the start of a change.
_POOR_STOCK = re.compile(r"(?:(?:有|共有|现有)(?:建档立卡)?(?:贫困户|贫困人口)(?:[\d.万]+户)?近?"
                         r"|(?:贫困户|贫困人口)(?:由|从)[^，,。；;]{0,8}?)$")
# 贫困户从12450人减少到980人: what the register falls to is those not yet lifted out.
_POOR_LEFT = re.compile(r"(?:贫困户|贫困人口)(?:由|从)[^，,。；;]{0,14}?(?:减少|下降|降)(?:到|至)"
                        r"[^，,。；;]{0,8}?$")
# 利润的5%用于公益金: the part of a whole set aside for a use.
_SET_ASIDE = re.compile(r"^(?:用于|用来|用作|分给|归)")
# 可带动6000人就业: the jobs a workshop is expected to give, not people already reached.
_CAPACITY_BEFORE = re.compile(r"(?:可|能|将)(?:带动|吸纳|解决)$")
_REACH = re.compile(r"覆盖|带动|帮扶|开展|惠及|辐射|实施|对接|结对|选派|派驻|帮助")
# 使项目全部覆盖了N户M人 / 像他一样脱贫的还有N户: households and people reached or lifted.
_REACHED = re.compile(r"(?:覆盖|惠及)了?(?:[\d.万]+户)?$|脱贫的(?:还)?有$")


# 合作社带动当地建档立卡贫困户N户: a verb of reaching before the group the count names.
_REACH_GROUP = re.compile(r"(?:带动|惠及|覆盖|辐射|帮扶|帮助)[^，,。；;]{0,6}?"
                          r"(?:建档立卡)?(?:贫困户|贫困人口|贫困群众)[^，,。；;]{0,12}$")


# 使8个贫困村、98户238人直接受益: counts of a list that a benefit verb closes are beneficiaries.
_BENEFIT = re.compile(r"(?:直接|间接)?(?:受益|受惠)[^，,。；;]{0,2}$")
_COUNTS = frozenset({"village", "household", "person"})
# 新增茶叶面积1100亩: the area of a crop is a planted area; 耕地面积, 土地面积, 总面积 and the
# area of a farm or a pond (养殖面积) are not.
_AREA_OF = re.compile(r"(?P<what>[\u4e00-\u9fff]{2})面积(?:累计|共计|总计)?(?:达到|达|为|共|约)?$")
# 建成果园100亩 / 1000多亩果园 / 200亩玉米地: an orchard, garden or crop field next to the
# area makes it a planted area.
_GROWN_BEFORE = re.compile(r"(?:[果茶菜桑药花]园|果林|苗圃)(?:面积)?(?:约|达到?|共|有)?$")
_GROWN_AFTER = re.compile(r"^(?:的)?(?:[果茶菜桑药花]园|果林|苗圃|(?:玉米|小麦|水稻|蔬菜|洋芋"
                          r"|马铃薯|土豆|烤烟|花椒|辣椒|油菜)(?:地|田))")
# 发展苹果产业的贫困户达50%以上 / 占到人均纯收入的68%: a part of a group or of a whole.
_SHARE_BEFORE = re.compile(r"(?:户|人|群众|农户|村)(?:达到?|为|占)$|占到?[^，,。；;]{0,16}?的?$")
# 每公斤苹果8元 / 每斤红枣6元: money per unit of a product is its price.
_PER_QUANTITY = re.compile(r"每(?:公斤|千克|斤|吨|头|只|株|棵)[^，,。；;]{0,6}?$")
# 户均年收入4.5万元 / 每个农户年收益2000元 / 亩均收入1500元: an income per household or
# per mu is that average.
_INCOME_WORD = r"(?:收入|收益)[^，,。；;]{0,2}$"
_PER_HOUSEHOLD = re.compile(r"(?:户均|每户|每个[^，,。；;]{0,3}户)[^，,。；;]{0,8}?" + _INCOME_WORD)
_PER_MU = re.compile(r"(?:亩均|每亩|(?<![\d万千百])亩)[^，,。；;]{0,4}?" + _INCOME_WORD)
# 90%的贫困户与企业建立联结: the share of a group a measure reaches.
_COVERED_AFTER = re.compile(
    r"^的(?:建档立卡)?(?:贫困户|贫困人口|贫困群众|农户|群众|村民|贫困村|村)")
_LAND_WORD = re.compile(
    r"土地|耕地|林地|草地|国土|水田|旱地|农田|总|养殖|建筑|覆盖|经营|流转|种植|占地")


def refine_indicator(indicator: str | None, unit: str, clause_before: str,
                     place_just_before: str | None, phrase_before: str = "",
                     clause_after: str = "", phrase_after: str = "",
                     stated: str = "") -> str | None:
    """The indicator of a figure once its clause's cue words are read.

    ``clause_before`` is the clause up to the number; ``place_just_before`` the text between
    the place named last before the number and the number, or None when no place is named in
    the clause before it; ``phrase_before`` the clause up to the number with the items of a
    list before it (a 、 does not end it); ``clause_after`` the clause after the number and
    ``phrase_after`` the same with the list items after it; ``stated`` the figure as
    printed (4块, 4口人)."""
    if unit == "item" and stated.endswith("块"):
        return "plots-of-land"  # 4块坝地: the measure reads such a 块 as a count of plots
    if unit == "person" and stated.endswith("口人") and indicator is None:
        return "population"  # 他家4口人: the size of a household
    if unit in _COUNTS and _BENEFIT.search(phrase_after):
        return "beneficiaries"
    if indicator == "land-area" and (m := _AREA_OF.search(clause_before)) and not (
            _LAND_WORD.search(m.group("what"))):
        return "planted-area"
    if unit == "head" and _SOLD.search(phrase_before or clause_before):
        return "livestock-sold"
    if indicator in ("land-area", "land-reclaimed", None) and unit in ("mu", "hectare") and (
            _GROWN_BEFORE.search(clause_before) or _GROWN_AFTER.match(clause_after)):
        return "planted-area"
    if unit == "village" and _EXITED.search(clause_after):
        return "villages-exited"
    if unit == "township" and _TOWNSHIPS_EXITED.search(clause_after):
        return "townships-exited"
    if unit == "village" and indicator in (None, "villages-covered") and not _REACH.search(
            clause_before) and (_STOCK_BEFORE.search(clause_before) or (
                _STOCK_WORD.search(clause_before) and _STOCK_AFTER.match(clause_after))):
        return "registered-poor-villages"
    if unit == "person" and _CAPACITY_BEFORE.search(clause_before) and clause_after.startswith(
            "就业"):
        return "employment-capacity"
    if unit in ("household", "person") and _REACHED.search(phrase_before or clause_before):
        return "beneficiaries"
    if unit in ("household", "person") and indicator == "poverty-population" and (
            _REACH_GROUP.search(phrase_before or clause_before)):
        return "beneficiaries"  # 带动建档立卡贫困户274户: the poor households reached
    if unit == "yuan":
        if indicator in (None, "funds") and _LOAN.search(phrase_before or clause_before):
            return "loans"
        if indicator == "funds" and _SPEND.search(clause_before):
            return "investment"
        if indicator in _INCOME_FAMILY and _COMPARED.search(clause_before):
            return "income-increase"
        if indicator in ("income", "average-income") and _PER_HOUSEHOLD.search(clause_before):
            return "average-income-per-household"
        if indicator in ("income", "average-income") and _PER_MU.search(clause_before):
            return "average-income-per-mu"
        if indicator in (None, "output-value") and _PER_QUANTITY.search(clause_before):
            return "market-price"
    if indicator is None and unit in ("person", "household") and _POOR_LEFT.search(
            clause_before):
        return "persons-not-lifted" if unit == "person" else "households-not-lifted"
    if indicator is None and unit in ("person", "household") and _POOR_STOCK.search(
            clause_before):
        return "poverty-population"
    if (indicator is None and unit in ("person", "household") and place_just_before is not None
            and _HEAD_COUNT_GAP.match(place_just_before)):
        return "population"
    if indicator is None and unit == "percent" and (_SHARE_BEFORE.search(clause_before)
                                                    or _SET_ASIDE.match(clause_after)):
        return "share"
    if indicator is None and unit == "percent" and _COVERED_AFTER.match(clause_after):
        return "coverage-rate"
    if indicator is None and unit == "head":
        return "livestock-capacity"  # 他有14只羊: a head count no other word names is a stock
    if indicator is None and unit in ("mu", "hectare"):
        return "land-area"  # 拥有宜蚕柞坡150万亩: an area no other word names
    if indicator is None and unit in ("village", "township"):
        # A count of villages or townships with no other word is of those a measure reaches.
        return "villages-covered" if unit == "village" else "townships-covered"
    return indicator
