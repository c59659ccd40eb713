"""Shared fixtures: the bundled sample page, and the dev articles beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.corpus import Corpus, load_corpus
from kg.model import Page
from kg.sources import bundled_corpus

# Every test computes every article unless it names a cache of its own (tests/test_cache.py):
# a shared cache would answer a test that monkeypatches the extractor with old results, and
# would write to the user's ~/.cache.
os.environ["FUPIN_KG_ARTICLE_CACHE"] = "off"

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEVSET = SHARED / "devset"
SAMPLE = bundled_corpus() / "xingxian-2020-page.md"


@pytest.fixture(scope="session")
def sample_corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def sample_page(sample_corpus: Corpus) -> Page:
    return sample_corpus.pages[0]


def devset_files() -> list[Path]:
    return sorted(DEVSET.glob("*.txt")) if DEVSET.is_dir() else []


needs_devset = pytest.mark.skipif(
    not devset_files(), reason="../shared/devset is not beside this checkout"
)
