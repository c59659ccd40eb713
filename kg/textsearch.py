"""Plain substring search shared by the stages that locate text (curation, place names)."""

from __future__ import annotations


def occurrences(text: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``text``, overlapping ones included."""
    out: list[int] = []
    i = text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out
