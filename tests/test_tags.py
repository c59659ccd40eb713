"""Block-by-block tagging gives, at every position, the words and tags of tagging the whole
text: the sample page, the dev articles (read at test time) and generated articles, with
texts that mix Han characters, digits, letters, punctuation and line breaks."""

from __future__ import annotations

import pytest

from kg.bench.generate import generate
from kg.entities.tags import BlockTags
from kg.segmenter import pseg
from tests.conftest import SAMPLE, devset_files

_EDGE_CASES = ("", "，", "2020年兴县", "abc 兴县\n\n贫困村12个。", "兴县！！", "。。兴县")


def _texts() -> list[tuple[str, str]]:
    texts = [("sample", SAMPLE.read_text(encoding="utf-8"))]
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in devset_files()]
    texts += [(p.name, p.text) for p in generate(3, seed=7)]
    texts += [(f"case-{k}", t) for k, t in enumerate(_EDGE_CASES)]
    return texts


def _whole(text: str) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    pos = 0
    for w in pseg.lcut(text):
        out[pos] = (w.word, w.flag)
        pos += len(w.word)
    return out


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[n for n, _ in _texts()])
def test_every_position_has_the_whole_texts_word(name: str, text: str) -> None:
    whole = _whole(text)
    # Ask in an order unlike the text's, so blocks are cut out of order.
    tags = BlockTags(text)
    for pos in sorted(range(len(text) + 1), key=lambda p: (p * 7919) % (len(text) + 1)):
        assert tags.at(pos) == whole.get(pos, ("", "")), (name, pos)
        assert tags.edge(pos) == (pos in whole or pos == len(text)), (name, pos)


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[n for n, _ in _texts()])
def test_words_with_gives_the_whole_texts_words_of_those_blocks(name: str, text: str) -> None:
    whole = _whole(text)
    got = list(BlockTags(text).words_with("乡镇村"))
    assert got == sorted(got)
    assert all(whole[pos] == (word, flag) for pos, word, flag in got)
    # Every word of the whole text holding one of the characters is among them.
    assert {p for p, (w, _) in whole.items() if set(w) & set("乡镇村")} <= {p for p, _, _ in got}
