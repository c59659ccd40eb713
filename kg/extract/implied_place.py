"""The county a page is about when it names it only inside compounds (霍邱龙虾, 霍邱稻虾米
for 霍邱县): the short form of one county of JioNLP's gazetteer, written at least twice, in a
text that names no place at all. It is the last fallback of a figure's place (全县 figures of
a continuation page), never preferred to a place the text names."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["implied_county"]

_MIN_HITS = 2  # one hit is too often a word (和平, 长安); a brand repeated names its county
# A short form that is also a common word (合作 for 合作市, 南部 for 南部县, 和平) names no
# county: above this frequency in jieba's dictionary it is read as the word. County short
# forms as names are rare there (霍邱 3, 会泽 9, 五台 74).
_MAX_WORD_FREQ = 100


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, str]:
    """Short form → the full name of the one county that has it (shared forms are dropped)."""
    from kg.link.gazetteer import country
    from kg.segmenter import jieba

    jieba.dt.check_initialized()
    owners: dict[str, set[str]] = {}
    for county in country().counties:
        for alias in county.aliases:
            if (len(alias) >= 2 and alias != county.name
                    and (jieba.get_FREQ(alias) or 0) <= _MAX_WORD_FREQ):
                owners.setdefault(alias, set()).add(county.name)
    return {alias: next(iter(names)) for alias, names in owners.items() if len(names) == 1}


def implied_county(text: str) -> str | None:
    """The full name of the county ``text`` (simplified script) implies, or None when no
    short form is written twice or when two counties are."""
    counts: dict[str, int] = {}
    for alias, name in _short_forms().items():
        hits = text.count(alias)
        if hits >= _MIN_HITS:
            counts[name] = counts.get(name, 0) + hits
    if len(counts) != 1:
        return None
    return next(iter(counts))
