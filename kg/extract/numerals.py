"""Chinese and Arabic numerals: parse a numeral string to a Decimal, and render one back.

Handles positional Chinese numerals (两千三百, 一百零五, 十二), the abbreviated tail (三万五 is
35000, 两千三 is 2300, as spoken), digit-by-digit forms (二〇二〇), financial forms (壹贰叁),
Arabic digits with multipliers (3.23亿, 1万, 1万5千), thousands separators (1,000 and 1，000),
decimals in either script (1.45, 三点五) and full-width digits (１２３).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "CN_DIGITS",
    "CN_UNITS",
    "FULLWIDTH",
    "GAP",
    "LEXICAL_WORDS",
    "Numeral",
    "clean_decimal",
    "find_spans",
    "mask_words",
    "multiplier_value",
    "normalise_digits",
    "parse_chinese_numeral",
    "scan_numerals",
    "to_chinese_numeral",
    "vague_range",
]

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "贰": 2, "貳": 2, "俩": 2,
    "三": 3, "叁": 3, "仨": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
"""Chinese digit characters and their values (including financial capitals)."""

CN_UNITS: dict[str, int] = {
    "十": 10, "拾": 10,
    "百": 100, "佰": 100,
    "千": 1000, "仟": 1000,
    "万": 10_000, "萬": 10_000,
    "亿": 100_000_000, "億": 100_000_000,
}
"""Chinese positional units and their values."""

_SMALL = {10, 100, 1000}

FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
"""Full-width digits, point and percent sign to ASCII (one character to one character)."""

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_SEPARATED = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_POINT = re.compile(r"^(?P<int>.*?)点(?P<frac>[零〇○一二三四五六七八九]+)(?P<mult>[万亿萬億]*)$")


def normalise_digits(s: str) -> str:
    """Full-width digits, point and percent to ASCII; the length never changes."""
    return s.translate(FULLWIDTH)


def _tokens(s: str) -> list[Decimal | str]:
    """Split into Decimal numbers (Arabic runs or single Chinese digits) and unit characters."""
    out: list[Decimal | str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        m = _ARABIC.match(s, i)
        if m:
            out.append(Decimal(m.group()))
            i = m.end()
            continue
        if ch in CN_DIGITS:
            out.append(Decimal(CN_DIGITS[ch]) if ch not in "零〇○" else "零")
        elif ch in CN_UNITS:
            out.append(ch)
        else:
            raise ValueError(f"not a numeral: {s!r} (unexpected {ch!r})")
        i += 1
    return out


def parse_chinese_numeral(s: str) -> Decimal:
    """The value of a numeral string.

    >>> parse_chinese_numeral("三万五")
    Decimal('35000')
    >>> parse_chinese_numeral("二〇二〇")
    Decimal('2020')

    Raises ValueError for anything that is not a numeral (empty, 几, letters …).
    """
    text = _SEPARATED.sub("", normalise_digits(s.strip()))
    if not text:
        raise ValueError("empty numeral")
    pm = _POINT.match(text)
    if pm:
        whole = parse_chinese_numeral(pm.group("int")) if pm.group("int") else Decimal(0)
        frac = Decimal("0." + "".join(str(CN_DIGITS[c]) for c in pm.group("frac")))
        value = whole + frac
        for ch in pm.group("mult"):
            value *= CN_UNITS[ch]
        return value
    toks = _tokens(text)
    # Digit-by-digit (二〇二〇, 一九三七): only digits, at least two of them, no units.
    if len(toks) > 1 and all(not isinstance(t, str) or t == "零" for t in toks) and all(
        c in CN_DIGITS for c in text
    ):
        return Decimal("".join(str(CN_DIGITS[c]) for c in text))
    total = Decimal(0)  # completed 亿 groups
    section = Decimal(0)  # completed 万 groups below the last 亿
    small = Decimal(0)  # completed 千百十 parts below the last 万
    cur: Decimal | None = None
    last_unit = 0
    for tok in toks:
        if isinstance(tok, Decimal):
            if cur is not None:
                raise ValueError(f"two numbers in a row in {s!r}")
            cur = tok
        elif tok == "零":
            if cur is not None:
                raise ValueError(f"misplaced 零 in {s!r}")
        else:
            unit = CN_UNITS[tok]
            if unit in _SMALL:
                small += (cur if cur is not None else Decimal(1)) * unit
            elif unit == 10_000:
                part = small + (cur if cur is not None else Decimal(0))
                section += (part if part or section else Decimal(1)) * unit
                small = Decimal(0)
            else:
                part = section + small + (cur if cur is not None else Decimal(0))
                if not part and not total:
                    part = Decimal(1)  # 亿 alone
                total = (total + part) * unit
                section = small = Decimal(0)
            cur = None
            last_unit = unit
    if cur is not None:
        tail = cur
        before = toks[-2] if len(toks) >= 2 else None
        if (
            isinstance(before, str)
            and before != "零"
            and last_unit >= 10
            and cur < 10
            and cur == cur.to_integral_value()
        ):
            # Abbreviated tail: 三万五 = 35000, 两千三 = 2300, 一百五 = 150, 十二 = 12.
            tail = cur * last_unit / 10
        small += tail
    return clean_decimal(total + section + small)


def clean_decimal(d: Decimal) -> Decimal:
    """Drop a meaningless exponent (Decimal('1.45E+8') -> 145000000) but keep real decimals."""
    if d == d.to_integral_value() and d.adjusted() < 27:
        return d.quantize(Decimal(1))
    return d.normalize()


_DIG = "零一二三四五六七八九"


def _section(x: int) -> str:
    out = ""
    zero = False
    for unit_val, unit_ch in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = x // unit_val % 10
        if d == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIG[d] + unit_ch
    return out


def to_chinese_numeral(n: int, *, short_ten: bool = True) -> str:
    """The standard Chinese rendering of a non-negative integer below 10**16.

    ``short_ten`` writes 10-19 at the start as 十, 十一 … instead of 一十, 一十一.
    """
    if n < 0 or n >= 10**16:
        raise ValueError(f"out of range: {n}")
    if n == 0:
        return "零"
    parts = ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, ""))
    out = ""
    need_zero = False
    for val, ch in parts:
        if val == 0:
            need_zero = need_zero or bool(out)
            continue
        if out and (need_zero or val < 1000):
            out += "零"
        if val >= 10**4:  # 万亿: the 亿 count itself needs 万
            out += to_chinese_numeral(val, short_ten=False) + ch
        else:
            out += _section(val) + ch
        need_zero = False
    if short_ten and out.startswith("一十"):
        out = out[1:]
    return out


# --- scanning running text for numerals ---------------------------------------

_CN = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億"
_NUM_RE = re.compile(
    r"(?P<ar>\d+(?:[,，]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    rf"|(?P<cn>(?:[几数](?=[十百千万亿]))?[{_CN}几]+(?:点[零〇一二三四五六七八九]+[万亿]*)?)"
)
_AMBIGUOUS_FINANCIAL = {"伍", "陆", "陸", "拾", "柒", "捌", "玖", "贰", "叁", "肆", "仟", "佰"}
# One space may stand between Arabic digits and what follows (15 万元, 60 人): some sites
# typeset a digit run apart from the Chinese around it.
GAP = " \u00a0\u3000"
_AR_TAIL = re.compile(
    rf"(?:[{GAP}](?=[余多来十百千万亿]))?(?P<inner>[余多来])?(?P<mult>(?:[十百万亿]|千(?![米克瓦]))+)")
_CN_TAIL = re.compile(r"(?P<inner>[余多来])(?P<mult>[万亿]+)")

# Words whose numeral characters are not numbers at all: never tokens.
LEXICAL_WORDS = (
    "一起", "一直", "一定", "一切", "一些", "一样", "一般", "一致", "一体", "一同", "一旦",
    "一边", "一道", "一律", "一再", "一向", "一举", "一概", "一味", "一心", "一贯", "一流",
    "一系列", "一下", "一番", "一度", "一带", "一行", "一阵", "一并", "一路", "一晃", "一早",
    "一点点", "一时间", "统一", "唯一", "同一", "进一步", "万一", "十分", "十足", "万分",
    "零工", "零星", "零散", "零售", "零距离", "几乎", "几何", "三文鱼", "万寿菊", "一碧万顷",
    "老百姓", "百姓", "千方百计", "千家万户", "万众一心", "千辛万苦", "万无一失", "成千上万",
    "五湖四海", "四面八方", "一如既往", "一鼓作气", "一丝不苟", "一心一意", "万象", "千千万万",
    "百分之", "零下", "不一", "窗明几净", "几经", "一隅",
)

@dataclass
class Numeral:
    start: int
    end: int
    number_text: str  # normalised digits, separators kept
    multiplier: str
    inner: str
    value: Decimal | None
    lo: Decimal | None
    hi: Decimal | None
    cn: bool


def find_spans(norm: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for w in words:
        i = norm.find(w)
        while i >= 0:
            out.append((i, i + len(w), w))
            i = norm.find(w, i + 1)
    return out

def multiplier_value(mult: str) -> Decimal:
    v = Decimal(1)
    for ch in mult:
        v *= CN_UNITS[ch]
    return v


def vague_range(t: str) -> tuple[Decimal, Decimal] | None:
    """Vague numerals: 几十 20..90, 十几 11..19, 三四 3..4, 十七八 17..18."""
    if "几" in t or t.startswith("数"):
        lo_t = hi_t = ""
        for i, ch in enumerate(t):
            if ch in "几数":
                after_ten = i > 0 and t[i - 1] in "十拾"
                lo_t += "一" if after_ten else "二"
                hi_t += "九"
            else:
                lo_t += ch
                hi_t += ch
        try:
            return parse_chinese_numeral(lo_t), parse_chinese_numeral(hi_t)
        except ValueError:
            return None
    if len(t) >= 3 and all(c in CN_DIGITS for c in t):
        return None  # digit by digit: 二〇二〇
    for i in range(len(t) - 1):
        a, b = t[i], t[i + 1]
        if a in CN_DIGITS and b in CN_DIGITS and CN_DIGITS[a] > 0 and (
            CN_DIGITS[b] == CN_DIGITS[a] + 1
        ):
            try:
                return (parse_chinese_numeral(t[: i + 1] + t[i + 2 :]),
                        parse_chinese_numeral(t[:i] + t[i + 1 :]))
            except ValueError:
                return None
    return None


def scan_numerals(masked: str) -> list[Numeral]:
    nums: list[Numeral] = []
    pos = 0
    while True:
        m = _NUM_RE.search(masked, pos)
        if not m:
            return nums
        inner = mult = ""
        end = m.end()
        if m.group("cn") in _AMBIGUOUS_FINANCIAL:
            pos = end  # 队伍, 陆续, 收拾: words, not numbers
            continue
        if m.group("ar") is not None:
            number_text = m.group("ar")
            tail = _AR_TAIL.match(masked, end)
            cn = False
        else:
            number_text = m.group("cn")
            tail = _CN_TAIL.match(masked, end)
            cn = True
        if tail:
            inner, mult = tail.group("inner") or "", tail.group("mult")
            end = tail.end()
        elif cn:
            stripped = number_text.rstrip("万亿萬億")
            if stripped and stripped != number_text and stripped[-1] not in "点":
                mult = number_text[len(stripped):]
                number_text = stripped
        factor = multiplier_value(mult)
        value: Decimal | None
        lo = hi = None
        try:
            value = parse_chinese_numeral(number_text) * factor
        except ValueError:
            value = None
        if cn:
            rng = vague_range(number_text)
            if rng:
                lo, hi = rng[0] * factor, rng[1] * factor
                value = lo
        if value is not None:
            value = clean_decimal(value)
        nums.append(Numeral(m.start(), end, number_text, mult, inner, value,
                         clean_decimal(lo) if lo is not None else None,
                         clean_decimal(hi) if hi is not None else None, cn))
        pos = end




# Not a space: a masked word must not read as the gap between a number and its unit.
_MASK = "\ufffc"


def mask_words(norm: str) -> str:
    chars = list(norm)
    spans = find_spans(norm, LEXICAL_WORDS)
    spans += [(m.start(), m.end(), "之一") for m in re.finditer(r"(?<!分)之一", norm)]
    for s, e, _ in spans:
        for i in range(s, e):
            chars[i] = _MASK
    return "".join(chars)
