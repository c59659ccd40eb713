"""Score entities against a gold list.

A gold CSV has columns ``type,label_zh`` and optionally ``aliases`` (joined by ``|``); other
columns (``id``, ``article``) are ignored. A gold row matches an unmatched predicted row of
the same type when any of its names equals any of the row's names (label or alias,
“quotes” ignored). ``evaluate_entities`` scores the built graph (``kg eval --entities``);
``spotting_score`` scores draft spotting alone against curated entities.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.corpus import Corpus
from kg.entities.export import entity_rows
from kg.entities.load import CuratedEntities
from kg.entities.spot import SpotTerm, spot_article
from kg.errors import InputError


@dataclass(frozen=True)
class Score:
    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class EntityScore:
    overall: Score
    per_type: dict[str, Score]
    misses: list[tuple[str, str]] = field(default_factory=list)  # (type, label_zh)
    extras: list[tuple[str, str]] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"{'type':16} {'P':>6} {'R':>6} {'F1':>6}  tp/pred/gold"]
        for name, s in [("overall", self.overall), *sorted(self.per_type.items())]:
            lines.append(f"{name:16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  "
                         f"{s.tp}/{s.predicted}/{s.gold}")
        lines += [f"miss  {t} {label}" for t, label in self.misses]
        return "\n".join(lines)


def _norm(name: str) -> str:
    return name.replace("“", "").replace("”", "").strip()


def _names(label: str, aliases: str) -> set[str]:
    return {_norm(n) for n in [label, *aliases.split("|")] if _norm(n)}


def read_gold(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the gold file ({exc})", path) from exc
    for i, row in enumerate(rows, start=2):
        if not row.get("type") or not row.get("label_zh"):
            raise InputError("a gold row needs `type` and `label_zh`", path, i)
    return rows


def score_entities(rows: Sequence[dict[str, str]], gold: Sequence[dict[str, str]]
                   ) -> EntityScore:
    used: set[int] = set()
    matched_gold: list[bool] = []
    for g in gold:
        names = _names(g["label_zh"], g.get("aliases") or "")
        hit = next((i for i, r in enumerate(rows) if i not in used and r["type"] == g["type"]
                    and names & _names(r["label_zh"], r.get("aliases", ""))), None)
        if hit is not None:
            used.add(hit)
        matched_gold.append(hit is not None)
    types = sorted({r["type"] for r in rows} | {g["type"] for g in gold})
    per_type = {
        t: Score(sum(1 for g, m in zip(gold, matched_gold, strict=True) if m and g["type"] == t),
                 sum(1 for r in rows if r["type"] == t),
                 sum(1 for g in gold if g["type"] == t))
        for t in types
    }
    overall = Score(sum(matched_gold), len(rows), len(gold))
    misses = [(g["type"], g["label_zh"]) for g, m in zip(gold, matched_gold, strict=True)
              if not m]
    extras = [(r["type"], r["label_zh"]) for i, r in enumerate(rows) if i not in used]
    return EntityScore(overall, per_type, misses, extras)


def eval_entities(rows: Sequence[dict[str, str]], gold_csv_path: Path) -> EntityScore:
    return score_entities(rows, read_gold(gold_csv_path))


def evaluate_entities(graph: Graph, gold_path: Path) -> EntityScore:
    """The entity table of ``graph`` (a Dataset or its union) against a gold CSV."""
    return eval_entities(entity_rows(graph), gold_path)


def render(score: EntityScore) -> str:
    """The score table, then misses and extras, one per line (ends with a newline)."""
    extras = [f"extra {t} {label}" for t, label in score.extras]
    return "\n".join([score.report(), *extras]) + "\n"


def curated_rows(curated: Sequence[CuratedEntities]) -> list[dict[str, str]]:
    """Curated entities as gold rows (every name, local aliases included)."""
    return [{"type": e.type, "label_zh": e.label_zh, "aliases": "|".join(e.names(local=True))}
            for c in curated for e in c.entities]


def spotting_score(corpus: Corpus, curated: Sequence[CuratedEntities],
                   terms: Sequence[SpotTerm] = ()) -> EntityScore:
    """Draft spotting alone (no entity file read) on the articles the curated files cover,
    against the curated entities: recall is the share found with the right type.

    ``terms`` are the names the spotter may know beforehand (the vocabularies'); passing
    the curated files' own names would make the score meaningless."""
    covered = {a for c in curated for a in c.articles}
    rows: dict[str, dict[str, str]] = {}
    for article in corpus.articles:
        if article.id not in covered:
            continue
        for e in spot_article(article, terms).entities:
            rows.setdefault(e.ref, {"type": e.type, "label_zh": e.label_zh,
                                    "aliases": "|".join(e.aliases)})
    return score_entities(list(rows.values()), curated_rows(curated))
