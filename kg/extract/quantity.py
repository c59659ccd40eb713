"""A Chinese quantity grammar: find every measurement in a text, and say what every other
number is (a date, a year, a name, an ordinal, an enumerator, an idiom …).

Decisions, so a reader need not guess:

* ``value`` is normalised into the base unit: 1.45亿元 -> 145000000 (unit ``yuan``); a
  percentage keeps its number (42% -> 42, unit ``percent``); 三成 -> 30 percent.
* ``lower``/``upper`` are bounds *stated by the text*: 600余万元 -> lower 6000000, upper None;
  近500 -> upper 500; 500-800万元 -> 5000000..8000000. Exact and ``approx`` (约, 左右) figures
  carry no bounds.
* For a RANGE the ``value`` is the lower bound (never a computed midpoint).
* Vague numerals are ranges: 三四个 -> 3..4, 七八年 -> 7..8, 十几 -> 11..19, 几十 -> 20..90,
  几千 -> 2000..9000 (几/数 means two to nine; after 十 it means one to nine).
* 零下 negates: 零下10多度 -> upper -10, at_most.
* ``per`` is the rate denominator signalled before the number in its clause (人均 -> person,
  每亩 -> mu, 每户年平均 -> household/year), joined with "/" when there are several.
* 4夜5天 is two measurements (4 nights, 5 days): a duty rota is a quantity.
* A lone 一 with a counting classifier and no approximation or rate (一个, 一批, 一项) is an
  indefinite article, reported as kind "other"; 一 with a measuring unit (一亩, 一周) is a
  measurement.
* A unit may be given by the noun after the number when no classifier is used
  (24万农民 -> person, 4.21万家庭 -> household); that noun is not part of ``stated``.
* Numerals inside short quotations (“1937”, “四个不摘”, “3+1”) are names, not measurements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.extract.cues import IDIOMS, ISO_DATE, QUOTES, SET_PHRASES, URL
from kg.extract.kinds import Spans, TokenKind, classify
from kg.extract.measure import Approx, Quantity
from kg.extract.numerals import (
    Numeral,
    find_spans,
    mask_words,
    multiplier_value,
    normalise_digits,
    parse_chinese_numeral,
    scan_numerals,
)
from kg.extract.placenames import numeral_place_spans
from kg.extract.units import UNIT_RE, UNITS
from kg.ingest.script import simplified_view

__all__ = [
    "UNITS",
    "Approx",
    "NumberToken",
    "Quantity",
    "TokenKind",
    "find_number_tokens",
    "find_quantities",
    "parse_chinese_numeral",
]


@dataclass(frozen=True)
class NumberToken:
    """One numeral in the text and what it is; ``quantity`` is set for kind ``measure``."""

    start: int
    end: int
    text: str
    kind: TokenKind
    reason: str
    value: Decimal | None = None
    quantity: Quantity | None = None


_CONNECTOR = re.compile(r"(?:——|[-－—–~～〜至到])")


def _groups(norm: str, nums: list[Numeral]) -> list[tuple[list[Numeral], str]]:
    """Numerals read together: a range (500-800万元), a fraction (三分之一 "分之", 1/3 "/"),
    or one numeral alone ("")."""
    out: list[tuple[list[Numeral], str]] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        if i + 1 < len(nums):
            nxt = nums[i + 1]
            between = norm[n.end:nxt.start]
            if between == "分之" and norm[max(0, n.start - 1):n.start] != "百":
                out.append(([n, nxt], "分之"))
                i += 2
                continue
            if between == "/" and _slash_fraction(norm, n, nxt):
                out.append(([n, nxt], "/"))
                i += 2
                continue
            ordered = n.value is not None and nxt.value is not None and (
                n.value * (1 if n.multiplier else multiplier_value(nxt.multiplier)) <= nxt.value)
            if ordered and not n.inner and n.lo is None and nxt.lo is None and between:
                c = _CONNECTOR.search(between)
                if c and c.end() == len(between):
                    unit_before = between[:c.start()]
                    ok = not unit_before or (
                        UNIT_RE.fullmatch(unit_before) is not None
                        and norm.startswith(unit_before, nxt.end)
                    )
                    if c.start() == 0 or ok:
                        out.append(([n, nxt], ""))
                        i += 2
                        continue
        out.append(([n], ""))
        i += 1
    return out


def _slash_fraction(norm: str, n: Numeral, nxt: Numeral) -> bool:
    """1/3 is a third: small whole numbers, numerator below denominator, no date around."""
    if n.cn or nxt.cn or n.multiplier or nxt.multiplier or n.value is None or nxt.value is None:
        return False
    if norm[nxt.end:nxt.end + 1] in ("/", ".", "-") or norm[n.start - 1:n.start] in ("/", "."):
        return False  # 2020/8/24, 8/24/2020
    small = n.value == n.value.to_integral_value() and nxt.value <= 100
    return small and 0 < n.value < nxt.value


_PARALLEL = re.compile(r"(?:下降|降低|减少|增加|增长|提高|上升|扩大|缩小|降|增)?了?(?:到|至)")


def _parallel_units(text: str, norm: str, tokens: list[NumberToken]) -> list[NumberToken]:
    """由14.63万下降到7.89万人: the first figure takes the unit of the one it changes into."""
    out = list(tokens)
    for i, tok in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        q = nxt.quantity
        if (tok.reason != "no unit" or q is None or nxt.kind is not TokenKind.MEASURE
                or tok.value is None or norm[tok.start - 1:tok.start] not in ("由", "从")
                or q.approx is not Approx.EXACT or q.start != nxt.start
                or not _PARALLEL.fullmatch(norm, tok.end, nxt.start)):
            continue
        own = Quantity(start=tok.start, end=tok.end, stated=text[tok.start:tok.end],
                       value=tok.value, lower=None, upper=None, approx=Approx.EXACT,
                       unit=q.unit, multiplier="", number_text=tok.text, per=q.per)
        out[i] = NumberToken(tok.start, tok.end, tok.text, TokenKind.MEASURE,
                             f"measure ({q.unit}, exact; unit of the parallel figure)",
                             tok.value, own)
    return out


# 全年总创收300万多 / 总人口52万: a magnitude with no unit after a word that names what it
# counts (money, people) is in that word's unit.
_IMPLIED_UNIT = (
    (re.compile(r"(?:创收|收入|产值|营业额|销售额|交易额|资金|投资|分红|利润|收益|资产|总额)"
                r"(?:总额|总计|共计|累计|高达|达到|达|为|共|有|约|近|超过|突破)*$"), "元", "yuan"),
    (re.compile(r"(?:总人口|人口)(?:共计|总计|达到|达|为|共|约|近|有)*$"), "人", "person"),
)
_MAGNITUDE = re.compile(r"[万亿]")


def _implied_units(text: str, norm: str, tokens: list[NumberToken]) -> list[NumberToken]:
    out = list(tokens)
    for i, tok in enumerate(tokens):
        if tok.reason != "no unit" or tok.value is None or not _MAGNITUDE.search(
                norm, tok.start, tok.end):
            continue
        before = norm[max(0, tok.start - 10):tok.start]
        start = tok.start - 1 if before.endswith(("近", "约", "逾", "超")) else tok.start
        for cue, unit_char, unit in _IMPLIED_UNIT:
            if not cue.search(norm[max(0, start - 10):start]):
                continue
            end = tok.end + (1 if norm[tok.end:tok.end + 1] in ("多", "余") else 0)
            piece = norm[start:end] + unit_char
            found = [q for q in find_quantities(piece) if q.unit == unit]
            if len(found) != 1 or found[0].end != len(piece):
                break
            q = found[0]
            own = Quantity(start=start + q.start, end=end, stated=text[start + q.start:end],
                           value=q.value, lower=q.lower, upper=q.upper, approx=q.approx,
                           unit=unit, multiplier=q.multiplier, number_text=tok.text, per=None)
            out[i] = NumberToken(tok.start, tok.end, tok.text, TokenKind.MEASURE,
                                 f"measure ({unit}, {q.approx.value}; the unit of the word "
                                 "before it)", tok.value, own)
            break
    return out


def find_number_tokens(text: str) -> list[NumberToken]:
    """Every numeral in ``text`` (Arabic or Chinese), in order, with its kind and a reason.

    Numeral characters inside ordinary words (一起, 统一, 进一步, 三文鱼 …) are not numbers
    and are not returned.
    """
    # Analysed in simplified characters (萬 → 万, 戶 → 户), one for one, so that every offset
    # into the view is an offset into ``text``; stated forms are cut from ``text``.
    norm = normalise_digits(simplified_view(text))
    masked = mask_words(norm)
    ctx = {
        "url": Spans([(m.start(), m.end(), m.group()) for m in URL.finditer(norm)]),
        "iso": Spans([(m.start(), m.end(), m.group()) for m in ISO_DATE.finditer(norm)]),
        "quote": Spans([(m.start(), m.end(), next(g for g in m.groups() if g is not None))
                         for m in QUOTES.finditer(norm)]),
        "set": Spans(find_spans(norm, SET_PHRASES)),
        "idiom": Spans(find_spans(norm, IDIOMS)),
        "place": Spans(numeral_place_spans(norm)),
    }
    tokens: list[NumberToken] = []
    taken = 0
    for group, fraction in _groups(norm, scan_numerals(masked)):
        if group[0].start < taken:
            for n in group:
                tokens.append(NumberToken(n.start, n.end, text[n.start:n.end], TokenKind.OTHER,
                                          "inside a preceding measurement", n.value))
            continue
        c = classify(text, norm, group, fraction, ctx, floor=taken)
        if c.quantity is not None:
            taken = c.quantity.end
        for n in group:
            reason = c.reason
            if len(group) == 2 and c.kind is TokenKind.MEASURE:
                reason = f"{reason}; {'fraction' if fraction else 'range'} part"
            tokens.append(NumberToken(n.start, n.end, text[n.start:n.end], c.kind, reason,
                                      n.value, c.quantity))
    return _implied_units(text, norm, _parallel_units(text, norm, tokens))


def find_quantities(text: str) -> list[Quantity]:
    """Every measurement in ``text``, in order and non-overlapping."""
    out: list[Quantity] = []
    for tok in find_number_tokens(text):
        q = tok.quantity
        if q is not None and (not out or out[-1] is not q):
            out.append(q)
    return out
