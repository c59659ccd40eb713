"""`kg path` and `kg stats` on the sample page, the expected answers read by hand from
kg/data/corpus/xingxian-2020-page.md and its curated entity file."""

from __future__ import annotations

import json
from functools import lru_cache
from itertools import pairwise

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.namespaces import ARTICLE, IND, PLACE, PROGRAMME
from kg.publish import union_graph
from kg.viz.analytics import paths, paths_text, resolve, stats, stats_table
from kg.viz.convert import to_networkx
from tests.test_serve import sample_dataset


@lru_cache(maxsize=1)
def sample_nx() -> nx.MultiDiGraph:
    return to_networkx(union_graph(sample_dataset()))


def test_names_resolve_by_label_in_either_language_prefix_or_iri() -> None:
    g = sample_nx()
    want = str(PROGRAMME["guangfu-fupin"])
    for name in ("光伏扶贫", "光伏", "photovoltaic poverty alleviation",
                 "Photovoltaic Poverty Alleviation", "programme:guangfu-fupin", want,
                 "/id/programme/guangfu-fupin"):
        assert resolve(g, name) == want, name
    # 公益岗位 is both a programme and an indicator: the name means the programme.
    assert resolve(g, "公益岗位") == str(PROGRAMME["gongyi-gangwei"])
    assert resolve(g, str(IND["public-welfare-jobs"])) == str(IND["public-welfare-jobs"])
    with pytest.raises(InputError, match="no entity is called"):
        resolve(g, "不存在的项目")
    with pytest.raises(InputError, match=r"matches \d+ entities"):
        resolve(g, "扶贫")  # part of dozens of names


def test_path_guangfu_to_public_welfare_jobs_is_the_stated_sub_programme() -> None:
    # The article 奋起决战脱贫攻坚 says “利用光伏收益开发公益岗位11318个”: the jobs are
    # paid from the solar income, curated as 公益岗位 subProgrammeOf 光伏扶贫.
    g = sample_nx()
    a, b = resolve(g, "光伏扶贫"), resolve(g, "公益岗位")
    found = paths(g, a, b, 3)
    assert len(found) == 3
    assert [len(p) for p in found] == sorted(len(p) for p in found)
    (hop,) = found[0]
    assert (hop.relation_en, hop.forward) == ("sub-programme of", False)
    assert hop.quote == "利用光伏收益开发公益岗位11318个"
    assert hop.article == str(ARTICLE["xingxian-fenqi-juezhan-tuopin-gongjian"])
    for p in found:  # every hop joins the path's consecutive nodes, none crosses an article
        assert p[0].source == a and p[-1].target == b
        for h, nxt in pairwise(p):
            assert h.target == nxt.source
        assert all(g.nodes[h.target]["cls"] != "article" for h in p)
    text = paths_text(g, a, b, found)
    assert "光伏扶贫 <--sub-programme of 子项目-- 公益岗位" in text
    assert "“利用光伏收益开发公益岗位11318个” (兴县:奋起决战脱贫攻坚 打好收官战)" in text


def test_path_through_an_observation_quotes_the_figure() -> None:
    # “全县完成拆除157个村” is curated about 易地扶贫搬迁 with reference area 兴县.
    g = sample_nx()
    found = paths(g, str(PLACE["xingxian"]), str(PROGRAMME["yidi-fupin-banqian"]), 5)
    via_figure = [p for p in found if len(p) == 2 and p[0].quote == "全县完成拆除157个村"]
    assert via_figure, [[(h.target, h.quote) for h in p] for p in found]
    assert via_figure[0][0].relation_en == "reference area"


def test_stats_counts_and_hubs_match_the_curated_files() -> None:
    g = sample_nx()
    s = stats(g)
    # xingxian-2020-page.entities.yaml: 42 programmes, 25 policies, 13 projects,
    # 25 organisations, 15 population groups, 5 people, 6 events; 4 articles; 159 figures
    # (issue #14 added generic organisations, groups, events and policy instruments).
    assert {k: s["classes"][k] for k in ("programme", "policy", "project", "organisation",
                                          "group", "person", "event", "article",
                                          "observation")} == {
        "programme": 42, "policy": 25, "project": 13, "organisation": 25, "group": 15,
        "person": 5, "event": 6, "article": 4, "observation": 159}
    top = s["most_connected"]
    # 222+N: 6 sub-programmes, 2 projects implement it, 2 policies, led by 2 bodies,
    # targets 农民, runs in 兴县, mentioned in 2 articles (entities.yaml lines 239-384).
    assert top["programme"]["degree"][0]["label"] == "222+N"
    neighbours = {g.nodes[n]["zh"] for n in nx.all_neighbors(g, str(PROGRAMME["222-n"]))}
    assert {"222", "马铃薯产业", "食用菌产业", "畜牧养殖", "光伏扶贫", "电商",
            "乡镇农业产业园区项目", "村级产业基地", "兴县县委", "兴县人民政府", "农民",
            "兴县"} <= neighbours
    # 兴县 is the reference area of most figures: the best connected place, and the hub.
    assert top["place"]["degree"][0]["label"] == "兴县"
    assert top["place"]["betweenness"][0]["label"] == "兴县"
    assert s["components"]["count"] == 1
    shared = {e["label"]: e["articles"] for e in s["in_several_articles"]}
    assert shared["兴县"] == 4
    # 光伏 in 多渠道兴办产业 (“光伏、电商等”) and 光伏扶贫 in 奋起决战 (“光伏扶贫和贫困村提升”).
    assert shared["光伏扶贫"] == 2
    assert "吕梁山护工" not in shared  # only the training article names it
    table = stats_table(s)
    assert "Most connected programmes" in table and "222+N" in table


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_commands_give_json_for_scripts_and_one_line_errors(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    graph = tmp_path_factory.mktemp("graph") / "kg.nt"
    union_graph(sample_dataset()).serialize(graph, format="nt", encoding="utf-8")
    code, out, err = run("path", "光伏扶贫", "公益岗位", "--max", "2", "--format", "json",
                         "--graph", str(graph))
    assert code == 0, err
    data = json.loads(out)
    assert len(data["paths"]) == 2
    assert data["paths"][0]["hops"][0]["quote"] == "利用光伏收益开发公益岗位11318个"
    code, out, err = run("stats", "--format", "json", "--graph", str(graph))
    assert code == 0, err
    assert json.loads(out)["classes"]["programme"] == 42
    code, out, err = run("path", "光伏扶贫", "没有这个", "--graph", str(graph))
    assert code == 2 and out == ""
    assert err.startswith("kg: error: no entity is called '没有这个'") and err.count("\n") == 1
