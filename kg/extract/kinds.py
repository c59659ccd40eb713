"""What a numeral is when it is not (only) a measurement: a date, a year, a name, an
ordinal, an enumerator, an idiom, a time reference …, each with a reason for the coverage
report."""

from __future__ import annotations

import bisect
import dataclasses
import re
from enum import StrEnum

from kg.extract.cues import CONGRESS_AFTER, SLOGAN, YEAR_TAIL
from kg.extract.measure import Approx, Quantity, measure
from kg.extract.numerals import CN_DIGITS, GAP, Numeral
from kg.extract.units import CLASSIFIERS

__all__ = ["Spans", "TokenKind", "classify"]


class TokenKind(StrEnum):
    MEASURE = "measure"
    DATE = "date"
    NAME = "name"
    ORDINAL = "ordinal"
    ENUMERATOR = "enumerator"
    YEAR = "year"
    OTHER = "other"



class Spans:
    """Labelled spans of a text, asked which one covers a position: the first of the list
    that does (list order is priority order), found by bisection, not by a scan."""

    def __init__(self, spans: list[tuple[int, int, str]]):
        self._by_start = sorted((s, i, e, w) for i, (s, e, w) in enumerate(spans))
        self._starts = [x[0] for x in self._by_start]
        self._longest = max((e - s for s, e, _ in spans), default=0)

    def at(self, pos: int) -> str | None:
        lo = bisect.bisect_left(self._starts, pos - self._longest)
        hi = bisect.bisect_right(self._starts, pos)
        best: tuple[int, str] | None = None
        for _, i, e, w in self._by_start[lo:hi]:
            if pos < e and (best is None or i < best[0]):
                best = (i, w)
        return best[1] if best else None


def _in(spans: Spans, pos: int) -> str | None:
    return spans.at(pos)




class Classified:
    __slots__ = ("kind", "quantity", "reason")

    def __init__(self, kind: TokenKind, reason: str, quantity: Quantity | None = None):
        self.kind = kind
        self.reason = reason
        self.quantity = quantity



def _is_year(n: Numeral) -> bool:
    if n.value is None or n.multiplier or n.inner or n.lo is not None:
        return False
    t = n.number_text
    four = (len(t) == 4 and t.isdigit()) or (len(t) == 4 and all(c in CN_DIGITS for c in t))
    return four and 1900 <= n.value <= 2100


