"""Stable article identifiers from content: a pinyin slug of the headline."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from pypinyin import lazy_pinyin

from kg.ingest.script import simplified_view
from kg.segmenter import jieba

_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+")
MAX_LEN = 40


# Pure (jieba's dictionary is never changed here) and asked again and again for the same
# labels: 14k calls for the entities of 100 articles, 2.6 s of segmenting, before the cache.
@lru_cache(maxsize=1 << 16)
def pinyin_slug(text: str, max_len: int = MAX_LEN) -> str:
    """兴县:奋起决战脱贫攻坚 → xingxian-fenqi-juezhan-tuopin-gongjian (word by word)."""
    words: list[str] = []
    text = simplified_view(text)  # 興縣 and 兴县 are one slug: jieba segments simplified text
    # A bracketed column tag such as 【决战决胜脱贫攻坚】 says less than the headline after it.
    text = re.sub(r"^\s*【[^】]*】\s*(?=\S)", "", text)
    for chunk in _KEEP.findall(text):
        for word in jieba.lcut(chunk):
            romanised = _romanised(word)
            if romanised:
                words.append(romanised)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len and slug:
            break
        slug = candidate
    return slug or "article"


# A word's pinyin does not depend on its neighbours here (lazy_pinyin of one jieba word), and
# the same words recur across labels: a place's name, 扶贫, 合作社 (27k words, 5 s of pypinyin
# for the entities of 1,000 articles, before this cache).
@lru_cache(maxsize=1 << 16)
def _romanised(word: str) -> str:
    romanised = "".join(lazy_pinyin(word)).lower()
    if word.startswith("陕西"):
        # Shaanxi, the official spelling that tells 陕西 from 山西 (Shanxi): both read
        # shanxisheng made one place of two provinces.
        romanised = "shaanxi" + romanised[len("shanxi"):]
    return re.sub(r"[^a-z0-9]", "", romanised)


def article_slug(title: str, taken: set[str], text: str) -> str:
    slug = pinyin_slug(title)
    if slug in taken:
        # Same headline twice: disambiguate by content, never by a counter.
        slug = f"{slug}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}"
    return slug
