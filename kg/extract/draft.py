"""Draft facts for text nobody has annotated: indicator, subject, place, period, part-of
and share-of, each with the clause as evidence.

Rules, in order of trust: the indicator is the nearest indicator label before the number in
its clause whose expected unit fits (then after it, then earlier in the sentence), refined by
the clause's cue words (``indicator_cues``); the subject is the name the clause is about
(``subject``: a person, household, group, programme, project, organisation or place); the place is
the one the discourse is about (``_place``); the period comes from the text (``period_at``);
其中 makes the following figures parts of the figure before it; 占比/占 N% is the share of
the part in that whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.implied_place import implied_county
from kg.extract.indicator_cues import refine_indicator
from kg.extract.lexicon import Lexicon, Term
from kg.extract.period import period_at
from kg.extract.quantity import Quantity
from kg.extract.status import phase_at
from kg.extract.subject import SubjectTerms, nearest, subject_at
from kg.facts import Fact, Status
from kg.ingest.script import simplified_view
from kg.link.place_ids import named_place_slug
from kg.model import Article

_CLAUSE_BREAK = re.compile(r"[，,；;。：:！？!?、\n]")
_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")
_PHRASE_BREAK = re.compile(r"[，,；;。：:！？!?\n]")  # a clause with its 、 list
_SHARE = re.compile(r"(占比|占)\s*$")


def _phrase_end(text: str, end: int) -> int:
    m = _PHRASE_BREAK.search(text, end)
    return m.start() if m else len(text)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    m = _CLAUSE_BREAK.search(text, end)
    return lo, (m.start() if m else len(text))


def _sentence_bounds(text: str, start: int) -> tuple[int, int]:
    lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    m = _SENTENCE_BREAK.search(text, start)
    return lo, (m.end() if m else len(text))


# Words that name the level of the place a clause is about (全村900人 → the village named last).
_LEVEL_WORDS = re.compile(
    r"(?P<Village>全村|该村|本村|村里|村集体|村民)|(?P<Township>全乡|全镇|该乡|该镇)"
    r"|(?P<County>全县|该县|县里|全区|当地)|(?P<Prefecture>全市|全州|该市)|(?P<Province>全省|该省)"
    r"|(?P<Country>全国|我国)")


_UMBRELLA = re.compile(r"[一二三四五六七八九十两\d]+(?:大|项|个)(?:工程|行动|任务|举措|机制)")


def _place_mentions(text: str, places: Sequence[Term]) -> list[tuple[int, int, Term]]:
    """Every place name in ``text``, longest first where two overlap, in text order."""
    if not places:
        return []
    by_label = {t.label: t for t in places}  # places are sorted longest label first
    pattern = re.compile("|".join(re.escape(t.label) for t in places))
    return [(m.start(), m.end(), by_label[m.group(0)]) for m in pattern.finditer(text)]


# 该县东南与四川省阿坝县毗邻: the places a place borders are named to locate it; what follows
# (该县…) is still about the place itself.
_NEIGHBOURS = re.compile(r"(?:与|和|同)([^，,。；;]{2,24}?)(?:毗邻|接壤|交界|相邻|相连|为邻)")


def _without_neighbours(text: str, mentions: list[tuple[int, int, Term]]
                        ) -> list[tuple[int, int, Term]]:
    spans = [(m.start(1), m.end(1)) for m in _NEIGHBOURS.finditer(text)]
    return [x for x in mentions if not any(a <= x[0] and x[1] <= b for a, b in spans)]


def _place(mentions: Sequence[tuple[int, int, Term]], levels: dict[str, str], text: str,
           c_lo: int, s_lo: int, at: int, county: str | None) -> str | None:
    """The place a figure is about, in this order: the place of the level a word of its
    sentence names after the last place named there (全村 → the village named last before);
    the place named last before it in its sentence; the place named last before it in the
    article; the article's county (from its metadata); the first place the article names."""
    before = [t for s, e, t in mentions if e <= at]
    in_sentence = [(s, t) for s, e, t in mentions if s >= s_lo and e <= at]
    level = None
    for m in _LEVEL_WORDS.finditer(text, s_lo, at):
        # A level word counts unless a place is named after it (全县…乔家沟安置点…N人).
        if not in_sentence or in_sentence[-1][0] < m.start():
            level = m.lastgroup
    if level == "Country":
        country = next((t for t in before if levels.get(t.ref) == "Country"), None)
        return country.ref if country else "zhongguo"
    if level is not None:
        same = [t for t in before if levels.get(t.ref) == level]
        if same:
            return same[-1].ref
    if in_sentence:
        return in_sentence[-1][1].ref
    if before:
        return before[-1].ref
    if county:
        return county
    return mentions[0][2].ref if mentions else None


