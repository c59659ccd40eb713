"""Clean single articles (tests/fixtures/clean/, written for these tests in the style of county
news: section heads, quotations, a numbered list, a caption, bylines and footers) come out in
their own order: nothing joined, moved, dropped or pushed to the end."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from kg.ingest import ingest
from kg.model import SourceDoc
from kg.sources import read_source

CLEAN = Path(__file__).parent / "fixtures" / "clean"
FILES = sorted(CLEAN.iterdir())


def body_lines(path: Path) -> list[str]:
    """The file's non-empty lines after the headline and the ``# key:`` header lines."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    body = [line for line in lines if line and not line.startswith("#")]
    return [line.removeprefix("本报讯").strip() for line in body]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_clean_article_keeps_file_order(path: Path) -> None:
    page = ingest(read_source(path))
    assert len(page.articles) == 1
    (article,) = page.articles
    assert [p.text for p in article.paragraphs] == body_lines(path)
    changes = [e for e in page.events if e.action in ("joined", "moved", "dropped")]
    assert changes == []
    assert not [e for e in page.events if "no place in any article" in e.detail]


def test_the_corpus_has_section_heads_without_a_full_stop() -> None:
    heads = [line for p in FILES for line in body_lines(p)
             if len(line) < 20 and line[-1] not in "。！？）)"]
    assert len(heads) >= 5  # the case the issue reports: 技术有人教，销售有保障


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_clean_article_in_traditional_characters_keeps_file_order(path: Path) -> None:
    converted = opencc.OpenCC("s2t").convert(path.read_text(encoding="utf-8"))
    copy = Path(f"{path.stem}-trad{path.suffix}")
    page = ingest(SourceDoc(path=str(copy), name=copy.name, text=converted, encoding="utf-8",
                            sha256="0"))
    (article,) = page.articles
    assert len(article.paragraphs) == len(body_lines(path))
    assert not [e for e in page.events if e.action in ("joined", "moved", "dropped")]
