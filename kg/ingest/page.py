"""A page becomes articles: duplicates dropped, page furniture set aside, order repaired."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.ingest.blocks import ParsedPage, is_caption, parse_blocks
from kg.ingest.cohesion import ends_sentence
from kg.ingest.order import Order, repair_order
from kg.ingest.overrides import OrderOverride, resolve_overrides
from kg.ingest.scramble import PROSE_LENGTH
from kg.ingest.slug import article_slug
from kg.model import (
    Article,
    Block,
    BlockKind,
    Flag,
    IngestEvent,
    Page,
    PageElement,
    Paragraph,
    SourceDoc,
    Span,
)

_NAME = r"[\u3400-\u9fff·]{2,4}"
_BYLINE = re.compile(rf"[（(]\s*({_NAME}(?:[\s、,，]+{_NAME})*)\s*[)）]$")
_DATELINE = re.compile(r"^(\d{1,2})月(\d{1,2})日")
_WS = re.compile(r"\s+")
# A dateline inside the lead (大众网聊城1月16日讯, 新华社北京8月24日电): month and day.
_DATELINE_LEAD = re.compile(r"(\d{1,2})月(\d{1,2})日(?:讯|电)")
_YEAR = r"((?:19|20)\d\d)"
# A bare date line near the top of the page (2015-03-19 15:53:02 来源:…, 2020/1/8).
_BARE_DATE = re.compile(rf"^{_YEAR}\s?[-/.年]\s?(\d{{1,2}})\s?[-/.月]\s?(\d{{1,2}})(?!\d)")
# The date in a page's address: /2020/04/12/, /20200412/, /2020-01/08/, /2020/1118/,
# t20180806_…, time=2018-11-15, a folder without leading zeros /2015-1-6/; else a year
# folder /2015/ or a month folder /202011/.
_URL_DATES = (
    re.compile(rf"/{_YEAR}[-/]?(\d\d)[-/]?(\d\d)/"),
    re.compile(rf"/{_YEAR}-(\d{{1,2}})-(\d{{1,2}})/"),
    re.compile(rf"[/=_t]{_YEAR}-?(\d\d)-?(\d\d)(?!\d)"),
)
_URL_YEAR = re.compile(rf"/{_YEAR}(?:0[1-9]|1[0-2])?/")
# A page named by its creation time (/20190507123456789.html: day, hour, minute, second and
# more digits): the year only, as a folder gives it; the page may be made a day after the
# article's own date (a dateline gives that).
_URL_STAMP = re.compile(
    rf"/{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d[0-5]\d\d*"
    r"\.[a-z]+$")


def ingest(
    doc: SourceDoc, overrides: Sequence[OrderOverride] = (), taken: set[str] | None = None
) -> Page:
    """Turn one decoded source file into articles and page elements.

    ``taken`` holds article ids already used elsewhere in the corpus; new ids are added to it.
    """
    parsed = parse_blocks(doc)
    metadata = {**doc.metadata, **parsed.metadata}
    events: list[IngestEvent] = []
    blocks = _drop_duplicates(parsed.blocks, events)
    elements, captions = _page_elements(blocks, parsed, events)
    pool = [b for b in blocks if b.kind in (BlockKind.BODY, BlockKind.LEAD) and b not in captions]
    if not pool:
        return Page(doc, (), tuple(elements), tuple(events))

    region: list[int] = []
    current = -1
    for pos, block in enumerate(pool):
        if block.kind is BlockKind.LEAD:
            current = pos
        region.append(current)

    # headings_before[i]: headings among the blocks with index < i (a constant-time test).
    headings_before = [0] * (len(parsed.blocks) + 1)
    kept = {b.index for b in blocks}
    for blk in parsed.blocks:
        is_heading = blk.kind is BlockKind.HEADING and blk.index in kept
        headings_before[blk.index + 1] = headings_before[blk.index] + is_heading

    def heading_between(a: int, b: int) -> bool:
        lo, hi = sorted((pool[a].index, pool[b].index))
        return headings_before[hi] - headings_before[lo + 1] > 0

    forced = resolve_overrides(overrides, pool, doc.path)
    # A short line printed twice (a repeated section head) is no sign of a print layout.
    duplicates = sum(1 for b in parsed.blocks
                     if b.index not in kept and len(b.text) >= PROSE_LENGTH)
    order = repair_order(pool, heading_between, region, forced, duplicates)
    _report_order(order, pool, events)
    if order.note:
        events.append(IngestEvent("flagged", order.note, pool[0].line))

    headings = {b.index: b for b in blocks if b.kind is BlockKind.HEADING}
    bare = next((d for b in parsed.blocks[:4] if (d := _valid_date(_BARE_DATE.match(b.text)))),
                None)
    articles: list[Article] = []
    used_ids: set[str] = taken if taken is not None else set()
    for chain in _with_orphans(order, events, pool):
        article = _assemble(doc, metadata, chain, pool, headings, parsed, used_ids, bare)
        if Flag.TRUNCATED in article.flags:
            events.append(
                IngestEvent(
                    "flagged",
                    f"ends mid-sentence: …{article.paragraphs[-1].text[-12:]}",
                    doc.line_of(article.paragraphs[-1].end),
                    article=article.id,
                )
            )
        articles.append(article)
    return Page(doc, tuple(articles), tuple(elements), tuple(events))


def _drop_duplicates(blocks: Sequence[Block], events: list[IngestEvent]) -> list[Block]:
    """Paragraphs printed twice are kept once, at their first printing."""
    seen: dict[str, Block] = {}
    kept: list[Block] = []
    for block in blocks:
        key = _WS.sub("", block.text)
        first = seen.get(key)
        if first is not None and block.kind is not BlockKind.HEADING and len(key) >= 8:
            events.append(
                IngestEvent(
                    "dropped",
                    f"printed twice (also line {first.line}): {block.text[:16]}…",
                    block.line,
                    first.line,
                )
            )
            continue
        seen.setdefault(key, block)
        kept.append(block)
    return kept


def _page_elements(
    blocks: Sequence[Block], parsed: ParsedPage, events: list[IngestEvent]
) -> tuple[list[PageElement], set[Block]]:
    """Headings with no lead of their own are page furniture: banners and photo galleries."""
    if not parsed.leads:
        return [], set()
    elements: list[PageElement] = []
    captions: set[Block] = set()
    for i, block in enumerate(blocks):
        if block.kind is not BlockKind.HEADING:
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is not None and following.kind is BlockKind.LEAD:
            continue
        caption_blocks: list[Block] = []
        for nxt in blocks[i + 1:]:
            if nxt.kind is not BlockKind.BODY or not is_caption(nxt):
                break
            caption_blocks.append(nxt)
        kind = "gallery" if caption_blocks else "banner"
        captions.update(caption_blocks)
        elements.append(
            PageElement(
                kind,
                block.text,
                block.span,
                block.line,
                tuple(c.text for c in caption_blocks),
            )
        )
        detail = f"{kind}: {block.text}"
        if caption_blocks:
            detail += " — captions: " + "、".join(c.text for c in caption_blocks)
        events.append(IngestEvent("element", detail, block.line))
    return elements, captions


def _report_order(order: Order, pool: Sequence[Block], events: list[IngestEvent]) -> None:
    for join in order.joins:
        a, b = pool[join.left], pool[join.right]
        how = ", ".join(join.evidence)
        events.append(
            IngestEvent(
                "joined",
                f"…{a.text[-8:]} | {b.text[:8]}… ({how}; score {join.weight:.2f})",
                a.line,
                b.line,
            )
        )
    moved = [x for x in order.joins + order.links if x.right != x.left + 1]
    for link in sorted(moved, key=lambda x: x.right):
        a, b = pool[link.left], pool[link.right]
        events.append(
            IngestEvent(
                "moved",
                f"line {b.line} ({b.text[:10]}…) now follows line {a.line} (…{a.text[-8:]})",
                b.line,
                a.line,
            )
        )


def _with_orphans(
    order: Order, events: list[IngestEvent], pool: Sequence[Block]
) -> list[list[tuple[int, ...]]]:
    """Runs that no article reaches are appended to the article printed before them and
    reported, never dropped."""
    chains = [list(chain) for chain in order.chains]
    firsts = [min(p for r in chain for p in r) for chain in chains]
    for run in order.orphans:
        target = 0
        for c, first in enumerate(firsts):
            if first < run[0]:
                target = c
        if chains:
            chains[target].append(run)
        else:
            chains.append([run])
        events.append(
            IngestEvent(
                "flagged",
                "fragment with no place in any article, kept at the end: "
                f"{pool[run[0]].text[:16]}…",
                pool[run[0]].line,
            )
        )
    return chains


def _assemble(
    doc: SourceDoc,
    metadata: dict[str, object],
    chain: Sequence[tuple[int, ...]],
    pool: Sequence[Block],
    headings: dict[int, Block],
    parsed: ParsedPage,
    used_ids: set[str],
    bare_date: str | None = None,
) -> Article:
    paragraphs = tuple(
        Paragraph("".join(pool[p].text for p in run), tuple(pool[p].span for p in run))
        for run in chain
    )
    first = pool[chain[0][0]]
    flags: list[Flag] = []
    title_block = headings.get(first.index - 1) if first.index > 0 else None
    title = str(metadata.get("title") or "") if len(parsed.leads) <= 1 else ""
    title_span: Span | None = None
    if not title and title_block is not None:
        title, title_span = title_block.text, title_block.span
    if not title and headings:
        only = min(headings.values(), key=lambda b: b.index)
        if only.index < first.index and len(parsed.leads) <= 1:
            title, title_span = only.text, only.span
    if not title:
        title = paragraphs[0].text[:24]
        flags.append(Flag.NO_HEADLINE)
    authors = _authors(paragraphs[-1].text, metadata)
    dateline, date = _dateline(paragraphs[0].text, metadata, bare_date)
    if not ends_sentence(paragraphs[-1].text):
        flags.append(Flag.TRUNCATED)
    article_id = article_slug(title, used_ids, paragraphs[0].text)
    used_ids.add(article_id)
    return Article(
        id=article_id,
        title=title,
        source=doc,
        paragraphs=paragraphs,
        title_span=title_span,
        authors=authors,
        date=date,
        dateline=dateline,
        lead=parsed.leads.get(first.index),
        flags=tuple(flags),
    )


def _authors(last: str, metadata: dict[str, object]) -> tuple[str, ...]:
    m = _BYLINE.search(last)
    if m:
        return tuple(re.split(r"[\s、,，]+", m.group(1).strip()))
    given = metadata.get("authors") or metadata.get("author")
    if isinstance(given, list):
        return tuple(str(a) for a in given)
    if isinstance(given, str) and given.strip():
        return tuple(re.split(r"[\s、,，;；]+", given.strip()))
    return ()


def _valid_date(m: re.Match[str] | None) -> str | None:
    """YYYY-MM-DD of a (year, month, day) match, or None when it names no real day."""
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}-{day:02d}"


def _url_date(source: str) -> str | None:
    """The publication date a page's address gives (a day, else a year), or None."""
    for pattern in _URL_DATES:
        for m in pattern.finditer(source):
            if (found := _valid_date(m)) is not None:
                return found
    year = _URL_YEAR.search(source) or _URL_STAMP.search(source)
    return year.group(1) if year else None


def _dateline(first: str, metadata: dict[str, object],
              bare: str | None = None) -> tuple[str | None, str | None]:
    """(dateline, publication date): the front matter's date, completed by a dateline's month
    and day; else a bare date line at the top of the page; else the page address's date."""
    year_text = str(metadata.get("date") or "")
    found = year_text or bare or _url_date(str(metadata.get("source") or "")) or ""
    year = found[:4] if re.match(r"^\d{4}", found) else None
    m = _DATELINE.match(first) or _DATELINE_LEAD.search(first, 0, 40)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        date = f"{year}-{month:02d}-{day:02d}" if year else None
        return m.group(0), date
    return None, found or None
