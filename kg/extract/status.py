"""The phase a figure counts (built, under construction, disbursed …), read from cue words.

The cue words are the ``skos:hiddenLabel`` of the phase scheme (ontology/vocab/phases.ttl),
gathered into the lexicon. A cue states the phase of the figures in its own clause
(建成乡级产业园区项目3个, 投资7亿元的兴县人民医院正式投用); a clause with no number of its
own passes its cue back to the figure before it, and wins when it says 已/全部 (安排专项扶贫资金
1.45亿元,已全部拨付: arranged, and now all disbursed).
Counts of people get no phase from a cue: 安排就业430人 arranges jobs for them, it is not a
stage of a project or of money.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.lexicon import Term

PHASES = ("planned", "arranged", "supported", "under-construction", "built", "in-use",
          "disbursed")
_CLAUSE_BREAK = re.compile(r"[，,；;。：:！？!?、\n]")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_DIGIT = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两]")
# A cue followed by these names the money's purpose, not its stage (扶持资金 is support money).
_NOUN_AFTER = ("资金", "政策", "力度")
_PEOPLE = {"person", "person_time"}


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    m = _CLAUSE_BREAK.search(text, end)
    return lo, (m.start() if m else len(text))


def _cues_in(text: str, lo: int, hi: int, cues: Sequence[Term]) -> list[tuple[int, int, str]]:
    """(start, end, phase) of every cue in text[lo:hi], longest label first at one place."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for term in cues:  # the lexicon sorts longest first: 已全部拨付 before 拨付
        for m in re.finditer(re.escape(term.label), text[lo:hi]):
            s, e = lo + m.start(), lo + m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if text.startswith(_NOUN_AFTER, e):
                continue
            taken.append((s, e))
            found.append((s, e, term.ref))
    return found


def phase_at(text: str, start: int, end: int, unit: str, cues: Sequence[Term]) -> str | None:
    """The phase the text states for the number at ``text[start:end]``, or None."""
    if unit in _PEOPLE or not cues:
        return None
    lo, hi = _clause(text, start, end)
    here = _cues_in(text, lo, hi, cues)
    after = _cue_of_next_clause(text, hi, cues)
    # 已全部拨付 / 已投入运营 after the figure says what became of all of it: that phase wins
    # over the clause's own cue (安排 … 1.45亿元 was arranged, and is now disbursed).
    if after is not None and text.startswith(("已", "全部"), after[0]):
        return after[1]
    if here:
        # The nearest cue, before or after the number.
        return min(here, key=lambda c: (min(abs(start - c[1]), abs(c[0] - end)), c[0]))[2]
    return after[1] if after is not None else None


def _cue_of_next_clause(text: str, hi: int, cues: Sequence[Term]) -> tuple[int, str] | None:
    """(clause start, phase) of the clause after ``hi`` in the same sentence, when that clause
    states no number of its own and has a cue."""
    if hi >= len(text) or _SENTENCE_END.match(text, hi):
        return None
    next_lo = hi + 1
    _, next_hi = _clause(text, next_lo, next_lo)
    if _DIGIT.search(text, next_lo, next_hi):
        return None
    found = _cues_in(text, next_lo, next_hi, cues)
    return (next_lo, min(found)[2]) if found else None
