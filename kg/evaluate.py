"""Score the graph's observations against a hand-made gold CSV.

A gold row matches an observation of the same article with the same normalised value,
bounds and unit; when the gold row gives a quote, the observation's evidence must also
overlap it in the source file. Matching is one-to-one.

Besides precision, recall and F1 per field, the score reports the figures of issue #14's
table, each as a share of the gold figures (a gold figure that no observation matches counts
as wrong): the period agrees (same year, or both unstated), the indicator is the one a reader
chose, the subject is right (the same name, or one name inside the other: 贫困户 for
建档立卡贫困户), and the figure has a place, the right one (the same name up to its level
suffix: 阜平 = 阜平县). The optional ``place`` column gives the gold place; rows without one
are not counted for places.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kg.errors import InputError
from kg.ingest.script import simplified_view
from kg.model import Article

GOLD_COLUMNS = ("article", "raw", "value", "lower", "upper", "approx", "unit", "indicator_en",
                "subject", "time", "quote")
OPTIONAL_COLUMNS = ("place",)
FIELDS = ("value", "bounds", "approx", "unit", "indicator", "period")
# The figures of issue #14's table, as shares of the gold figures.
TABLE = ("period", "indicator", "subject", "place_present", "place")


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
    place: str = ""


@dataclass
class Score:
    gold: int
    predicted: int
    matched: int
    per_field: dict[str, int] = field(default_factory=dict)
    misses: list[GoldRow] = field(default_factory=list)
    spurious: list[dict[str, str]] = field(default_factory=list)
    # Matched gold rows with the fields of the table that the observation got wrong.
    wrong: list[tuple[GoldRow, dict[str, str], tuple[str, ...]]] = field(default_factory=list)

    @staticmethod
    def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = correct / predicted if predicted else 0.0
        r = correct / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def overall(self) -> tuple[float, float, float]:
        return self.prf(self.matched, self.predicted, self.gold)

    gold_with_place: int = 0

    def field_prf(self, name: str) -> tuple[float, float, float]:
        return self.prf(self.per_field.get(name, 0), self.predicted, self.gold)

    def share(self, name: str) -> float:
        """Of the gold figures (those with a gold place, for places), how many are right."""
        whole = self.gold_with_place if name.startswith("place") else self.gold
        return self.per_field.get(name, 0) / whole if whole else 0.0


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
        lower = _decimal(rec["lower"] or "", name, i, "lower")
        upper = _decimal(rec["upper"] or "", name, i, "upper")
        approx = (rec["approx"] or "").strip()
        if value is None:
            # A range row may leave `value` empty: its value is the lower bound (500-800万元).
            if approx != "range" or lower is None:
                raise InputError("column 'value' is empty (only a range row with a `lower` "
                                 "bound may leave it empty)", name, i)
            value = lower
        if not (rec["article"] or "").strip():
            raise InputError("column 'article' is empty: give the article id or a phrase of "
                             "its headline", name, i)
        rows.append(GoldRow(
            line=i, article=rec["article"].strip(), raw=(rec["raw"] or "").strip(), value=value,
            lower=lower, upper=upper, approx=approx, unit=(rec["unit"] or "").strip(),
            indicator_en=(rec["indicator_en"] or "").strip(),
            subject=(rec["subject"] or "").strip(), time=(rec["time"] or "").strip(),
            quote=(rec["quote"] or "").strip(), place=(rec.get("place") or "").strip(),
        ))
    return rows


_NOT_IN_HEADLINE = re.compile(
    r"[\s\u3000【】\[\]「」『』“”\"'‘’《》〈〉（）()·•、，,：:！!？?—–-]+")


def _headline_key(text: str) -> str:
    """Spaces, brackets and punctuation do not count: 不停顿 不大意 = 不停顿不大意."""
    return _NOT_IN_HEADLINE.sub("", text).casefold()


def article_candidates(key: str, articles: Sequence[Article]) -> list[Article]:
    """The articles a gold key names: the one with that id, else every article whose headline
    holds the phrase (ignoring spaces, brackets and punctuation)."""
    for a in articles:
        if a.id == key:
            return [a]
    phrase = _headline_key(key)
    return [a for a in articles if phrase and phrase in _headline_key(a.title)]


def resolve_article(key: str, articles: Sequence[Article]) -> Article | None:
    """An article id, or a distinctive phrase of its headline."""
    hits = article_candidates(key, articles)
    return hits[0] if len(hits) == 1 else None


def _quote_spans(article: Article, quote: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = article.text.find(quote)
    while i >= 0:
        for s in article.source_spans(i, i + len(quote)):
            spans.append((s.start, s.end))
        i = article.text.find(quote, i + 1)
    return spans


def place_labels(graph: object) -> dict[str, set[str]]:
    """Place id (as in the observation rows) → its Chinese labels, from an rdflib graph."""
    from rdflib import Graph
    from rdflib.namespace import RDFS, SKOS

    from kg.namespaces import PLACE

    assert isinstance(graph, Graph)
    out: dict[str, set[str]] = {}
    for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
        for s, o in graph.subject_objects(p):
            if str(s).startswith(str(PLACE)) and str(getattr(o, "language", "")).startswith("zh"):
                out.setdefault(str(s)[len(str(PLACE)) - len("place/"):], set()).add(str(o))
    return out


def evaluate(gold: Sequence[GoldRow], rows: Sequence[dict[str, str]],
             articles: Sequence[Article], name: str,
             places: Mapping[str, Iterable[str]] | None = None) -> Score:
    by_article: dict[str, Article] = {}
    for g in gold:
        if g.article in by_article:
            continue
        hits = article_candidates(g.article, articles)
        if not hits:
            raise InputError(f"no article with id or headline phrase {g.article!r}", name, g.line)
        if len(hits) > 1:
            raise InputError(f"headline phrase {g.article!r} is in {len(hits)} articles "
                             f"({', '.join(a.id for a in hits[:3])}); give a longer phrase or "
                             f"the article id", name, g.line)
        by_article[g.article] = hits[0]
    covered = {a.id for a in by_article.values()}
    predicted = [r for r in rows if r["article_id"] in covered]
    used: set[int] = set()
    score = Score(gold=len(gold), predicted=len(predicted), matched=0,
                  gold_with_place=sum(1 for g in gold if g.place))
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
            "subject": _same_name(r.get("subject_label", ""), g.subject),
            "place_present": bool(g.place) and bool(r.get("place_id")),
            "place": bool(g.place) and _same_place(r.get("place_id", ""), g.place, places),
        }
        for k, ok in checks.items():
            score.per_field[k] = score.per_field.get(k, 0) + int(ok)
        bad = tuple(k for k in TABLE if not checks[k] and (g.place or k not in
                                                            ("place", "place_present")))
        if bad:
            score.wrong.append((g, r, bad))
    score.spurious = [r for i, r in enumerate(predicted) if i not in used]
    return score


def _period(text: str) -> str:
    """Years only: 2016-2020 = 2016/2020 (an ISO 8601 interval); 2019-12 and 2019 agree, as do
    two unstated periods."""
    text = text.strip()
    span = re.match(r"^(\d{4})(?:-\d\d)*\s*/\s*(\d{4})", text) or re.match(
        r"^(\d{4})\s*[-–—]\s*(\d{4})$", text)
    if span:
        return f"{span.group(1)}/{span.group(2)}"
    year = re.match(r"^(\d{4})", text)
    return year.group(1) if year else text


_LEVEL_SUFFIX = re.compile(
    r"(?:(?:[\u4e00-\u9fff]{1,3}族)+自治(?:区|州|县)|维吾尔自治区|自治区|自治州|自治县"
    r"|特别行政区|省|市|地区|县|区|乡|镇)$")


def _place_key(name: str) -> str:
    return _LEVEL_SUFFIX.sub("", name.strip()) or name.strip()


def _same_place(place_id: str, gold: str, places: Mapping[str, Iterable[str]] | None) -> bool:
    if not place_id:
        return False
    from kg.ingest.slug import pinyin_slug

    if place_id == f"place/{pinyin_slug(gold)}":
        return True
    key = _place_key(gold)
    return any(label == gold or _place_key(label) == key or (_same_name(label, gold)
               and min(len(label), len(gold)) >= 4)
               for label in (places or {}).get(place_id, ()))


def _same_name(predicted: str, gold: str) -> bool:
    """The same name, or one inside the other (贫困户 for 建档立卡贫困户, 农家乐 for 村集体开办的
    农家乐); a one-character overlap is not enough. Either script: 貧困戶 is 贫困户 (a gold
    read from a traditional page spells the vocabulary's groups its own way)."""
    a = simplified_view(predicted.strip()).casefold()
    b = simplified_view(gold.strip()).casefold()
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


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
    lines.append("of the gold figures (issue #14's table):")
    lines.append(f"  value + unit found       F1 {f:.3f}")
    names = {"period": "period agrees", "indicator": "indicator accepted",
             "subject": "subject right", "place_present": "with a place",
             "place": "with the right place"}
    for key in TABLE:
        whole = score.gold_with_place if key.startswith("place") else score.gold
        lines.append(f"  {names[key]:24} {score.share(key):.3f} "
                     f"({score.per_field.get(key, 0)} of {whole})")
    if score.wrong:
        lines.append(f"matched with a field of the table wrong ({len(score.wrong)}):")
        shown = {"period": ("time", "period"), "indicator": ("indicator_en", "indicator_en"),
                 "subject": ("subject", "subject_label"), "place": ("place", "place_id"),
                 "place_present": ("place", "place_id")}
        for g, row, bad in score.wrong:
            diffs = [f"{k} {getattr(g, shown[k][0]) or '-'!s} ≠ {row.get(shown[k][1]) or '-'}"
                     for k in bad if k != "place_present" or "place" not in bad]
            lines.append(f"  line {g.line}: {g.raw}: " + "; ".join(diffs))
    if score.misses:
        lines.append(f"misses ({len(score.misses)}):")
        lines += [f"  line {g.line}: {g.article} {g.raw} ({g.value} {g.unit}) {g.quote}"
                  for g in score.misses]
    if score.spurious:
        lines.append(f"not in gold ({len(score.spurious)}):")
        lines += [f"  {r['article_id']} {r['stated_as']} ({r['value']} {r['unit']}) {r['quote']}"
                  for r in score.spurious]
    return "\n".join(lines) + "\n"
