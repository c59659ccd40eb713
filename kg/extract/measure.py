"""One measurement read at a numeral: its unit, approximation words (余 多 约 近 左右 以上
超过 不到 …), bounds, negation (零下) and rate denominator (人均, 每亩).

See :mod:`kg.extract.quantity` for the decisions a reader should not have to guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kg.extract.numerals import GAP, Numeral, clean_decimal, multiplier_value
from kg.extract.units import (
    FORM_TO_UNIT,
    GE_HEAD,
    HEAD_BEFORE,
    HEAD_UNIT,
    NOUN_UNITS,
    PER_MARKERS,
    PER_RE,
    PHYSICAL,
    TIME_CODES,
    UNIT_RE,
)

__all__ = ["Approx", "Quantity", "measure"]

# A word right after 个 is its own head noun (贫困村33个贫困户 counts households).
_WORD_AFTER = re.compile(r"[\u4e00-\u9fff](?<![和及与])")


class Approx(StrEnum):
    EXACT = "exact"
    ABOUT = "approx"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"



@dataclass(frozen=True)
class Quantity:
    """One measurement: number, unit and approximation words, with offsets into the input."""

    start: int
    end: int
    stated: str
    value: Decimal
    lower: Decimal | None
    upper: Decimal | None
    approx: Approx
    unit: str
    multiplier: str
    number_text: str
    per: str | None
    # "age", "temperature" or "exam-score": a figure about a person or the weather, not about
    # a programme (its indicator is the attribute, its subject the person or the place).
    attribute: str | None = None



_CLAUSE_BREAK = re.compile(r"[。；;！？!?，,：:\n]")

_PRE_APPROX: dict[str, Approx] = {
    **dict.fromkeys(("超过", "逾", "多于", "大于", "高于", "不少于", "不低于", "至少",
                     "最少", "起码", "达到了逾", "突破", "突破了"), Approx.AT_LEAST),
    **dict.fromkeys(("最高不超过", "最高不高于", "最多不超过", "不超过", "不高于", "不到",
                     "不足", "低于", "少于", "小于", "将近", "接近", "近", "最高", "最多",
                     "至多"), Approx.AT_MOST),
    **dict.fromkeys(("约", "大约", "大概", "约为", "大致", "近似"), Approx.ABOUT),
}
_PRE_RE = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, _PRE_APPROX), key=len, reverse=True)) + ")$"
)
_NOT_APPROX_BEFORE = {"近": "最附就邻靠亲接将", "最高": "", "约": "节制契预公大"}
_POST_APPROX: dict[str, Approx] = {
    "以上": Approx.AT_LEAST, "之多": Approx.AT_LEAST, "有余": Approx.AT_LEAST,
    "多": Approx.AT_LEAST, "余": Approx.AT_LEAST,
    "以下": Approx.AT_MOST, "以内": Approx.AT_MOST,
    "左右": Approx.ABOUT, "上下": Approx.ABOUT, "前后": Approx.ABOUT,
}
_POST_RE = re.compile(
    r"以上|之多|有余|以下|以内|左右|上下|前后|多(?![^\W\d_的了时])|余(?![^\W\d_的了时])"
)
_EXAM = re.compile(r"考|成绩|分数|得分|总分")
_INNER = {"余": Approx.AT_LEAST, "多": Approx.AT_LEAST, "来": Approx.ABOUT,
          "把": Approx.ABOUT}  # 万把块: about ten thousand



# A land noun right after 块 (4块坝地, 两块水浇田) or closing the words before it (菜地3块):
# 块 counts plots, where elsewhere it is colloquial for 元.
_LAND_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}?[地田]")
_LAND_BEFORE = re.compile(r"[地田]$")


def _clause_start(norm: str, pos: int, limit: int = 20) -> int:
    lo = max(0, pos - limit)
    last = lo
    for m in _CLAUSE_BREAK.finditer(norm, lo, pos):
        last = m.end()
    return last


def _per(norm: str, start: int, unit: str) -> str | None:
    lo = _clause_start(norm, start)
    codes: list[str] = []
    for m in PER_RE.finditer(norm, lo, start):
        code = PER_MARKERS[m.group()]
        if code in TIME_CODES and unit in PHYSICAL:
            continue  # 每天在海拔2000多米: a time rate never applies to a length
        if code not in codes:
            codes.append(code)
    return "/".join(codes) if codes else None


def _pre_approx(norm: str, start: int) -> tuple[int, Approx | None]:
    m = _PRE_RE.search(norm[max(0, start - 6):start])
    if not m:
        return start, None
    word = m.group()
    s = start - len(word)
    if word in _NOT_APPROX_BEFORE and s > 0 and norm[s - 1] in _NOT_APPROX_BEFORE[word]:
        return start, None
    return s, _PRE_APPROX[word]



def _next_step(n: Numeral) -> Decimal | None:
    """The upper bound that the precision of an inner 多 gives: 180多万 is 1.8 to 1.9 million
    (多 replaces the last digit written, 0), 3万多 has no inner 多 and no such bound."""
    digits = n.number_text.replace(",", "").replace("，", "")
    if n.cn or not digits.isdigit() or not digits.endswith("0") or n.value is None:
        return None
    zeros = len(digits) - len(digits.rstrip("0"))
    return clean_decimal(n.value + Decimal(10) ** zeros * multiplier_value(n.multiplier))


def _combine(signals: list[Approx]) -> Approx:
    if not signals:
        return Approx.EXACT
    if Approx.ABOUT in signals:
        return Approx.ABOUT
    least, most = Approx.AT_LEAST in signals, Approx.AT_MOST in signals
    if least and most:
        return Approx.ABOUT
    return Approx.AT_LEAST if least else Approx.AT_MOST


def measure(text: str, norm: str, group: list[Numeral], fraction: str,
            floor: int = 0) -> Quantity | None:
    """The measurement at ``group`` (one numeral, or the two of a range or a fraction:
    ``fraction`` is "分之" for 三分之一, "/" for 1/3, "" otherwise). Approximation words
    before the number never reach below ``floor`` (the end of the measurement before)."""
    first, last = group[0], group[-1]
    if last.value is None or first.value is None:
        return None
    pos = last.end
    signals: list[Approx] = []
    if last.inner:
        signals.append(_INNER[last.inner])
    unit: str | None = None
    factor = Decimal(1)
    pct_prefix = norm[max(0, first.start - 3):first.start] == "百分之"
    if fraction:
        unit = "fraction"
    elif pct_prefix:
        unit = "percent"
    else:
        probe = pos
        if (not last.cn and not last.multiplier and norm[probe:probe + 1] in GAP
                and probe + 1 < len(norm) and norm[probe + 1] not in GAP):
            probe += 1  # 60 人: the unit after one space
        gap = probe - pos
        if not last.inner and norm[probe:probe + 1] in _INNER:
            probe += 1
        um = UNIT_RE.match(norm, probe)
        if um:
            if probe > pos + gap:
                signals.append(_INNER[norm[pos + gap]])
            form = um.group()
            unit = FORM_TO_UNIT[form]
            if form == "分" and not _EXAM.search(norm, max(0, first.start - 12), first.start):
                return None  # 分 is a score only where an exam is named
            pos = probe if form in NOUN_UNITS else um.end()
            if form == "成":
                factor = Decimal(10)
            if form == "个":
                head = GE_HEAD.match(norm, pos)
                noun = UNIT_RE.match(norm, pos)
                if head:
                    unit = HEAD_UNIT[head.group("head")]
                elif noun and noun.group() in NOUN_UNITS:
                    unit = FORM_TO_UNIT[noun.group()]  # 98个贫困户: households
                elif not _WORD_AFTER.match(norm, pos) and (
                        before_head := HEAD_BEFORE.search(norm, max(0, first.start - 8),
                                                          first.start)):
                    unit = HEAD_UNIT[before_head.group("head")]  # 贫困村33个: villages
            if form == "块" and (_LAND_AFTER.match(norm, pos) or _LAND_BEFORE.search(
                    norm, max(0, first.start - 4), first.start)):
                unit = "item"  # 4块坝地, 玉米地一块: plots of land, not 元
            if form in ("个", "张"):
                before = norm[max(0, first.start - 4):first.start]
                if form == "个" and before.endswith(("岗位", "岗位数")):
                    unit = "job"
                elif form == "张" and "床" in before:
                    unit = "bed"
    if unit is None:
        return None
    post = _POST_RE.match(norm, pos)
    if post:
        signals.append(_POST_APPROX[post.group()])
        pos = post.end()
    start, pre = _pre_approx(norm, first.start)
    if pct_prefix:
        start = first.start - 3
        start, pre = _pre_approx(norm, start)
    if start < floor:  # 500户以上万名: 以上 belongs to the figure before
        start, pre = max(floor, first.start - 3 * pct_prefix), None
    if pre is not None:
        signals.insert(0, pre)
    elif (first.cn and first.number_text[:1] in "百千万亿" and norm[start - 1:start] == "上"
          and start - 1 >= floor):
        start -= 1
        signals.insert(0, Approx.AT_LEAST)
    negative = norm[max(0, start - 2):start] == "零下" and start - 2 >= floor
    if negative:
        start -= 2
    lower: Decimal | None
    upper: Decimal | None
    if fraction:
        numerator, denominator = ((last.value, first.value) if fraction == "分之"
                                  else (first.value, last.value))
        value = clean_decimal(numerator / denominator) if denominator else Decimal(0)
        approx = _combine(signals)  # 占近1/3: at most a third
        lower = value if approx is Approx.AT_LEAST else None
        upper = value if approx is Approx.AT_MOST else None
    elif len(group) == 2:
        f_mult = Decimal(1) if first.multiplier else multiplier_value(last.multiplier)
        lower, upper = clean_decimal(first.value * f_mult), last.value
        approx, value = Approx.RANGE, lower
    elif last.lo is not None and last.hi is not None:
        approx, lower, upper, value = Approx.RANGE, last.lo, last.hi, last.lo
    else:
        value = last.value
        approx = _combine(signals)
        lower = value if approx is Approx.AT_LEAST else None
        upper = value if approx is Approx.AT_MOST else None
        if last.inner == "多" and last.multiplier and approx is Approx.AT_LEAST:
            upper = _next_step(last)  # 180多万: the 多 stands for the units digit
    if factor != 1:
        value = clean_decimal(value * factor)
        lower = clean_decimal(lower * factor) if lower is not None else None
        upper = clean_decimal(upper * factor) if upper is not None else None
    if negative:
        value = -value
        lower, upper = (-upper if upper is not None else None,
                        -lower if lower is not None else None)
        approx = {Approx.AT_LEAST: Approx.AT_MOST, Approx.AT_MOST: Approx.AT_LEAST}.get(
            approx, approx)
    number_text = text[first.start:last.start + len(last.number_text)]
    return Quantity(
        start=start, end=pos, stated=text[start:pos], value=value, lower=lower, upper=upper,
        approx=approx, unit=unit, multiplier=last.multiplier, number_text=number_text,
        per=_per(norm, start, unit),
    )


