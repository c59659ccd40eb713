"""The coverage report: every number token of the corpus and what became of it."""

from __future__ import annotations

from collections.abc import Sequence

from kg.curate.apply import Exclusion
from kg.extract.quantity import find_number_tokens
from kg.facts import Coverage, Fact
from kg.model import Article

COVERAGE_COLUMNS = ("article_id", "token", "start", "end", "line", "status", "reason",
                    "observation")


def article_coverage(
    article: Article, facts: Sequence[Fact], exclusions: Sequence[Exclusion]
) -> list[Coverage]:
    """Each number token is curated or draft (inside an observation's number), excluded by
    the curator (with their reason), excluded by rule (a date, a name, an enumerator …, with
    the grammar's reason), or unexplained."""
    rows: list[Coverage] = []
    for token in find_number_tokens(article.text):
        status, reason, observation = "unexplained", "", None
        fact = next((f for f in facts
                     if f.number_start <= token.start and token.end <= f.number_end), None)
        exclusion = next((x for x in exclusions
                          if x.start <= token.start and token.end <= x.end), None)
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
