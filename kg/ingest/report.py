"""The ingest report: what was joined, moved, dropped and flagged, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kg.model import Article, Page


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "authors": list(article.authors),
        "date": article.date,
        "dateline": article.dateline,
        "lead": article.lead,
        "source": article.source.path,
        "flags": [str(f) for f in article.flags],
        "text": article.text,
        "paragraphs": [
            {
                "text": p.text,
                "start": p.start,
                "end": p.end,
                "segments": [{"start": s.start, "end": s.end} for s in p.segments],
            }
            for p in article.paragraphs
        ],
    }


def page_report_json(page: Page) -> dict[str, Any]:
    return {
        "source": page.source.path,
        "encoding": page.source.encoding,
        "articles": [a.id for a in page.articles],
        "elements": [
            {"kind": e.kind, "text": e.text, "line": e.line, "captions": list(e.captions)}
            for e in page.elements
        ],
        "events": [
            {
                "action": e.action,
                "line": e.line,
                "other_line": e.other_line,
                "article": e.article,
                "detail": e.detail,
            }
            for e in page.events
        ],
    }


def articles_json(pages: Sequence[Page]) -> str:
    return json.dumps(
        [article_json(a) for p in pages for a in p.articles], ensure_ascii=False, indent=2
    )


def report_json(pages: Sequence[Page]) -> str:
    return json.dumps([page_report_json(p) for p in pages], ensure_ascii=False, indent=2)


def report_text(pages: Sequence[Page]) -> str:
    lines: list[str] = []
    for page in pages:
        lines.append(f"{page.source.path} ({page.source.encoding}): "
                     f"{len(page.articles)} article(s)")
        for article in page.articles:
            flags = f" [{', '.join(article.flags)}]" if article.flags else ""
            authors = "、".join(article.authors) or "no byline"
            lines.append(f"  article {article.id}: {article.title} — {authors}, "
                         f"{len(article.paragraphs)} paragraph(s){flags}")
        for event in page.events:
            where = f"line {event.line}"
            lines.append(f"  {event.action:8} {where:9} {event.detail}")
    return "\n".join(lines) + "\n"
