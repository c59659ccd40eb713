"""Draft facts for text nobody has annotated: indicator, subject, place, period, part-of
and share-of, each with the clause as evidence.

Rules, in order of trust: the indicator is the nearest indicator label before the number in
its clause whose expected unit fits (then after it, then earlier in the sentence); the
subject is the nearest population group, else programme/project/organisation; the place is
the article's county unless the clause names a township or village; 其中 makes the following
figures parts of the figure before it; 占比/占 N% is the share of the part in that whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.lexicon import Lexicon, Term
from kg.extract.period import period_at
from kg.extract.quantity import Quantity
from kg.extract.status import phase_at
from kg.facts import Fact, Status
from kg.model import Article

_CLAUSE_BREAK = re.compile(r"[，,；;。：:！？!?、\n]")
_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")
_SHARE = re.compile(r"(占比|占)\s*$")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    m = _CLAUSE_BREAK.search(text, end)
    return lo, (m.start() if m else len(text))


def _sentence_bounds(text: str, start: int) -> tuple[int, int]:
    lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    m = _SENTENCE_BREAK.search(text, start)
    return lo, (m.end() if m else len(text))


def _nearest(terms: Sequence[Term], text: str, lo: int, hi: int, anchor: int,
             unit: str | None = None) -> Term | None:
    """The term whose label ends nearest before ``anchor`` in [lo, hi), else the first after."""
    before: list[tuple[int, Term]] = []
    after: list[tuple[int, Term]] = []
    for term in terms:
        if unit is not None and term.units and unit not in term.units:
            continue
        # Plain substring search, left to right without overlaps as re.finditer would: a
        # regex per term per number overflowed re's cache (362k compiles at 100 articles).
        label = term.label
        if not label:
            continue
        s = text.find(label, lo, hi)
        while s != -1:
            e = s + len(label)
            if e <= anchor:
                before.append((anchor - e, term))
            elif s >= anchor:
                after.append((s - anchor, term))
            s = text.find(label, e, hi)
    if before:
        return min(before, key=lambda x: (x[0], -len(x[1].label)))[1]
    if after:
        return min(after, key=lambda x: (x[0], -len(x[1].label)))[1]
    return None


def draft_facts(
    article: Article,
    quantities: Sequence[Quantity],
    lexicon: Lexicon,
    year: int | None,
    county: str | None,
    unit_slug: dict[str, str] | None = None,
) -> list[Fact]:
    text = article.text
    unit_slug = unit_slug or {}
    facts: list[Fact] = []
    used: set[str] = set()
    for i, q in enumerate(quantities):
        unit = unit_slug.get(q.unit, q.unit)
        c_lo, c_hi = _clause_bounds(text, q.start, q.end)
        s_lo, _ = _sentence_bounds(text, q.start)
        indicator = (_nearest(lexicon.indicators, text, c_lo, c_hi, q.start, unit)
                     or _nearest(lexicon.indicators, text, s_lo, q.start, q.start, unit))
        subject = (_nearest(lexicon.groups, text, c_lo, c_hi, q.start)
                   or _nearest(lexicon.entities, text, c_lo, c_hi, q.start)
                   or _nearest(lexicon.entities, text, s_lo, q.start, q.start))
        place = _nearest(lexicon.places, text, c_lo, c_hi, q.start)
        period = period_at(text, q.start, year)
        local = _local_id(indicator.ref if indicator else unit, q, used)
        used.add(local)
        part_of = share_of = share_part = None
        prev = facts[-1] if facts and quantities[i - 1].start >= s_lo else None
        if prev is not None:
            between = text[quantities[i - 1].end:q.start]
            if unit == "percent" and _SHARE.search(text[c_lo:q.start]):
                share_of, share_part = (prev.part_of, prev.local_id) if prev.part_of else (
                    prev.local_id, None)
            elif "其中" in between and prev.unit == unit:
                part_of = prev.local_id
        facts.append(
            Fact(
                article_id=article.id,
                local_id=local,
                stated=q.stated,
                value=q.value,
                unit=unit,
                approx=q.approx.value,
                number_start=q.start,
                number_end=q.end,
                quote=text[c_lo:c_hi],
                quote_start=c_lo,
                quote_end=c_hi,
                status=Status.DRAFT,
                lower=q.lower,
                upper=q.upper,
                indicator=indicator.ref if indicator else None,
                period=period.period,
                period_start=period.start,
                place=place.ref if place else county,
                group=subject.ref if subject and ":" not in subject.ref else None,
                about=subject.ref if subject and ":" in subject.ref else None,
                part_of=part_of,
                share_of=share_of,
                share_part=share_part,
                per=q.per,
                phase=phase_at(text, q.start, q.end, unit, lexicon.phases),
            )
        )
    return facts


def _local_id(base: str, q: Quantity, used: set[str]) -> str:
    value = format(q.value.normalize(), "f").replace(".", "_")
    local = f"draft-{base}-{value}"
    if local in used:
        local = f"{local}-at-{q.start}"
    return local