def classify(text: str, norm: str, group: list[Numeral], fraction: str,
             ctx: dict[str, Spans], floor: int = 0) -> Classified:
    """What the numeral ``group`` is; ``floor`` is where the measurement before it ends."""
    first, last = group[0], group[-1]
    s, e = first.start, last.end
    before = norm[max(0, s - 4):s]
    if (not last.cn and norm[e:e + 1] in GAP and e + 1 < len(norm)
            and "\u4e00" <= norm[e + 1] <= "\u9fff"):
        e += 1  # 2018 年11 月: read what follows one space as what follows the digits
    after = norm[e:e + 8]
    if _in(ctx["url"], s):
        return Classified(TokenKind.OTHER, "part of a URL")
    if _in(ctx["iso"], s):
        return Classified(TokenKind.DATE, "numeric date")
    place = _in(ctx["place"], s) if "place" in ctx else None
    if place is not None:
        return Classified(TokenKind.NAME, f"place name {place}")
    around = norm[max(0, s - 1):s] + norm[e:e + 1]
    if re.search(r"[A-Za-z+＋]", around):
        return Classified(TokenKind.NAME, "code (adjacent letter or +)")
    quoted = _in(ctx["quote"], s)
    if quoted is not None and not _speech(text, norm, group, fraction, quoted):
        return Classified(TokenKind.NAME, f"quoted label “{quoted}”")
    if (first.cn and len(group) == 1 and s > 0 and norm[s - 1] in _CLOSING_QUOTES
            and first.value is not None and first.value <= 10):
        return Classified(TokenKind.NAME, "count of the quoted slogans (“…”四个问题)")
    if before.endswith("第"):
        return Classified(TokenKind.ORDINAL, "第 + numeral")
    if after.startswith("届"):
        return Classified(TokenKind.ORDINAL, "session number (届)")
    if first.cn and first.value is not None and first.value <= 20 and len(group) == 1:
        prev = norm[s - 1:s] if s > 0 else "\n"
        if after.startswith("是") and (prev in "\n。；;，,：:！？!?*#\u3000 " or s == 0):
            return Classified(TokenKind.ENUMERATOR, "enumerator N是")
        if before.endswith("其"):
            return Classified(TokenKind.ENUMERATOR, "enumerator 其N")
        line_start = s == 0 or prev == "\n"
        if (line_start and after.startswith("、")) or (before.endswith(("(", "（"))
                                                         and after.startswith((")", "）"))):
            return Classified(TokenKind.ENUMERATOR, "list marker")
    if not first.cn and len(group) == 1:
        i = s
        while i > 0 and norm[i - 1] in " \t\u3000":
            i -= 1
        line_start = i == 0 or norm[i - 1] == "\n"
        if line_start and after[:1] in ("、", ".") and not after[1:2].isdigit():
            return Classified(TokenKind.ENUMERATOR, "list marker")
    phrase = _in(ctx["set"], s)
    if phrase is not None:
        return Classified(TokenKind.NAME, f"set phrase {phrase}")
    idiom = _in(ctx["idiom"], s)
    if idiom is not None:
        return Classified(TokenKind.OTHER, f"idiom {idiom}")
    if after.startswith("大") and not after.startswith(("大约", "大概", "大致")):
        congress = norm[max(0, s - 2):s] == "党的" or after[1:].startswith(CONGRESS_AFTER) or (
            not re.match(r"[^\W\d_]", after[1:2]))
        return Classified(TokenKind.NAME, "party congress" if congress else "numbered set N大")
    if after.startswith("世纪"):
        return Classified(TokenKind.DATE, "century")
    if after.startswith("年代"):
        return Classified(TokenKind.DATE, "decade")
    v = last.value
    if len(group) == 1 and v is not None and v == v.to_integral_value() and not last.multiplier:
        if after.startswith("月") and 1 <= v <= 12:
            return Classified(TokenKind.DATE, "month")
        if after.startswith(("日", "号")) and 1 <= v <= 31 and (
                before.endswith("月") or after.startswith("日")):
            return Classified(TokenKind.DATE, "day of month")
        if after.startswith("号"):
            return Classified(TokenKind.NAME, "number designation (号)")
    if all(_is_year(n) for n in group) and after.startswith("年"):
        if after.startswith("年度"):
            return Classified(TokenKind.YEAR, "year (年度)")
        ym = YEAR_TAIL.match(norm, e)
        if len(group) == 1 and ym and ym.group("date"):
            return Classified(TokenKind.DATE, f"year + {ym.group('date')}")
        if after.startswith("年以来"):
            return Classified(TokenKind.YEAR, "year (since)")
        return Classified(TokenKind.YEAR, "year range" if len(group) == 2 else "year")
    slogan = SLOGAN.match(norm, s) or SLOGAN.match(norm, max(0, s - 2))
    if first.number_text == "一" and slogan and slogan.start() <= s < slogan.end():
        return Classified(TokenKind.NAME, f"slogan pattern {slogan.group()}")
    if _size_epithet(norm, group):
        return Classified(TokenKind.NAME, "size epithet of a name (万亩茶园)")
    q = measure(text, norm, group, fraction, floor)
    if q is not None:
        if (len(group) == 1 and first.cn and first.number_text == "一" and not first.multiplier
                and q.approx is Approx.EXACT and q.per is None and q.unit in CLASSIFIERS):
            return Classified(TokenKind.OTHER, "indefinite 一 + classifier")
        reason = _not_a_measurement(norm, group, q)
        if reason is not None:
            return Classified(TokenKind.OTHER, reason)
        reason = f"measure ({q.unit}, {q.approx.value})"
        attribute = _attribute(norm, q)
        if attribute is not None:
            q = dataclasses.replace(q, attribute=attribute[0])
            reason = f"{reason}; {attribute[1]}"
        return Classified(TokenKind.MEASURE, reason, q)
    if first.value is None:
        return Classified(TokenKind.OTHER, "unparsable numeral")
    return Classified(TokenKind.OTHER, "no unit")


_EPITHET = re.compile(r"[百千万]亩(?!以|余|多|左右|上下|之)[\u4e00-\u9fff]")


def _size_epithet(norm: str, group: list[Numeral]) -> bool:
    """万亩茶园, 千亩基地: a bare round 百/千/万 before 亩 and a noun describes the size of
    the thing named (a planned zone, a base); a count is written with a digit (1万亩) or
    closes its clause (种植茶叶万亩)."""
    first = group[0]
    if len(group) != 1 or not first.cn or first.number_text not in ("百", "千", "万"):
        return False
    if norm[first.start - 1:first.start] in ("上", "近", "数", "几", "超", "逾"):
        return False  # 上万亩土地: at least ten thousand
    return _EPITHET.match(norm, first.start) is not None


