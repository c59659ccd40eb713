"""Score the graph's observations against a hand-made gold CSV.

A gold row matches an observation of the same article with the same normalised value,
bounds and unit; when the gold row gives a quote, the observation's evidence must also
overlap it in the source file. Matching is one-to-one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kg.errors import InputError
from kg.model import Article

GOLD_COLUMNS = ("article", "raw", "value", "lower", "upper", "approx", "unit", "indicator_en",
                "subject", "time", "quote")
FIELDS = ("value", "bounds", "approx", "unit", "indicator", "period")


@dataclass(frozen=True)
class GoldRow:
    line: int
    article: str
    raw: str
    value: Decimal
    lower: Decimal | None
    upper: Decimal | None
    approx: str
    unit: str
    indicator_en: str
    subject: str
    time: str
    quote: str


@dataclass
class Score:
    gold: int
    predicted: int
    matched: int
    per_field: dict[str, int] = field(default_factory=dict)
    misses: list[GoldRow] = field(default_factory=list)
    spurious: list[dict[str, str]] = field(default_factory=list)

    @staticmethod
    def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = correct / predicted if predicted else 0.0
        r = correct / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def overall(self) -> tuple[float, float, float]:
        return self.prf(self.matched, self.predicted, self.gold)

    def field_prf(self, name: str) -> tuple[float, float, float]:
        return self.prf(self.per_field.get(name, 0), self.predicted, self.gold)


def _decimal(text: str, name: str, line: int, column: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise InputError(f"column {column!r}: not a number: {text!r}", name, line) from exc


def parse_gold(text: str, name: str) -> list[GoldRow]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected "
                         f"{','.join(GOLD_COLUMNS)}", name, 1)
    rows: list[GoldRow] = []
    for i, rec in enumerate(reader, start=2):
        value = _decimal(rec["value"] or "", name, i, "value")
        if value is None:
            raise InputError("column 'value' is empty", name, i)
        rows.append(GoldRow(
            line=i, article=rec["article"].strip(), raw=rec["raw"].strip(), value=value,
            lower=_decimal(rec["lower"] or "", name, i, "lower"),
            upper=_decimal(rec["upper"] or "", name, i, "upper"),
            approx=(rec["approx"] or "").strip(), unit=(rec["unit"] or "").strip(),
            indicator_en=(rec["indicator_en"] or "").strip(),
            subject=(rec["subject"] or "").strip(), time=(rec["time"] or "").strip(),
            quote=(rec["quote"] or "").strip(),
        ))
    return rows


def resolve_article(key: str, articles: Sequence[Article]) -> Article | None:
    """An article id, or a distinctive phrase of its headline."""
    for a in articles:
        if a.id == key:
            return a
    hits = [a for a in articles if key and key in a.title]
    return hits[0] if len(hits) == 1 else None


def _quote_spans(article: Article, quote: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = article.text.find(quote)
    while i >= 0:
        for s in article.source_spans(i, i + len(quote)):
            spans.append((s.start, s.end))
        i = article.text.find(quote, i + 1)
    return spans


def evaluate(gold: Sequence[GoldRow], rows: Sequence[dict[str, str]],
             articles: Sequence[Article], name: str) -> Score:
    by_article: dict[str, Article] = {}
    for g in gold:
        article = resolve_article(g.article, articles)
        if article is None:
            raise InputError(f"no article with id or headline phrase {g.article!r}", name, g.line)
        by_article[g.article] = article
    covered = {a.id for a in by_article.values()}
    predicted = [r for r in rows if r["article_id"] in covered]
    used: set[int] = set()
    score = Score(gold=len(gold), predicted=len(predicted), matched=0)
    for g in gold:
        article = by_article[g.article]
        spans = _quote_spans(article, g.quote) if g.quote else []
        match = None
        for i, r in enumerate(predicted):
            if i in used or r["article_id"] != article.id:
                continue
            if Decimal(r["value"]) != g.value or r["unit"] != g.unit:
                continue
            if g.quote and not _overlaps(spans, r):
                continue
            match = i
            break
        if match is None:
            score.misses.append(g)
            continue
        used.add(match)
        score.matched += 1
        r = predicted[match]
        checks = {
            "value": True,
            "unit": True,
            "bounds": _same(r["lower"], g.lower) and _same(r["upper"], g.upper),
            "approx": r["approx"] == g.approx,
            "indicator": bool(g.indicator_en)
            and r["indicator_en"].casefold() == g.indicator_en.casefold(),
            "period": _period(r["period"]) == _period(g.time),
        }
        for k, ok in checks.items():
            score.per_field[k] = score.per_field.get(k, 0) + int(ok)
    score.spurious = [r for i, r in enumerate(predicted) if i not in used]
    return score


def _period(text: str) -> str:
    """2016-2020 and 2016/2020 (ISO 8601 interval) are the same period; 2019-12 is a month."""
    return re.sub(r"^(\d{4})\s*[-–—/]\s*(\d{4})$", r"\1/\2", text.strip())


def _same(text: str, value: Decimal | None) -> bool:
    return (not text and value is None) or (bool(text) and value is not None
                                            and Decimal(text) == value)


def _overlaps(spans: list[tuple[int, int]], row: dict[str, str]) -> bool:
    if not spans or not row["start"]:
        return False
    s, e = int(row["start"]), int(row["end"])
    return any(a < e and s < b for a, b in spans)


def render(score: Score) -> str:
    p, r, f = score.overall
    lines = [f"gold {score.gold}, predicted {score.predicted}, matched {score.matched}",
             f"overall    precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}"]
    for name in FIELDS:
        fp, fr, ff = score.field_prf(name)
        lines.append(f"{name:10} precision {fp:.3f}  recall {fr:.3f}  F1 {ff:.3f}")
    if score.matched:
        right = score.per_field.get("indicator", 0)
        lines.append(f"indicator attribution: {right} of {score.matched} matched "
                     f"({right / score.matched:.3f})")
    if score.misses:
        lines.append(f"misses ({len(score.misses)}):")
        lines += [f"  line {g.line}: {g.article} {g.raw} ({g.value} {g.unit}) {g.quote}"
                  for g in score.misses]
    if score.spurious:
        lines.append(f"not in gold ({len(score.spurious)}):")
        lines += [f"  {r['article_id']} {r['stated_as']} ({r['value']} {r['unit']}) {r['quote']}"
                  for r in score.spurious]
    return "\n".join(lines) + "\n"
