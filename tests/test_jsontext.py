"""kg.jsontext writes the text json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.jsontext import dumps_indented, iter_indented

_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
            | st.text())
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400)
@given(_VALUES, st.booleans())
def test_the_same_text_as_the_standard_library(value: Any, sort_keys: bool) -> None:
    assert dumps_indented(value, sort_keys) == json.dumps(
        value, ensure_ascii=False, indent=2, sort_keys=sort_keys)


def test_what_it_does_not_spell_is_left_to_the_library() -> None:
    value = {"a": {1: "one", 2.5: ["二", None]}, "b": "\u2028\"\\\n"}  # keys json turns to str
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert "\n" in dumps_indented([1, [2]]) and dumps_indented([]) == "[]"


def test_a_jsonld_document_of_the_build() -> None:
    doc = {"@context": {"fk": "https://example.org/fk#"},
           "@graph": [{"id": "fk:a", "value": {"@value": "1.5", "@type": "xsd:decimal"},
                       "label": [{"@language": "zh", "@value": "兴县"}, "x"]}]}
    assert dumps_indented(doc, sort_keys=True) == json.dumps(
        doc, ensure_ascii=False, indent=2, sort_keys=True)


@settings(max_examples=400)
@given(_VALUES, st.booleans(), st.integers(min_value=0, max_value=3),
       st.integers(min_value=1, max_value=4))
def test_in_pieces_the_same_text(value: Any, sort_keys: bool, levels: int, chunk: int) -> None:
    pieces = list(iter_indented(value, sort_keys, levels=levels, chunk=chunk))
    assert "".join(pieces) == json.dumps(value, ensure_ascii=False, indent=2,
                                         sort_keys=sort_keys)


def test_in_pieces_a_big_list_comes_in_several() -> None:
    value = {"@graph": [{"id": f"fk:{i}", "n": i} for i in range(50)],
             "other": {1: "a key json turns to str"}}
    pieces = list(iter_indented(value, chunk=10))
    assert len(pieces) > 5
    assert "".join(pieces) == json.dumps(value, ensure_ascii=False, indent=2)
