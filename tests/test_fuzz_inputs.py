"""No traceback from any input: the YAML loaders, the decoder, the ingest and the quantity
grammar either give a result or a clean InputError (issue 15).

Fixed seed and bounded examples in `make test`; a longer run raises the count:

    KG_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz_inputs.py -q
"""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.curate.load import parse_annotation
from kg.entities.load import parse_entities
from kg.errors import KgError
from kg.extract.quantity import find_number_tokens, find_quantities
from kg.ingest import ingest
from kg.ingest.overrides import load_overrides
from kg.ingest.script import simplified_view
from kg.model import SourceDoc
from kg.sources import decode
from kg.yamlfiles import compose_yaml, load_yaml_mapping

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Pieces of the user's YAML files, good and bad, joined at random.
YAML_PIECES = [
    "article: a\n", "defaults: {place: xingxian, period: \"2020\"}\n", "observations:\n",
    "excluded:\n", "  - id: x\n", "    number: 5919人\n", "    quote: 其中5919人\n",
    "    value: .inf\n", "    value: .nan\n", "    value: 1e999\n", "    lower: abc\n",
    "    unit: furlong\n", "    occurrence: -1\n", "    about: programme:x\n", "&a ", "*a",
    "&b [*a, *a]\n", "[", "]", "{", "}", ":", "- ", "\t", "\x00", "\x1b", "\ufeff", "---\n",
    "...\n", "? ", "!!python/object:os.system ", "!!binary ", "'", '"', "#", "\n", "  ",
    "entities:\n", "  - {type: Programme, label_zh: 光伏扶贫}\n", "articles:\n",
    "successors:\n", "  - after: 在落实好\n", "    next: null\n", "date: 2020-13-45\n",
    "source: a.md\n", "mentions:\n", "      光伏扶贫: 光伏\n", "萬", "\u3000",
]
yaml_texts = st.one_of(
    st.lists(st.sampled_from(YAML_PIECES), max_size=25).map("".join),
    st.text(max_size=200),
)

# Pieces of pages: leads, headings, numbers, units, quotes, traditional characters.
PAGE_PIECES = [
    "**本报讯**", "本報訊 ", "# ", "## ", "---\n", "title: a\n", "\n", "\n\n", "一是", "二是",
    "三是", "四是", "管", "理", "在落实好", "的同时", "。", "，", "；", "：", "“", "”", "（", "）",
    "(张明提)", "1.3萬人", "3182戶", "500户以上万名群众", "亿％以上万贫困户", "三分之一", "1/3",
    "近", "约", "余", "多", "把", "块", "2020年", "8月24日", "零下", "度", "岁", "分",
    "由14.63万下降到7.89万人", "“这是两万元，表哥你点点。”", "技术有人教，销售有保障",
    "贫困群众", "兴县", "合作社带动农户128户", " ", "\u3000", "\t", "**", "【决战】",
]
page_texts = st.one_of(
    st.lists(st.sampled_from(PAGE_PIECES), max_size=60).map("".join),
    st.text(max_size=300),
)
grammar_texts = st.text(
    alphabet="0123456789.,/%一二两三四五六七八九十百千万亿萬億几数余多来把约近超过不到以上左右"
             "第是个户戶人元块亩畝口种分岁度年月日天名“”，。、-至到由从下降零",
    max_size=60,
)


def _clean_or_input_error(call: object) -> None:
    try:
        assert callable(call)
        call()
    except KgError as exc:
        text = str(exc)
        assert text and "\n" not in text.strip(), text  # one line


@FUZZ
@given(yaml_texts)
def test_yaml_readers_never_crash(text: str) -> None:
    _clean_or_input_error(lambda: compose_yaml(text, "f.yaml"))
    _clean_or_input_error(lambda: load_yaml_mapping(text, "f.meta.yaml"))
    _clean_or_input_error(lambda: parse_annotation(text, "annotations/a.yaml"))
    _clean_or_input_error(lambda: parse_entities(text, "a.entities.yaml"))


@FUZZ
@given(yaml_texts)
def test_order_override_loader_never_crashes(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.order.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _clean_or_input_error(lambda: load_overrides(path))


@FUZZ
@given(st.binary(max_size=300))
def test_decoder_never_crashes(data: bytes) -> None:
    _clean_or_input_error(lambda: decode(data, "a.txt"))


@FUZZ
@given(page_texts)
def test_ingest_never_crashes_and_keeps_offsets(text: str) -> None:
    doc = SourceDoc(path="p.md", name="p.md", text=text, encoding="utf-8", sha256="0")
    try:
        page = ingest(doc)
    except KgError:
        return
    for article in page.articles:
        for paragraph in article.paragraphs:
            assert "".join(text[s.start:s.end] for s in paragraph.segments) == paragraph.text


@FUZZ
@given(grammar_texts)
def test_grammar_invariants(text: str) -> None:
    for token in find_number_tokens(text):
        assert text[token.start:token.end] == token.text
    quantities = find_quantities(text)
    for q in quantities:
        assert text[q.start:q.end] == q.stated
        if q.lower is not None and q.upper is not None:
            assert q.lower <= q.upper
    # The grammar promises no overlapping quantities (共有500户以上万名群众).
    for a, b in itertools.pairwise(quantities):
        assert a.end <= b.start, (a, b)


@FUZZ
@given(page_texts)
def test_simplified_view_keeps_length_and_line_breaks(text: str) -> None:
    view = simplified_view(text)
    assert len(view) == len(text)
    assert [i for i, c in enumerate(view) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"]
