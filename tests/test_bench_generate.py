"""The corpus generator: deterministic, realistic enough to ingest, honest about its figures."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg.bench.figures import Pen
from kg.bench.generate import GOLD_FILE, counties, generate, gold_csv, write_corpus
from kg.corpus import load_corpus
from kg.evaluate import parse_gold, resolve_article
from kg.extract.quantity import find_quantities
from kg.pipeline import article_county


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    first, again, other = generate(12, seed=7), generate(12, seed=7), generate(12, seed=8)
    assert [(p.name, p.text, p.articles) for p in first] == \
        [(p.name, p.text, p.articles) for p in again]
    assert [p.text for p in first] != [p.text for p in other]


@pytest.mark.parametrize("n", [1, 5, 23])
def test_exactly_the_articles_asked_for(n: int) -> None:
    pages = generate(n, seed=n)
    assert sum(len(p.articles) for p in pages) == n
    headlines = [a.headline for p in pages for a in p.articles]
    assert len(set(headlines)) == n


def test_places_are_real_counties_with_their_townships() -> None:
    pool = counties()
    assert len(pool) > 500
    assert len({c.province for c in pool}) > 20
    pages = generate(10, seed=2)
    by_name = {c.name: c for c in pool}
    for page in pages:
        county = by_name[page.metadata["place"]]
        named = [t for t in county.towns if t in page.text]
        named += [v for _, v in county.villages if v in page.text]
        assert all(a.county == county.name for a in page.articles)
        assert page.metadata["date"] == str(page.articles[0].year)
    assert any(t in p.text for p in pages for t in by_name[p.metadata["place"]].towns)


def test_every_written_figure_is_in_the_text_and_the_grammar_reads_it() -> None:
    """Each gold figure is printed in its article, and the quantity grammar (with no context
    beyond the figure itself) reads the same value and bounds from it."""
    pages = generate(30, seed=5)
    figures = [f for p in pages for a in p.articles for f in a.figures]
    assert len(figures) > 30 * 10
    for page in pages:
        for f in (f for a in page.articles for f in a.figures):
            assert f.raw in page.text
    misread = []
    for f in figures:
        found = [q for q in find_quantities(f.raw) if q.value == f.value]
        if not found or (found[0].lower, found[0].upper) != (f.lower, f.upper):
            misread.append(f.raw)
    assert not misread, misread[:10]
    kinds = {f.approx for f in figures}
    assert kinds == {"exact", "at_least", "at_most", "approx", "range"}
    assert {"household", "person", "CNY", "mu", "percent", "job"} <= {f.unit for f in figures}


def test_shares_and_parts_agree_with_their_wholes() -> None:
    pen = Pen(__import__("random").Random(1))
    pen.count("人", "person", 2000, 3000, approx=False)
    whole = pen.last
    part = pen.part_of(whole)
    assert 0 < part < whole.value
    share = Decimal(pen.share(part, int(whole.value)).rstrip("%"))
    assert abs(share - Decimal(part) * 100 / whole.value) <= Decimal("0.5")


def test_scrambled_pages_are_repaired_by_the_ingest(tmp_path: Path) -> None:
    pages = generate(8, seed=11, scramble=1.0)
    assert all(p.scrambles for p in pages)
    write_corpus(pages, tmp_path)
    corpus = load_corpus(tmp_path)
    assert len(corpus.articles) == 8
    actions = [e.action for p in corpus.pages for e in p.events]
    assert actions.count("dropped") >= sum("duplicated" in p.scrambles for p in pages)
    assert "joined" in actions
    # After the repair every figure is read back in its own article's text.
    ingested = {p.source.name: p for p in corpus.pages}
    for generated in pages:
        page = ingested[generated.name]
        for g in generated.articles:
            article = resolve_article(g.headline, page.articles)
            assert article is not None, g.headline
            text = re.sub(r"\s", "", article.text)
            missing = [f.raw for f in g.figures if f.raw not in text]
            assert not missing, (g.headline, missing)


def test_written_corpus_has_metadata_and_a_gold_file(tmp_path: Path) -> None:
    pages = generate(6, seed=4)
    gold = write_corpus(pages, tmp_path)
    assert gold == tmp_path / GOLD_FILE
    rows = parse_gold(gold.read_text(encoding="utf-8"), GOLD_FILE)
    assert len(rows) == sum(len(a.figures) for p in pages for a in p.articles)
    assert gold.read_text(encoding="utf-8") == gold_csv(pages)
    header = next(csv.reader(io.StringIO(gold_csv(pages))))
    assert header[:7] == ["article", "raw", "value", "lower", "upper", "approx", "unit"]
    corpus = load_corpus(tmp_path)
    for page in corpus.pages:
        assert article_county(page) is not None
        assert all(a.date and a.date.startswith(page.source.metadata["date"])
                   for a in page.articles)
    for row in rows:
        assert resolve_article(row.article, corpus.articles) is not None, row.article
