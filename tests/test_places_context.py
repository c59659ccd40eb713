"""A figure's place in pages that name it awkwardly: in traditional characters, or only
inside compounds (a county's short form in brand names). Texts are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.commands.common import build
from kg.extract.implied_place import implied_county


def _places(tmp_path: Path, text: str) -> dict[str, str | None]:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    built = build(tmp_path, curation=False)
    return {str(f.value): f.place for f in built.result.facts}


def test_a_traditional_page_gets_its_places(tmp_path: Path) -> None:
    places = _places(tmp_path, "# title: 合作社見成效\n阜平縣的合作社今年吸收農戶80戶。\n")
    assert places["80"] == "fupingxian-130624"


def test_a_county_named_only_in_brands_is_the_place_of_its_figures(tmp_path: Path) -> None:
    text = ("# title: 产业发展\n全县推广“霍邱龙虾”品牌，稻虾共养面积达5万亩，"
            "“霍邱稻虾米”带动农户600户增收。\n")
    places = _places(tmp_path, text)
    assert places["50000"] == places["600"] == "huoqiuxian"


@pytest.mark.parametrize("text", [
    "推广“霍邱龙虾”品牌，带动农户600户。",  # written once only
    "成立合作社12个，合作社带动农户600户。",  # 合作 (合作市) is a word
    "“霍邱龙虾”“霍邱稻虾米”和“会泽核桃”“会泽苹果”",  # two counties
])
def test_no_county_is_implied(text: str) -> None:
    assert implied_county(text) is None


def test_a_place_the_text_names_wins_over_the_implied_county(tmp_path: Path) -> None:
    text = ("# title: 产业发展\n阜平县推广“霍邱龙虾”养殖技术，“霍邱稻虾米”也来了，"
            "带动农户600户。\n")
    assert _places(tmp_path, text)["600"] == "fupingxian-130624"
