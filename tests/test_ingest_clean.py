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


# ---- long scrambled pages: repaired in chunks, or kept in file order over the limit ---------

POINTS = [
    "一是强化组织领导。{t}镇成立工作专班,实行台账式管理,{t}镇每月召开调度会议。",
    "二是加大资金投入。{t}镇安排专项扶贫资金两千万元,重点支持种植养殖和加工项目。",
    "三是完善利益联结。{t}镇合作社带动贫困户稳定增收,群众参与积极性明显提高。",
    "四是做好就业服务。{t}镇开发公益岗位,帮助有劳动能力的贫困群众就近就业。",
]
TOWNS = ["东坡", "西岭", "南沟", "北川", "石门", "河口", "青山", "白水", "红崖", "金川",
         "柳林", "杏花", "桃园", "梨树", "松树", "柏树"]


def _scrambled_article(town: str) -> tuple[list[str], list[str]]:
    """(printed lines, paragraphs in reading order): 一是 cut across 管|理 as a column break
    would cut it, its tail printed after 四是."""
    lead = f"**本报讯** 今年以来,{town}镇坚持把产业发展作为脱贫攻坚的根本之策,统筹推进各项工作。"
    points = [p.format(t=town) for p in POINTS]
    cut = points[0].index("管理") + 1
    printed = [lead, points[0][:cut], points[1], points[2], points[3], points[0][cut:]]
    return printed, [lead.removeprefix("**本报讯** "), *points]


def test_long_scrambled_page_is_repaired_in_chunks() -> None:
    lines: list[str] = []
    expected: list[list[str]] = []
    for town in TOWNS:  # 16 articles, 96 fragments: more than one chunk
        printed, reading = _scrambled_article(town)
        lines += [f"## {town}镇扎实推进产业扶贫", *printed]
        expected.append(reading)
    page = ingest(SourceDoc(path="p.md", name="p.md", text="\n\n".join(lines) + "\n",
                            encoding="utf-8", sha256="0"))
    assert [[p.text for p in a.paragraphs] for a in page.articles] == expected


def test_scrambled_file_over_the_repair_limit_keeps_file_order() -> None:
    from kg.ingest.order import MAX_REPAIR

    body = [f"第{i}段：全县第{i}个项目完成投资{i}万元，带动周边农户增收致富，"
            "群众满意度和获得感明显提高。" for i in range(MAX_REPAIR + 10)]
    lines = ["**本报讯** " + body[0], *body[1:], body[5]]  # a paragraph printed twice
    page = ingest(SourceDoc(path="p.md", name="p.md", text="\n".join(lines) + "\n",
                            encoding="utf-8", sha256="0"))
    (article,) = page.articles
    assert [p.text for p in article.paragraphs] == body
    assert any("over the repair limit" in e.detail for e in page.events)
