"""The subject of a draft figure: the named household, person, group, enterprise, project,
programme or place its clause is about.

Rules, in order of trust (each a shape of Chinese news prose, not a list of names):
1. a name right after the number, joined by nothing, 的 or an opening quote: what the figure
   counts or describes (12个安置点, 70岁的王大爷, 8支“帮扶工作队”, 0.5毫米的“钢板”), or a
   one-character animal between 养 and its count (养牛1800头); a group so named yields to
   what it takes up after it (带动300户贫困户发展X: X);
   then money spent (投资…元建设X, 投入…元扶持X): the X the verb of purpose names;
2. a level word before the number with no name between (全村900人, 全县…): the place of that
   level (the caller's ``place``, which reads the same words);
3. the name nearest before the number in its clause;
4. a population group after it in the clause (3万多贫困群众);
5. a fronted time clause (经过三天的培训后，X学会了…): the first name of the next clause,
   the subject the adverbial belongs to;
6. 企业/该公司 in its sentence: the organisation named last before (an anaphor);
7. an entity after it in the clause (有近300名村民在种植基地…);
   then a pronoun opening a clause of the sentence (她把土地流转后，…收入近2万元): the person
   named last before it;
8. the name nearest before it in its sentence, except names that count their parts
   (脱贫攻坚十大工程: its figures belong to the parts), and for a rate (贫困发生率达N%) names
   that head a figure of their own (贫困村130个);
9. the place the figure is about.
A group named by a relative clause (发展X产业的贫困户达N%) yields to the X in it.
A person named before a verb of saying in the sentence (王某说，…) is never the subject,
except of the figures of his own household (王某说，…去年我家收入3万多元).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.lexicon import Term

_RIGHT_AFTER_GAP = re.compile(r"^的?[“「『]?$")
_LEVEL_WORDS = re.compile(r"全村|该村|本村|全乡|全镇|该乡|该镇|全县|该县|全区|全市|全州|该市"
                          r"|全省|该省|全国")
_FRONTED = re.compile(r"^(?:在|经过|通过|随着|自从)[^，,。]*(?:后|之后|以后|时|期间|以来)$")
_ENTERPRISE = re.compile(r"(?:该|这家|这个)?(?:企业|公司|厂家)(?!家|的)")
_COUNTED = re.compile(r"[0-9一二三四五六七八九十两百千万亿余多]+[个支名户人家所座处项只头]?$")
_HEADS_A_FIGURE = re.compile(r"(?:达到?|有|为|共)?[0-9一二三四五六七八九十两]")
# A rate of the place (贫困发生率达12.1%) is not about a name that heads another figure.
_A_RATE = re.compile(r"率(?:由|从|达到?|为|降至|降到|下降到?|提高到?|)$|率[^，,；;。]{0,12}?[由从]")
_CLAUSE_BREAK = re.compile(r"[，,；;。：:！？!?、\n]")
# 局长王某说，去年…: the speaker reports the figures after the verb; they are not about him.
_SPEECH_VERB = re.compile(r"(?:说|表示|介绍|指出|告诉记者|坦言)")
# …说，去年我家收入…; …说，家庭年收入…: the speaker's own household (家庭 and 家里 only opening
# the clause: 全县贫困家庭300户 is not his).
_OWN_HOUSEHOLD = re.compile(r"我家|我们家|自家|自己家|全家")
_OWN_HOUSEHOLD_OPENING = ("家庭", "家里")


@dataclass(frozen=True)
class SubjectTerms:
    """The names a subject can be: every one, those that may govern a whole sentence, the
    population groups and the entities (programmes, projects, organisations, people …)."""

    every: Sequence[Term]
    sentence: Sequence[Term]
    groups: Sequence[Term]
    entities: Sequence[Term]
    things: Sequence[Term] = ()  # one-character things, only right after their count


def nearest(terms: Sequence[Term], text: str, lo: int, hi: int, anchor: int,
            unit: str | None = None, counted: bool = True,
            own_figure: bool = False) -> Term | None:
    """The term whose label ends nearest before ``anchor`` in [lo, hi), else the first after;
    with ``counted`` False, not a name that a number counts (25个贫困县: the clause's own)."""
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
            if not counted and _COUNTED.search(text, max(lo, s - 8), s):
                pass
            elif own_figure and _HEADS_A_FIGURE.match(text, e):
                pass  # …贫困村130个，贫困发生率达12.1%: that name heads its own figure
            elif e <= anchor:
                before.append((anchor - e, term))
            elif s >= anchor:
                after.append((s - anchor, term))
            s = text.find(label, e, hi)
    if before:
        return min(before, key=lambda x: (x[0], -len(x[1].label)))[1]
    if after:
        return min(after, key=lambda x: (x[0], -len(x[1].label)))[1]
    return None


def _right_after(terms: Sequence[Term], text: str, start: int, end: int,
                 hi: int) -> Term | None:
    """A name right after the number, or closing the stated form itself (2万个就业岗位 is
    read as one quantity with its counted noun)."""
    found: list[tuple[int, int, Term]] = []
    for term in terms:
        label = term.label
        if not label:
            continue
        s = text.find(label, start + 1, min(hi, end + 2 + len(label)))
        if s == -1:
            continue
        if (s < end and s + len(label) == end) or (
                s >= end and _RIGHT_AFTER_GAP.match(text[end:s])):
            found.append((s, -len(label), term))
    return min(found, key=lambda x: (x[0], x[1], x[2].ref))[2] if found else None


# 带动500余户贫困群众发展食用菌产业: households counted to say what they took up are
# figures of that industry (the group is who it reaches).
_TAKING_UP = re.compile(r"(?:发展|从事|种植|养殖)")


def _taken_up_after(found: Term, terms: SubjectTerms, text: str, end: int,
                    c_hi: int) -> Term | None:
    if found not in terms.groups:
        return None
    at = text.find(found.label, end, c_hi)
    verb = _TAKING_UP.match(text, at + len(found.label)) if at >= 0 else None
    if verb is None:
        return None
    things = [t for t in terms.entities if not t.ref.startswith(("place:", "person:"))]
    return nearest(things, text, verb.end(), c_hi, verb.end())


def _raised_before(things: Sequence[Term], text: str, start: int) -> Term | None:
    """养牛1800头: the one-character animal between 养 and its count."""
    if start < 2 or text[start - 2] != "养":
        return None
    return next((t for t in things if t.label == text[start - 1]), None)


def _after_fronted_clause(terms: Sequence[Term], text: str, c_lo: int, c_hi: int) -> Term | None:
    if c_hi >= len(text) or not _FRONTED.match(text[c_lo:c_hi]):
        return None
    lo = c_hi + 1
    m = _CLAUSE_BREAK.search(text, lo)
    hi = m.start() if m else len(text)
    return nearest(terms, text, lo, hi, lo)


def _enterprise_named_before(entities: Sequence[Term], text: str, sentence_start: int,
                             start: int) -> Term | None:
    """企业/该公司 before the number with no name of its own: the organisation named last
    before it in the article (去年，企业又拿到了…订单)."""
    if not _ENTERPRISE.search(text, sentence_start, start):
        return None
    orgs = [t for t in entities if t.ref.startswith("org:")]
    return nearest(orgs, text, 0, start, start)


def _speakers(entities: Sequence[Term], text: str, lo: int, hi: int) -> set[str]:
    """People named in [lo, hi) right before a verb of saying."""
    out: set[str] = set()
    for t in entities:
        if not t.ref.startswith("person:") or not t.label:
            continue
        s = text.find(t.label, lo, hi)
        while s != -1:
            if _SPEECH_VERB.match(text, s + len(t.label)):
                out.add(t.ref)
                break
            s = text.find(t.label, s + 1, hi)
    return out


# 她把土地流转后，…，每年收入近2万元: a personal pronoun opening a clause makes the person named
# last before it (within a few sentences) the one the rest of the sentence is about.
_PRONOUN = re.compile(r"(?:^|(?<=[，,；;。：:！？!?\n]))"
                      r"(?:目前|如今|现在|今年|去年)?[他她](?![们人])")
_PRONOUN_REACH = 200


def _pronoun_person(entities: Sequence[Term], text: str, sentence_start: int,
                    start: int) -> Term | None:
    opened = list(_PRONOUN.finditer(text, sentence_start, start))
    if not opened:
        return None
    at = opened[-1].end() - 1
    people = [t for t in entities if t.ref.startswith("person:")]
    return nearest(people, text, max(0, at - _PRONOUN_REACH), at, at)


# 投资600万元建设加工厂, 投入2亿元扶持特色产业: money spent on something is about what it
# builds or supports, named after the verb of purpose in the clause, before the county that
# spends it (该县财政投资…建设扶贫车间).
_SPENDING = re.compile(r"(?:投入|投资|安排|整合|筹措|筹集)[^，,；;。]{0,6}$")
_PURPOSE_VERBS = "建设|新建|建成|启动|扶持|支持|发展|实施|用于|开展|打造"
_PURPOSE = re.compile(f"(?:{_PURPOSE_VERBS})")
# …元，在8个村实施X / …元，用来建设X: a next clause that opens with where or what for.
_OPENS_PURPOSE = re.compile(f"(?:在|为|对|向|用来|{_PURPOSE_VERBS})")


def _purpose(entities: Sequence[Term], text: str, c_lo: int, c_hi: int, start: int,
             end: int) -> Term | None:
    if not text[start:end].endswith("元") or not _SPENDING.search(text, c_lo, start):
        return None
    verb = _PURPOSE.search(text, end, c_hi)
    if verb is None and text[c_hi:c_hi + 1] in ("，", ",") and _OPENS_PURPOSE.match(
            text, c_hi + 1):
        # 安排资金120万元，在8个村实施X: the next clause opens with where or what
        # for (not with a subject of its own: 张家村建设X is 张家村's).
        m = _CLAUSE_BREAK.search(text, c_hi + 1)
        c_hi = m.start() if m else len(text)
        verb = _PURPOSE.search(text, end, c_hi)
    if verb is None:
        return None
    things = [t for t in entities if not t.ref.startswith(("place:", "person:"))]
    return nearest(things, text, verb.end(), c_hi, verb.end())


def subject_at(terms: SubjectTerms, text: str, start: int, end: int, clause: tuple[int, int],
               sentence_start: int, place: str | None) -> Term | None:
    """The subject of the figure at [start, end) of ``text`` in the clause [c_lo, c_hi)."""
    c_lo, c_hi = clause
    place_term = Term("", f"place:{place}") if place else None
    speakers = _speakers(terms.entities, text, sentence_start, start)
    if speakers and (_OWN_HOUSEHOLD.search(text, c_lo, start)
                     or text.startswith(_OWN_HOUSEHOLD_OPENING, c_lo)):
        # 王某说，…去年我家收入3万多元: the speaker's own household is what the figure is about.
        own = [t for t in terms.entities if t.ref in speakers]
        found = nearest(own, text, sentence_start, start, start)
        if found is not None:
            return found
    if speakers:
        def kept(ts: Sequence[Term]) -> list[Term]:
            return [t for t in ts if t.ref not in speakers]

        terms = SubjectTerms(kept(terms.every), kept(terms.sentence), kept(terms.groups),
                             kept(terms.entities), terms.things)
    found = (_right_after(terms.every, text, start, end, c_hi)
             or _right_after(terms.things, text, start, end, c_hi)
             or _raised_before(terms.things, text, start))
    if found is not None:
        return _taken_up_after(found, terms, text, end, c_hi) or found
    found = _purpose(terms.entities, text, c_lo, c_hi, start, end)
    if found is not None:
        return found
    levels = list(_LEVEL_WORDS.finditer(text, c_lo, start))
    if levels and place_term and nearest(terms.every, text, levels[-1].end(), start,
                                         start) is None:
        return place_term
    found = nearest(terms.every, text, c_lo, start, start)
    if found is not None and found in terms.groups:
        # 发展苹果产业的贫困户达50%: the group is picked out by what it takes up, and the
        # figure (a share of it) is about that industry or programme.
        m = re.search(rf"的{re.escape(found.label)}(?:达到?|占到?|为|有)?$", text[c_lo:start])
        if m is not None:
            taken_up = nearest(terms.entities, text, c_lo, c_lo + m.start(), c_lo + m.start())
            if taken_up is not None:
                return taken_up
    after = nearest(terms.groups, text, start, c_hi, start) if found is None else None
    if after is not None:
        # 带动4个乡镇800余户贫困群众发展X: the group after yields to what it takes up
        after = _taken_up_after(after, terms, text, end, c_hi) or after
    return (found
            or after
            or _after_fronted_clause(terms.every, text, c_lo, c_hi)
            or _enterprise_named_before(terms.entities, text, sentence_start, start)
            or nearest(terms.entities, text, start, c_hi, start)
            or _pronoun_person(terms.entities, text, sentence_start, start)
            or nearest(terms.sentence, text, sentence_start, start, start, counted=False,
                       own_figure=_A_RATE.search(text, c_lo, start) is not None)
            or place_term)
