"""jieba's words and part-of-speech tags of a text, cut block by block when first asked.

Why: place spotting asks the tags at a few positions only (where a gazetteer name or 乡/镇/村
occurs), but tagging the whole article was about a fifth of the build's CPU. jieba splits
its input into blocks (runs of Han characters, letters and digits, and the stretches between
them) and cuts each block on its own, so cutting one block gives exactly the words the whole
text's cut has there (``tests/test_tags.py`` checks every position on the sample and on
generated articles).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from kg.segmenter import pseg

_NO_WORD = ("", "")


class BlockTags:
    """The words of ``text`` as ``pseg.lcut(text)`` gives them, found by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        edges = {0, len(text)}
        for m in pseg.re_han_internal.finditer(text):  # jieba's own block pattern
            edges.update(m.span())
        self._edges = sorted(edges)
        self._cut: set[int] = set()  # indexes of the blocks already cut
        self._words: dict[int, tuple[str, str]] = {}  # start → (word, tag)

    def _block(self, pos: int) -> int:
        """Cut the block holding ``pos`` (if not yet); its index."""
        k = bisect_right(self._edges, pos) - 1
        if k not in self._cut and k < len(self._edges) - 1:
            self._cut.add(k)
            start = self._edges[k]
            for w in pseg.lcut(self.text[start:self._edges[k + 1]]):
                self._words[start] = (w.word, w.flag)
                start += len(w.word)
        return k

    def edge(self, pos: int) -> bool:
        """Whether a word starts or ends at ``pos`` (0 and the text's length included)."""
        self._block(pos)
        return pos in self._words or pos == len(self.text)

    def at(self, pos: int) -> tuple[str, str]:
        """The word starting at ``pos`` and its tag; ``("", "")`` when none starts there."""
        self._block(pos)
        return self._words.get(pos, _NO_WORD)

    def words_with(self, chars: str) -> Iterator[tuple[int, str, str]]:
        """(start, word, tag) of every word in the blocks holding one of ``chars``, in text
        order: a word lies inside one block."""
        for k in range(len(self._edges) - 1):
            a, b = self._edges[k], self._edges[k + 1]
            if any(c in self.text[a:b] for c in chars):
                self._block(a)
                pos = a
                while pos < b:
                    word, flag = self._words[pos]
                    yield pos, word, flag
                    pos += len(word)


@lru_cache(maxsize=2)
def block_tags(text: str) -> BlockTags:
    """One article's tags, shared: ``national_places`` and ``unplaced`` both ask the same
    simplified view, one after the other."""
    return BlockTags(text)


__all__ = ["BlockTags", "block_tags"]
