"""Place identifiers: the pinyin slug of the name, made unique where the gazetteer needs it.

A place's IRI is ``place:`` + the pinyin slug of its Chinese name (兴县 → ``place:xingxian``),
so that a draft, a curated entity and the reference data meet on the same node. Some names
share a slug with another division of China: homophones (榆林市 and 玉林市 are both
``yulinshi``, 福州市 and 抚州市 ``fuzhoushi``) and repeated names (朝阳区 of Beijing and of
Changchun). One IRI for both would merge two places, give the merged node two division codes
and put the counties of one under the other. Such a place gets its division code appended
(``place:yulinshi-6108``, ``place:yulinshi-4509``); every other place keeps its plain slug.
The rule depends only on the gazetteer, not on the corpus, so an IRI is the same in every
build.
"""

from __future__ import annotations

import importlib.resources
import sys
from functools import lru_cache
from pathlib import Path

from kg.ingest.slug import pinyin_slug

__all__ = ["computed_shared_slugs", "named_place_slug", "place_slug", "shared_slugs"]


SHARED_FILE = "shared-place-slugs.txt"


@lru_cache(maxsize=1)
def shared_slugs() -> frozenset[str]:
    """Slugs that two or more provinces, prefectures or counties of the gazetteer have, as
    listed in ``kg/data/reference/shared-place-slugs.txt``: computing them romanises every
    division's name (1.2 s, more than the rest of ``kg extract`` on one article), so the list
    is kept as data, written by ``python -m kg.link.place_ids --write`` and checked against
    the gazetteer by ``tests/test_places.py``."""
    text = (importlib.resources.files("kg") / "data" / "reference" / SHARED_FILE).read_text(
        encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def computed_shared_slugs() -> frozenset[str]:
    """``shared_slugs`` computed from the gazetteer."""
    from kg.link.gazetteer import country

    owners: dict[str, set[tuple[str, str]]] = {}
    for divisions in country().upper.values():
        for d in divisions:
            owners.setdefault(pinyin_slug(d.name), set()).add(
                (d.name, d.code or f"{d.level}:{id(d)}"))
    return frozenset(slug for slug, named in owners.items() if len(_distinct(named)) > 1)


def _distinct(named: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The places among (name, code) pairs: a municipality is listed as a province (北京市,
    11) and again as its own prefecture (北京市, 1100), one place under one name."""
    return {(name, code) for name, code in named
            if not any(n == name and c != code and code.startswith(c) for n, c in named)}


def place_slug(name: str, code: str | None) -> str:
    """The slug of the place ``name`` whose division code is ``code`` (2, 4 or 6 digits, or
    None when unknown): its pinyin slug, with the code appended when another division of the
    gazetteer has the same slug. Without a code the plain slug is all there is."""
    slug = pinyin_slug(name)
    return f"{slug}-{code}" if code and slug in shared_slugs() else slug


def named_place_slug(name: str) -> str:
    """The slug of the place called ``name`` when only its name is known (a page's ``place:``
    metadata, the county a page implies): with the code when the name is that of exactly one
    division; a name that two divisions share keeps its plain slug, which then names neither
    (the validation reports the figures whose area is not a described place)."""
    slug = pinyin_slug(name)
    if slug not in shared_slugs():
        return slug
    from kg.link.gazetteer import country

    distinct = _distinct({(d.name, d.code) for d in country().upper.get(name, [])
                          if d.name == name and d.code is not None})
    return place_slug(name, next(iter(distinct))[1]) if len(distinct) == 1 else slug


def write_shared(path: Path) -> None:
    """Write the list ``shared_slugs`` reads (one slug a line, sorted)."""
    lines = ["# Pinyin slugs that two or more provinces, prefectures or counties of JioNLP's",
             "# gazetteer share; written by `python -m kg.link.place_ids --write`.",
             *sorted(computed_shared_slugs())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m kg.link.place_ids --write")
    write_shared(Path(__file__).resolve().parent.parent / "data" / "reference" / SHARED_FILE)
