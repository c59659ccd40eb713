"""kg.extract.lexicon.TermIndex: the terms occurring in a text, as testing each term would."""

from __future__ import annotations

import random

from kg.extract.lexicon import Lexicon, Term, TermIndex

CHARS = "贫困户村县乡镇合作社产业扶贫龙虾茶叶貧戶鄉縣業"


def _brute(terms: list[Term], text: str, view: str) -> list[Term]:
    from kg.ingest.script import simplified_view

    return [t for t in terms if t.label in text or t.label in view
            or simplified_view(t.label) in view]


def test_the_index_finds_exactly_the_terms_a_scan_finds() -> None:
    from kg.ingest.script import simplified_view

    rnd = random.Random(7)
    terms = [Term("".join(rnd.choice(CHARS) for _ in range(rnd.randint(2, 4))), f"t{i}")
             for i in range(400)]
    index = TermIndex(terms)
    for _ in range(60):
        text = "".join(rnd.choice(CHARS + "，。的12") for _ in range(rnd.randint(0, 80)))
        view = simplified_view(text)
        assert index.occurring(text, view) == _brute(terms, text, view)
        assert index.occurring(text, text) == [t for t in terms if t.label in text]


def test_a_traditional_label_is_found_through_the_simplified_view() -> None:
    terms = [Term("貧困戶", "a"), Term("贫困户", "b"), Term("合作社", "c")]
    # the text mixes scripts: 貧困户 is neither label, but both simplify to 贫困户
    found = TermIndex(terms).occurring("全村貧困户", "全村贫困户")
    assert [t.ref for t in found] == ["a", "b"]


def test_within_keeps_the_vocabularies_whole_and_cuts_the_growing_lists() -> None:
    lex = Lexicon(indicators=[Term("收入", "income")], groups=[Term("贫困户", "g")],
                  entities=[Term("龙虾产业", "programme:x"), Term("茶叶", "project:y")],
                  places=[Term("霍邱县", "huoqiuxian")], phases=[Term("已拨付", "spent")],
                  place_levels={"huoqiuxian": "County"})
    cut = lex.within("霍邱县龙虾产业带动贫困户", "霍邱县龙虾产业带动贫困户")
    assert cut.indicators == lex.indicators and cut.phases == lex.phases
    assert cut.place_levels == lex.place_levels
    assert [t.ref for t in cut.entities] == ["programme:x"]
    assert [t.ref for t in cut.groups] == ["g"] and [t.ref for t in cut.places] == ["huoqiuxian"]
