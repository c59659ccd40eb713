"""Time expressions: which period a stated figure refers to, from the text only.

The period of a figure is the nearest governing time expression before it in its sentence:
an explicit year (2019年, 2018年初, 2019年底 → 2019-12, 2017年2月 → 2017-02), a span
(2016年以来, 从2018年开始 → 2016/publication year; 近3年来 → the publication year and the
two before; 十二五 → 2011/2015, 十三五 → 2016/2020),
or a word relative to the publication year (今年, 目前, 如今 → that year; 去年 −1, 前年 −2,
大前年 −3; 明年 +1; 14日 → the publication month, 下个月 the month after it) or to the
governing year of the discourse (当年, 同年 → the last year the text named before; 次年,
第二年 → the year after it; a bare 年底 → its December; 3年后 → three years after it).
The text is read in simplified characters (現在 is 现在). 比2012年 is a comparison base: the
figure's period runs from that year to the sentence's own period (2020年…比2012年增长15倍 →
2012/2020).

A sentence with no time expression before the figure gives no period (``period`` None): the
publication date is the article's reporting date, kept on the article, and is never stamped
onto a figure the text does not date. (Looking back to earlier sentences carried 2019年 from a
background sentence onto present-tense figures: period F1 on the sample's drafts fell from
0.96 to 0.53.)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

_YEAR = r"(?:19|20)\d\d"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_S = "[ \u00a0\u3000]?"  # 2018 年11 月: one space may stand beside a digit
_EXPR = re.compile(
    rf"(?P<plan>十二五|十三五|十四五)"
    rf"|(?P<since>(?:从|自)?(?P<sy>{_YEAR}){_S}年(?:以来|开始|起))"
    r"|(?P<recent>近(?P<rn>[1-9]|[两二三四五六七八九十])年(?:来|以来))"
    rf"|(?P<cmp>(?:比|较)(?P<cy>{_YEAR}){_S}年)"
    rf"|(?P<ym>(?P<yy>{_YEAR}){_S}年{_S}(?P<mm>{_MONTH}){_S}月)"
    rf"|(?P<yend>(?P<ey>{_YEAR}){_S}年(?:底|末))"
    rf"|(?P<year>(?P<y>{_YEAR}){_S}年(?!度))"
    rf"|(?P<samemonth>(?:当年|同年)(?P<sm>{_MONTH})月)"
    rf"|(?P<thismonth>(?:今年|本年){_S}(?P<tm>{_MONTH}){_S}月)"
    r"|(?P<same>当年|同年)"
    r"|(?P<next>次年|第二年|翌年)"
    r"|(?P<lastmonth>上个?月)"
    r"|(?P<nextmonth>下个?月)"
    r"|(?P<later>(?P<ln>[1-9]|[两二三四五六七八九十])年(?:后|以后|之后))"
    r"|(?P<bareend>(?<![年\d])年(?:底|末))"
    r"|(?P<day>(?<![月\d])(?:[12]\d|3[01]|0?[1-9])日)"
    r"|(?P<this>今年|本年|年内|截至目前|截止到?目前|目前|当前|如今|现在|现已|最近|近日|近期"
    r"|这些天|这几天)"
    r"|(?P<last>去年|上年)"
    r"|(?P<third>大前年)"
    r"|(?P<before>前年)"
    r"|(?P<coming>明年)"
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_PLANS = {"十二五": ("2011", "2015"), "十三五": ("2016", "2020"), "十四五": ("2021", "2025")}
_CN_COUNT = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
_CN_MONTH = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


@dataclass(frozen=True)
class Period:
    period: str | None
    start: str | None = None
    expression: str | None = None


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CN_MONTH.get(text[1:], 0)
    return _CN_MONTH[text]


def _absolute_year(m: re.Match[str], year: int | None) -> int | None:
    """The year an expression names by itself (for 当年/次年 later in the discourse)."""
    for group in ("yy", "ey", "y"):
        if m.group(group):
            return int(m.group(group))
    if year is None:
        return None
    offsets = {"this": 0, "thismonth": 0, "lastmonth": 0, "nextmonth": 0, "day": 0,
               "last": -1, "before": -2,
               "third": -3, "coming": 1}
    for group, offset in offsets.items():
        if m.group(group):
            return year + offset
    return None


def _resolve(m: re.Match[str], year: int | None, governing: int | None,
             month: int | None = None) -> Period:
    text = m.group(0)
    if m.group("thismonth"):
        return Period(f"{year}-{_month(m.group('tm')):02d}" if year else None, None, text)
    if m.group("lastmonth") and year and month:
        # 上月底 in a January paper is December of the year before.
        y, mo = (year, month - 1) if month > 1 else (year - 1, 12)
        return Period(f"{y}-{mo:02d}", None, text)
    if m.group("nextmonth") and year and month:
        y, mo = (year, month + 1) if month < 12 else (year + 1, 1)
        return Period(f"{y}-{mo:02d}", None, text)
    if m.group("day"):
        # 14日，记者看到…: a day with no month is a day of the publication month.
        return Period(f"{year}-{month:02d}" if year and month else
                      (str(year) if year else None), None, text)
    if m.group("bareend"):
        # 年底卖掉…: the end of the year the discourse is in (the publication year unless a
        # year was named before).
        base = governing or year
        return Period(f"{base}-12" if base else None, None, text)
    if m.group("later"):
        # 3年后增加到…: counted from the year the discourse is in.
        n = int(m.group("ln")) if m.group("ln").isdigit() else _CN_COUNT[m.group("ln")]
        base = governing or year
        return Period(str(base + n) if base else None, None, text)
    if m.group("plan"):
        start, end = _PLANS[m.group("plan")]
        return Period(end, start, text)
    if m.group("since"):
        return Period(str(year) if year else None, m.group("sy"), text)
    if m.group("recent"):
        # 近3年来 in a 2020 paper counts 2020 as the third year: 2018-2020.
        n = int(m.group("rn")) if m.group("rn").isdigit() else _CN_COUNT[m.group("rn")]
        return Period(str(year), str(year - n + 1), text) if year else Period(None, None, text)
    if m.group("ym"):
        return Period(f"{m.group('yy')}-{_month(m.group('mm')):02d}", None, text)
    if m.group("yend"):
        return Period(f"{m.group('ey')}-12", None, text)
    if m.group("year"):
        return Period(m.group("y"), None, text)
    if m.group("samemonth"):
        return Period(f"{governing}-{_month(m.group('sm')):02d}" if governing else None, None,
                      text)
    if m.group("same"):
        return Period(str(governing) if governing else None, None, text)
    if m.group("next"):
        return Period(str(governing + 1) if governing else None, None, text)
    found = _absolute_year(m, year)
    return Period(str(found) if found is not None else None, None, text)


def _governs(m: re.Match[str], governing: int | None, year: int | None) -> int | None:
    """The governing year of the discourse after the expression ``m``."""
    if m.group("same") or m.group("samemonth"):
        return governing  # 当年 keeps the governing year as it is
    if m.group("next"):
        return governing + 1 if governing else None
    if not m.group("cmp") and not m.group("since") and not m.group("recent"):
        return _absolute_year(m, year) or governing
    return governing


@dataclass(frozen=True)
class _Scan:
    """One text's time expressions read once (an article has dozens of figures, and each
    read every expression before it again): each expression with the governing year before
    it, where each ends, and where each sentence ends."""

    found: list[tuple[re.Match[str], int | None]]
    ends: list[int]
    starts: list[int]
    after: list[int | None]  # the governing year after each expression
    sentence_ends: list[int]


@lru_cache(maxsize=4)
def _scan(text: str, year: int | None) -> _Scan:
    found: list[tuple[re.Match[str], int | None]] = []
    after: list[int | None] = []
    governing: int | None = None
    for m in _EXPR.finditer(text):
        found.append((m, governing))
        governing = _governs(m, governing, year)
        after.append(governing)
    return _Scan(found, [m.end() for m, _ in found], [m.start() for m, _ in found], after,
                 [m.end() for m in _SENTENCE_END.finditer(text)])


def period_at(text: str, position: int, year: int | None, month: int | None = None) -> Period:
    """The period of a figure stated at ``position`` of ``text`` (``year`` and ``month``:
    publication; the month places 上月 only).

    What counts is the text before ``position`` as if it ended there (2019年|3月 with the
    figure at 3 reads 2019年). The whole text's expressions that end before ``position`` are
    the same in that shorter text (they are read left to right, and a pattern's only look
    past its end, 年(?!度), sees the same character), so they come from one scan of the
    text, and only the stretch after the last of them is read again up to ``position``
    (``tests/test_period.py`` compares this with reading the cut text at every position)."""
    scan = _scan(text, year)
    k = bisect_left(scan.ends, position)  # expressions ending before position
    sentence_start = scan.sentence_ends[bisect_right(scan.sentence_ends, position) - 1] \
        if scan.sentence_ends and scan.sentence_ends[0] <= position else 0
    first = bisect_left(scan.starts, sentence_start, 0, k)
    in_sentence = scan.found[first:k]
    governing = scan.after[k - 1] if k else None
    for m in _EXPR.finditer(text, scan.ends[k - 1] if k else 0, position):
        if m.start() >= sentence_start:
            in_sentence.append((m, governing))
        governing = _governs(m, governing, year)
    governors = [(m, g) for m, g in in_sentence if not m.group("cmp")]
    if not governors:
        return Period(None)
    m, governing_then = governors[-1]
    found = _resolve(m, year, governing_then, month)
    base = next((c for c, _ in reversed(in_sentence) if c.group("cmp") and c.start() > m.start()),
                None)
    if base is not None and found.period and found.start is None:
        return Period(found.period[:4], base.group("cy"), f"{found.expression}…{base.group(0)}")
    return found


__all__ = ["Period", "period_at"]