_TIME_UNITS = {"year", "month", "week", "day"}
# 3年后 / 一周后 date a plan or an event; they measure nothing.
_TIME_REFERENCE = re.compile(r"(?:[多余])?(?:以前|之前|前|以来|来|里|间|的时间|以后|之后|后)")
_PLAN_NAME = re.compile(r"(?:规划|计划|行动|攻坚战)")
# 某某乡7村 / 7村村民 / 驻17村工作队: a village that the county numbers, not a count of
# villages (a count says 7个村, or 全乡7村).
_NUMBERED_VILLAGE_BEFORE = re.compile(r"(?<![全该本各])[乡镇]$")
_NUMBERED_VILLAGE_AFTER = re.compile(r"村民|工作组|工作队|村委|党支部|驻村")
# 一年就需要N元 / 一年能挣N元: the year frames the figure after it.
_PER_YEAR_FRAME = re.compile(r"(?:就|能|可|才|要|需|下来|收入|挣)")


def _not_a_measurement(norm: str, group: list[Numeral], q: Quantity) -> str | None:
    """Quantities that frame or name rather than measure: 七八年前 / 8年里 (a time
    reference), 三年规划 (a plan's name), 60岁以上的老人 (a threshold picking a group)."""
    after = norm[q.end:q.end + 4]
    before = norm[max(0, q.start - 1):q.start]
    if q.unit in _TIME_UNITS and (_TIME_REFERENCE.match(after) or before == "这"):
        return "time reference (N年前, N年后, N年里, N年来, 这N天)"
    if q.unit == "year" and _TENURE.search(_clause_before(norm, q.start)):
        return "time frame of a tenure (当护林员头N年)"
    if (before in _DEMONSTRATIVES and group[0].cn and q.unit in CLASSIFIERS
            and q.value <= 10):
        return "demonstrative reference (这两项, 该三个)"
    if q.unit == "village" and q.stated.endswith("村") and not q.stated.endswith("个村") and (
            _NUMBERED_VILLAGE_BEFORE.search(norm, max(0, q.start - 2), q.start)
            or _NUMBERED_VILLAGE_AFTER.match(norm, q.end)):
        return "village named by its number (某乡7村村民)"
    if (q.unit == "year" and q.value == 1 and group[0].cn and q.approx is Approx.EXACT
            and _PER_YEAR_FRAME.match(norm, q.end)):
        return "time frame of a rate (一年就要N元, 一年能挣N元)"
    if q.unit in _TIME_UNITS and _PLAN_NAME.match(after):
        return "name of a plan (N年规划)"
    if q.unit == "year_of_age" and q.approx in (Approx.AT_LEAST, Approx.AT_MOST) and (
            after.startswith("的")):
        return "age threshold picking a group (60岁以上的)"
    return None




_CLOSING_QUOTES = "”」』’"
_DEMONSTRATIVES = {"这", "那", "该", "此", "上述", "以上"}
_SENTENCE_MARKS = re.compile(r"[，。！？；!?,;]")
# Units that measure (money, land, weight …) rather than count named things: a figure in
# such a unit inside a short quotation is speech (“一天上百元”), not a label (“四个不摘”).
# Counts of people or households are left out: “一户一策” and “两户一体” are slogans.
_SPOKEN_UNITS = {"yuan", "usd", "mu", "hectare", "tonne", "kilogram", "jin", "gram",
                 "percent", "score"}


def _speech(text: str, norm: str, group: list[Numeral], fraction: str, quoted: str) -> bool:
    """A quotation that is someone speaking (“这是两万元，表哥你点点。”) keeps its figures."""
    if _SENTENCE_MARKS.search(quoted):
        return True
    q = measure(text, norm, group, fraction)
    return q is not None and q.unit in _SPOKEN_UNITS


_EXAM = re.compile(r"考|成绩|分数|得分|总分|高考|中考")
_WEATHER = re.compile(r"气温|温度|摄氏|零下|高温|低温|最低|最高")
_TENURE = re.compile(r"(?:头|当了?[^，。；,;]{1,8}?|干了?|任职|担任[^，。；,;]{0,8}?)$")


def _clause_before(norm: str, start: int, limit: int = 12) -> str:
    return re.split(r"[，。；,;！？]", norm[max(0, start - limit):start])[-1]


def _attribute(norm: str, q: Quantity) -> tuple[str, str] | None:
    """Figures about a person or the weather rather than a programme, typed so that a
    draft does not give them a programme indicator: ages (74岁), exam scores (510分) and
    temperatures (零下10多度). (code, reason) or None."""
    if q.unit == "year_of_age":
        return "age", "person attribute: age (N岁)"
    if q.unit == "score":
        return "exam-score", "person attribute: exam score (N分)"
    if q.unit == "degree" and (q.value < 0 or _WEATHER.search(_clause_before(norm, q.start))):
        return "temperature", "weather: temperature (零下N度)"
    return None
