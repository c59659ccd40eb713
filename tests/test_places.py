"""Places anywhere in China: JioNLP's gazetteer, nesting stated in the text, no fragments;
the place a draft figure is about; fk:within and division codes in the built graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal

from kg.commands.common import build
from kg.entities.build import ENTITY_GRAPH
from kg.entities.spot_places import places
from kg.namespaces import FK, PLACE


def _places(text: str) -> dict[str, tuple[str | None, str | None, tuple[str, ...]]]:
    return {e.label_zh: (e.place_class, e.code, tuple(n for n, _, _ in e.within))
            for e in places(text, [])}


def test_a_county_and_its_village_with_codes_and_parents() -> None:
    found = _places("国庆前夕，河北省阜平县骆驼湾村里热闹非凡。记者再次来到阜平。")
    assert found["阜平县"] == ("County", "130624", ("河北省", "保定市"))
    assert found["骆驼湾村"] == ("Village", None, ("河北省", "保定市", "阜平县"))
    assert found["河北省"][:2] == ("Province", "13")


def test_an_alias_is_the_same_place() -> None:
    spotted = [e for e in places("河北省阜平县骆驼湾村。总书记踏雪来到阜平。", [])
               if e.label_zh == "阜平县"]
    assert {e.ref for e in spotted} == {"place:fupingxian-130624"}  # 富平县 is fupingxian too
    assert any("阜平" in e.aliases for e in spotted)


def test_nesting_stated_in_the_text() -> None:
    found = _places("广西龙州县逐卜乡弄岗村的村民")
    assert found["逐卜乡"][0] == "Township" and found["逐卜乡"][2][-1] == "龙州县"
    assert found["弄岗村"] == ("Village", None, ("广西壮族自治区", "崇左市", "龙州县", "逐卜乡"))


@pytest.mark.parametrize("text", [
    "骆驼湾，这个曾经的穷山村发生的巨变。", "村里建了新村，湾村的山坡上有山泉。",
    "中科院的专家来了。", "习近平总书记向全党发出动员令，实现中华民族伟大复兴。",
    "顾大娘家参与村集体的房租收入。", "全县贫困村全部出列。",
    "县委和县政府决定扶持贫困户。",  # 县委|和|县政府: no 和县 across the conjunction
    "保护三江源的生态。",  # a feature named after a short form (三江 of 三江侗族自治县)
])
def test_no_place_from_a_fragment(text: str) -> None:
    assert _places(text) == {}


def test_no_place_from_a_count_but_a_village_whose_name_starts_with_a_numeral() -> None:
    assert "一个偏远村" not in _places("该镇有一个偏远村。")
    assert "一碗水村" in _places("一碗水村的村民种上了花椒。")


def test_a_county_after_its_prefecture_though_the_gazetteer_lacks_it() -> None:
    found = _places("陕西省延安市石峁县的村民")
    assert found["石峁县"][0] == "County" and found["石峁县"][2][-1] == "延安市"


def test_a_nested_name_after_an_alias_leaves_out_the_level_character() -> None:
    found = _places("河北省阜平县龙泉关镇，龙泉关乡骆驼湾村的村民")
    assert "乡骆驼湾村" not in found and "骆驼湾村" in found


def test_a_village_named_alone_is_a_place_within_the_county_named_before() -> None:
    found = _places("深度贫困县新疆皮山，近来很忙。依提帕克村有900人。")
    assert found["皮山县"][:2] == ("County", "653223")
    assert found["依提帕克村"][0] == "Village" and found["依提帕克村"][2][-1] == "皮山县"


ARTICLE = """# title: 阜平：日子越过越红火
# source: https://example.org/2021/09/21/a.html
国庆前夕，河北省阜平县骆驼湾村里热闹非凡。
阜平县是红色热土。2020年，全村人均可支配收入达到15660元。
总书记踏雪来到阜平，当地有贫困人口5000人。
"""


def test_draft_figures_get_the_place_the_discourse_is_about(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    built = build(tmp_path, curation=False)
    by_value = {str(f.value): f.place for f in built.result.facts}
    assert by_value["15660"] == "luotuo-wan-cun"  # 全村 → the village named before
    # 当地 after 阜平 (the alias); 富平县 of Shaanxi is fupingxian too, so the code tells them apart
    assert by_value["5000"] == "fupingxian-130624"
    eg = built.result.dataset.graph(ENTITY_GRAPH)
    county, city, province = (PLACE["fupingxian-130624"], PLACE["baodingshi"],
                              PLACE["hebeisheng"])
    assert (county, FK.within, city) in eg and (city, FK.within, province) in eg
    assert (province, FK.within, PLACE["zhongguo"]) in eg
    assert (county, FK.divisionCode, Literal("130624")) in eg
    assert (PLACE["luotuo-wan-cun"], FK.within, county) in eg
    # 保定市 comes from the gazetteer, not from the text: no draft status, no mention.
    assert (city, FK.status, None) not in eg


def test_a_programme_counting_its_parts_is_not_the_subject_of_later_figures(
        tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "# title: 某县新闻\n某县实施脱贫攻坚十大工程，建成大棚300座，带动贫困户200户。\n",
        encoding="utf-8")
    built = build(tmp_path, curation=False)
    abouts = {str(f.value): f.about for f in built.result.facts}
    assert not any(a and "shidagongcheng" in a.replace("-", "") for a in abouts.values())


def test_shaanxi_and_shanxi_are_two_places() -> None:
    """陕西 is spelt Shaanxi, as officially, so its slug is not 山西's (both read shanxi)."""
    found = {e.label_zh: e.ref for e in places("陕西省和山西省都在黄河边。", [])}
    assert found["陕西省"] == "place:shaanxisheng" and found["山西省"] == "place:shanxisheng"


