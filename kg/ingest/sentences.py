"""Sentences of an article, each with its spans in the source file."""

from __future__ import annotations

import re

from kg.model import Article, Sentence

# A sentence ends at its punctuation, or at the end of its paragraph (a line break): without
# that stop, a paragraph with no full stop made the search quadratic and was lost.
_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|(?=\n)|$)")


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
