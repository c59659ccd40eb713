"""The coverage report: every number token of the corpus and what became of it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Generic, TypeVar

from kg.curate.apply import Exclusion
from kg.extract.quantity import find_number_tokens
from kg.facts import Coverage, Fact
from kg.model import Article

T = TypeVar("T")

COVERAGE_COLUMNS = ("article_id", "token", "start", "end", "line", "status", "reason",
                    "observation")


def article_coverage(
    article: Article, facts: Sequence[Fact], exclusions: Sequence[Exclusion]
) -> list[Coverage]:
    """Each number token is curated or draft (inside an observation's number), excluded by
    the curator (with their reason), excluded by rule (a date, a name, an enumerator …, with
    the grammar's reason), or unexplained."""
    rows: list[Coverage] = []
    by_fact = _Covering([(f.number_start, f.number_end, f) for f in facts])
    by_exclusion = _Covering([(x.start, x.end, x) for x in exclusions])
    for token in find_number_tokens(article.text):
        status, reason, observation = "unexplained", "", None
        fact = by_fact.first(token.start, token.end)
        exclusion = by_exclusion.first(token.start, token.end)
        if fact is not None:
            status, observation = str(fact.status), f"{fact.article_id}/{fact.local_id}"
        elif exclusion is not None:
            status, reason = "excluded", exclusion.reason
        elif token.kind != "measure":
            status, reason = "excluded", f"{token.kind}: {token.reason}"
        spans = article.source_spans(token.start, token.end)
        start, end = spans[0].start, spans[-1].end
        rows.append(Coverage(article.id, token.text, start, end, article.source.line_of(start),
                             status, reason, observation))
    return rows


class _Covering(Generic[T]):
    """Which item's span covers a token: the first in list order, as a scan of the list
    would find, but through the items sorted by start (linear in the article, not
    quadratic). An item covers at most a figure, so a few candidates are tested."""

    def __init__(self, items: Sequence[tuple[int, int, T]]):
        self._items = sorted(((s, i, e, x) for i, (s, e, x) in enumerate(items)),
                             key=lambda t: (t[0], t[1]))
        self._starts = [t[0] for t in self._items]
        self._longest = max((e - s for s, e, _ in items), default=0)

    def first(self, start: int, end: int) -> T | None:
        lo = bisect.bisect_left(self._starts, end - self._longest)
        hi = bisect.bisect_right(self._starts, start)
        hits = [(i, x) for s, i, e, x in self._items[lo:hi] if s <= start and end <= e]
        return min(hits, key=lambda h: h[0])[1] if hits else None


def coverage_rows(coverage: Sequence[Coverage]) -> list[dict[str, str]]:
    return [
        {
            "article_id": c.article_id, "token": c.token, "start": str(c.start),
            "end": str(c.end), "line": str(c.line), "status": c.status, "reason": c.reason,
            "observation": c.observation or "",
        }
        for c in coverage
    ]


def summary(coverage: Sequence[Coverage]) -> dict[str, int]:
    counts = {"curated": 0, "draft": 0, "excluded": 0, "unexplained": 0}
    for c in coverage:
        counts[c.status] = counts.get(c.status, 0) + 1
    return counts