def test_homophone_prefectures_are_two_places_each_over_its_own_counties(
        tmp_path: Path) -> None:
    """榆林市 (Shaanxi) and 玉林市 (Guangxi) are both yulinshi in pinyin: one IRI for both put
    府谷县 under a prefecture whose code 4509 is not a prefix of its own (a violation)."""
    (tmp_path / "a.txt").write_text(
        "# title: 北流新闻\n广西玉林市北流市贫困人口减少3000人。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "# title: 府谷新闻\n陕西省榆林市府谷县贫困人口减少2000人。\n", encoding="utf-8")
    built = build(tmp_path, curation=False)
    eg = built.result.dataset.graph(ENTITY_GRAPH)
    yulin_gx, yulin_sn = PLACE["yulinshi-4509"], PLACE["yulinshi-6108"]
    assert (yulin_gx, FK.divisionCode, Literal("4509")) in eg
    assert (yulin_sn, FK.divisionCode, Literal("6108")) in eg
    assert (PLACE["fuguxian"], FK.within, yulin_sn) in eg
    assert (PLACE["beiliushi"], FK.within, yulin_gx) in eg
    assert (PLACE["yulinshi"], None, None) not in eg
    from kg.resources import load_shapes
    from kg.validate import validate

    report = validate(built.union(), load_shapes())
    assert not [f for f in report.violations if "PlaceShape" in f.shape], report.violations


def test_only_names_another_division_shares_get_a_code() -> None:
    from kg.link.place_ids import named_place_slug, place_slug, shared_slugs
    from kg.link.places import load_places

    assert {"yulinshi", "fuzhoushi", "taizhoushi", "chaoyangqu"} <= shared_slugs()
    assert place_slug("兴县", "141123") == "xingxian"
    assert place_slug("福州市", "3501") == "fuzhoushi-3501"
    assert place_slug("抚州市", None) == "fuzhoushi"  # no code known: nothing to append
    # A municipality is its own prefecture: one place, one plain slug.
    assert "beijingshi" not in shared_slugs() and named_place_slug("北京市") == "beijingshi"
    assert named_place_slug("榆林市") == "yulinshi-6108"
    assert named_place_slug("朝阳区") == "chaoyangqu"  # two of that very name: undecided
    # The reference places keep their plain slugs (curated files name them so).
    assert not {r.slug for r in load_places()} & shared_slugs()


def test_the_kept_list_of_shared_slugs_is_the_gazetteer_s() -> None:
    """The list is data (kg/data/reference/shared-place-slugs.txt) so that no command
    romanises the whole gazetteer; rewrite it with `python -m kg.link.place_ids --write`."""
    from kg.link.place_ids import computed_shared_slugs, shared_slugs

    assert shared_slugs() == computed_shared_slugs()
