"""Time expressions: which period a stated figure refers to.

今年 is the publication year, 去年 the year before, 2016年以来 a cumulative figure since 2016
(period = publication year, period start = 2016), 2019年4月 a month, 目前 the publication
year. The nearest expression before the number in its sentence wins, then the nearest one
earlier in the paragraph, then the publication year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EXPR = re.compile(
    r"(?P<since>(?P<sy>(?:19|20)\d\d)年以来)"
    r"|(?P<ym>(?P<yy>(?:19|20)\d\d)年(?P<mm>\d{1,2})月)"
    r"|(?P<year>(?P<y>(?:19|20)\d\d)年(?!度))"
    r"|(?P<this>今年|本年|年内|目前|截至目前|当前|截止目前)"
    r"|(?P<last>去年|上年)"
    r"|(?P<before>前年)"
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_PARAGRAPH_END = "\n"


@dataclass(frozen=True)
class Period:
    period: str | None
    start: str | None = None
    expression: str | None = None


def _resolve(m: re.Match[str], year: int | None) -> Period:
    text = m.group(0)
    if m.group("since"):
        return Period(str(year) if year else None, m.group("sy"), text)
    if m.group("ym"):
        return Period(f"{m.group('yy')}-{int(m.group('mm')):02d}", None, text)
    if m.group("year"):
        return Period(m.group("y"), None, text)
    if year is None:
        return Period(None, None, text)
    if m.group("this"):
        return Period(str(year), None, text)
    if m.group("last"):
        return Period(str(year - 1), None, text)
    return Period(str(year - 2), None, text)


def period_at(text: str, position: int, year: int | None) -> Period:
    """The period of a figure stated at ``position`` of ``text``."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, position)), default=0)
    paragraph_start = text.rfind(_PARAGRAPH_END, 0, position) + 1
    for lo in (sentence_start, paragraph_start):
        found = [m for m in _EXPR.finditer(text, lo, position) if m.end() <= position]
        if found:
            return _resolve(found[-1], year)
    return Period(str(year) if year else None)
