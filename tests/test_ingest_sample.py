"""The ingest of the bundled sample page, pinned."""

from __future__ import annotations

from kg.model import Flag, Page

TITLES = [
    "兴县:奋起决战脱贫攻坚 打好收官战",
    "兴县:积极实施培训就业 多方拓宽群众增收渠道",
    "兴县 多渠道兴办产业 夯实贫困群众增收基础",
    "兴县组织收听收看全省“标准地”改革推进会",
]


def test_four_articles_with_titles(sample_page: Page) -> None:
    assert [a.title for a in sample_page.articles] == TITLES


def test_authors_lead_and_dateline(sample_page: Page) -> None:
    a1, a2, a3, a4 = sample_page.articles
    assert a1.authors == ()
    assert a2.authors == ("张明提",)
    assert a3.authors == ("张明提",)
    assert a4.authors == ("张明提", "弓芳芳")
    assert {a.lead for a in sample_page.articles} == {"本报讯"}
    assert a4.dateline == "8月24日"
    assert a4.date == "2020-08-24"
    assert a1.dateline is None


def test_banner_and_gallery_are_page_elements(sample_page: Page) -> None:
    kinds = {e.kind: e for e in sample_page.elements}
    assert kinds["banner"].text.startswith("牢记嘱托")
    assert kinds["gallery"].text == "今日兴县好风光"
    assert kinds["gallery"].captions == ("新建沿黄路", "古渡黄河", "公园一隅", "山青水秀")
    assert not any(a.title.startswith("牢记嘱托") for a in sample_page.articles)


def test_words_cut_across_columns_are_joined(sample_page: Page) -> None:
    text = "\n".join(a.text for a in sample_page.articles)
    for joined in ["实行台账式管理", "总体思路和要求", "建设服务型政府", "县级职教中心"]:
        assert joined in text, joined


def test_fragments_put_back_in_order(sample_page: Page) -> None:
    a1 = sample_page.articles[0].text
    assert "在落实好“3+1”政策保障的同时" in a1
    assert "积极引进龙头企业带动发展" in a1
    starts = [a1.index(k) for k in ("一是坚决", "二是聚焦", "三是紧盯", "四是集中")]
    assert starts == sorted(starts)


def test_duplicated_paragraphs_kept_once(sample_page: Page) -> None:
    text = "\n".join(a.text for a in sample_page.articles)
    assert text.count("教中心和友兰中学附属初中") == 1
    assert text.count("四是集中力量抓重点") == 1
    dropped = [e for e in sample_page.events if e.action == "dropped"]
    assert [(e.line, e.other_line) for e in dropped] == [(25, 15), (27, 17)]


def test_truncated_article_flagged(sample_page: Page) -> None:
    flagged = [a for a in sample_page.articles if Flag.TRUNCATED in a.flags]
    assert [a.title for a in flagged] == [TITLES[0]]
    assert flagged[0].text.endswith("公益岗")


def test_paragraph_offsets_slice_the_original_file(sample_page: Page) -> None:
    source = sample_page.source.text
    for article in sample_page.articles:
        for p in article.paragraphs:
            assert "".join(source[s.start:s.end] for s in p.segments) == p.text
            assert source[p.segments[0].start:p.segments[0].end] in source
        if article.title_span:
            assert source[article.title_span.start:article.title_span.end] == article.title


def test_sentence_offsets_slice_the_original_file(sample_page: Page) -> None:
    source = sample_page.source.text
    count = 0
    for article in sample_page.articles:
        for sentence in article.sentences():
            assert "".join(source[s.start:s.end] for s in sentence.segments) == sentence.text
            count += 1
    assert count > 40


def test_source_spans_cross_a_join(sample_page: Page) -> None:
    article = sample_page.articles[0]
    i = article.text.index("台账式管理") + 3
    spans = article.source_spans(i, i + 2)
    assert len(spans) == 2
    source = sample_page.source.text
    assert [source[s.start:s.end] for s in spans] == ["管", "理"]


def test_ids_are_pinyin_slugs(sample_page: Page) -> None:
    ids = [a.id for a in sample_page.articles]
    assert ids[0] == "xingxian-fenqi-juezhan-tuopin-gongjian"
    assert len(set(ids)) == 4
    assert all(i.isascii() and " " not in i for i in ids)


def test_report_names_joins_moves_drops_and_flags(sample_page: Page) -> None:
    actions = {e.action for e in sample_page.events}
    assert {"joined", "moved", "dropped", "flagged", "element"} <= actions
    joined = {(e.line, e.other_line) for e in sample_page.events if e.action == "joined"}
    assert {(9, 11), (11, 21), (23, 13), (13, 15), (45, 47), (49, 51)} == joined
