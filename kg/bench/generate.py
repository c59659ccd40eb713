"""A generated corpus of county news pages, deterministic from a seed, with its gold figures.

Pages are written in the form of the bundled sample page: a headline, a ``**本报讯**`` lead,
enumerated paragraphs (一是 … 二是 …), the authors in closing parentheses, sometimes a photo
gallery. Places are real: a county of JioNLP's gazetteer with its own townships and villages,
so the build's place resolution does real work. Some pages are scrambled as printed pages
are: a paragraph cut inside a word with its second part printed later (columns out of order),
a paragraph printed twice. Every figure written is kept with its true value, bounds,
approximation and unit, so ``kg eval`` can measure how much of it the extraction recovers.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kg.bench.figures import Figure, Pen, plain
from kg.bench.templates import ENUMERATORS, GENERAL, HEADLINES, LEADS, SLOGANS, THEMES, Scene
from kg.evaluate import GOLD_COLUMNS
from kg.ingest.slug import pinyin_slug

YEARS = (2016, 2017, 2018, 2019, 2020, 2021)
AUTHOR_NAMES = ("张明提", "弓芳芳", "李文华", "王建军", "刘晓东", "陈丽娟", "赵国庆", "杨春生")
GALLERY = ("新建沿黄路", "古渡新貌", "公园一隅", "山青水秀", "扶贫车间", "安置新区")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


@dataclass(frozen=True)
class County:
    name: str
    province: str
    towns: tuple[str, ...]
    villages: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GeneratedArticle:
    headline: str
    county: str
    year: int
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class GeneratedPage:
    name: str  # file name, e.g. xingxian-2020-0003.md
    text: str
    metadata: dict[str, str]
    articles: tuple[GeneratedArticle, ...]
    scrambles: tuple[str, ...]  # what was done to the page: "cut-moved", "duplicated"


@lru_cache(maxsize=1)
def counties() -> tuple[County, ...]:
    """Counties (县) of the gazetteer with a unique name and enough townships and villages.

    A county whose name ends another county's name (和县, 安和县) is left out, so that each
    generated headline is a distinctive phrase for ``kg eval``.
    """
    from kg.quiet import quiet_import

    loader = quiet_import("jionlp.dictionary.dictionary_loader").china_location_loader
    seen: dict[str, int] = {}
    found: list[County] = []
    for province, cities in sorted(loader(detail=True).items()):
        if province.startswith("_") or not isinstance(cities, dict):
            continue
        for city, county_map in sorted(cities.items()):
            if city.startswith("_") or not isinstance(county_map, dict):
                continue
            for name, towns in sorted(county_map.items()):
                if name.startswith("_") or not isinstance(towns, dict):
                    continue
                seen[name] = seen.get(name, 0) + 1
                town_names = tuple(sorted(t for t in towns if not t.startswith("_")
                                          and _CJK.match(t)))
                villages = tuple(sorted((t, v) for t in town_names for v in (towns[t] or {})
                                        if _CJK.match(v)))
                if name.endswith("县") and len(town_names) >= 3 and len(villages) >= 10:
                    found.append(County(name, province, town_names, villages))
    names = {c.name for c in found}
    return tuple(c for c in found if seen[c.name] == 1 and not any(
        other != c.name and other.endswith(c.name) for other in names))


def _paragraphs(scene: Scene, theme: str, rng: random.Random) -> list[str]:
    """A lead and three to six enumerated paragraphs of one to three sentences each, drawn
    from the theme's patterns first and the general ones after (each pattern once before any
    is used again)."""
    own = list(THEMES[theme])
    rng.shuffle(own)
    general = [p for p in GENERAL if p not in own]
    rng.shuffle(general)
    order = own + general
    drawn = iter(order * 3)
    lead = rng.choice(LEADS).format(county=scene.county, theme=theme, when=scene.when())
    paragraphs = [lead + next(drawn)(scene)]
    count = rng.randint(3, 6)
    for slogan, enumerator in zip(rng.sample(SLOGANS, count), ENUMERATORS, strict=False):
        body = "".join(next(drawn)(scene) for _ in range(rng.choice([1, 2, 2, 3])))
        paragraphs.append(f"{enumerator}{slogan}。{body}")
    return paragraphs


def _article(rng: random.Random, county: County, year: int, theme: str, headline: str,
             dateline: bool) -> tuple[list[str], GeneratedArticle]:
    pen = Pen(rng)
    scene = Scene(rng, pen, county.name, county.towns, county.villages, year)
    paragraphs = _paragraphs(scene, theme, rng)
    if dateline:
        paragraphs[0] = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日," + paragraphs[0]
    authors = " ".join(rng.sample(AUTHOR_NAMES, rng.choice([1, 1, 2])))
    paragraphs[-1] += f"({authors})"
    heading = f"## {headline}" if rng.random() < 0.5 else f"**{headline}**"
    blocks = [heading, "**本报讯** " + paragraphs[0], *paragraphs[1:]]
    return blocks, GeneratedArticle(headline, county.name, year, tuple(pen.figures))


def _cut_point(text: str, rng: random.Random) -> int | None:
    """An offset inside a word (between two of its characters), away from any figure."""
    from kg.segmenter import jieba

    candidates = []
    for word, start, end in jieba.tokenize(text):
        if end - start < 2 or not _CJK.match(word) or start < 20 or end > len(text) - 20:
            continue
        around = text[max(0, start - 6):end + 6]
        if re.search(r"[0-9%.]", around):
            continue
        candidates.append(start + rng.randint(1, end - start - 1))
    return rng.choice(candidates) if candidates else None


def _scramble(blocks: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """Cut one paragraph inside a word and print its second part one block later; print
    another paragraph twice."""
    done: list[str] = []

    def heading(b: str) -> bool:
        return b.startswith("#") or (b.startswith("**") and b.endswith("**"))

    # A moved or repeated block never lands between a headline and its lead: the ingest
    # would then read the headline as a banner (as the sample's is), and the article as
    # having none.
    body = [i for i, b in enumerate(blocks)
            if not b.startswith(("#", "**")) and len(b) > 80 and i + 1 < len(blocks)
            and not heading(blocks[i + 1])]
    if body:
        i = rng.choice(body)
        cut = _cut_point(blocks[i], rng)
        if cut is not None:
            head, tail = blocks[i][:cut], blocks[i][cut:]
            blocks[i:i + 2] = [head, blocks[i + 1], tail]
            done.append("cut-moved")
    body = [i for i, b in enumerate(blocks) if not b.startswith(("#", "**")) and len(b) > 80]
    if body:
        i = rng.choice(body)
        at = min(len(blocks), i + rng.randint(2, 3))
        while heading(blocks[at - 1]):
            at -= 1
        blocks.insert(at, blocks[i])
        done.append("duplicated")
    return blocks, done


def generate(articles: int, seed: int = 0, scramble: float = 0.3) -> list[GeneratedPage]:
    """``articles`` articles on pages of one to four, the same for the same seed."""
    rng = random.Random(seed)
    pool = counties()
    used: set[str] = set()
    pages: list[GeneratedPage] = []
    left = articles
    while left > 0:
        county = rng.choice(pool)
        year = rng.choice(YEARS)
        size = min(left, rng.choice([1, 1, 2, 3, 4]))
        blocks: list[str] = []
        written: list[GeneratedArticle] = []
        for _ in range(size):
            options = [(t, h) for t, hs in HEADLINES.items() for h in hs
                       if f"{county.name}:{h}" not in used]
            if not options:
                break
            theme, phrase = rng.choice(sorted(options))
            headline = f"{county.name}:{phrase}"
            used.add(headline)
            article_blocks, article = _article(rng, county, year, theme, headline,
                                               dateline=rng.random() < 0.3)
            blocks += article_blocks
            written.append(article)
        if not written:
            continue
        scrambles: list[str] = []
        if rng.random() < scramble:
            blocks, scrambles = _scramble(blocks, rng)
        if rng.random() < 0.2:
            blocks += [f"## 今日{county.name}好风光", *rng.sample(GALLERY, 3)]
        name = f"{pinyin_slug(county.name)}-{year}-{len(pages) + 1:05d}.md"
        metadata = {"publication": f"{county.name}县报(生成的基准语料)", "date": str(year),
                    "place": county.name, "language": "zh"}
        pages.append(GeneratedPage(name, "\n\n".join(blocks) + "\n", metadata, tuple(written),
                                   tuple(scrambles)))
        left -= len(written)
    return pages


def gold_csv(pages: list[GeneratedPage]) -> str:
    """Every generated figure as a ``kg eval --gold`` row (article given by its headline)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GOLD_COLUMNS)
    for page in pages:
        for article in page.articles:
            for f in article.figures:
                writer.writerow([article.headline, f.raw, plain(f.value),
                                 "" if f.lower is None else plain(f.lower),
                                 "" if f.upper is None else plain(f.upper),
                                 f.approx, f.unit, "", "", "", ""])
    return out.getvalue()


GOLD_FILE = "gold.csv"


def write_corpus(pages: list[GeneratedPage], folder: Path) -> Path:
    """Each page as ``NAME.md`` with its metadata in ``NAME.meta.yaml`` (as
    ``kg.sources`` reads it), and the gold figures in ``gold.csv``; returns the gold file."""
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.name).write_text(page.text, encoding="utf-8")
        meta = folder / (page.name.removesuffix(".md") + ".meta.yaml")
        meta.write_text(yaml.safe_dump(page.metadata, allow_unicode=True, sort_keys=True),
                        encoding="utf-8")
    gold = folder / GOLD_FILE
    gold.write_text(gold_csv(pages), encoding="utf-8")
    return gold
