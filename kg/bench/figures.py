"""Figures as a county paper prints them, each written together with its true value.

A :class:`Pen` draws a number from the generator's random source, writes it in one of the
field's forms (exact, 余/多/超过/以上 for at least, 近/不到 for at most, 约/左右 for about,
500-800万元 for ranges, 万/亿 multipliers, percentages) and records the figure in the gold
format of ``kg eval`` (value normalised, bounds, approximation, unit code).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

WAN = Decimal(10000)
YI = Decimal(100000000)


@dataclass(frozen=True)
class Figure:
    """One printed figure and what it means, as a row of a ``kg eval`` gold file."""

    raw: str
    value: Decimal
    lower: Decimal | None
    upper: Decimal | None
    approx: str  # exact | approx | at_least | at_most | range
    unit: str  # the export code of the unit: household, person, CNY, mu, percent …


def plain(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 3.50E+4 → 35000, 1.20 → 1.2."""
    text = f"{d.normalize():f}"
    return text


@dataclass
class Pen:
    rng: random.Random
    figures: list[Figure] = field(default_factory=list)

    def _record(self, raw: str, value: Decimal, approx: str, unit: str,
                lower: Decimal | None = None, upper: Decimal | None = None) -> str:
        if approx == "at_least":
            lower = value
        elif approx == "at_most":
            upper = value
        self.figures.append(Figure(raw, value, lower, upper, approx, unit))
        return raw

    def _approx(self, allow: bool) -> str:
        if not allow:
            return "exact"
        return self.rng.choices(["exact", "at_least", "at_most", "approx"], [10, 4, 1, 1])[0]

    def count(self, form: str, unit: str, lo: int, hi: int, approx: bool = True) -> str:
        """A count such as 649户, 1200余个, 超过900人, 近300名, 约50家, 2万多人."""
        n = self.rng.randint(lo, hi)
        kind = self._approx(approx)
        if kind != "exact":
            n = max(10, round(n, -1) if n < 1000 else round(n, -2))
        if n >= 20000 and n % 1000 == 0 and self.rng.random() < 0.6:
            wan = Decimal(n) / WAN
            head = f"{plain(wan)}万"
            raw = {"exact": f"{head}{form}", "at_least": f"{head}多{form}",
                   "at_most": f"近{head}{form}", "approx": f"约{head}{form}"}[kind]
            return self._record(raw, Decimal(n), kind, unit)
        raw = {"exact": f"{n}{form}",
               "at_least": self.rng.choice([f"{n}余{form}", f"{n}多{form}", f"超过{n}{form}",
                                            f"{n}{form}以上"]),
               "at_most": self.rng.choice([f"近{n}{form}", f"不到{n}{form}"]),
               "approx": self.rng.choice([f"约{n}{form}", f"{n}{form}左右"])}[kind]
        return self._record(raw, Decimal(n), kind, unit)

    def exact(self, n: int, form: str, unit: str) -> str:
        """A count whose value the sentence fixes (a part of a whole, a stated total)."""
        return self._record(f"{n}{form}", Decimal(n), "exact", unit)

    def wan_exact(self, amount: int) -> str:
        """A sum in 万元 that the sentence fixes (a part of a stated total)."""
        return self._record(f"{amount}万元", Decimal(amount) * WAN, "exact", "CNY")

    def stated(self, raw: str, value: int, approx: str, unit: str) -> str:
        """A figure written in words, e.g. 至少两天 (at least 2 days)."""
        return self._record(raw, Decimal(value), approx, unit)

    def wan_yuan(self, lo: float, hi: float, approx: bool = True) -> str:
        """Money in 万元: 3615万元, 1294余万元, 约230.5万元, 近600万元."""
        amount = Decimal(str(round(self.rng.uniform(lo, hi), self.rng.choice([0, 0, 1, 2]))))
        kind = self._approx(approx)
        if kind != "exact":
            amount = Decimal(int(amount))
        a = plain(amount)
        raw = {"exact": f"{a}万元",
               "at_least": self.rng.choice([f"{a}余万元", f"{a}万元以上", f"超过{a}万元"]),
               "at_most": f"近{a}万元",
               "approx": self.rng.choice([f"约{a}万元", f"{a}万元左右"])}[kind]
        return self._record(raw, amount * WAN, kind, "CNY")

    def yi_yuan(self, lo: float, hi: float) -> str:
        """Money in 亿元, to two decimals as the papers print it: 1.45亿元."""
        amount = Decimal(str(round(self.rng.uniform(lo, hi), 2)))
        return self._record(f"{plain(amount)}亿元", amount * YI, "exact", "CNY")

    def yi_exact(self, amount: Decimal) -> str:
        return self._record(f"{plain(amount)}亿元", amount * YI, "exact", "CNY")

    def wan_range(self, lo: int, hi: int, step: int = 10) -> str:
        """A range of money: 500-800万元, 30-50万元."""
        a = self.rng.randrange(lo, hi, step)
        b = a + step * self.rng.randint(1, 5)
        return self._record(f"{a}-{b}万元", Decimal(a) * WAN, "range", "CNY",
                            Decimal(a) * WAN, Decimal(b) * WAN)

    def yuan(self, lo: int, hi: int, step: int = 10, approx: bool = True) -> str:
        """A sum per person or per month: 800元, 2500元以上, 1500元左右, 1500余元."""
        n = self.rng.randrange(lo, hi, step)
        kind = self.rng.choices(["exact", "at_least", "approx"], [3, 2, 2])[0] if approx \
            else "exact"
        raw = {"exact": f"{n}元",
               "at_least": self.rng.choice([f"{n}元以上", f"{n}余元"]),
               "approx": f"{n}元左右"}[kind]
        return self._record(raw, Decimal(n), kind, "CNY")

    def mu(self, lo: int, hi: int, approx: bool = True) -> str:
        """An area: 1926亩, 1000余亩, 2.2万亩, 60万亩."""
        n = self.rng.randint(lo, hi)
        if n >= 20000:
            wan = Decimal(str(round(n / 10000, 1)))
            return self._record(f"{plain(wan)}万亩", wan * WAN, "exact", "mu")
        kind = "at_least" if approx and self.rng.random() < 0.25 else "exact"
        if kind == "at_least":
            n = round(n, -2) or 100
            return self._record(f"{n}余亩", Decimal(n), kind, "mu")
        return self._record(f"{n}亩", Decimal(n), kind, "mu")

    def percent(self, value: Decimal, at_least: bool = False) -> str:
        raw = f"{plain(value)}%" + ("以上" if at_least else "")
        return self._record(raw, value, "at_least" if at_least else "exact", "percent")

    def share(self, part: int, whole: int) -> str:
        """part/whole as printed: a whole percent, or one decimal where it reads so."""
        digits = self.rng.choice([0, 0, 1])
        value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-digits))
        return self.percent(value)

    def part_of(self, whole: Figure, lo: float = 0.2, hi: float = 0.9) -> int:
        """A number smaller than ``whole``'s value (其中 …)."""
        return max(1, int(int(whole.value) * self.rng.uniform(lo, hi)))

    @property
    def last(self) -> Figure:
        return self.figures[-1]