def _only_indicator_of_unit(indicators: Sequence[Term]) -> dict[str, Term]:
    """Units that only one indicator of the vocabulary expects (年龄 for 岁, 气温 for 度): a
    figure in that unit with no label near it still gets that indicator."""
    owners: dict[str, dict[str, Term]] = {}
    for t in indicators:
        for u in t.units:
            owners.setdefault(u, {}).setdefault(t.ref, t)
    return {u: next(iter(ts.values())) for u, ts in owners.items() if len(ts) == 1}


def draft_facts(
    article: Article,
    quantities: Sequence[Quantity],
    lexicon: Lexicon,
    year: int | None,
    county: str | None,
    unit_slug: dict[str, str] | None = None,
    month: int | None = None,
) -> list[Fact]:
    text = article.text
    unit_slug = unit_slug or {}
    facts: list[Fact] = []
    used: set[str] = set()
    # Places are found in the simplified view (五臺縣 is 五台县), offsets one for one.
    view = simplified_view(text)
    lexicon = lexicon.within(text, view)  # the same terms found, at a cost linear in the corpus
    mentions = _without_neighbours(view, _place_mentions(view, lexicon.places))
    if not mentions and county is None:
        implied = implied_county(view)
        county = named_place_slug(implied) if implied else None
    by_unit = _only_indicator_of_unit(lexicon.indicators)
    subjects = [*lexicon.groups, *lexicon.entities,
                *(Term(t.label, f"place:{t.ref}") for t in lexicon.places)]
    # A name that counts its parts (脱贫攻坚十大工程) heads the sentence; the figures after it
    # belong to the parts, so it is no subject outside its own clause.
    groups, entities = lexicon.groups, lexicon.entities
    subject_text = text
    if view != text:
        # A page in traditional characters: names are matched in the simplified view too, so
        # that a vocabulary group (贫困户) finds 貧困戶 and a spotted 貧困村 finds itself.
        subjects, groups, entities = (_simplified(subjects), _simplified(groups),
                                      _simplified(entities))
        subject_text = view
    things = _simplified(lexicon.things) if view != text else lexicon.things
    terms = SubjectTerms(subjects, [t for t in subjects if not _UMBRELLA.search(t.label)],
                         groups, entities, things)
    for i, q in enumerate(quantities):
        unit = unit_slug.get(q.unit, q.unit)
        c_lo, c_hi = _clause_bounds(text, q.start, q.end)
        s_lo, _ = _sentence_bounds(text, q.start)
        indicator = ((_counted_label(lexicon.indicators, view, q.end, c_hi) if unit == "item"
                      else None)
                     or nearest(lexicon.indicators, view, c_lo, c_hi, q.start, unit)
                     or nearest(lexicon.indicators, view, s_lo, q.start, q.start, unit)
                     or by_unit.get(unit))
        in_clause = [e for s, e, _ in mentions if s >= c_lo and e <= q.start]
        p_lo = max((m.end() for m in _PHRASE_BREAK.finditer(view, 0, q.start)), default=0)
        refined = refine_indicator(indicator.ref if indicator else None, unit,
                                   view[c_lo:q.start],
                                   view[in_clause[-1]:q.start] if in_clause else None,
                                   phrase_before=view[p_lo:q.start],
                                   clause_after=view[q.end:c_hi],
                                   phrase_after=view[q.end:_phrase_end(view, q.end)],
                                   stated=simplified_view(q.stated))
        place = _place(mentions, lexicon.place_levels, view, c_lo, s_lo, q.start, county)
        subject = subject_at(terms, subject_text, q.start, q.end, (c_lo, c_hi), s_lo, place)
        period = period_at(view, q.start, year, month)  # 現在 is 现在
        local = _local_id(refined or unit, q, used)
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
                indicator=refined,
                period=period.period,
                period_start=period.start,
                place=place,
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


def _counted_label(indicators: Sequence[Term], text: str, end: int, hi: int) -> Term | None:
    """The label an item count is joined to (五种经营模式, 3个产业基地): what it counts
    names its indicator before any label earlier in the clause (项目拉动五种经营模式)."""
    at = end + 1 if text.startswith("的", end) else end
    found = [t for t in indicators if "item" in t.units and at + len(t.label) <= hi
             and text.startswith(t.label, at)]
    return max(found, key=lambda t: len(t.label)) if found else None


def _simplified(terms: Sequence[Term]) -> list[Term]:
    """The terms with their labels in simplified characters, longest first as before."""
    out = {Term(simplified_view(t.label), t.ref, t.units): None for t in terms}
    return sorted(out, key=lambda t: (-len(t.label), t.label, t.ref))


def _local_id(base: str, q: Quantity, used: set[str]) -> str:
    value = format(q.value.normalize(), "f").replace(".", "_")
    local = f"draft-{base}-{value}"
    if local in used:
        local = f"{local}-at-{q.start}"
    return local
