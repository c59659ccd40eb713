"""A simplified-character view of any text, one character for one, for analysis.

Traditional input (萬 億 戶 個 畝 搬遷 …) is analysed through this view, while every offset,
quote and stated form is taken from the original characters: because the view has the same
length as the text, an offset into the view is an offset into the text.

OpenCC's ``t2s`` converts by phrase, which picks the right character in context (乾淨 →
干净 but 乾隆 stays), and may in rare cases change the length. A line whose phrase conversion
is not aligned with the original (a different length, or a non-ideograph that moved) falls
back to a per-character table, built once from OpenCC's own single-character conversions.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

__all__ = ["is_traditional", "simplified_view"]

# CJK Unified Ideographs, Extension A and the compatibility block: the characters a
# conversion may change. Everything else must stay in place for a view to be aligned.
_IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_IDEOGRAPH = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _IDEOGRAPH_RANGES)
                        + "]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Each ideograph that OpenCC converts, on its own, to exactly one other character."""
    chars = [chr(c) for a, b in _IDEOGRAPH_RANGES for c in range(a, b + 1)]
    # One conversion of all characters, one per line, so that no phrase spans two of them.
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a converter that eats lines
        return {}
    return {ord(c): s for c, s in zip(chars, converted, strict=True) if len(s) == 1 and s != c}


def _aligned(original: str, converted: str) -> bool:
    if len(original) != len(converted):
        return False
    return all(a == b or (_IDEOGRAPH.match(a) and _IDEOGRAPH.match(b))
               for a, b in zip(original, converted, strict=True) if a != b)


@lru_cache(maxsize=1)
def _convertible() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(chr(c) for c in _table())) + "]")


def _line_view(line: str, table: dict[int, str]) -> str:
    if not _convertible().search(line):
        return line
    converted = _converter().convert(line)
    return converted if _aligned(line, converted) else line.translate(table)


def simplified_view(text: str) -> str:
    """``text`` in simplified characters, with exactly the same length (and line breaks)."""
    table = _table()
    return "\n".join(_line_view(line, table) for line in text.split("\n"))


def is_traditional(text: str, threshold: float = 0.05) -> bool:
    """True when at least ``threshold`` of the text's ideographs are traditional forms."""
    table = _table()
    ideographs = [c for c in text if _IDEOGRAPH.match(c)]
    if not ideographs:
        return False
    return sum(1 for c in ideographs if ord(c) in table) / len(ideographs) >= threshold
