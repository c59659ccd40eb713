"""Evidence that one fragment continues another.

Three kinds of evidence, all general: a dictionary word that spans the boundary (管|理),
a string across the boundary that the page prints elsewhere (总体|思路和要求), and lexical
cohesion between whole fragments (TF-IDF cosine over jieba tokens).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from kg.segmenter import jieba

_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_SENTENCE_END = "。！？!?…；;"
_CLOSERS = "”’」』）)】"
# Words that begin a fresh paragraph or point; they cannot continue a broken sentence.
_FRESH_START = re.compile(
    r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|第[一二三四五六七八九十]+[,，、是]|"
    r"[（(]?[一二三四五六七八九十]+[)）、]|会议指出|会议强调|会议要求|会议认为)"
)
_ENUMERATOR = re.compile(r"(?:^|[。；;！？\n])\s*([一二三四五六七八九十]+)是")
_NUMERALS = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    dt = jieba.dt
    dt.check_initialized()
    return dict(dt.FREQ)


def ends_sentence(text: str) -> bool:
    """True when the text ends at a sentence boundary (possibly after closing quotes)."""
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        if len(t) >= 2 and t[-2] in _SENTENCE_END:
            return True
        if t[-1] in "）)" :
            return True  # a closing parenthesis ends a byline such as (张明提)
        t = t[:-1]
    return bool(t) and t[-1] in _SENTENCE_END


def starts_fresh(text: str) -> bool:
    return bool(_FRESH_START.match(text))


def enumerator_at_start(text: str) -> int | None:
    m = re.match(r"^([一二三四五六七八九十]+)是", text)
    return _numeral(m.group(1)) if m else None


def enumerators_in(text: str) -> list[int]:
    return [n for m in _ENUMERATOR.finditer(text) if (n := _numeral(m.group(1))) is not None]


def _numeral(s: str) -> int | None:
    if len(s) == 1:
        return _NUMERALS.index(s) + 1
    if s.startswith("十") and len(s) == 2:
        return 10 + _NUMERALS.index(s[1]) + 1
    return None


def boundary_word(left: str, right: str) -> float:
    """0..1: how strongly the segmenter wants a word across the boundary (管|理, 政|府).

    The last and first few characters are segmented together with jieba's dictionary (no HMM
    guessing); a token that straddles the boundary is evidence, log-scaled by its frequency.
    总体|会议 gives nothing although 体会 is a word: the segmenter prefers 总体 / 会议.
    """
    return _boundary_word(_cjk_suffix(left[-4:]), _cjk_prefix(right[:4]))


@lru_cache(maxsize=65536)
def _boundary_word(tail: str, head: str) -> float:
    if not tail or not head:
        return 0.0
    freq = _dictionary()
    pos = 0
    for token in jieba.lcut(tail + head, HMM=False):
        if pos < len(tail) < pos + len(token):
            return min(1.0, math.log10(freq.get(token, 0) + 1) / 4.0)
        pos += len(token)
    return 0.0


def _cjk_suffix(s: str) -> str:
    i = len(s)
    while i > 0 and _CJK.match(s[i - 1]):
        i -= 1
    return s[i:]


def _cjk_prefix(s: str) -> str:
    i = 0
    while i < len(s) and _CJK.match(s[i]):
        i += 1
    return s[:i]


class BridgeIndex:
    """Strings across a boundary that the page prints elsewhere (总体|思路和要求), found
    through an index of the page's 4-grams rather than by scanning every fragment."""

    GRAM = 4

    def __init__(self, texts: Sequence[str]):
        self._texts = texts
        self._where: dict[str, set[int]] = {}
        for k, text in enumerate(texts):
            for i in range(len(text) - self.GRAM + 1):
                self._where.setdefault(text[i:i + self.GRAM], set()).add(k)

    def _elsewhere(self, bridge: str, a: int, b: int) -> bool:
        return any(bridge in self._texts[k]
                   for k in self._where.get(bridge[:self.GRAM], ()) if k not in (a, b))

    def score(self, a: int, b: int) -> float:
        """0..1: the page prints, in a fragment other than ``a`` and ``b``, a string that
        runs across the boundary from ``a`` to ``b``."""
        left, right = self._texts[a], self._texts[b]
        best = 0
        for i in range(2, 7):
            tail = left[-i:]
            if len(tail) < i:
                break
            for j in range(2, 7):
                head = right[:j]
                if len(head) < j:
                    break
                if i + j > best and self._elsewhere(tail + head, a, b):
                    best = i + j
        return min(1.0, best / 6.0) if best >= 4 else 0.0


_OPENERS = re.compile(r"在([^，。；,;]*)$")
_CLOSING_OF_ZAI = re.compile(r"^[^，。；,;]*?(?:的同时|的基础上|的前提下|的过程中|之际|方面|期间)")


def open_construction(left: str, right: str) -> float:
    """1.0 when the left fragment opens a construction the right fragment closes.

    在…的同时, 在…的基础上; unbalanced quotation marks or parentheses.
    """
    clause = re.split(r"[，。；,;]", left)[-1]
    score = 0.0
    if _OPENERS.search(clause) and _CLOSING_OF_ZAI.match(right):
        score = 1.0
    for open_, close in (("“", "”"), ("（", "）"), ("(", ")")):
        if left.count(open_) > left.count(close):
            first_close = right.find(close)
            first_open = right.find(open_)
            if first_close >= 0 and (first_open < 0 or first_close < first_open):
                score = max(score, 0.5)
    return score


def tokens(text: str) -> list[str]:
    return [w for w in jieba.lcut(text) if len(w) >= 2 and _CJK.match(w)]


_SENTENCE_SPLIT = re.compile(r"(?<=[。；;！？!?])")
WINDOW_SENTENCES = 2


def tail_sentences(text: str, k: int = WINDOW_SENTENCES) -> str:
    return "".join([s for s in _SENTENCE_SPLIT.split(text) if s][-k:])


def head_sentences(text: str, k: int = WINDOW_SENTENCES) -> str:
    return "".join([s for s in _SENTENCE_SPLIT.split(text) if s][:k])


class TfIdf:
    """TF-IDF over a page's fragments (the documents), for cosine similarity between two
    fragments, and between the end of one and the start of another."""

    def __init__(self, documents: Sequence[str]):
        counts = [Counter(tokens(d)) for d in documents]
        self._n = len(documents)
        self._df: Counter[str] = Counter()
        for c in counts:
            self._df.update(c.keys())
        self._whole = [self._weigh(c) for c in counts]
        self._tails = [self._weigh(Counter(tokens(tail_sentences(d)))) for d in documents]
        self._heads = [self._weigh(Counter(tokens(head_sentences(d)))) for d in documents]

    def _weigh(self, counts: Counter[str]) -> dict[str, float]:
        vec = {
            w: (1 + math.log(tf)) * math.log((1 + self._n) / (1 + self._df[w]))
            for w, tf in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def cosine(self, a: int, b: int) -> float:
        """Whole fragment against whole fragment."""
        return _dot(self._whole[a], self._whole[b])

    def continuity(self, a: int, b: int) -> float:
        """The last sentences of fragment ``a`` against the first sentences of ``b``."""
        return _dot(self._tails[a], self._heads[b])


def _dot(va: dict[str, float], vb: dict[str, float]) -> float:
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(v * vb.get(w, 0.0) for w, v in va.items())
