"""Place names whose characters include a numeral (五台县, 三门峡市, 六盘水, 九江): the numeral is
part of the name, not a number (五台 is no count of five machines).

The names come from JioNLP's gazetteer of provinces, prefectures and counties
(:mod:`kg.link.gazetteer`). A full name (with its 县/市/区) is a name wherever it stands. A
short form is one only in context: when it keeps three characters (三门峡, 六盘水), or when the
text names the full form somewhere (五台 in a text about 五台县); a two-character short form
alone (三台, 万年) reads as a number too often (三台电脑, 一万年).
"""

from __future__ import annotations

from functools import lru_cache

from kg.extract.numerals import CN_DIGITS, CN_UNITS
from kg.textsearch import occurrences

__all__ = ["numeral_place_spans"]

_NUMERAL_CHARS = frozenset(CN_DIGITS) | frozenset(CN_UNITS)


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """(full name → itself, short form → its full name) of every division with a numeral."""
    from kg.link.gazetteer import country

    full: dict[str, str] = {}
    short: dict[str, str] = {}
    for divisions in country().upper.values():
        for d in divisions:
            if not _NUMERAL_CHARS.intersection(d.name):
                continue
            full[d.name] = d.name
            for alias in d.aliases:
                if len(alias) >= 2 and alias != d.name and _NUMERAL_CHARS.intersection(alias):
                    short.setdefault(alias, d.name)
    return full, short


def numeral_place_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every place name with a numeral in ``text`` (simplified script),
    longest first where names overlap."""
    if not _NUMERAL_CHARS.intersection(text):
        return []
    full, short = _names()
    spans: list[tuple[int, int, str]] = []
    named = set()
    for name in full:
        hits = occurrences(text, name)
        if hits:
            named.add(name)
            spans += [(i, i + len(name), name) for i in hits]
    for name, whole in short.items():
        if len(name) >= 3 or whole in named:
            spans += [(i, i + len(name), name) for i in occurrences(text, name)]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    return spans
