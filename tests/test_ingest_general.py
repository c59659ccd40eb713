"""The reading-order method on inputs other than the sample page."""

from __future__ import annotations

import re
from pathlib import Path

import jieba
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.ingest import ingest
from kg.ingest.cohesion import boundary_word
from kg.ingest.overrides import OrderOverride
from kg.model import SourceDoc
from kg.sources import read_source
from tests.conftest import devset_files, needs_devset


def doc_of(text: str, name: str = "t.md") -> SourceDoc:
    return SourceDoc(path=name, name=name, text=text, encoding="utf-8", sha256="0")


@needs_devset
def test_devset_articles_ingest_as_one_article_each() -> None:
    for path in devset_files():
        page = ingest(read_source(path))
        assert len(page.articles) == 1, path.name
        article = page.articles[0]
        title_line = path.read_text(encoding="utf-8").splitlines()[1]
        assert title_line == f"# title: {article.title}"
        assert article.lead == "央视网消息"
        assert [e for e in page.events] == [], path.name
        assert article.date is not None and re.match(r"^20\d\d-\d\d-\d\d$", article.date)


# A clean article, written for these tests.
CLEAN = [
    "本报讯 今年以来,某县坚持把产业发展作为脱贫攻坚的根本之策,统筹推进各项工作。",
    "一是强化组织领导。县委县政府成立工作专班,实行台账式管理,每月召开调度会议。",
    "二是加大资金投入。全县安排专项扶贫资金两千万元,重点支持种植养殖和加工项目。",
    "三是完善利益联结。合作社带动贫困户稳定增收,群众参与积极性明显提高。",
    "四是做好就业服务。县里开发公益岗位,帮助有劳动能力的贫困群众就近就业。",
]


def render(paragraphs: list[str]) -> str:
    return "# 某县扎实推进产业扶贫\n\n" + "\n\n".join(paragraphs) + "\n"


def test_clean_article_is_left_alone() -> None:
    page = ingest(doc_of(render(CLEAN)))
    assert [p.text for p in page.articles[0].paragraphs][1:] == CLEAN[1:]
    assert not [e for e in page.events if e.action != "element"]


def _word_cuts(paragraph: str) -> list[int]:
    """Positions inside frequent dictionary words, where a column break would cut a word."""
    cuts: list[int] = []
    pos = 0
    for word in jieba.lcut(paragraph, HMM=False):
        if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            cut = pos + 1
            if boundary_word(paragraph[:cut], paragraph[cut:]) >= 0.7:
                cuts.append(cut)
        pos += len(word)
    return cuts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_split_and_moved_fragment_is_put_back(data: st.DataObject) -> None:
    i = data.draw(st.integers(min_value=1, max_value=len(CLEAN) - 2), label="paragraph")
    cuts = _word_cuts(CLEAN[i])
    cut = data.draw(st.sampled_from(cuts), label="cut")
    head, tail = CLEAN[i][:cut], CLEAN[i][cut:]
    pieces = [*CLEAN[:i], head, *CLEAN[i + 1:]]
    where = data.draw(st.integers(min_value=i + 1, max_value=len(pieces)), label="moved to")
    pieces.insert(where, tail)
    page = ingest(doc_of(render(pieces)))
    assert [p.text for p in page.articles[0].paragraphs] == [CLEAN[0][4:], *CLEAN[1:]]
    assert any(e.action == "joined" for e in page.events)


@settings(max_examples=30, deadline=None)
@given(i=st.integers(min_value=1, max_value=len(CLEAN) - 1), where=st.integers(0, 10))
def test_duplicated_paragraph_is_dropped_once(i: int, where: int) -> None:
    pieces = list(CLEAN)
    pieces.insert(min(max(i + 1, where), len(pieces)), CLEAN[i])
    page = ingest(doc_of(render(pieces)))
    texts = [p.text for p in page.articles[0].paragraphs]
    assert texts.count(CLEAN[i]) == 1
    assert [e.action for e in page.events if e.action == "dropped"] == ["dropped"]


def test_override_forces_an_order() -> None:
    pieces = [CLEAN[0], "一是强化组织领导。县委县政府成立工作专班,实行台账", CLEAN[2],
              "式管理,每月召开调度会议。"]
    forced = [OrderOverride("实行台账", "式管理", "t.order.yaml", 2)]
    page = ingest(doc_of(render(pieces)), forced)
    assert page.articles[0].paragraphs[1].text == CLEAN[1]
    override = [e for e in page.events if e.action == "joined"]
    assert "override" in override[0].detail


def test_override_that_matches_nothing_names_the_file_and_line() -> None:
    import pytest

    from kg.errors import InputError

    with pytest.raises(InputError, match=r"t.order.yaml:3: no fragment"):
        ingest(doc_of(render(CLEAN)), [OrderOverride("不存在的结尾", None, "t.order.yaml", 3)])


def test_front_matter_is_metadata(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("---\ntitle: 某县新闻\ndate: 2021-03-01\nauthor: 王五\n---\n" + CLEAN[1] + "\n",
                 encoding="utf-8")
    page = ingest(read_source(f))
    (article,) = page.articles
    assert article.title == "某县新闻"
    assert article.authors == ("王五",)
    assert article.date == "2021-03-01"
    p = article.paragraphs[0]
    assert f.read_text(encoding="utf-8")[p.start:p.end] == CLEAN[1]
