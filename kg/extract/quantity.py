"""A Chinese quantity grammar: find every measurement in a text, and say what every other
number is (a date, a year, a name, an ordinal, an enumerator, an idiom …).

Decisions, so a reader need not guess:

* ``value`` is normalised into the base unit: 1.45亿元 -> 145000000 (unit ``yuan``); a
  percentage keeps its number (42% -> 42, unit ``percent``); 三成 -> 30 percent.
* ``lower``/``upper`` are bounds *stated by the text*: 600余万元 -> lower 6000000, upper None;
  近500 -> upper 500; 500-800万元 -> 5000000..8000000. Exact and ``approx`` (约, 左右) figures
  carry no bounds.
* For a RANGE the ``value`` is the lower bound (never a computed midpoint).
* Vague numerals are ranges: 三四个 -> 3..4, 七八年 -> 7..8, 十几 -> 11..19, 几十 -> 20..90,
  几千 -> 2000..9000 (几/数 means two to nine; after 十 it means one to nine).
* 零下 negates: 零下10多度 -> upper -10, at_most.
* ``per`` is the rate denominator signalled before the number in its clause (人均 -> person,
  每亩 -> mu, 每户年平均 -> household/year), joined with "/" when there are several.
* 4夜5天 is two measurements (4 nights, 5 days): a duty rota is a quantity.
* A lone 一 with a counting classifier and no approximation or rate (一个, 一批, 一项) is an
  indefinite article, reported as kind "other"; 一 with a measuring unit (一亩, 一周) is a
  measurement.
* A unit may be given by the noun after the number when no classifier is used
  (24万农民 -> person, 4.21万家庭 -> household); that noun is not part of ``stated``.
* Numerals inside short quotations (“1937”, “四个不摘”, “3+1”) are names, not measurements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kg.extract.cues import (
    CONGRESS_AFTER,
    IDIOMS,
    ISO_DATE,
    QUOTES,
    SET_PHRASES,
    SLOGAN,
    URL,
    YEAR_TAIL,
)
from kg.extract.numerals import (
    CN_DIGITS,
    Numeral,
    clean_decimal,
    find_spans,
    mask_words,
    multiplier_value,
    normalise_digits,
    parse_chinese_numeral,
    scan_numerals,
)
from kg.extract.units import (
    CLASSIFIERS,
    FORM_TO_UNIT,
    GE_HEAD,
    HEAD_UNIT,
    NOUN_UNITS,
    PER_MARKERS,
    PER_RE,
    PHYSICAL,
    TIME_CODES,
    UNIT_RE,
    UNITS,
)
from kg.ingest.script import simplified_view

__all__ = [
    "UNITS",
    "Approx",
    "NumberToken",
    "Quantity",
    "TokenKind",
    "find_number_tokens",
    "find_quantities",
    "parse_chinese_numeral",
]


class Approx(StrEnum):
    EXACT = "exact"
    ABOUT = "approx"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"


class TokenKind(StrEnum):
    MEASURE = "measure"
    DATE = "date"
    NAME = "name"
    ORDINAL = "ordinal"
    ENUMERATOR = "enumerator"
    YEAR = "year"
    OTHER = "other"


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


@dataclass(frozen=True)
class NumberToken:
    """One numeral in the text and what it is; ``quantity`` is set for kind ``measure``."""

    start: int
    end: int
    text: str
    kind: TokenKind
    reason: str
    value: Decimal | None = None
    quantity: Quantity | None = None


_CLAUSE_BREAK = re.compile(r"[。；;！？!?，,：:\n]")

_PRE_APPROX: dict[str, Approx] = {
    **dict.fromkeys(("超过", "逾", "多于", "大于", "高于", "不少于", "不低于", "至少",
                     "最少", "起码", "达到了逾"), Approx.AT_LEAST),
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
    r"以上|之多|有余|以下|以内|左右|上下|前后|多(?![^\W\d_的了])|余(?![^\W\d_的了])"
)
_INNER = {"余": Approx.AT_LEAST, "多": Approx.AT_LEAST, "来": Approx.ABOUT}

_CONNECTOR = re.compile(r"(?:——|[-－—–~～〜至到])")



def _in(spans: list[tuple[int, int, str]], pos: int) -> str | None:
    for s, e, w in spans:
        if s <= pos < e:
            return w
    return None


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


class _Classified:
    __slots__ = ("kind", "quantity", "reason")

    def __init__(self, kind: TokenKind, reason: str, quantity: Quantity | None = None):
        self.kind = kind
        self.reason = reason
        self.quantity = quantity


def _combine(signals: list[Approx]) -> Approx:
    if not signals:
        return Approx.EXACT
    if Approx.ABOUT in signals:
        return Approx.ABOUT
    least, most = Approx.AT_LEAST in signals, Approx.AT_MOST in signals
    if least and most:
        return Approx.ABOUT
    return Approx.AT_LEAST if least else Approx.AT_MOST


def _measure(text: str, norm: str, group: list[Numeral], fraction: bool) -> Quantity | None:
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
        if not last.inner and norm[probe:probe + 1] in _INNER:
            probe += 1
        um = UNIT_RE.match(norm, probe)
        if um:
            if probe > pos:
                signals.append(_INNER[norm[pos]])
            form = um.group()
            unit = FORM_TO_UNIT[form]
            pos = probe if form in NOUN_UNITS else um.end()
            if form == "成":
                factor = Decimal(10)
            if form == "个":
                head = GE_HEAD.match(norm, pos)
                if head:
                    unit = HEAD_UNIT[head.group("head")]
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
    if pre is not None:
        signals.insert(0, pre)
    elif first.cn and first.number_text[:1] in "百千万亿" and norm[start - 1:start] == "上":
        start -= 1
        signals.insert(0, Approx.AT_LEAST)
    negative = norm[max(0, start - 2):start] == "零下"
    if negative:
        start -= 2
    lower: Decimal | None
    upper: Decimal | None
    if fraction:
        value = clean_decimal(last.value / first.value) if first.value else Decimal(0)
        approx, lower, upper = Approx.EXACT, None, None
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


def _is_year(n: Numeral) -> bool:
    if n.value is None or n.multiplier or n.inner or n.lo is not None:
        return False
    t = n.number_text
    four = (len(t) == 4 and t.isdigit()) or (len(t) == 4 and all(c in CN_DIGITS for c in t))
    return four and 1900 <= n.value <= 2100


def _classify(text: str, norm: str, group: list[Numeral], fraction: bool,
              ctx: dict[str, list[tuple[int, int, str]]]) -> _Classified:
    first, last = group[0], group[-1]
    s, e = first.start, last.end
    before = norm[max(0, s - 4):s]
    after = norm[e:e + 8]
    if _in(ctx["url"], s):
        return _Classified(TokenKind.OTHER, "part of a URL")
    if _in(ctx["iso"], s):
        return _Classified(TokenKind.DATE, "numeric date")
    around = norm[max(0, s - 1):s] + norm[e:e + 1]
    if re.search(r"[A-Za-z+＋]", around):
        return _Classified(TokenKind.NAME, "code (adjacent letter or +)")
    quoted = _in(ctx["quote"], s)
    if quoted is not None:
        return _Classified(TokenKind.NAME, f"quoted label “{quoted}”")
    if before.endswith("第"):
        return _Classified(TokenKind.ORDINAL, "第 + numeral")
    if after.startswith("届"):
        return _Classified(TokenKind.ORDINAL, "session number (届)")
    if first.cn and first.value is not None and first.value <= 20 and len(group) == 1:
        prev = norm[s - 1:s] if s > 0 else "\n"
        if after.startswith("是") and (prev in "\n。；;，,：:！？!?*#\u3000 " or s == 0):
            return _Classified(TokenKind.ENUMERATOR, "enumerator N是")
        if before.endswith("其"):
            return _Classified(TokenKind.ENUMERATOR, "enumerator 其N")
        line_start = s == 0 or prev == "\n"
        if (line_start and after.startswith("、")) or (before.endswith(("(", "（"))
                                                         and after.startswith((")", "）"))):
            return _Classified(TokenKind.ENUMERATOR, "list marker")
    if not first.cn and len(group) == 1:
        line = norm.rfind("\n", 0, s) + 1
        if not norm[line:s].strip() and after[:1] in ("、", ".") and not after[1:2].isdigit():
            return _Classified(TokenKind.ENUMERATOR, "list marker")
    phrase = _in(ctx["set"], s)
    if phrase is not None:
        return _Classified(TokenKind.NAME, f"set phrase {phrase}")
    idiom = _in(ctx["idiom"], s)
    if idiom is not None:
        return _Classified(TokenKind.OTHER, f"idiom {idiom}")
    if after.startswith("大") and not after.startswith(("大约", "大概", "大致")):
        congress = norm[max(0, s - 2):s] == "党的" or after[1:].startswith(CONGRESS_AFTER) or (
            not re.match(r"[^\W\d_]", after[1:2]))
        return _Classified(TokenKind.NAME, "party congress" if congress else "numbered set N大")
    if after.startswith("世纪"):
        return _Classified(TokenKind.DATE, "century")
    if after.startswith("年代"):
        return _Classified(TokenKind.DATE, "decade")
    v = last.value
    if len(group) == 1 and v is not None and v == v.to_integral_value() and not last.multiplier:
        if after.startswith("月") and 1 <= v <= 12:
            return _Classified(TokenKind.DATE, "month")
        if after.startswith(("日", "号")) and 1 <= v <= 31 and (
                before.endswith("月") or after.startswith("日")):
            return _Classified(TokenKind.DATE, "day of month")
        if after.startswith("号"):
            return _Classified(TokenKind.NAME, "number designation (号)")
    if all(_is_year(n) for n in group) and after.startswith("年"):
        if after.startswith("年度"):
            return _Classified(TokenKind.YEAR, "year (年度)")
        ym = YEAR_TAIL.match(norm, e)
        if len(group) == 1 and ym and ym.group("date"):
            return _Classified(TokenKind.DATE, f"year + {ym.group('date')}")
        if after.startswith("年以来"):
            return _Classified(TokenKind.YEAR, "year (since)")
        return _Classified(TokenKind.YEAR, "year range" if len(group) == 2 else "year")
    slogan = SLOGAN.match(norm, s) or SLOGAN.match(norm, max(0, s - 2))
    if first.number_text == "一" and slogan and slogan.start() <= s < slogan.end():
        return _Classified(TokenKind.NAME, f"slogan pattern {slogan.group()}")
    q = _measure(text, norm, group, fraction)
    if q is not None:
        if (len(group) == 1 and first.cn and first.number_text == "一" and not first.multiplier
                and q.approx is Approx.EXACT and q.per is None and q.unit in CLASSIFIERS):
            return _Classified(TokenKind.OTHER, "indefinite 一 + classifier")
        reason = _not_a_measurement(norm, group, q)
        if reason is not None:
            return _Classified(TokenKind.OTHER, reason)
        return _Classified(TokenKind.MEASURE, f"measure ({q.unit}, {q.approx.value})", q)
    if first.value is None:
        return _Classified(TokenKind.OTHER, "unparsable numeral")
    return _Classified(TokenKind.OTHER, "no unit")


_TIME_UNITS = {"year", "month", "week", "day"}
_TIME_REFERENCE = re.compile(r"(?:以前|之前|前|以来|来|里|间|的时间)")
_PLAN_NAME = re.compile(r"(?:规划|计划|行动|攻坚战)")


def _not_a_measurement(norm: str, group: list[Numeral], q: Quantity) -> str | None:
    """Quantities that frame or name rather than measure: 七八年前 / 8年里 (a time
    reference), 三年规划 (a plan's name), 60岁以上的老人 (a threshold picking a group)."""
    after = norm[q.end:q.end + 4]
    before = norm[max(0, q.start - 1):q.start]
    if q.unit in _TIME_UNITS and (_TIME_REFERENCE.match(after) or before == "这"):
        return "time reference (N年前, N年里, N年来, 这N天)"
    if q.unit in _TIME_UNITS and _PLAN_NAME.match(after):
        return "name of a plan (N年规划)"
    if q.unit == "year_of_age" and q.approx in (Approx.AT_LEAST, Approx.AT_MOST) and (
            after.startswith("的")):
        return "age threshold picking a group (60岁以上的)"
    return None


def _groups(norm: str, nums: list[Numeral]) -> list[tuple[list[Numeral], bool]]:
    out: list[tuple[list[Numeral], bool]] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        if i + 1 < len(nums):
            nxt = nums[i + 1]
            between = norm[n.end:nxt.start]
            if between == "分之" and norm[max(0, n.start - 1):n.start] != "百":
                out.append(([n, nxt], True))
                i += 2
                continue
            ordered = n.value is not None and nxt.value is not None and (
                n.value * (1 if n.multiplier else multiplier_value(nxt.multiplier)) <= nxt.value)
            if ordered and not n.inner and n.lo is None and nxt.lo is None and between:
                c = _CONNECTOR.search(between)
                if c and c.end() == len(between):
                    unit_before = between[:c.start()]
                    ok = not unit_before or (
                        UNIT_RE.fullmatch(unit_before) is not None
                        and norm.startswith(unit_before, nxt.end)
                    )
                    if c.start() == 0 or ok:
                        out.append(([n, nxt], False))
                        i += 2
                        continue
        out.append(([n], False))
        i += 1
    return out


def find_number_tokens(text: str) -> list[NumberToken]:
    """Every numeral in ``text`` (Arabic or Chinese), in order, with its kind and a reason.

    Numeral characters inside ordinary words (一起, 统一, 进一步, 三文鱼 …) are not numbers
    and are not returned.
    """
    # Analysed in simplified characters (萬 → 万, 戶 → 户), one for one, so that every offset
    # into the view is an offset into ``text``; stated forms are cut from ``text``.
    norm = normalise_digits(simplified_view(text))
    masked = mask_words(norm)
    ctx = {
        "url": [(m.start(), m.end(), m.group()) for m in URL.finditer(norm)],
        "iso": [(m.start(), m.end(), m.group()) for m in ISO_DATE.finditer(norm)],
        "quote": [(m.start(), m.end(), next(g for g in m.groups() if g is not None))
                  for m in QUOTES.finditer(norm)],
        "set": find_spans(norm, SET_PHRASES),
        "idiom": find_spans(norm, IDIOMS),
    }
    tokens: list[NumberToken] = []
    taken = 0
    for group, fraction in _groups(norm, scan_numerals(masked)):
        if group[0].start < taken:
            for n in group:
                tokens.append(NumberToken(n.start, n.end, text[n.start:n.end], TokenKind.OTHER,
                                          "inside a preceding measurement", n.value))
            continue
        c = _classify(text, norm, group, fraction, ctx)
        if c.quantity is not None:
            taken = c.quantity.end
        for n in group:
            reason = c.reason
            if len(group) == 2 and c.kind is TokenKind.MEASURE:
                reason = f"{reason}; {'fraction' if fraction else 'range'} part"
            tokens.append(NumberToken(n.start, n.end, text[n.start:n.end], c.kind, reason,
                                      n.value, c.quantity))
    return tokens


def find_quantities(text: str) -> list[Quantity]:
    """Every measurement in ``text``, in order and non-overlapping."""
    out: list[Quantity] = []
    for tok in find_number_tokens(text):
        q = tok.quantity
        if q is not None and (not out or out[-1] is not q):
            out.append(q)
    return out
