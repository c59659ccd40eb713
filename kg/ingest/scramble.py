"""Is a page scrambled at all? Reading-order repair runs only where there is evidence.

A clean article (one column, no duplicates) must come out in its own order: its section
heads (技术有人教，销售有保障) end without a full stop but are not cut-off fragments, and no
cohesion score may move its paragraphs. Evidence of scrambling, any of:

* a paragraph printed twice (the ingest dropped a duplicate);
* enumerators out of order in file order (一是, 二是, 四是, 三是);
* a cut-off fragment of prose (long, or with a sentence end inside, and no end of its own)
  whose next block in the file cannot continue it: a heading comes between, the next block
  is a lead or starts a fresh point (三是, 首先), or there is none;
* a fragment without an end whose word is completed (管|理) by some block nearby other than
  the next one, and not by the next one.

Without such evidence the page keeps its file order; a cut-off fragment is joined only with
the block right after it, when that block continues it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kg.ingest.cohesion import boundary_word, ends_sentence, enumerator_at_start, starts_fresh
from kg.model import Block, BlockKind

PROSE_LENGTH = 40
"""A fragment this long (characters) is prose even without a sentence end inside it."""
STRONG_WORD = 0.7
"""A dictionary word across a boundary this strong (0..1) says one fragment continues another."""
NEARBY = 30
"""How many blocks either side are searched for the continuation of a word cut in two."""

_INNER_END = re.compile(r"[。！？!?；;]")
_COLON = "：:"


def is_cut(text: str) -> bool:
    """The fragment ends mid-sentence (a colon introduces what follows: not a cut)."""
    stripped = text.rstrip()
    return bool(stripped) and not ends_sentence(stripped) and stripped[-1] not in _COLON


def is_prose_cut(text: str) -> bool:
    """Cut-off prose rather than a section head: long, or with a sentence inside."""
    return is_cut(text) and (len(text) >= PROSE_LENGTH or bool(_INNER_END.search(text[:-1])))


def can_continue(pool: Sequence[Block], texts: Sequence[str], a: int,
                 heading_between: Callable[[int, int], bool], region: Sequence[int]) -> bool:
    """The block after ``a`` in the file may continue it."""
    b = a + 1
    return (b < len(pool) and pool[b].kind is not BlockKind.LEAD and region[a] == region[b]
            and not heading_between(a, b) and not starts_fresh(texts[b]))


def scramble_evidence(
    pool: Sequence[Block],
    texts: Sequence[str],
    heading_between: Callable[[int, int], bool],
    region: Sequence[int],
    duplicates: int,
) -> str | None:
    """Why the page looks scrambled, or None when it reads as printed."""
    if duplicates:
        return f"{duplicates} paragraph(s) printed twice"
    highest: dict[int, int] = {}
    for a, text in enumerate(texts):
        k = enumerator_at_start(text)
        if k is None:
            continue
        if highest.get(region[a], 0) >= k:
            return f"enumerator out of order at line {pool[a].line}"
        highest[region[a]] = k
    for a, text in enumerate(texts):
        if not is_cut(text):
            continue
        follows = can_continue(pool, texts, a, heading_between, region)
        if is_prose_cut(text) and not follows and a + 1 < len(pool):  # the last: truncated
            return f"line {pool[a].line} ends mid-sentence and the next block does not go on"
        nxt = boundary_word(text, texts[a + 1]) if follows else 0.0
        if nxt >= STRONG_WORD:
            continue
        for b in range(max(0, a - NEARBY), min(len(pool), a + NEARBY + 1)):
            if b in (a, a + 1) or pool[b].kind is BlockKind.LEAD:
                continue
            if boundary_word(text, texts[b]) >= STRONG_WORD:
                return (f"line {pool[a].line} ends in a word that line {pool[b].line} "
                        "completes")
    return None


def file_order_joins(
    pool: Sequence[Block],
    texts: Sequence[str],
    heading_between: Callable[[int, int], bool],
    region: Sequence[int],
) -> list[tuple[int, int, str]]:
    """In a page read as printed, the cut-off fragments that the next block continues:
    (left, right, evidence). A section head stays its own paragraph."""
    joins: list[tuple[int, int, str]] = []
    for a, text in enumerate(texts):
        if not is_cut(text) or not can_continue(pool, texts, a, heading_between, region):
            continue
        if is_prose_cut(text):
            joins.append((a, a + 1, "prose cut off, next in file"))
        elif boundary_word(text, texts[a + 1]) >= STRONG_WORD:
            joins.append((a, a + 1, "dictionary word, next in file"))
    return joins
