"""Sentences of an article, each with its spans in the source file."""

from __future__ import annotations

import re

from kg.model import Article, Sentence

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|$)")


def split_sentences(article: Article) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    text = article.text
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            continue
        out.append(Sentence(text[start:end], article.source_spans(start, end)))
    return tuple(out)
