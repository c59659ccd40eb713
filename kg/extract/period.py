"""Time expressions: which period a stated figure refers to.

今年 is the publication year, 去年 the year before, 2016年以来 a cumulative figure since 2016
(period = publication year, period start = 2016), 2019年4月 a month, 目前 the publication
year. The nearest expression before the number in its sentence wins, else the publication
year. (Looking further back, to earlier sentences of the paragraph, carried 2019年 from a
background sentence onto present-tense figures: period F1 on the sample's drafts fell from
0.96 to 0.53.)
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
    found = [m for m in _EXPR.finditer(text, sentence_start, position) if m.end() <= position]
    if found:
        return _resolve(found[-1], year)
    return Period(str(year) if year else None)
